import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importIcd10cm } from '../../src/core/knowledge/icd10cm';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { BUILTIN, ROOT, loadMini, readPack } from './helpers';

describe('search (mini pack)', () => {
  const kb = loadMini();
  const top = (q: string) => kb.search(q)[0]?.entry.id;

  it('ranks the exact and shortest prefix match first', () => {
    assert.equal(top('calc'), 'calcinosis');
    assert.equal(top('calcinosis'), 'calcinosis');
    assert.equal(kb.search('calcinosis')[0].match, 'exact');
  });

  it('finds abbreviations case-sensitively first, and case-insensitively too', () => {
    const hit = kb.search('SSc')[0];
    assert.equal(hit.entry.id, 'systemic-sclerosis');
    assert.equal(hit.field, 'abbreviation');
    assert.equal(top('ssc'), 'systemic-sclerosis');
    assert.equal(top('PTH'), 'parathyroid-hormone');
  });

  it('finds codes with or without the dot, and by prefix', () => {
    assert.equal(top('L94.2'), 'calcinosis-cutis');
    assert.equal(top('l942'), 'calcinosis-cutis');
    assert.equal(top('L94'), 'calcinosis-cutis');
  });

  it('finds a word inside a term and multi-word prefixes', () => {
    assert.equal(top('thiosulfate'), 'sodium-thiosulfate');
    assert.equal(top('kossa'), 'von-kossa-stain');
    assert.equal(top('von kossa'), 'von-kossa-stain');
    assert.equal(top('vonkossa'), 'von-kossa-stain');
    assert.equal(top('sys scl'), 'systemic-sclerosis');
  });

  it('tolerates a misspelling through fuse.js', () => {
    const hit = kb.search('sclerodrema')[0];
    assert.equal(hit?.entry.id, 'systemic-sclerosis');
    assert.equal(hit.match, 'fuzzy');
  });

  it('falls back to definition words', () => {
    const hit = kb.search('histology black')[0];
    assert.equal(hit?.entry.id, 'von-kossa-stain');
    assert.equal(hit.field, 'definition');
  });

  it('marks an ambiguous abbreviation hit', () => {
    const hit = kb.search('CC')[0];
    assert.equal(hit.entry.id, 'calcinosis-cutis');
    assert.equal(hit.abbreviation?.ambiguous, true);
  });

  it('returns one hit per entry, honours limit and kinds, and boosts kinds within a tier', () => {
    const hits = kb.search('calcinosis', { limit: 10 });
    assert.equal(new Set(hits.map((h) => h.entry.id)).size, hits.length);
    assert.equal(kb.search('c', { limit: 2 }).length, 2);
    assert.deepEqual(kb.search('s', { kinds: ['treatment'] }).map((h) => h.entry.id), ['sodium-thiosulfate']);
    assert.equal(kb.search('s', { boostKinds: ['treatment'] })[0].entry.id, 'sodium-thiosulfate');
    assert.equal(kb.search('systemic sclerosis', { boostKinds: ['treatment'] })[0].entry.id, 'systemic-sclerosis');
  });

  it('returns nothing for empty or punctuation-only queries', () => {
    assert.deepEqual(kb.search(''), []);
    assert.deepEqual(kb.search('  --  '), []);
    assert.deepEqual(kb.search('zzzzqqqq'), []);
  });
});

describe('search beside an imported ICD-10-CM pack', () => {
  const order = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'icd10cm', 'icd10cm_order_sample.txt'), 'utf8');
  const { pack } = importIcd10cm(order, { fileName: 'icd10cm_order_sample.txt', edition: '2025' });
  const { kb } = KnowledgeBase.load([readPack(BUILTIN), { file: 'icd10cm.json', text: JSON.stringify(pack) }]);
  const ids = (q: string, limit = 30) => kb.search(q, { limit }).map((h) => h.entry.id);
  const isCode = (id: string) => id.startsWith('icd10cm-');

  it('lists every clinical hit before any code-set entry, whatever the tiers', () => {
    // The code set's "Sclerodactyly" starts with "sclero"; systemic sclerosis only has it inside.
    const sclero = ids('sclero');
    assert.ok(sclero.indexOf('systemic-sclerosis') >= 0 && sclero.indexOf('systemic-sclerosis') < sclero.indexOf('icd10cm-l94-3'), sclero.join());
    for (const q of ['sclero', 'hypercal', 'calc', 'vitamin', 'renal', 'E83', 'L94']) {
      const got = ids(q);
      const firstCode = got.findIndex(isCode);
      assert.ok(firstCode === -1 || got.slice(firstCode).every(isCode), `${q}: ${got.join()}`);
    }
  });

  it('typing a code or a category offers the code set\'s codes after the clinical entries that carry them', () => {
    const got = kb.search('E83', { limit: 30 }).map((h) => `${h.entry.id} ${h.matched}`);
    assert.deepEqual(got.slice(0, 3), ['calciphylaxis E83.59', 'hypercalcemia E83.52', 'calcium-metabolism-disorder E83.50']);
    // The category itself, then by code length, then the shorter title.
    assert.deepEqual(got.filter((g) => isCode(g)), [
      'icd10cm-e83 E83',
      'icd10cm-e83-5 E83.5',
      'icd10cm-e83-51 E83.51',
      'icd10cm-e83-52 E83.52',
      'icd10cm-e83-59 E83.59',
      'icd10cm-e83-50 E83.50',
    ]);
  });

  it('a code-set entry is found by its words when no clinical entry has them', () => {
    assert.equal(ids('vitamin d deficiency, unsp')[0], 'icd10cm-e55-9');
    assert.equal(ids('livedoid')[0], 'icd10cm-l95-0');
    assert.equal(ids('hypocalc')[0], 'icd10cm-e83-51');
    // ... and a clinical entry that has the words still comes first.
    assert.deepEqual(ids('end stage').slice(0, 2), ['end-stage-renal-disease', 'icd10cm-n18-6']);
    assert.equal(ids('hypervitaminosis')[0], 'vitamin-d-excess');
  });
});

describe('search: words of terms that repeat the term before them', () => {
  // Code titles come in code order and each repeats most of the one before; the index interns their words from
  // the characters. These labels share prefixes that end inside a word, at a word's end, past the shorter one,
  // and differ only in case or in characters outside ASCII.
  const labels = [
    'Fracture of femur, left',
    'Fracture of femur',
    'Fracture of femurs',
    'Fracture of femur-shaft',
    'Fracture Of Femur',
    'Fracture of fémur',
    'Fracture of femur γ',
    'Fracture of femur',
    'Fracture',
    'Fracture of femur, left side',
  ];
  const text = JSON.stringify({
    id: 'prefixes',
    title: 'Prefixes',
    version: '1',
    sources: [{ id: 'x', kind: 'file', title: 'x' }],
    sections: [{ id: 's', title: 'S' }],
    entries: labels.map((label, i) => ({ id: `e${i}`, label, kind: 'finding', definition: 'A test term.', sections: ['s'], sources: ['x'] })),
  });
  const { kb, problems } = KnowledgeBase.load([{ file: 'prefixes.json', text }]);

  it('indexes each term with its own words: every label finds itself as an exact match', () => {
    assert.deepEqual(problems, []);
    labels.forEach((label, i) => {
      const hits = kb.search(label).filter((h) => h.match === 'exact');
      assert.ok(hits.some((h) => h.entry.id === `e${i}`), `${label} (e${i}) → ${hits.map((h) => h.entry.id).join(', ')}`);
    });
  });

  it('splits a shared prefix at the word it ends in', () => {
    assert.deepEqual(kb.search('femurs').map((h) => h.entry.id), ['e2']);
    assert.deepEqual(kb.search('fracture of femur shaft').map((h) => [h.entry.id, h.match]), [['e3', 'exact']]);
    assert.ok(kb.search('left side').some((h) => h.entry.id === 'e9'));
    assert.ok(!kb.search('left').some((h) => h.entry.id === 'e1' || h.entry.id === 'e7'));
    assert.deepEqual(kb.search('gamma').map((h) => h.entry.id), ['e6']);
  });
});

describe('search: settling the index after a load', () => {
  const order = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'icd10cm', 'icd10cm_order_sample.txt'), 'utf8');
  const { pack } = importIcd10cm(order, { fileName: 'icd10cm_order_sample.txt', edition: '2025' });
  const inputs = () => [readPack(BUILTIN), { file: 'icd10cm.json', text: JSON.stringify(pack) }];
  const queries = ['calc', 'e83', 'hyper', 'l94.2', 'sclero', 'vitamin d', 'disorders of', 'calcinossi', 'of'];

  it('gives the same answers before, while and after the posting lists are put in order', () => {
    const lazy = KnowledgeBase.load(inputs()).kb;
    const settled = KnowledgeBase.load(inputs()).kb;
    const partly = KnowledgeBase.load(inputs()).kb;
    assert.equal(settled.index.settle(Infinity), true);
    assert.equal(partly.index.settle(-1), false, 'a spent budget stops after the first lists');
    const view = (kb: KnowledgeBase, q: string) => kb.search(q, { limit: 31 }).map((h) => `${h.entry.id} ${h.score}`);
    for (const q of queries) {
      assert.deepEqual(view(lazy, q), view(settled, q), q);
      assert.deepEqual(view(partly, q), view(settled, q), q);
    }
    assert.equal(lazy.index.settle(Infinity), true);
    for (const q of queries) assert.deepEqual(view(lazy, q), view(settled, q), q);
  });
});
