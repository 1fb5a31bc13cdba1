/**
 * The context engine in the real editor: a hover on a negated term says so first; the Problems in This Note
 * view lists a note's conditions by status; Copy Assessment Codes leaves out negated, possible and family
 * mentions.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/host/ids';
import type { ProblemsSnapshot } from '../../src/features/problems-view';
import { activate, eventually, open, setting } from './helpers';

const NOTE = [
  'Presentation:',
  'Woman with dermatomyositis, seen for hard lumps on the elbows.',
  'Family history:',
  'Mother with systemic sclerosis.',
  '',
  'Workup:',
  'Radiographs show calcinosis cutis. No evidence of tumoral calcinosis.',
  '',
  'Assessment:',
  'Dystrophic calcinosis in dermatomyositis. Rule out calciphylaxis.',
].join('\n');

async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n')).join('\n');
}

function statusOf(snapshot: ProblemsSnapshot, id: string): string[] {
  return snapshot.groups.filter((g) => g.problems.some((p) => p.id === id)).map((g) => g.status);
}

describe('context in a real VS Code', function () {
  before(activate);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('a hover on a negated term says so before the card; a plain one does not', async () => {
    const editor = await open(NOTE);
    const line = 6;
    const text = editor.document.lineAt(line).text;
    const negated = await hoverText(editor.document, new vscode.Position(line, text.indexOf('tumoral') + 2));
    assert.match(negated, /^\*\*Negated here \\\('No evidence of'\\\)\*\*/);
    assert.match(negated, /tumoral calcinosis/i);
    const plain = await hoverText(editor.document, new vscode.Position(line, text.indexOf('calcinosis cutis') + 2));
    assert.doesNotMatch(plain, /Negated|Possible|Family|Historical/);
    const family = await hoverText(editor.document, new vscode.Position(3, 'Mother with sys'.length));
    assert.match(family, /^\*\*Family history \\\('Mother'\\\)\*\*/);
    const possible = await hoverText(editor.document, new vscode.Position(9, editor.document.lineAt(9).text.indexOf('calciphylaxis') + 1));
    assert.match(possible, /^\*\*Possible \\\('Rule out'\\\)\*\*/);
  });

  it('the Problems view lists the note\'s conditions with their status and line', async () => {
    await open(NOTE);
    const snapshot = await eventually(async () => {
      const s = await vscode.commands.executeCommand<ProblemsSnapshot>(CommandId.problemsSnapshot);
      assert.ok(s.groups.length > 0, 'no problems listed yet');
      return s;
    });
    assert.deepEqual(snapshot.groups.map((g) => g.status), ['present', 'possible', 'family', 'absent']);
    assert.deepEqual(statusOf(snapshot, 'calcinosis-cutis'), ['present']);
    assert.deepEqual(statusOf(snapshot, 'systemic-sclerosis'), ['family']);
    assert.deepEqual(statusOf(snapshot, 'tumoral-calcinosis'), ['absent']);
    assert.deepEqual(statusOf(snapshot, 'calciphylaxis'), ['possible']);
    const dm = snapshot.groups[0]!.problems.find((p) => p.id === 'dermatomyositis')!;
    assert.deepEqual(dm.lines, [1, 9]);
    assert.ok(dm.codes.includes('M33.10'));
    assert.deepEqual(snapshot.groups.find((g) => g.status === 'family')!.problems[0]!.codes, []);
  });

  it('the sample note\'s conditions are present, with their codes', async () => {
    await vscode.commands.executeCommand(CommandId.openSampleNote);
    const snapshot = await eventually(async () => {
      const s = await vscode.commands.executeCommand<ProblemsSnapshot>(CommandId.problemsSnapshot);
      assert.ok(s.groups.some((g) => g.problems.some((p) => p.id === 'calcinosis-cutis')), JSON.stringify(s));
      return s;
    });
    assert.deepEqual(statusOf(snapshot, 'calcinosis-cutis'), ['present']);
    assert.deepEqual(statusOf(snapshot, 'dystrophic-calcinosis'), ['present']);
    assert.ok(snapshot.groups.find((g) => g.status === 'present')!.problems.find((p) => p.id === 'calcinosis-cutis')!.codes.includes('L94.2'));
  });

  it('clicking a problem selects its mention', async () => {
    const editor = await open(NOTE);
    const snapshot = await vscode.commands.executeCommand<ProblemsSnapshot>(CommandId.problemsSnapshot);
    const start = NOTE.indexOf('tumoral calcinosis');
    await vscode.commands.executeCommand(CommandId.problemsReveal, snapshot.uri, start, start + 'tumoral calcinosis'.length);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
    assert.equal(vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection), 'tumoral calcinosis');
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 6);
  });

  it('Copy Assessment Codes copies present conditions\' codes with titles, not negated, possible or family ones', async () => {
    await open(NOTE);
    await vscode.env.clipboard.writeText('');
    const copied = await vscode.commands.executeCommand<string>(CommandId.copyAssessmentCodes);
    const clipboard = await vscode.env.clipboard.readText();
    assert.equal(clipboard, copied);
    assert.match(clipboard, /^L94\.2 Calcinosis cutis$/m);
    assert.match(clipboard, /^M33\.10 Other dermatomyositis, organ involvement unspecified$/m);
    assert.doesNotMatch(clipboard, /^M34/m, 'systemic sclerosis is the mother\'s');
    for (const line of clipboard.split('\n')) assert.match(line, /^[A-Z]\d\d(\.\w+)? \S/);
  });
});

describe('a clinic\'s context rules in a real VS Code', function () {
  this.timeout(60_000);
  const dir = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.clinical-notes');
  const good = () => vscode.Uri.joinPath(dir(), 'context-rules.json');
  const broken = () => vscode.Uri.joinPath(dir(), 'context-rules-broken.json');
  const rules = (lists: unknown[]) =>
    JSON.stringify({ id: 'clinic-context', title: 'Clinic context rules', version: '1.0.0', sources: [{ id: 'clinic', title: 'Clinic note style guide' }], lists }, null, 2);
  const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const remove = (uri: vscode.Uri) => vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
  const NOTE_LINE = "Clear of calcinosis on today's films.";

  before(activate);
  after(async () => {
    await remove(good());
    await remove(broken());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a rule added in .clinical-notes/context-rules.json changes the hover; a broken file is shown at its JSON pointer and the good rules keep working', async () => {
    const editor = await open(NOTE_LINE);
    const at = new vscode.Position(0, NOTE_LINE.indexOf('calcinosis') + 3);
    assert.doesNotMatch(await hoverText(editor.document, at), /Negated/);

    await write(good(), rules([{ id: 'clinic-negated', category: 'negated', direction: 'forward', sources: ['clinic'], phrases: ['clear of'] }]));
    await eventually(async () => assert.match(await hoverText(editor.document, at), /^\*\*Negated here \\\('Clear of'\\\)\*\*/), 15_000);

    await write(broken(), rules([{ id: 'bad', category: 'maybe', direction: 'forward', sources: ['clinic'], phrases: ['x'] }]));
    const problems = await eventually(() => {
      const list = vscode.languages.getDiagnostics(broken());
      assert.ok(list.length > 0, 'no diagnostics on the broken rules file yet');
      return list;
    }, 15_000);
    assert.match(problems[0]!.message, /must be one of .* \(got string "maybe"\) \(\/lists\/0\/category\)$/);
    assert.equal(problems[0]!.range.start.line, (await vscode.workspace.openTextDocument(broken())).getText().split('\n').findIndex((l) => l.includes('"maybe"')));
    assert.match(await hoverText(editor.document, at), /^\*\*Negated here \\\('Clear of'\\\)\*\*/);

    // Not a knowledge pack: the pack loader leaves both files alone.
    const packs = await vscode.commands.executeCommand<{ packs: Array<{ file: string }>; problems: Array<{ file: string }> }>(CommandId.packsState);
    assert.ok(!packs.packs.some((p) => p.file.includes('context-rules')), JSON.stringify(packs.packs));
    assert.ok(!packs.problems.some((p) => p.file.includes('context-rules')), JSON.stringify(packs.problems));

    await remove(good());
    await remove(broken());
    await eventually(async () => assert.doesNotMatch(await hoverText(editor.document, at), /Negated/), 15_000);
    await eventually(() => assert.equal(vscode.languages.getDiagnostics(broken()).length, 0), 15_000);
  });
});

describe('context rules named in clinicalNotes.contextRules', function () {
  this.timeout(60_000);
  const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'test-context', 'ward-rules.json');
  const LINE = 'Elbows: nil calcinosis on palpation.';

  before(activate);
  after(async () => {
    await setting('contextRules', undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(file(), '..'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a workspace-relative file in the setting is read; removing it from the setting drops its rules', async () => {
    const rules = { id: 'ward', title: 'Ward rules', version: '1', sources: [{ id: 'w', title: 'Ward note conventions' }], lists: [{ id: 'nil', category: 'negated', direction: 'forward', window: 2, sources: ['w'], phrases: ['nil'] }] };
    await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(JSON.stringify(rules)));
    const editor = await open(LINE);
    const at = new vscode.Position(0, LINE.indexOf('calcinosis') + 2);
    assert.doesNotMatch(await hoverText(editor.document, at), /Negated/);
    await setting('contextRules', ['test-context/ward-rules.json']);
    await eventually(async () => assert.match(await hoverText(editor.document, at), /^\*\*Negated here \\\('nil'\\\)\*\*/), 15_000);
    await setting('contextRules', undefined);
    await eventually(async () => assert.doesNotMatch(await hoverText(editor.document, at), /Negated/), 15_000);
  });
});

describe('the context conflicts check in a real VS Code', function () {
  this.timeout(60_000);
  const NOTE_TEXT = ['Workup:', 'Radiographs: no evidence of calcinosis cutis.', '', 'Assessment:', 'Calcinosis cutis of both elbows.', '', 'Treatment plan:', 'Follow up.'].join('\n');
  const conflicts = (doc: vscode.TextDocument) => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'context-conflict');
  // A file of its own, not an untitled note: an untitled name is reused after a close, and a late close of the
  // earlier document of that name clears the diagnostics of the new one.
  const file = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'context-conflict-test.note');

  before(activate);
  after(async () => {
    await setting('checks.contextConflicts', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file(), { useTrash: false }).then(undefined, () => undefined);
  });

  it('is quiet by default; turned on, the Assessment\'s mention of a condition the Workup negates gets an Information diagnostic', async () => {
    await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(NOTE_TEXT));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file()));
    // The other checks have run (this note has none of theirs), and no conflict is shown while the setting is off.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(conflicts(editor.document), []);
    await setting('checks.contextConflicts', true);
    const [d] = await eventually(() => {
      const list = conflicts(editor.document);
      assert.equal(list.length, 1, JSON.stringify(vscode.languages.getDiagnostics(editor.document.uri)));
      return list;
    }, 10_000);
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(editor.document.getText(d!.range), 'Calcinosis cutis');
    assert.match(d!.message, /line 2 negates \('no evidence of'\)/);
    await setting('checks.contextConflicts', false);
    await eventually(() => assert.deepEqual(conflicts(editor.document), []), 10_000);
  });
});
