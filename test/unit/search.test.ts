import * as assert from 'node:assert/strict';
import { loadMini } from './helpers';

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
