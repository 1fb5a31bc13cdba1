import { strict as assert } from 'node:assert';
import { completionsAt, wordAt, worthOffering, type CompletionOptions } from '../../src/core/search/completion';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { TIER_TYPO, TIER_WORD_PREFIX } from '../../src/core/search/prefix-index';
import { BUILTIN, loadBuiltin, MINI, readPack } from './helpers';

const NOTE: CompletionOptions = { minPrefix: 2, maxItems: 30, prose: false };
const MARKDOWN: CompletionOptions = { ...NOTE, prose: true };

/** The suggestions for `typed` at the end of a line, as the editor asks for them. */
function labels(typed: string, options: CompletionOptions = NOTE, kb = loadBuiltin()): string[] {
  return completionsAt(kb, typed, typed.length, options)?.items.map((i) => i.label) ?? [];
}

/** The mini pack beside a code set whose one code has a short title holding a word its title lacks. */
function withCodeSet(): KnowledgeBase {
  const codes = {
    id: 'codes',
    title: 'Codes',
    version: '1',
    sources: [{ id: 'file', kind: 'file', title: 'codes.txt' }],
    sections: [{ id: 'codes', title: 'Codes' }],
    entries: [],
    codeSet: { system: 'ICD-10-CM', source: 'file', section: 'codes', rows: [['Q99.1', 'Quorvate disorder', 'Quorvate of hindlimb', true]] },
  };
  const { kb, problems } = KnowledgeBase.load([readPack(MINI), { file: 'codes.json', text: JSON.stringify(codes) }]);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  return kb;
}

describe('completion, decided in the core', () => {
  it('a code a clinical entry carries and a loaded code set lists too is one row, the clinical entry\'s', () => {
    const builtin = loadBuiltin();
    const carried = builtin.entries.find((e) => e.codes?.some((c) => c.code === 'E83.52'));
    assert.ok(carried, 'a built-in entry carries E83.52');
    const codes = {
      id: 'codes',
      title: 'Codes',
      version: '1',
      sources: [{ id: 'file', kind: 'file', title: 'codes.txt' }],
      sections: [{ id: 'codes', title: 'Codes' }],
      entries: [],
      codeSet: { system: 'ICD-10-CM', source: 'file', section: 'codes', rows: [['E83.51', 'Hypocalcemia', null, true], ['E83.52', 'Hypercalcemia', null, true]] },
    };
    const { kb } = KnowledgeBase.load([readPack(BUILTIN), { file: 'codes.json', text: JSON.stringify(codes) }]);
    const items = completionsAt(kb, 'Dx: E83.5', 9, NOTE)!.items;
    const codeRows = items.filter((i) => i.icon === 'code').map((i) => i.insertText);
    assert.deepEqual(codeRows.filter((c) => c === 'E83.52'), ['E83.52'], `one E83.52 row: ${items.map((i) => `${i.label} (${i.entryId})`).join(' | ')}`);
    assert.equal(items.find((i) => i.insertText === 'E83.52')!.entryId, carried.id, 'the clinical entry\'s row is kept');
    assert.ok(codeRows.includes('E83.51'), 'a code only the code set lists is still offered');
  });

  it('the word at the cursor: term characters, from a letter or digit', () => {
    assert.deepEqual(wordAt('see L94.2 now', 7), { start: 4, end: 9, typed: 'L94' });
    assert.deepEqual(wordAt('-calc', 5), { start: 1, end: 5, typed: 'calc' });
    assert.equal(wordAt('a  ', 3), undefined);
  });

  it('calc → calcinosis first; PTH → parathyroid hormone, PTH kept below it', () => {
    assert.equal(labels('calc')[0], 'calcinosis');
    const pth = completionsAt(loadBuiltin(), 'PTH', 3, NOTE)!.items;
    assert.equal(pth[0]!.insertText, 'parathyroid hormone');
    assert.ok(pth.some((i) => i.insertText === 'PTH'));
  });

  it('CC: kept as written first, the expansion last, marked ambiguous', () => {
    const items = completionsAt(loadBuiltin(), 'CC', 2, NOTE)!.items;
    assert.equal(items[0]!.insertText, 'CC');
    assert.equal(items[0]!.icon, 'text');
    const last = items.at(-1)!;
    assert.equal(last.insertText, 'calcinosis cutis');
    assert.equal(last.ambiguous, true);
    assert.match(last.label, /ambiguous/);
    assert.ok(last.sortText > items[0]!.sortText);
  });

  it('a code completes as itself, then the term it names', () => {
    const items = completionsAt(loadBuiltin(), 'L94.2', 5, NOTE)!.items;
    assert.equal(items[0]!.insertText, 'L94.2');
    assert.equal(items[0]!.icon, 'code');
    assert.ok(items.some((i) => i.insertText === 'calcinosis cutis'));
  });

  it('a multi-word term replaces the words already typed', () => {
    const line = 'with systemic scl';
    const item = completionsAt(loadBuiltin(), line, line.length, NOTE)!.items.find((i) => i.label === 'systemic sclerosis')!;
    assert.equal(item.start, 'with '.length);
    assert.ok(item.filterText.startsWith('systemic scl'));
    assert.equal(labels('sys scl')[0], 'systemic sclerosis');
  });

  it('prose stays quiet: no typos in Markdown, no stop words, inner words from three letters', () => {
    assert.equal(labels('calc', MARKDOWN)[0], 'calcinosis');
    assert.deepEqual(labels('calcinossi', MARKDOWN), []);
    assert.ok(labels('calcinossi').includes('calcinosis'));
    for (const w of ['the', 'in', 'with', 'over']) assert.deepEqual(labels(`pain ${w}`), [], w);
    assert.ok(labels('thio').includes('sodium thiosulfate'));
    assert.deepEqual(labels('sk', MARKDOWN), []);
  });

  it('too short yet: an empty list the editor is told to ask again for', () => {
    const answer = completionsAt(loadBuiltin(), 'c', 1, NOTE)!;
    assert.deepEqual(answer.items, []);
    assert.equal(answer.incomplete, true);
  });

  it('a cut list is incomplete; maxItems applies', () => {
    const answer = completionsAt(loadBuiltin(), 'ca', 2, { ...NOTE, maxItems: 3 })!;
    assert.ok(answer.items.length >= 3);
    assert.equal(answer.incomplete, true);
  });

  it('a code-set synonym word-prefix hit with section boosting stays a word-prefix hit (was scored 3.1 and dropped as a typo)', () => {
    const kb = withCodeSet();
    const [hit] = kb.search('hindlimb', { boostKinds: ['test'] });
    assert.ok(hit);
    assert.equal(hit.field, 'synonym');
    assert.equal(hit.tier, TIER_WORD_PREFIX);
    assert.ok(hit.score > 3, `the rank still carries its penalties (${hit.score})`);
    const answer = completionsAt(kb, 'hindlimb', 8, { ...MARKDOWN, boostKinds: ['test'] })!;
    assert.deepEqual(answer.items.map((i) => `${i.label}${i.labelDetail ?? ''}`), ['Quorvate disorder = Quorvate of hindlimb']);
    assert.equal(answer.incomplete, false, 'a word-prefix hit is not a typo the editor must ask again for');
  });

  it('worthOffering decides on the tier, never on a score', () => {
    assert.equal(worthOffering(TIER_WORD_PREFIX, 'hin', true), true);
    assert.equal(worthOffering(TIER_TYPO, 'calcinossi', true), false);
    assert.equal(worthOffering(TIER_TYPO, 'calcinossi', false), true);
  });
});
