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

/** An untitled document (never saved) shown in an editor. */
export async function open(content: string, language = 'clinical-note'): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(doc);
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
