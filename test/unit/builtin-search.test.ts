import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, loadBuiltin } from './helpers';

interface SeedItem {
  section: string;
  item: string;
  query: string;
  entry: string;
}

describe('search over the built-in calcinosis pack', () => {
  const kb = loadBuiltin();
  const first = (q: string) => kb.search(q, { limit: 5 })[0]?.entry;

  const named: Array<[string, (label: string) => boolean]> = [
    ['calc', (l) => l === 'calcinosis'],
    ['PTH', (l) => l === 'parathyroid hormone'],
    ['SSc', (l) => l === 'systemic sclerosis'],
    ['L94.2', (l) => l === 'calcinosis cutis'],
    ['von kossa', (l) => /von Kossa/.test(l)],
    ['thiosulfate', (l) => l === 'sodium thiosulfate'],
    ['dermato', (l) => l === 'dermatomyositis'],
    ['calcinosis cutis', (l) => l === 'calcinosis cutis'],
    ['CREST', (l) => /CREST/.test(l)],
  ];
  for (const [query, ok] of named) {
    it(`"${query}" finds its entry first`, () => {
      const e = first(query);
      assert.ok(e && ok(e.label), `"${query}" gave ${e?.label}`);
    });
  }

  it('"calcinosis cutis" carries ICD-10-CM L94.2', () => {
    assert.ok(first('calcinosis cutis')!.codes!.some((c) => c.code === 'L94.2' && c.title === 'Calcinosis cutis'));
  });

  it('CC finds calcinosis cutis only as an ambiguous abbreviation', () => {
    const hit = kb.search('CC')[0];
    assert.equal(hit.entry.label, 'calcinosis cutis');
    assert.equal(hit.abbreviation?.ambiguous, true);
  });

  it('tolerates typos without polluting results', () => {
    assert.equal(first('calcinossi')?.label, 'calcinosis');
    assert.equal(first('diltiazme')?.label, 'diltiazem');
    assert.ok(!kb.search('CREST').some((h) => h.match === 'fuzzy' && h.field !== 'definition' && !/\bc/i.test(h.matched)), 'fuzzy hits must share the first letter of a word');
  });

  const items: SeedItem[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'seed-items.json'), 'utf8'));
  describe('every seed item is found first by its key words', () => {
    for (const item of items) {
      it(`${item.section}: "${item.item}" ← "${item.query}"`, () => {
        assert.equal(first(item.query)?.id, item.entry);
      });
    }
  });
});

describe('term spotting over the built-in pack', () => {
  const kb = loadBuiltin();
  const line = 'Hx of systemic sclerosis (SSc) with CREST features; DERMATOMYOSITIS excluded; PTH and von Kossa stain pending; L94.2.';
  const at = (needle: string, delta = 0) => kb.termAt(line, line.indexOf(needle) + delta)?.entry.label;

  it('finds multi-word terms, abbreviations, upper-case words and codes', () => {
    assert.equal(at('systemic'), 'systemic sclerosis');
    assert.equal(at('sclerosis', 5), 'systemic sclerosis');
    assert.equal(at('SSc'), 'systemic sclerosis');
    assert.match(at('CREST')!, /CREST/);
    assert.equal(at('DERMATOMYOSITIS', 3), 'dermatomyositis');
    assert.equal(at('PTH'), 'parathyroid hormone');
    assert.match(at('Kossa')!, /von Kossa/);
    assert.equal(at('L94.2', 4), 'calcinosis cutis');
  });
});
