/**
 * Restricted Mode (an untrusted workspace), in a real VS Code: the extension runs with the built-in
 * knowledge, a pack in the workspace's `.clinical-notes/` is not read, a workspace-relative configured
 * pack is not read either, and the user is told why once.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PacksState } from '../../src/host/pack-service';
import { CommandId, NOTE_LANGUAGE } from '../../src/host/ids';

const EXTENSION_ID = 'clinical-notes.clinical-notes';
const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
const packDir = () => vscode.Uri.joinPath(folder(), '.clinical-notes');

const PACK = JSON.stringify({
  id: 'workspace-clinic',
  title: 'Workspace clinic pack',
  version: '1.0.0',
  sources: [{ id: 'W1', kind: 'reference', title: 'Workspace handbook', url: 'https://example.org/w' }],
  sections: [{ id: 'workup', title: 'Workup' }],
  entries: [
    { id: 'quokka-sign', label: 'quokka sign', kind: 'finding', definition: 'Defined only by the workspace.', sections: ['workup'], sources: ['W1'] },
  ],
});

/** A clinic context rule that would make "Clear of calcinosis" negated. */
const CONTEXT_RULES = JSON.stringify({
  id: 'workspace-context',
  title: 'Workspace context rules',
  version: '1.0.0',
  sources: [{ id: 'w', title: 'Workspace style guide' }],
  lists: [{ id: 'clear', category: 'negated', direction: 'forward', sources: ['w'], phrases: ['clear of'] }],
});

async function hoverText(content: string, pos: vscode.Position): Promise<string> {
  const doc = await vscode.workspace.openTextDocument({ language: NOTE_LANGUAGE, content });
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function labels(prefix: string): Promise<string[]> {
  const doc = await vscode.workspace.openTextDocument({ language: NOTE_LANGUAGE, content: `Note line\n${prefix}` });
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(1, prefix.length));
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

describe('Restricted Mode (untrusted workspace)', function () {
  this.timeout(60_000);

  before(async () => {
    // Written before activation, as a cloned repository would bring it.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(packDir(), 'clinic.json'), new TextEncoder().encode(PACK));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(packDir(), 'context-rules.json'), new TextEncoder().encode(CONTEXT_RULES));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'relative.clinical-pack.json'), new TextEncoder().encode(PACK.replace(/workspace-clinic/g, 'relative-clinic').replace(/quokka/g, 'wombat')));
    await vscode.workspace.getConfiguration('clinicalNotes').update('knowledgePacks', ['relative.clinical-pack.json'], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('clinicalNotes').update('knowledgePacks', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.fs.delete(packDir(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'relative.clinical-pack.json'), { useTrash: false }).then(undefined, () => undefined);
  });

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, true);
  });

  it('offers the built-in knowledge: completion and hover work', async () => {
    assert.ok((await labels('calc')).includes('calcinosis'));
    const doc = await vscode.workspace.openTextDocument({ language: NOTE_LANGUAGE, content: 'History of dermatomyositis.' });
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 14));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /M33/);
  });

  it('does not read the workspace\'s context rules; the built-in ones still answer', async () => {
    assert.match(await hoverText('No calcinosis cutis.', new vscode.Position(0, 5)), /^\*\*Negated here \\\('No'\\\)\*\*/);
    assert.doesNotMatch(await hoverText('Clear of calcinosis cutis.', new vscode.Position(0, 11)), /Negated/);
  });

  it('does not read the workspace packs, lists them as left out, and tells the user once', async () => {
    const s = await vscode.commands.executeCommand<PacksState>(CommandId.reloadPacks);
    assert.equal(s.trusted, false);
    assert.deepEqual(s.packs.map((p) => p.pack?.id), ['calcinosis']);
    assert.deepEqual([...s.skippedUntrusted].sort(), ['.clinical-notes/clinic.json', 'relative.clinical-pack.json']);
    assert.equal(s.untrustedNoticeShown, true);
    assert.deepEqual(s.problems, []);
    assert.ok(!(await labels('quok')).includes('quokka sign'));
    assert.ok(!(await labels('womb')).includes('wombat sign'));
    // The setting itself is restricted: a workspace-level value would be ignored by VS Code; the user-level
    // value above is honoured, but its workspace-relative file is still not read.
    const again = await vscode.commands.executeCommand<PacksState>(CommandId.reloadPacks);
    assert.equal(again.untrustedNoticeShown, true);
    assert.ok(again.generation > s.generation);
  });
});
