/**
 * Privacy, proven in the real extension host: no network, and no note text written anywhere.
 *
 * network-guard.ts is preloaded into the extension host (NODE_OPTIONS=--require) and wraps Node's socket,
 * TLS, HTTP, HTTP/2, DNS, UDP and fetch entry points before any extension loads; every call is recorded
 * with its stack. A root `after` hook,
 * which runs once every test of every file is done, asserts that no recorded call came from the
 * extension's installed files, and that the note text typed in the scripted session below appears in no
 * file of the workspace or of VS Code's user-data folder (the extension's global and workspace storage,
 * its logs and output channels).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NetworkUse } from './network-guard';
import { openDocument } from './helpers';

const EXTENSION_ID = 'clinical-notes.clinical-notes';
/** A string no pack, test or VS Code file contains: if it is found on disk, note text leaked. */
const MARKER = `Zq${Date.now().toString(36)}xPrivacyMarker`;

type Use = NetworkUse;
const guard = globalThis.__clinicalNotesNetworkGuard;
const uses: Use[] = guard?.uses ?? [];
const extension = vscode.extensions.getExtension(EXTENSION_ID);

function fromExtension(u: Use): boolean {
  const dir = extension?.extensionPath;
  return !!dir && u.stack.includes(dir);
}

function filesBelow(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) filesBelow(p, out);
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** The runner's layout (test/runner/codeServer.ts): <temp>/workspace beside <temp>/user-data. */
function userDataDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const candidates = [process.env.CLINICAL_NOTES_TEST_USER_DATA, folder && path.join(path.dirname(folder), 'user-data')];
  const found = candidates.find((c): c is string => !!c && fs.existsSync(path.join(c, 'User')));
  if (!found) throw new Error(`cannot find VS Code's user-data folder (tried ${candidates.join(', ')}); set CLINICAL_NOTES_TEST_USER_DATA`);
  return found;
}

describe('privacy: a scripted session', () => {
  it('the guards were installed when the extension host started, before any extension loaded', () => {
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    assert.ok(guard, 'test/integration/network-guard.js was not preloaded (NODE_OPTIONS=--require, see runIntegration.ts)');
    assert.ok(guard.installedAt <= Date.now());
  });

  it('the guards are live: a call through a wrapped entry point is recorded', () => {
    const before = uses.length;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('node:dns') as typeof import('node:dns')).lookup('localhost', () => undefined);
    assert.equal(uses.length, before + 1);
    assert.equal(uses[uses.length - 1].api, 'dns.lookup');
    uses.pop(); // the test's own call, not the extension's
  });

  it('writes a note, completes, hovers, inserts, searches and opens a card', async () => {
    const content = `Presentation:\n${MARKER} has systemic sclerosis (SSc) and calc\n\nAssessment:\n***\n`;
    const doc = await openDocument(content);
    const editor = await vscode.window.showTextDocument(doc);
    await extension!.activate();
    const line = doc.lineAt(1).text;
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(1, line.length),
    );
    assert.ok(completions.items.length > 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, line.indexOf('SSc') + 1));
    assert.ok(hovers.length > 0);
    editor.selection = new vscode.Selection(doc.lineCount - 1, 0, doc.lineCount - 1, 0);
    await vscode.commands.executeCommand('clinicalNotes.insertWorkup');
    editor.selection = new vscode.Selection(1, line.indexOf('SSc') + 1, 1, line.indexOf('SSc') + 1);
    await vscode.commands.executeCommand('clinicalNotes.showCardAtCursor');
    await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
    // Give the debounced note checks time to run over the text.
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(doc.getText().includes(MARKER));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

after('privacy: no network use by the extension, and no note text on disk', () => {
  const ours = uses.filter(fromExtension);
  assert.deepEqual(
    ours.map((u) => `${u.api}\n${u.stack}`),
    [],
    'the extension used a network entry point',
  );
  const roots = [userDataDir(), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
  const files = roots.flatMap((r) => filesBelow(r));
  assert.ok(files.length > 0, 'nothing was scanned');
  const leaks = files.filter((f) => {
    try {
      return fs.statSync(f).size < 64 * 1024 * 1024 && fs.readFileSync(f).includes(MARKER);
    } catch {
      return false;
    }
  });
  assert.deepEqual(leaks, [], 'note text was written to disk');
});
