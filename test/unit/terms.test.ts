import * as assert from 'node:assert/strict';
import { loadMini } from './helpers';

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
