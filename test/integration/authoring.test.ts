/**
 * Authoring through the real VS Code API: note checks as diagnostics and their quick fixes, the blank
 * navigation commands, the outline, section-aware completion order and the multi-select list's sentence —
 * each read back the way the editor reads it (`getDiagnostics`, `execute…Provider`, the document text).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../src/host/ids';
import { EXTENSION_ID, activate, eventually, labelOf, open, setting } from './helpers';

const SOURCE = 'Clinical Notes';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .sort((a, b) => a.range.start.compareTo(b.range.start) || String(a.code).localeCompare(String(b.code)));
}

/** Waits for our diagnostics to have exactly these codes (in document order). */
async function diagnosticsWithCodes(uri: vscode.Uri, codes: string[]): Promise<vscode.Diagnostic[]> {
  return eventually(() => {
    const found = ours(uri);
    assert.deepEqual(found.map((d) => d.code), codes);
    return found;
  });
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range);
  return all.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a || 'diagnostics' in a);
}

/** Our completion items at a position, in the order the suggest widget shows them. */
async function completionLabels(doc: vscode.TextDocument, pos: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
  return list.items
    .filter((i) => /^[az]\d{5}$/.test(i.sortText ?? ''))
    .sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1))
    .map(labelOf);
}

/** Replaces the last line with `prefix` and returns our completions at its end (the document need not be shown). */
async function typeAndComplete(editor: vscode.TextEditor, prefix: string): Promise<string[]> {
  const doc = editor.document;
  const line = doc.lineCount - 1;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, doc.lineAt(line).range, prefix);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
  return completionLabels(doc, new vscode.Position(line, prefix.length));
}

const NOTE_WITHOUT_WORKUP = 'Presentation:\nFingertip nodules.\n\nAssessment:\nDystrophic calcinosis.\n';

describe('authoring in a real VS Code', function () {
  before(activate);
  afterEach(async () => {
    await vscode.commands.executeCommand('leaveSnippet');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('note checks', () => {
    it('a note with an Assessment and no Workup or Treatment plan gets a warning on the Assessment heading', async () => {
      const editor = await open(NOTE_WITHOUT_WORKUP);
      const found = await diagnosticsWithCodes(editor.document.uri, ['missing-plan', 'missing-workup']);
      for (const d of found) {
        assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
        assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [3, 0, 3, 'Assessment:'.length]);
      }
      assert.match(found.find((d) => d.code === 'missing-workup')!.message, /no Workup/);
    });

    it('the quick fix inserts the Workup section after the Assessment, and its diagnostic goes', async () => {
      const editor = await open(NOTE_WITHOUT_WORKUP);
      const doc = editor.document;
      const found = await diagnosticsWithCodes(doc.uri, ['missing-plan', 'missing-workup']);
      const actions = await codeActions(doc.uri, found[0]!.range);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Insert Workup section'), titles.join(' | '));
      assert.ok(titles.includes('Insert Treatment plan section'), titles.join(' | '));
      const fix = actions.find((a) => a.title === 'Insert Workup section')!;
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(fix.edit, 'the fix is an edit');
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      const text = doc.getText();
      assert.ok(text.startsWith(`${NOTE_WITHOUT_WORKUP}\nWorkup:\n- Clinical evaluation: `), JSON.stringify(text));
      assert.match(text, /- Imaging studies: plain radiography, site: \*\*\*\n/);
      assert.ok(!text.includes('${'), 'no raw snippet syntax');
      // The Workup check is gone; the plan is still missing; the section's own blanks are now listed.
      await eventually(() => {
        const codes = ours(doc.uri).map((d) => d.code);
        assert.ok(!codes.includes('missing-workup'), codes.join());
        assert.ok(codes.includes('missing-plan'));
        assert.ok(codes.filter((c) => c === 'unfilled-blank').length >= 2, codes.join());
      });
    });

    it('an unfilled *** blank is an information diagnostic; "Remove this line" removes its line', async () => {
      const content = 'Workup:\n- Imaging studies: CT, site: ***\n- Biopsy: site: ***, H&E stain\nDone.\n';
      const editor = await open(content);
      const doc = editor.document;
      const found = await diagnosticsWithCodes(doc.uri, ['unfilled-blank', 'unfilled-blank']);
      assert.equal(found[0]!.severity, vscode.DiagnosticSeverity.Information);
      assert.deepEqual([found[1]!.range.start.line, found[1]!.range.start.character, found[1]!.range.end.character], [2, 16, 19]);
      const actions = await codeActions(doc.uri, found[1]!.range);
      assert.deepEqual(actions.map((a) => a.title).sort(), ['Go to next blank', 'Remove this line']);
      const remove = actions.find((a) => a.title === 'Remove this line')!;
      assert.equal(await vscode.workspace.applyEdit(remove.edit!), true);
      assert.equal(doc.getText(), 'Workup:\n- Imaging studies: CT, site: ***\nDone.\n');
      await diagnosticsWithCodes(doc.uri, ['unfilled-blank']);
      const next = actions.find((a) => a.title === 'Go to next blank')!;
      assert.equal(next.command?.command, CommandId.nextBlank);
    });

    it('blankSeverity off hides blanks, warning shows them as warnings; missing sections keep their own severity', async () => {
      const editor = await open(`${NOTE_WITHOUT_WORKUP}Exam: ***\n`);
      const uri = editor.document.uri;
      await diagnosticsWithCodes(uri, ['missing-plan', 'missing-workup', 'unfilled-blank']);
      try {
        await setting('checks.blankSeverity', 'off');
        await diagnosticsWithCodes(uri, ['missing-plan', 'missing-workup']);
        await setting('checks.blankSeverity', 'warning');
        const found = await diagnosticsWithCodes(uri, ['missing-plan', 'missing-workup', 'unfilled-blank']);
        assert.equal(found[2]!.severity, vscode.DiagnosticSeverity.Warning);
        await setting('checks.missingSectionSeverity', 'off');
        await diagnosticsWithCodes(uri, ['unfilled-blank']);
        await setting('checks.enabled', false);
        await diagnosticsWithCodes(uri, []);
      } finally {
        await setting('checks.blankSeverity', undefined);
        await setting('checks.missingSectionSeverity', undefined);
        await setting('checks.enabled', undefined);
      }
      await diagnosticsWithCodes(uri, ['missing-plan', 'missing-workup', 'unfilled-blank']);
    });

    it('in Markdown: no section checks, and rules or bold italics are not blanks; a labelled blank is', async () => {
      const content = `# Visit\n\n${NOTE_WITHOUT_WORKUP}\n***\n\nThis is ***important***.\n\nSite: ***\n`;
      const editor = await open(content, 'markdown');
      const found = await diagnosticsWithCodes(editor.document.uri, ['unfilled-blank']);
      assert.equal(found[0]!.range.start.line, content.split('\n').indexOf('Site: ***'));
      // Ordinary Markdown gets nothing at all.
      const plain = await open('# Readme\n\nSome ***bold*** text.\n\n***\n\nAssessment: fine.\n', 'markdown');
      await new Promise((r) => setTimeout(r, 700));
      assert.deepEqual(ours(plain.document.uri), []);
    });

    it('closing a document clears its diagnostics', async () => {
      const editor = await open('Site: ***\n');
      const uri = editor.document.uri;
      await diagnosticsWithCodes(uri, ['unfilled-blank']);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await eventually(() => assert.deepEqual(ours(uri), []));
    });
  });

  describe('next / previous blank', () => {
    it('selects the next *** after the cursor, wrapping; previous goes back, wrapping', async () => {
      const content = 'Presentation:\n***\nExam:\n- Site: *** (hand)\n- Size: ***** mm\n';
      const editor = await open(content);
      const doc = editor.document;
      editor.selection = new vscode.Selection(0, 3, 0, 3);
      const at = (r: vscode.Range | undefined) => (r ? [r.start.line, r.start.character, r.end.character] : undefined);
      const next = async () => {
        const r = await vscode.commands.executeCommand<vscode.Range | undefined>(CommandId.nextBlank);
        assert.deepEqual(at(editor.selection), at(r), 'the returned range is the selection');
        return at(r);
      };
      assert.deepEqual(await next(), [1, 0, 3]);
      assert.deepEqual(await next(), [3, 8, 11]);
      assert.deepEqual(await next(), [4, 8, 13]);
      assert.deepEqual(await next(), [1, 0, 3], 'wraps to the first blank');
      assert.deepEqual(at(await vscode.commands.executeCommand<vscode.Range>(CommandId.previousBlank)), [4, 8, 13], 'wraps to the last blank');
      assert.deepEqual(at(await vscode.commands.executeCommand<vscode.Range>(CommandId.previousBlank)), [3, 8, 11]);
      // Typing replaces the selected blank, as in Epic.
      await editor.edit((e) => e.replace(editor.selection, 'right index finger'));
      assert.equal(doc.lineAt(3).text, '- Site: right index finger (hand)');
      assert.equal(await vscode.commands.executeCommand(CommandId.nextBlank) !== undefined, true);
      await editor.edit((e) => e.replace(editor.selection, '4'));
      await editor.edit((e) => e.replace(new vscode.Range(1, 0, 1, 3), 'Nodules.'));
      assert.equal(await vscode.commands.executeCommand(CommandId.nextBlank), undefined, 'no blank left');
    });
  });

  describe('outline', () => {
    it('document symbols are the note sections, each from its heading to its end', async () => {
      const content = 'Presentation:\nFingertip nodules.\n\nAssessment:\nDystrophic calcinosis.\n\nTreatment plan:\n- NSAIDs\n';
      const editor = await open(content);
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
      assert.deepEqual(symbols.map((s) => s.name), ['Presentation', 'Assessment', 'Treatment plan']);
      const assessment = symbols[1]!;
      assert.deepEqual([assessment.selectionRange.start.line, assessment.selectionRange.end.character], [3, 'Assessment:'.length]);
      assert.deepEqual([assessment.range.start.line, assessment.range.end.line], [3, 5]);
      assert.equal(symbols[2]!.range.end.line, 7);
    });

    it('in plain text too, nested under Markdown-style headings', async () => {
      const editor = await open('# Visit 1\nAssessment:\nx\n# Visit 2\nPlan:\ny\n', 'plaintext');
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
      assert.deepEqual(symbols.map((s) => [s.name, s.children.map((c) => c.name)]), [['Visit 1', ['Assessment']], ['Visit 2', ['Plan']]]);
    });
  });

  describe('section-aware completion', () => {
    /** Each pack label's kind, read from the installed extension's own pack. */
    function packKinds(): { kindOf: Map<string, string>; workupWords: string[] } {
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const pack = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'knowledge/calcinosis.json'), 'utf8')) as {
        entries: Array<{ label: string; kind: string }>;
      };
      const kindOf = new Map(pack.entries.map((e) => [e.label, e.kind]));
      const workupWords = pack.entries
        .filter((e) => ['test', 'imaging', 'procedure'].includes(e.kind))
        .flatMap((e) => e.label.toLowerCase().split(/[^a-z]+/))
        .filter((w) => w.length >= 4);
      return { kindOf, workupWords };
    }
    const WORKUP_KINDS = ['test', 'imaging', 'procedure'];

    it('in a Workup, tests and imaging rank first for a prefix where, outside it, another kind does; sectionAware=false restores the order', async () => {
      const { kindOf, workupWords } = packKinds();
      const outside = await open('Note line\n');
      const inside = await open('Assessment:\nDystrophic calcinosis.\n\nWorkup:\n');
      let found: { prefix: string; unaware: string[]; aware: string[] } | undefined;
      for (const prefix of [...new Set(workupWords.map((w) => w.slice(0, 4)))]) {
        const unaware = await typeAndComplete(outside, prefix);
        const aware = await typeAndComplete(inside, prefix);
        const firstKind = (labels: string[]) => kindOf.get(labels[0] ?? '') ?? '';
        if (unaware.length && !WORKUP_KINDS.includes(firstKind(unaware)) && WORKUP_KINDS.includes(firstKind(aware))) {
          found = { prefix, unaware, aware };
          break;
        }
      }
      assert.ok(found, 'no prefix where the Workup section changes which kind ranks first');
      assert.notDeepEqual(found.aware, found.unaware);
      try {
        await setting('completion.sectionAware', false);
        await eventually(async () => assert.deepEqual(await typeAndComplete(inside, found!.prefix), found!.unaware));
      } finally {
        await setting('completion.sectionAware', undefined);
      }
      await eventually(async () => assert.deepEqual(await typeAndComplete(inside, found!.prefix), found!.aware));
    });

    it('a word shorter than minPrefix keeps VS Code asking: one never-shown item in an incomplete list', async () => {
      // VS Code never asks again a provider whose incomplete list was empty (microsoft/vscode#13735).
      const editor = await open('Note line\nc');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(1, 1));
      assert.equal(list.isIncomplete, true);
      const waiting = list.items.filter((i) => i.sortText === '~');
      assert.equal(waiting.length, 1);
      assert.equal(waiting[0]!.filterText, '\u0000', 'matches no typed word, so it is never shown');
      assert.deepEqual(await completionLabels(editor.document, new vscode.Position(1, 1)), []);
    });

    it('in a Treatment plan, a treatment ranks first for a prefix where the Workup ranks a test first', async () => {
      const { kindOf, workupWords } = packKinds();
      const workup = await open('Workup:\n');
      const plan = await open('Treatment plan:\n');
      let found: string | undefined;
      for (const prefix of [...new Set(workupWords.map((w) => w.slice(0, 2)))]) {
        const inWorkup = await typeAndComplete(workup, prefix);
        const inPlan = await typeAndComplete(plan, prefix);
        if (WORKUP_KINDS.includes(kindOf.get(inWorkup[0] ?? '') ?? '') && kindOf.get(inPlan[0] ?? '') === 'treatment') {
          found = `${prefix}: ${inWorkup[0]} / ${inPlan[0]}`;
          break;
        }
      }
      assert.ok(found, 'no prefix where the Treatment plan ranks a treatment first and the Workup a test');
    });
  });

  describe('multi-select lists', () => {
    const IDS = ['serum-calcium', 'serum-phosphate', 'parathyroid-hormone', 'plain-radiography'];

    it('the internal choose command inserts one sentence at the cursor, with the configured conjunction', async () => {
      const editor = await open('Workup:\n');
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      const result = await vscode.commands.executeCommand<{ sentence: string; inserted: boolean }>(CommandId.chooseHeadless, IDS);
      const expected = 'Serum calcium, serum phosphate and parathyroid hormone; plain radiography';
      assert.deepEqual(result, { sentence: expected, inserted: true });
      assert.equal(editor.document.getText(), `Workup:\n${expected}`);

      try {
        await setting('lists.conjunction', 'or');
        await eventually(async () => {
          const r = await vscode.commands.executeCommand<{ sentence: string }>(CommandId.chooseHeadless, IDS.slice(0, 3));
          assert.equal(r.sentence, 'Serum calcium, serum phosphate or parathyroid hormone');
        });
      } finally {
        await setting('lists.conjunction', undefined);
      }
      const comma = await vscode.commands.executeCommand<{ sentence: string }>(CommandId.chooseHeadless, IDS.slice(0, 3), 'comma');
      assert.equal(comma.sentence, 'Serum calcium, serum phosphate, parathyroid hormone');
    });

    it('inserts at every cursor, and refuses unknown ids', async () => {
      const editor = await open('A: \nB: \n');
      editor.selections = [new vscode.Selection(0, 3, 0, 3), new vscode.Selection(1, 3, 1, 3)];
      await vscode.commands.executeCommand(CommandId.chooseHeadless, ['ultrasound', 'plain-radiography'], 'or');
      assert.equal(editor.document.getText(), 'A: Ultrasound or plain radiography\nB: Ultrasound or plain radiography\n');
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandId.chooseHeadless, ['no-such-entry'])), /unknown entry id/);
    });

    it('the palette commands are there, with their titles; the internal one is hidden', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const commands: Array<{ command: string; title: string; category: string }> = ext.packageJSON.contributes.commands;
      const title = (id: string) => commands.find((c) => c.command === id);
      assert.equal(title(CommandId.chooseWorkup)?.title, 'Choose Workup Items…');
      assert.equal(title(CommandId.chooseTreatment)?.title, 'Choose Treatment Options…');
      assert.equal(title(CommandId.nextBlank)?.title, 'Go to Next Blank');
      assert.equal(title(CommandId.previousBlank)?.title, 'Go to Previous Blank');
      for (const id of [CommandId.chooseWorkup, CommandId.chooseTreatment, CommandId.nextBlank, CommandId.previousBlank]) {
        assert.equal(title(id)?.category, 'Clinical Notes');
      }
      const hidden = ext.packageJSON.contributes.menus.commandPalette.find((m: { command: string }) => m.command === CommandId.chooseHeadless);
      assert.equal(hidden?.when, 'false');
      const all = await vscode.commands.getCommands(true);
      for (const id of [CommandId.chooseWorkup, CommandId.chooseTreatment, CommandId.nextBlank, CommandId.previousBlank, CommandId.chooseHeadless]) {
        assert.ok(all.includes(id), id);
      }
    });
  });
});
