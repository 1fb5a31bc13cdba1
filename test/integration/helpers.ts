/** What the extension-host suites share: activating the extension, opening notes, settings, polling. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'clinical-notes.clinical-notes';
const SECTION = 'clinicalNotes';

export async function activate(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  await ext.activate();
}

/**
 * A new untitled document (never saved) holding `content`. The editor reuses the name of an untitled document an
 * earlier test opened and dropped (Untitled-3 again), and once in a fresh-clone run it handed back that earlier
 * document's text: ask again until the document is the one asked for.
 */
export async function openDocument(content: string, language = 'clinical-note'): Promise<vscode.TextDocument> {
  for (let attempt = 1; ; attempt++) {
    const doc = await vscode.workspace.openTextDocument({ language, content });
    if (doc.getText() === content || attempt === 5) {
      assert.equal(doc.getText(), content, `a new untitled document holds another's text (${doc.uri.toString()})`);
      return doc;
    }
  }
}

/** An untitled document (never saved) shown in an editor. */
export async function open(content: string, language = 'clinical-note'): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await openDocument(content, language));
}

/** Sets a `clinicalNotes.*` user setting (`undefined` removes it). */
export async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/**
 * Polls until `check` passes or `ms` is up (then its last error is the failure): diagnostics arrive
 * after the checks' debounce, settings and pack reloads through events.
 */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000, every = 100): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, every));
    }
  }
}
