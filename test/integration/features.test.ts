/**
 * The editor features through the real VS Code API, as the editor itself calls them: completion and
 * hover providers via `vscode.execute…Provider`, commands via `executeCommand`, settings via
 * `getConfiguration().update`, and the document read back afterwards.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseSections } from '../../src/core/note/sections';
import { CARD_SCHEME, CommandId } from '../../src/host/ids';
import { activate, eventually, labelOf, open, setting } from './helpers';

/** Our items (sortText a00000… / z00000…), in the order the suggest widget shows them. */
async function complete(doc: vscode.TextDocument, pos: vscode.Position, resolve = 0): Promise<{ items: vscode.CompletionItem[]; incomplete: boolean }> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, undefined, resolve);
  const items = list.items.filter((i) => /^[az]\d{5}$/.test(i.sortText ?? '')).sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
  return { items, incomplete: list.isIncomplete === true };
}

/** Completions at the end of `text` typed on its own line of a fresh document. */
async function completeAfter(text: string, language = 'clinical-note', resolve = 0) {
  const editor = await open(`Note line\n${text}`, language);
  return complete(editor.document, new vscode.Position(1, text.length), resolve);
}

async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<{ text: string; range?: vscode.Range }[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers.map((h) => ({
    text: h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n'),
    ...(h.range ? { range: h.range } : {}),
  }));
}

const DOSE = /\b\d+(?:[.,]\d+)?\s?(?:mg|g|mcg|µg|ml|mL|IU|units?|mmol|mEq)\b|\bmg\/kg\b|\b(?:once|twice) daily\b/i;

describe('editor features in a real VS Code', function () {
  before(activate);
  // Editors stay open between tests: a closed untitled document's name is reused by the next one, and
  // the host may still answer for the old text under that name.
  afterEach(() => vscode.commands.executeCommand('leaveSnippet'));
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  describe('completion', () => {
    it('calc → calcinosis first, with kind and card', async () => {
      // The suite's first completion: an untitled document's name can still be answered for a document an
      // earlier suite closed (see above), so ask again until the answer is for this text.
      const { items } = await eventually(async () => {
        const r = await completeAfter('calc', 'clinical-note', 1);
        assert.ok(r.items.length > 0, 'no completion yet');
        return r;
      });
      assert.equal(labelOf(items[0]!), 'calcinosis');
      assert.match(items[0]!.detail ?? '', /Condition/);
      const doc = items[0]!.documentation;
      assert.ok(doc instanceof vscode.MarkdownString || typeof doc === 'object', 'the card is the documentation');
      assert.match((doc as vscode.MarkdownString).value, /calcinosis/i);
      assert.notEqual((doc as vscode.MarkdownString).isTrusted, true);
    });

    it('PTH → parathyroid hormone, and PTH itself stays on offer', async () => {
      const { items } = await completeAfter('PTH');
      assert.equal(labelOf(items[0]!), 'parathyroid hormone');
      assert.equal(items[0]!.insertText, 'parathyroid hormone');
      assert.ok(items.some((i) => labelOf(i) === 'PTH' && i.insertText === 'PTH'));
    });

    it('dermato → dermatomyositis first', async () => {
      const { items } = await completeAfter('dermato');
      assert.equal(labelOf(items[0]!), 'dermatomyositis');
    });

    it('SSc → systemic sclerosis, keeping SSc', async () => {
      const { items } = await completeAfter('SSc');
      assert.equal(labelOf(items[0]!), 'systemic sclerosis');
      assert.ok(items.some((i) => i.insertText === 'SSc'));
    });

    it('CC is never expanded silently: kept as written first, the expansion last and marked ambiguous', async () => {
      const { items } = await completeAfter('CC');
      assert.ok(items.length >= 2);
      assert.equal(items[0]!.insertText, 'CC');
      const expansion = items.find((i) => i.insertText === 'calcinosis cutis');
      assert.ok(expansion, 'the expansion is offered when chosen');
      assert.match(labelOf(expansion), /ambiguous/);
      assert.equal(items.at(-1), expansion);
      assert.notEqual(expansion.preselect, true);
    });

    it('DM, PD, HD and ACA are kept as typed first and expanded only last, never preselected', async () => {
      for (const [typed, expansion] of [['DM', 'dermatomyositis'], ['PD', 'peritoneal dialysis'], ['HD', 'hemodialysis'], ['ACA', 'anticentromere antibody']] as const) {
        const { items } = await completeAfter(typed);
        assert.equal(items[0]!.insertText, typed, `${typed}: ${items.map(labelOf).join(' | ')}`);
        const expand = items.find((i) => i.insertText === expansion);
        assert.ok(expand, `${typed}: the expansion is still on offer`);
        assert.equal(items.at(-1), expand);
        assert.notEqual(expand.preselect, true);
        assert.match(labelOf(expand), /ambiguous/);
      }
    });

    it('typing DM and pressing Enter in a .note keeps "DM" (SSc + Enter expands: the same keys do work)', async () => {
      const editor = await open('Note line\n');
      /** Types `word` on line 1, opens the suggest widget as the editor does, then runs what Enter runs in it. */
      const typeAndEnter = async (word: string, pick: 'first' | 'second') => {
        await editor.edit((b) => b.replace(editor.document.lineAt(1).range, ''));
        editor.selection = new vscode.Selection(1, 0, 1, 0);
        await vscode.commands.executeCommand('type', { text: word });
        await vscode.commands.executeCommand('editor.action.triggerSuggest');
        // The widget fills asynchronously; this wait is not measured, only given.
        await new Promise((r) => setTimeout(r, 400));
        if (pick === 'second') await vscode.commands.executeCommand('selectNextSuggestion');
        await vscode.commands.executeCommand('acceptSelectedSuggestion');
        return editor.document.lineAt(1).text;
      };
      // The keys work here: SSc + Enter becomes the term, and DM's second item is the expansion.
      await eventually(async () => assert.equal(await typeAndEnter('SSc', 'first'), 'systemic sclerosis'), 20000, 0);
      await eventually(async () => assert.equal(await typeAndEnter('DM', 'second'), 'dermatomyositis'), 20000, 0);
      // So Enter on DM accepts the first item: DM as written.
      for (let i = 0; i < 3; i++) assert.equal(await typeAndEnter('DM', 'first'), 'DM');
    });

    it('a code completes as itself (L94.2), then the term it names', async () => {
      const { items } = await completeAfter('L94.2');
      assert.equal(items[0]!.insertText, 'L94.2');
      assert.ok(items.some((i) => i.insertText === 'calcinosis cutis'));
    });

    it('a multi-word term replaces the words already typed ("systemic scl")', async () => {
      const { items } = await completeAfter('with systemic scl');
      const item = items.find((i) => labelOf(i) === 'systemic sclerosis');
      assert.ok(item);
      const range = item.range as { inserting: vscode.Range; replacing: vscode.Range };
      assert.equal(range.inserting.start.character, 'with '.length);
      assert.ok(item.filterText?.startsWith('systemic scl'));
    });

    it('works in Markdown, without fuzzy guesses; the note language also offers fuzzy matches', async () => {
      assert.equal(labelOf((await completeAfter('calc', 'markdown')).items[0]!), 'calcinosis');
      assert.deepEqual((await completeAfter('calcinossi', 'markdown')).items.map(labelOf), []);
      assert.ok((await completeAfter('calcinossi', 'clinical-note')).items.map(labelOf).includes('calcinosis'));
    });

    it('stays quiet on ordinary words of a sentence, in notes and in Markdown', async () => {
      for (const language of ['clinical-note', 'markdown', 'plaintext']) {
        for (const word of ['the', 'in', 'with', 'over']) {
          assert.deepEqual((await completeAfter(`pain ${word}`, language)).items.map(labelOf), [], `${language}: "${word}"`);
        }
      }
      // Inside-a-term matches need three letters; in prose languages whole-term prefixes do too.
      assert.ok((await completeAfter('thio')).items.map(labelOf).includes('sodium thiosulfate'));
      assert.deepEqual((await completeAfter('sk', 'markdown')).items.map(labelOf), []);
      assert.ok((await completeAfter('DM', 'markdown')).items.map(labelOf).some((l) => l.includes('dermatomyositis')), 'an exact abbreviation still counts');
      const { items } = await completeAfter('sys scl');
      assert.equal(labelOf(items[0]!), 'systemic sclerosis');
    });

    it('completion.enabled=false removes our items, and true brings them back, without a reload', async () => {
      try {
        await setting('completion.enabled', false);
        await eventually(async () => assert.equal((await completeAfter('calc')).items.length, 0));
      } finally {
        await setting('completion.enabled', undefined);
      }
      await eventually(async () => assert.equal(labelOf((await completeAfter('calc')).items[0]!), 'calcinosis'));
    });

    it('minPrefix and maxItems apply live; a cut list is incomplete', async () => {
      try {
        await setting('completion.minPrefix', 5);
        await eventually(async () => assert.equal((await completeAfter('calc')).items.length, 0));
        assert.ok((await completeAfter('calci')).items.length > 0);
        await setting('completion.minPrefix', undefined);
        await setting('completion.maxItems', 3);
        await eventually(async () => {
          const { items, incomplete } = await completeAfter('ca');
          const entries = new Set(items.map((i) => labelOf(i)));
          assert.ok(entries.size <= 6 && items.length > 0, `${items.length} items`);
          assert.equal(incomplete, true);
        });
      } finally {
        await setting('completion.minPrefix', undefined);
        await setting('completion.maxItems', undefined);
      }
    });

    it('clinicalNotes.languages decides where it runs', async () => {
      try {
        await setting('languages', ['clinical-note']);
        await eventually(async () => assert.equal((await completeAfter('calc', 'markdown')).items.length, 0));
        assert.ok((await completeAfter('calc', 'clinical-note')).items.length > 0);
      } finally {
        await setting('languages', undefined);
      }
      await eventually(async () => assert.ok((await completeAfter('calc', 'markdown')).items.length > 0));
    });
  });

  describe('hover', () => {
    const text = 'Known systemic sclerosis (SSc) with CREST. DERMATOMYOSITIS excluded. CC: lumps.';

    it('any word of "systemic sclerosis" shows its card over the whole term, with codes and source', async () => {
      const editor = await open(text);
      const start = text.indexOf('systemic');
      for (const offset of [start + 2, text.indexOf('sclerosis') + 3]) {
        const [hover] = await hoverAt(editor.document, new vscode.Position(0, offset));
        assert.ok(hover, `hover at ${offset}`);
        assert.match(hover.text, /systemic sclerosis/i);
        assert.match(hover.text, /M34/);
        assert.match(hover.text, /Sources/);
        assert.equal(hover.range?.start.character, start);
        assert.equal(hover.range?.end.character, start + 'systemic sclerosis'.length);
      }
    });

    it('abbreviations (SSc, CREST) and an upper-case word show their cards', async () => {
      const editor = await open(text);
      const at = async (word: string) => (await hoverAt(editor.document, new vscode.Position(0, text.indexOf(word) + 1)))[0]?.text ?? '';
      assert.match(await at('SSc'), /systemic sclerosis/i);
      assert.match(await at('CREST'), /M34\\?\.1/);
      assert.match(await at('DERMATOMYOSITIS'), /M33/);
    });

    it('an ambiguous abbreviation says first what it usually means (CC, DM)', async () => {
      const editor = await open(text);
      const [hover] = await hoverAt(editor.document, new vscode.Position(0, text.indexOf('CC') + 1));
      assert.ok(hover);
      assert.match(hover.text, /^\*\*CC\*\* — Usually means chief complaint; in calcinosis notes it can mean calcinosis cutis/);
      const dm = await open('Hx: DM, on insulin');
      const [dmHover] = await hoverAt(dm.document, new vscode.Position(0, 5));
      assert.ok(dmHover);
      assert.match(dmHover.text, /^\*\*DM\*\* — Usually means diabetes mellitus/);
      assert.ok(dmHover.text.indexOf('Usually means') < dmHover.text.indexOf('#### dermatomyositis'));
    });

    it('no card for CC heading a line: there it is the chief complaint', async () => {
      const editor = await open('CC: painful lumps on two fingers\nHistory: CC since 2020');
      assert.deepEqual(await hoverAt(editor.document, new vscode.Position(0, 1)), []);
      assert.equal((await hoverAt(editor.document, new vscode.Position(1, 10))).length, 1);
    });

    it('hover.enabled=false turns cards off', async () => {
      const editor = await open(text);
      const pos = new vscode.Position(0, text.indexOf('CREST') + 1);
      try {
        await setting('hover.enabled', false);
        await eventually(async () => assert.equal((await hoverAt(editor.document, pos)).length, 0));
      } finally {
        await setting('hover.enabled', undefined);
      }
      await eventually(async () => assert.equal((await hoverAt(editor.document, pos)).length, 1));
    });
  });

  describe('insert commands', () => {
    async function insert(command: string, content = 'Assessment:\nDystrophic calcinosis.\n'): Promise<string> {
      const editor = await open(content);
      const end = editor.document.positionAt(content.length);
      editor.selection = new vscode.Selection(end, end);
      assert.equal(await vscode.commands.executeCommand(command), true);
      return editor.document.getText();
    }

    it('Insert Workup Section: imaging choice and labs, read back as a Workup section', async () => {
      const text = await insert(CommandId.insertWorkup);
      const workup = parseSections(text).find((s) => s.kind === 'workup');
      assert.ok(workup, text);
      const body = text.slice(workup.start, workup.end);
      assert.match(body, /plain radiography/);
      for (const lab of ['serum calcium', 'serum phosphate', 'calcium-phosphate product', 'PTH', 'autoimmune screening']) assert.ok(body.includes(lab), lab);
      assert.match(body, /Biopsy: .*stain/);
      assert.ok(!text.includes('${'), 'no raw snippet syntax left');
    });

    it('Insert Treatment Plan: evidence levels, no doses', async () => {
      const text = await insert(CommandId.insertTreatmentPlan);
      assert.ok(parseSections(text).some((s) => s.kind === 'plan'));
      assert.match(text, /evidence level IV/);
      assert.match(text, /Not recommended: low-dose warfarin \(evidence level IB/);
      // Pain relief is an optional list the clinician chooses (F2), not a default.
      assert.match(text, /- Pain relief \(optional\): \{calcinosis-pain-relief\}/);
      assert.equal(DOSE.exec(text), null);
      assert.match(text, new RegExp(`Follow-up: ${new Date().getFullYear()}-\\d{2}-\\d{2}`));
    });

    it('Insert Calcinosis Note: every section, on its own line even mid-line', async () => {
      const text = await insert(CommandId.insertNote, 'Seen today');
      assert.deepEqual(
        parseSections(text).map((s) => s.kind),
        ['presentation', 'exam', 'assessment', 'workup', 'plan', 'patient-information'],
      );
      assert.match(text, /^Seen today\nPresentation:/);
    });

    it('patient information and follow-up', async () => {
      assert.match(await insert(CommandId.insertPatientInformation, ''), /^Patient information:\n.*healthcare provider/);
      assert.match(await insert(CommandId.insertFollowUp, ''), new RegExp(`^Follow-up: ${new Date().getFullYear()}-`));
    });
  });

  describe('knowledge-base search', () => {
    it('the lookup ranks sodium thiosulfate first for "thiosulfate" and inserts the term at the cursor', async () => {
      const editor = await open('Plan: start ');
      editor.selection = new vscode.Selection(0, 12, 0, 12);
      const result = await vscode.commands.executeCommand<{ items: string[]; inserted?: string }>(CommandId.lookupHeadless, { query: 'thiosulfate' });
      // Labels carry zero-width spaces so the QuickPick keeps the core's order (lookup.ts, keepOrderLabel).
      assert.equal(result.items[0].replace(/\u200b/g, ''), 'sodium thiosulfate');
      assert.equal(result.inserted, 'sodium thiosulfate');
      assert.equal(editor.document.getText(), 'Plan: start sodium thiosulfate');
    });

    it('the palette QuickPick, pre-filled, inserts the selected item on Enter', async () => {
      const editor = await open('Workup: ');
      editor.selection = new vscode.Selection(0, 8, 0, 8);
      const shown = vscode.commands.executeCommand(CommandId.search, 'von kossa');
      await new Promise((r) => setTimeout(r, 800));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await shown;
      await eventually(async () => assert.equal(editor.document.getText(), 'Workup: von Kossa stain'));
    });

    // The palette look-up answers questions with several words. VS Code filters and re-sorts QuickPick rows
    // by their label on its own: "low-dose warfarin" lacks "calcinosis", yet must show, first. The query is
    // put into the real QuickPick (as typing would) and Enter accepts the row VS Code shows first.
    for (const [query, first] of [
      ['warfarin calcinosis', 'low-dose warfarin'],
      ['MRI calcinosis', 'magnetic resonance imaging'],
      ['dermatomyositis calcinosis', 'dermatomyositis'],
      ['calciphylaxis icd', 'calciphylaxis'],
      ['what stain for calcium deposits', 'von Kossa stain'],
    ] as const) {
      it(`the palette QuickPick answers "${query}" with ${first} first, in the engine's order`, async () => {
        const rows = await vscode.commands.executeCommand<{ rows: { label: string; detail: string }[] }>(CommandId.lookupHeadless, { query, action: 'list' });
        assert.equal(rows.rows[0]?.label.replace(/\u200b/g, ''), first);
        const editor = await open('Plan: ');
        editor.selection = new vscode.Selection(0, 6, 0, 6);
        const shown = vscode.commands.executeCommand(CommandId.search, query);
        await new Promise((r) => setTimeout(r, 800));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await shown;
        await eventually(async () => assert.equal(editor.document.getText(), `Plan: ${first}`));
      });
    }

    it('each row says why it matched: the fact sentence, the matched words, the code when asked', async () => {
      const r = await vscode.commands.executeCommand<{ rows: { label: string; description: string; detail: string }[] }>(CommandId.lookupHeadless, { query: 'warfarin calcinosis', action: 'list' });
      assert.equal(r.rows[0]!.detail, 'evidence: Level IB evidence against (Oxford CEBM): Do not use low-dose warfarin for calcinosis.');
      assert.match(r.rows[0]!.description, /✓ warfarin, calcinosis$/);
      const code = await vscode.commands.executeCommand<{ rows: { label: string; description: string }[] }>(CommandId.lookupHeadless, { query: 'calcinosis cutis icd', action: 'list' });
      assert.match(code.rows[0]!.description, /L94\.2 Calcinosis cutis/);
    });

    it('a query with no match shows "No entry for … — did you mean …", and choosing a suggestion looks it up', async () => {
      const r = await vscode.commands.executeCommand<{ items: string[]; rows: { label: string }[] }>(CommandId.lookupHeadless, { query: 'calcinossisss', action: 'list' });
      assert.deepEqual(r.items, []);
      assert.match(r.rows[0]!.label, /^No entry for 'calcinossisss' — did you mean calcinosis/);
      const editor = await open('Dx: ');
      editor.selection = new vscode.Selection(0, 4, 0, 4);
      const shown = vscode.commands.executeCommand(CommandId.search, 'calcinossisss');
      await new Promise((r) => setTimeout(r, 800));
      // Enter on the "No entry" row does nothing; the next row is the first suggestion, which looks it up.
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 500));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await shown;
      await eventually(async () => assert.equal(editor.document.getText(), 'Dx: calcinosis'));
    });

    it('item actions: definition sentence, code, card', async () => {
      const editor = await open('');
      const def = await vscode.commands.executeCommand<{ inserted?: string }>(CommandId.lookupHeadless, { query: 'calcinosis cutis', action: 'definition' });
      assert.match(def.inserted ?? '', /^Calcinosis cutis: .+\.$/);
      assert.equal(editor.document.getText(), def.inserted);
      const code = await vscode.commands.executeCommand<{ copied?: string }>(CommandId.lookupHeadless, { query: 'calcinosis cutis', action: 'code' });
      assert.equal(code.copied, 'L94.2');
      const card = await vscode.commands.executeCommand<{ card?: string }>(CommandId.lookupHeadless, { query: 'calcinosis cutis', action: 'card' });
      assert.ok(card.card?.startsWith(`${CARD_SCHEME}:`));
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(card.card!));
      assert.match(doc.getText(), /L94\.2/);
      assert.doesNotMatch(doc.getText(), /<[a-z]/i, 'no HTML in the card');
    });

    it('Show Card for Term at Cursor opens a read-only card of the term under the cursor', async () => {
      const editor = await open('History of dermatomyositis.');
      editor.selection = new vscode.Selection(0, 14, 0, 14);
      const uri = await vscode.commands.executeCommand<string | undefined>(CommandId.showCardAtCursor);
      assert.ok(uri);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      assert.match(doc.getText(), /dermatomyositis/i);
      assert.match(doc.getText(), /M33/);
    });
  });
});
