/**
 * A clinic's dot phrases in a real VS Code: a phrase pack written into `.clinical-notes/` is offered for
 * `.trigger` and expands with the header's fields; F2 walks blanks and lands on a list, and choosing fills it
 * joined as the list says; open lists are diagnostics by how required they are; Finalize Note refuses while a
 * required item is open and otherwise opens EHR-ready text (and copies it) without touching the note.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FinalizeOutcome } from '../../src/features/phrases';
import type { PacksState } from '../../src/host/pack-service';
import { CommandId, DIAGNOSTIC_SOURCE, NOTE_LANGUAGE } from '../../src/host/ids';
import { EXTENSION_ID, eventually, openDocument } from './helpers';

const phraseFile = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.clinical-notes', 'phrases-test.json');

const PACK = {
  id: 'clinic-phrases',
  title: 'Clinic phrases',
  version: '1.0.0',
  sources: [{ id: 'H1', kind: 'reference', title: 'Clinic handbook', url: 'https://example.org/handbook' }],
  sections: [{ id: 'workup', title: 'Workup' }],
  entries: [],
  lists: [
    { id: 'clinic-imaging', title: 'Imaging', select: 'multi', required: true, joiner: 'and', choices: [{ text: 'plain radiography' }, { text: 'CT' }, { text: 'MRI' }] },
  ],
  phrases: [
    {
      id: 'clinic-workup',
      trigger: 'clinicwu',
      title: 'Clinic workup',
      description: 'Our workup with an imaging list.',
      body: ['Patient: @NAME@, @AGE@', 'Imaging: {clinic-imaging}', 'Site: ***', 'Stain: {optional: H&E | von Kossa}'],
    },
  ],
};

async function waitForPack(): Promise<void> {
  await eventually(async () => {
    const s = await vscode.commands.executeCommand<PacksState>(CommandId.packsState);
    assert.ok(s.packs.some((p) => p.pack?.id === 'clinic-phrases'), JSON.stringify(s.problems));
  }, 15_000);
}

async function note(content: string): Promise<vscode.TextEditor> {
  const doc = await openDocument(content, NOTE_LANGUAGE);
  return vscode.window.showTextDocument(doc);
}

describe('dot phrases, list slots and Finalize Note', function () {
  this.timeout(90_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await vscode.workspace.fs.writeFile(phraseFile(), new TextEncoder().encode(JSON.stringify(PACK, null, 2)));
    await waitForPack();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(phraseFile(), { useTrash: false }).then(undefined, () => undefined);
    await vscode.commands.executeCommand(CommandId.reloadPacks);
  });

  it('offers the workspace phrase first for .trigger, with its body as the preview', async () => {
    const editor = await note('---\nname: Jane Doe\n---\n.clinic');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(3, 7));
    // The suggest widget orders equal matches by sortText, compared as plain strings (not by locale).
    const key = (i: vscode.CompletionItem) => i.sortText ?? (typeof i.label === 'string' ? i.label : i.label.label);
    // As the widget does: only items whose filter text starts with what was typed (the built-in .calc… go).
    const typed = (i: vscode.CompletionItem) => (i.filterText ?? (typeof i.label === 'string' ? i.label : i.label.label)).startsWith('.clinic');
    const sorted = list.items.filter(typed).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const first = sorted[0]!;
    assert.equal(typeof first.label === 'string' ? first.label : first.label.label, '.clinicwu');
    const doc = first.documentation as vscode.MarkdownString;
    assert.match(doc.value, /Patient: Jane Doe, \*\*\*/);
    assert.match(doc.value, /Imaging: \{clinic-imaging\}/);
  });

  it('Enter expands it (header fields filled), F2 reaches the list, choosing fills it joined with "and"', async () => {
    const editor = await note('---\nname: Jane Doe\n---\n');
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await vscode.commands.executeCommand('type', { text: '.clinicwu' });
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await eventually(async () => {
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      assert.match(editor.document.getText(), /Imaging: \{clinic-imaging\}/);
    }, 10_000, 300);
    const doc = editor.document;
    assert.equal(doc.lineAt(3).text, 'Patient: Jane Doe, ***');
    await vscode.commands.executeCommand('leaveSnippet');

    editor.selection = new vscode.Selection(3, 0, 3, 0);
    const blank = await vscode.commands.executeCommand<vscode.Range>(CommandId.nextBlank);
    assert.equal(doc.getText(blank), '***', 'the AGE the header lacks is a blank');
    const list = await vscode.commands.executeCommand<vscode.Range>(CommandId.nextBlank);
    assert.equal(doc.getText(list), '{clinic-imaging}');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const filled = await vscode.commands.executeCommand<{ text: string }>(CommandId.chooseFromListHeadless, ['CT', 'MRI']);
    assert.equal(filled.text, 'CT and MRI');
    assert.equal(doc.lineAt(4).text, 'Imaging: CT and MRI');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandId.chooseFromListHeadless, ['CT'])), /not on a list slot/);
  });

  it('open lists are diagnostics: a required one a warning, an optional one information', async () => {
    const editor = await note('Imaging: {clinic-imaging}\nStain: {optional: H&E | von Kossa}\n');
    const diags = await eventually(() => {
      const d = vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === DIAGNOSTIC_SOURCE);
      assert.equal(d.length, 2);
      return d;
    });
    assert.deepEqual(
      diags.map((d) => [d.code, d.severity, d.range.start.line]),
      [
        ['open-required-list', vscode.DiagnosticSeverity.Warning, 0],
        ['open-optional-list', vscode.DiagnosticSeverity.Information, 1],
      ],
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(0, 12, 0, 12));
    assert.ok(actions.some((a) => a.command?.command === CommandId.chooseFromList), 'the light bulb offers the list');
  });

  it('Finalize Note refuses while a required item is open and lists each one', async () => {
    const editor = await note('Name: Jane Doe\nImaging: {clinic-imaging}\nSite: ***\nMRN @MRN@\n');
    const before = editor.document.getText();
    const r = await vscode.commands.executeCommand<FinalizeOutcome>(CommandId.finalizeNote);
    assert.ok(r && !r.ok);
    assert.deepEqual(r.open.map((o) => [o.kind, o.line, o.text]), [
      ['list', 1, '{clinic-imaging}'],
      ['blank', 2, '***'],
      ['field', 3, '@MRN@'],
    ]);
    assert.equal(editor.document.getText(), before);
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'no output editor opened');
  });

  it('Finalize Note on a complete note: plain text in a new editor and on the clipboard, the note unchanged', async () => {
    const editor = await note('Name: Jane Doe\nImaging: CT and MRI\nStain: {optional: H&E | von Kossa}\nSide: {single: left | +right}\nSeen for @NAME@.\n');
    const before = editor.document.getText();
    const r = await vscode.commands.executeCommand<FinalizeOutcome>(CommandId.finalizeNote);
    assert.ok(r && r.ok);
    assert.equal(r.text, 'Name: Jane Doe\nImaging: CT and MRI\nSide: right\nSeen for Jane Doe.\n');
    assert.equal(r.removedLines, 1);
    assert.equal(editor.document.getText(), before);
    assert.equal(await vscode.env.clipboard.readText(), r.text);
    await eventually(() => assert.equal(vscode.window.activeTextEditor?.document.getText(), r.text));
    assert.equal(vscode.window.activeTextEditor?.document.isUntitled, true);
  });

  it('New Phrase from Selection writes the chosen pack, with the header\'s values as fields, and offers the new trigger', async () => {
    const target = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.clinical-notes', 'phrases-new-test.json');
    try {
      const editor = await note('Name: Jane Doe\n\nSeen Jane Doe today. Plan: ***\nImaging: {multi: CT | MRI}\n');
      editor.selection = new vscode.Selection(2, 0, 3, 26);
      // The command reads the active editor: wait until it is this note with this selection (the editor
      // groups of the previous test may still be settling).
      await eventually(() => {
        const active = vscode.window.activeTextEditor;
        assert.equal(active?.document.getText(active.selection), 'Seen Jane Doe today. Plan: ***\nImaging: {multi: CT | MRI}');
      });
      const r = await vscode.commands.executeCommand<{ file: string; conversions: string[] }>(CommandId.newPhraseHeadless, { trigger: 'seenjd', title: 'Seen today', file: target.fsPath });
      assert.deepEqual(r.conversions, ['"Jane Doe" (the header\'s NAME) → @NAME@', '1 *** blank kept as blank']);
      const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
      assert.deepEqual(written.phrases, [{ id: 'seenjd', trigger: 'seenjd', title: 'Seen today', body: ['Seen @NAME@ today. Plan: ***', 'Imaging: {multi: CT | MRI}'] }]);
      const doc = await openDocument('.seen', NOTE_LANGUAGE);
      await eventually(async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 5));
        assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === '.seenjd'));
      }, 15_000, 300);
    } finally {
      await vscode.workspace.fs.delete(target, { useTrash: false }).then(undefined, () => undefined);
    }
  });
});
