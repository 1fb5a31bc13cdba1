import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { officialCodeLine } from '../../src/core/cards/cards';
import { importIcd10cm } from '../../src/core/knowledge/icd10cm';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { BUILTIN, ROOT, loadMini, readPack } from './helpers';

describe('term spotting (mini pack)', () => {
  const kb = loadMini();
  const at = (text: string, needle: string, delta = 0) => kb.termAt(text, text.indexOf(needle) + delta);

  it('covers every word of a multi-word term, longest first', () => {
    const text = 'History of systemic sclerosis since 2010.';
    for (const [needle, delta] of [['systemic', 0], ['systemic', 4], ['sclerosis', 0], ['sclerosis', 8]] as const) {
      const m = at(text, needle, delta);
      assert.equal(m?.entry.id, 'systemic-sclerosis', `${needle}+${delta}`);
      assert.equal(m?.text, 'systemic sclerosis');
      assert.equal(text.slice(m!.start, m!.end), 'systemic sclerosis');
    }
  });

  it('matches words in any case and abbreviations only as written', () => {
    assert.equal(at('SYSTEMIC SCLEROSIS', 'SCLEROSIS')?.entry.id, 'systemic-sclerosis');
    assert.equal(at('known SSc patient', 'SSc')?.abbreviation?.text, 'SSc');
    assert.equal(at('known ssc patient', 'ssc'), undefined);
    assert.equal(at('check PTH today', 'PTH', 3)?.entry.id, 'parathyroid-hormone');
  });

  it('respects word edges', () => {
    assert.equal(at('calcinosiscutis', 'cutis'), undefined);
    assert.equal(at('SScs', 'SScs'), undefined);
    assert.equal(at('a calcinosis b', ' b', 1), undefined);
    assert.equal(at('a calcinosis b', 'calcinosis', 10)?.entry.id, 'calcinosis');
  });

  it('does not join words across a line break or a sentence end', () => {
    assert.equal(at('systemic\nsclerosis', 'sclerosis'), undefined);
    assert.equal(at('calcinosis. Cutis', 'Cutis'), undefined);
    assert.equal(at('calcinosis cutis', 'cutis')?.entry.id, 'calcinosis-cutis');
  });

  it('spots codes as written and multi-word synonyms', () => {
    assert.equal(at('Dx: L94.2 today', '94')?.entry.id, 'calcinosis-cutis');
    assert.equal(at('Dx: L94.2 today', '2 today')?.text, 'L94.2');
    assert.equal(at('full range of motion', 'motion')?.entry.id, 'range-of-motion-limit');
    assert.equal(at('limited range of motion', 'limited')?.text, 'limited range of motion');
  });

  it('finds all terms left to right without overlaps', () => {
    const all = kb.spotter.all('SSc with calcinosis cutis (L94.2); PTH normal.');
    assert.deepEqual(all.map((m) => m.text), ['SSc', 'calcinosis cutis', 'L94.2', 'PTH']);
  });

  it('returns nothing outside the text and on empty text', () => {
    assert.equal(kb.termAt('', 0), undefined);
    assert.equal(kb.termAt('calcinosis', -1), undefined);
    assert.equal(kb.termAt('calcinosis', 11), undefined);
    assert.equal(kb.termAt('calcinosis', 10)?.entry.id, 'calcinosis');
  });

  it('looks only at a bounded window of a huge line', () => {
    const pad = 'x '.repeat(500_000);
    const text = `${pad}systemic sclerosis ${pad}`;
    assert.equal(kb.termAt(text, pad.length + 3)?.entry.id, 'systemic-sclerosis');
  });
});

describe('term spotting beside an imported ICD-10-CM pack', () => {
  const order = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'icd10cm', 'icd10cm_order_sample.txt'), 'utf8');
  const { pack } = importIcd10cm(order, { fileName: 'icd10cm_order_sample.txt', edition: '2025' });
  const { kb } = KnowledgeBase.load([readPack(BUILTIN), { file: 'icd10cm.json', text: JSON.stringify(pack) }]);
  const at = (text: string, needle: string) => kb.termAt(text, text.indexOf(needle));

  it('spots a code written in the note as the code entry', () => {
    assert.equal(at('Dx: E55.9 noted', 'E55')?.entry.id, 'icd10cm-e55-9');
    assert.equal(at('Dx: E55.9 noted', 'E55')?.text, 'E55.9');
    assert.equal(at('Dx E55 today', 'E55')?.entry.id, 'icd10cm-e55');
  });

  it('does not turn an official title written as prose into a code card; clinical entries keep their words', () => {
    assert.equal(at('history of primary hyperparathyroidism', 'primary'), undefined);
    assert.equal(at('Vitamin D deficiency, unspecified', 'deficiency')?.entry.kind ?? 'none', 'none');
    assert.equal(at('known calcinosis cutis', 'cutis')?.entry.id, 'calcinosis-cutis');
    // A code that the built-in pack also carries stays the built-in entry (loaded first).
    assert.equal(at('Dx: L94.2', 'L94')?.entry.id, 'calcinosis-cutis');
    assert.equal(at('Dx E21.0', 'E21')?.entry.id, 'hyperparathyroidism');
  });

  it('a code that a clinical entry carries brings the code set\'s own entry along (official title, billable)', () => {
    const m = at('Dx: L94.2', 'L94');
    assert.equal(m?.official?.id, 'icd10cm-l94-2');
    assert.equal(m?.official?.codes?.[0]?.billable, true);
    assert.equal(at('Dx: E55.9', 'E55')?.official, undefined, 'the code set\'s own entry is the match itself');
    assert.equal(at('known calcinosis cutis', 'cutis')?.official, undefined, 'only a code brings it');
  });

  it('the official line names the code set, the title, billable status and the file it came from', () => {
    const m = at('Dx: L94.2', 'L94')!;
    assert.equal(
      officialCodeLine(m.official!, m.text, kb.knowledge),
      '**In ICD\\-10\\-CM 2025 \\(icd10cm\\_order\\_sample\\.txt\\):** `L94.2` Calcinosis cutis (billable) — *source:* icd10cm\\-file: icd10cm\\_order\\_sample\\.txt \\(ICD\\-10\\-CM 2025\\)',
    );
  });
});
