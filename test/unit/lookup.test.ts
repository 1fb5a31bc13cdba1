/** The free-text look-up engine (src/core/search/lookup.ts) and its facet data (knowledge/lookup-facets.json). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MiniSearch from 'minisearch';
import { ClinicalScorer, builtinEquivalents, builtinFacets, foldTerm, type RunOptions } from '../../src/core/search/lookup';
import { LookupFacetsError, parseLookupFacets } from '../../src/core/search/lookup-facets';
import { LookupEquivalentsError, parseLookupEquivalents } from '../../src/core/search/lookup-equivalents';
import { noEntryLine } from '../../src/core/search/lookup-format';
import { ROOT, loadBuiltin } from './helpers';

const ids = (q: string, n = 3) => loadBuiltin().lookUp(q, { limit: n }).hits.map((h) => h.entry.id);

describe('look-up engine', () => {
  it('ranks the entry matching every word first, whatever the order of the words', () => {
    assert.equal(ids('warfarin calcinosis')[0], 'low-dose-warfarin');
    assert.equal(ids('calcinosis warfarin')[0], 'low-dose-warfarin');
    assert.equal(ids('MRI calcinosis')[0], 'magnetic-resonance-imaging');
    // "warfarin calciphylaxis": both the drug and the condition whose risk factor it is.
    assert.deepEqual(ids('warfarin calciphylaxis', 2).sort(), ['calciphylaxis', 'low-dose-warfarin']);
  });

  it('matches the last word as a prefix while it is being typed', () => {
    assert.equal(ids('sodium thiosul')[0], 'sodium-thiosulfate');
    assert.equal(ids('dermatomy')[0], 'dermatomyositis');
    // A finished query ("warfarin ") still matches whole words only for short words.
    assert.ok(ids('von koss').includes('von-kossa-stain'));
  });

  it('finds a term through a typo, and a code only exactly or by its start', () => {
    assert.equal(ids('calcifylaxis')[0], 'calciphylaxis');
    assert.equal(ids('diltiazam')[0], 'diltiazem');
    const codes = loadBuiltin().lookUp('L94.2').hits.map((h) => h.entry.id);
    assert.deepEqual(codes, ['calcinosis-cutis'], 'L94.3 is no typo of L94.2');
    assert.ok(ids('M33', 5).includes('dermatomyositis') && ids('M33', 5).includes('juvenile-dermatomyositis'));
  });

  it('folds British and US spelling and plurals the same way on both sides', () => {
    assert.equal(foldTerm('haemodialysis'), foldTerm('hemodialysis'));
    assert.equal(foldTerm('hypercalcaemia'), 'hypercalcemia');
    assert.equal(foldTerm('oedema'), 'edema');
    assert.equal(foldTerm('oesophageal'), 'esophageal');
    assert.equal(foldTerm('thiosulphate'), 'thiosulfate');
    assert.equal(foldTerm('personalised'), foldTerm('personalized'));
    assert.equal(foldTerm('tumour'), 'tumor');
    assert.equal(foldTerm('antibodies'), 'antibody');
    assert.equal(foldTerm('calcinosis'), 'calcinosis');
    assert.equal(ids('hypercalcaemia')[0], 'hypercalcemia');
    assert.equal(ids('oesophageal dysmotility')[0], 'esophageal-dysmotility');
  });

  it('facet words steer instead of blocking: "icd" lifts coded entries and shows the code', () => {
    const r = loadBuiltin().lookUp('calcinosis cutis icd', { limit: 3 });
    assert.deepEqual(r.facets, ['code']);
    assert.equal(r.hits[0]!.entry.id, 'calcinosis-cutis');
    assert.equal(r.hits[0]!.code?.code, 'L94.2');
    // Without the facet no code is pushed on the reader.
    assert.equal(loadBuiltin().lookUp('calcinosis cutis', { limit: 1 }).hits[0]!.code, undefined);
    // "calciphylaxis icd" still answers calciphylaxis (the word "icd" is in no entry).
    assert.equal(ids('calciphylaxis icd')[0], 'calciphylaxis');
  });

  it('facet words lift the entries and sentences holding what they ask for', () => {
    const stain = loadBuiltin().lookUp('what stain for calcium deposits', { limit: 3 });
    assert.deepEqual(stain.facets, ['stain']);
    assert.equal(stain.hits[0]!.entry.id, 'von-kossa-stain');
    const se = loadBuiltin().lookUp('sodium thiosulfate side effects', { limit: 3 });
    const hit = se.hits.find((h) => h.entry.id === 'intravenous-sodium-thiosulfate');
    assert.ok(hit, se.hits.map((h) => h.entry.id).join(', '));
    assert.equal(hit.why.field, 'fact');
    assert.match(hit.why.text, /^Adverse effects include/);
    assert.ok(ids('first-line imaging').includes('plain-radiography'));
    assert.equal(ids('how common is calcinosis in juvenile dermatomyositis')[0], 'juvenile-dermatomyositis');
  });

  it('says why each hit matched: the field or fact sentence, and where the words are in it', () => {
    const [hit] = loadBuiltin().lookUp('warfarin calcinosis', { limit: 1 }).hits;
    assert.equal(hit!.why.field, 'evidence');
    assert.equal(hit!.why.text, 'Level IB evidence against (Oxford CEBM): Do not use low-dose warfarin for calcinosis.');
    assert.deepEqual(hit!.words, ['warfarin', 'calcinosis']);
    assert.deepEqual(hit!.why.ranges.map(([s, e]) => hit!.why.text.slice(s, e)), ['warfarin', 'calcinosis']);
    const [abbr] = loadBuiltin().lookUp('PTH', { limit: 1 }).hits;
    assert.deepEqual([abbr!.entry.id, abbr!.why.field, abbr!.why.text], ['parathyroid-hormone', 'abbreviation', 'PTH']);
  });

  it('never answers with nothing: "did you mean" names the nearest terms', () => {
    const r = loadBuiltin().lookUp('calcinossisss');
    assert.deepEqual(r.hits, []);
    assert.ok(r.didYouMean.includes('calcinosis'), r.didYouMean.join(', '));
    assert.match(noEntryLine('calcinossisss', r.didYouMean), /^No entry for 'calcinossisss' — did you mean calcinosis/);
    assert.equal(noEntryLine('zz', []), "No entry for 'zz'.");
    assert.equal(noEntryLine('x', ['a', 'b', 'c']), "No entry for 'x' — did you mean a, b or c?");
    // Only question words: nothing to look up, and no error.
    assert.deepEqual(loadBuiltin().lookUp('what is the').hits, []);
    assert.deepEqual(loadBuiltin().lookUp('   ').hits, []);
  });

  it('indexes a code set apart and ranks clinical entries first at equal match', () => {
    const kbText = fs.readFileSync(path.join(ROOT, 'knowledge', 'calcinosis.json'), 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KnowledgeBase } = require('../../src/core/knowledge/knowledge-base') as typeof import('../../src/core/knowledge/knowledge-base');
    const codes = { id: 'codes', title: 'Codes', version: '1', sources: [{ id: 'cms', kind: 'file', title: 'CMS' }], sections: [{ id: 'codes', title: 'Codes' }], entries: [], codeSet: { system: 'ICD-10-CM', source: 'cms', section: 'codes', rows: [['L94.2', 'Calcinosis cutis', null, true], ['E83.51', 'Hypocalcemia', null, true]] } };
    const { kb, problems } = KnowledgeBase.load([{ file: 'calcinosis.json', text: kbText }, { file: 'codes.json', text: JSON.stringify(codes) }]);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(kb.lookUp('calcinosis cutis', { limit: 1 }).hits.map((h) => h.entry.id), ['calcinosis-cutis']);
    assert.ok(kb.lookUp('L94.2').hits.some((h) => h.entry.pack === 'codes'));
    // A code title only the code set has is found beside the clinical entry one typo away.
    assert.ok(kb.lookUp('hypocalcemia', { limit: 2 }).hits.some((h) => h.entry.label === 'Hypocalcemia'));
  });
});

describe('look-up index building and pruning', () => {
  const fresh = () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KnowledgeBase } = require('../../src/core/knowledge/knowledge-base') as typeof import('../../src/core/knowledge/knowledge-base');
    return KnowledgeBase.load([{ file: 'calcinosis.json', text: fs.readFileSync(path.join(ROOT, 'knowledge', 'calcinosis.json'), 'utf8') }]).kb;
  };
  const answer = (kb: ReturnType<typeof fresh>, q: string) => kb.lookUp(q, { limit: 10 }).hits.map((h) => `${h.entry.id} ${h.score} ${h.why.field} ${h.words.join('+')}`);
  const queries = ['warfarin calcinosis', 'calcinosis cutis icd', 'what stain for calcium deposits', 'dermatomy', 'calcifylaxis', 'M33'];

  it('builds the index in slices that a look-up can overtake, answering as an index built at once', () => {
    const atOnce = fresh();
    const sliced = fresh();
    // A zero budget adds one entry per slice: the build is unfinished after a few slices.
    for (let i = 0; i < 5; i++) assert.equal(sliced.warmLookup(0), false);
    // A look-up now finishes the build itself, from where the slices left off.
    for (const q of queries) assert.deepEqual(answer(sliced, q), answer(atOnce, q), q);
    assert.equal(sliced.warmLookup(0), true);
    const warmed = fresh();
    let slices = 0;
    while (!warmed.warmLookup(1)) slices++;
    assert.ok(slices > 0);
    for (const q of queries) assert.deepEqual(answer(warmed, q), answer(atOnce, q), q);
  });

  it('is built unasked after a load of clinical packs, but waits to be asked when a code set is loaded', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KnowledgeBase } = require('../../src/core/knowledge/knowledge-base') as typeof import('../../src/core/knowledge/knowledge-base');
    const kbText = fs.readFileSync(path.join(ROOT, 'knowledge', 'calcinosis.json'), 'utf8');
    assert.equal(fresh().warmsLookupUnasked(), true);
    const codes = { id: 'codes', title: 'Codes', version: '1', sources: [{ id: 'cms', kind: 'file', title: 'CMS' }], sections: [{ id: 'codes', title: 'Codes' }], entries: [], codeSet: { system: 'ICD-10-CM', source: 'cms', section: 'codes', rows: [['L94.2', 'Calcinosis cutis', null, true]] } };
    const { kb } = KnowledgeBase.load([{ file: 'calcinosis.json', text: kbText }, { file: 'codes.json', text: JSON.stringify(codes) }]);
    assert.equal(kb.warmsLookupUnasked(), false);
  });

  it('a shorter list is the start of the longer one (results are pruned by their score bound, not cut)', () => {
    const kb = loadBuiltin();
    for (const q of [...queries, 'calcinosis', 'calcinosis treatment', 'systemic sclerosis antibody', 'c']) {
      const long = kb.lookUp(q, { limit: 50 }).hits.map((h) => h.entry.id);
      for (const n of [1, 3, 10]) assert.deepEqual(kb.lookUp(q, { limit: n }).hits.map((h) => h.entry.id), long.slice(0, n), `${q} (${n})`);
    }
  });
});

describe('look-up word equivalences (knowledge/lookup-equivalents.json) and hyphenated words', () => {
  it('finds what the pack writes with a hyphen when the word is typed without one', () => {
    assert.equal(ids('u1rnp')[0], 'anti-u1-rnp-antibody');
    assert.equal(ids('scl70')[0], 'anti-scl-70-antibody');
    assert.equal(ids('xray findings calcinosis')[0], 'plain-radiography');
    // The compacted word is highlighted where the pack writes it, hyphens and all.
    const [hit] = loadBuiltin().lookUp('u1rnp', { limit: 1 }).hits;
    assert.deepEqual(hit!.words, ['U1-RNP']);
  });

  it('looks an equivalent word or phrase up as the word it stands for', () => {
    assert.ok(ids('sarcoid hypercalcemia').includes('sarcoidosis'));
    assert.equal(ids('pth surgery')[0], 'parathyroidectomy');
    assert.equal(ids('parathyroid surgery for calciphylaxis')[0], 'parathyroidectomy');
    assert.equal(ids('calcinosis in children')[0], 'juvenile-dermatomyositis');
    assert.equal(ids('scrotal calcium nodules')[0], 'scrotal-calcinosis');
    // Only the phrase stands for the other word: "parathyroid hormone" is still the hormone.
    assert.equal(ids('parathyroid hormone')[0], 'parathyroid-hormone');
    // The word it stands for is highlighted in the text that matched.
    const [jdm] = loadBuiltin().lookUp('childhood dermatomyositis', { limit: 1 }).hits;
    assert.equal(jdm!.entry.id, 'juvenile-dermatomyositis');
    assert.ok(jdm!.words.some((w) => /juvenile|childhood/i.test(w)), jdm!.words.join(', '));
  });

  it('the shipped file is valid, and a broken one is refused with a message naming the file and the field', () => {
    const groups = builtinEquivalents().groups;
    assert.ok(groups.some((g) => g.words[0] === 'sarcoidosis' && g.words.includes('sarcoid')));
    for (const g of groups) assert.ok(g.note.length > 20, g.words[0]);
    const good = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'knowledge', 'lookup-equivalents.json'), 'utf8'));
    const fails = (mutate: (d: any) => void, message: RegExp) => {
      const d = good();
      mutate(d);
      assert.throws(() => parseLookupEquivalents(d, 'eq.json'), (e: unknown) => e instanceof LookupEquivalentsError && message.test(e.message));
    };
    fails((d) => (d.groups = {}), /^eq\.json: \/groups: must be an array of groups$/);
    fails((d) => (d.groups[0].words = ['sarcoidosis']), /^eq\.json: \/groups\/0\/words: must list at least two words or phrases$/);
    fails((d) => (d.groups[0].words[1] = ''), /^eq\.json: \/groups\/0\/words\/1: must be a non-empty string$/);
    fails((d) => (d.groups[1].words[0] = 'parathyroid surgery x'), /^eq\.json: \/groups\/1\/words\/0: must be one word/);
    fails((d) => d.groups[1].words.push('Sarcoid'), /^eq\.json: \/groups\/1\/words\/\d+: "Sarcoid" is already in \/groups\/0\/words\/1$/);
    fails((d) => delete d.groups[0].note, /^eq\.json: \/groups\/0\/note: must say why/);
    fails((d) => (d.groups[0].source = 'x'), /^eq\.json: \/groups\/0\/source: unknown field/);
    assert.throws(() => parseLookupEquivalents([], 'f.json'), /^LookupEquivalentsError: f\.json: \/: must be an object/);
  });
});

describe('look-up facet data (knowledge/lookup-facets.json)', () => {
  it('the shipped file is valid and names the facets the issue asks for', () => {
    const f = builtinFacets();
    for (const id of ['code', 'evidence', 'prevalence', 'antibody', 'stain', 'side-effect', 'risk-factor', 'first-line', 'treatment', 'imaging', 'lab']) assert.ok(f.facets.some((x) => x.id === id), id);
    for (const w of ['in', 'for', 'what', 'of', 'the', 'with']) assert.ok(f.stopWords.includes(w), w);
  });

  it('a broken file is refused with a message naming the file and the field', () => {
    const good = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'knowledge', 'lookup-facets.json'), 'utf8'));
    const fails = (mutate: (d: any) => void, message: RegExp) => {
      const d = good();
      mutate(d);
      assert.throws(() => parseLookupFacets(d, 'facets.json'), (e: unknown) => e instanceof LookupFacetsError && message.test(e.message));
    };
    fails((d) => (d.facets = {}), /^facets\.json: \/facets: must be an array of facets$/);
    fails((d) => (d.facets[0].words = []), /^facets\.json: \/facets\/0\/words: must list at least one word$/);
    fails((d) => (d.facets[1].words[2] = 3), /^facets\.json: \/facets\/1\/words\/2: must be a non-empty string$/);
    fails((d) => (d.facets[2].boost = 0), /^facets\.json: \/facets\/2\/boost: must be a number from 1 to 10$/);
    fails((d) => (d.facets[0].favour = { kinds: ['drug'] }), /^facets\.json: \/facets\/0\/favour\/kinds\/0: unknown kind "drug"/);
    fails((d) => (d.facets[0].favour = { colour: true }), /^facets\.json: \/facets\/0\/favour\/colour: unknown criterion/);
    fails((d) => (d.facets[3].id = d.facets[0].id), /^facets\.json: \/facets\/3\/id: duplicate facet id "code"$/);
    fails((d) => (d.facets[0].boosts = 2), /^facets\.json: \/facets\/0\/boosts: unknown field/);
    fails((d) => (d.stopWords = 'the'), /^facets\.json: \/stopWords: must be an array of strings$/);
    assert.throws(() => parseLookupFacets([], 'f.json'), /^LookupFacetsError: f\.json: \/: must be an object/);
  });
});

describe('look-up clinical scorer (MiniSearch search without per-entry garbage)', () => {
  it('gives MiniSearch#search\'s results, scores to the last bit and order, prefix and typo matches included', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadPacks } = require('../../src/core/knowledge/load') as typeof import('../../src/core/knowledge/load');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { syntheticPackText } = require('../generators/synthetic') as typeof import('../generators/synthetic');
    const { knowledge } = loadPacks([
      { file: 'calcinosis.json', text: fs.readFileSync(path.join(ROOT, 'knowledge', 'calcinosis.json'), 'utf8') },
      { file: 'synthetic.json', text: syntheticPackText(300, 1) },
    ]);
    const boost = { label: 6, synonyms: 4, definition: 1.6, facts: 1 };
    const ms = new MiniSearch<{ id: number; [k: string]: string | number }>({ fields: Object.keys(boost), searchOptions: { boost } });
    ms.addAll(knowledge.entries.map((e, id) => ({ id, label: e.label, synonyms: (e.synonyms ?? []).join(' ; '), definition: e.definition, facts: (e.facts ?? []).map((f) => f.text).join(' ') })));
    const scorer = new ClinicalScorer(ms, boost);
    const cases: [string[], number][] = [
      [['calcinosis', 'treatment'], 0],
      [['warfarin', 'calcinosis'], 0],
      [['calcifylaxis'], 0.25],
      [['sclerosis', 'calc'], 0],
      [['dermatomyositis', 'juvenile', 'calcium'], 1],
      [['zzzz'], 1],
    ];
    for (const [terms, fuzzyness] of cases) {
      const last = terms.length - 1;
      const opts: RunOptions = {
        combineWith: 'OR',
        prefix: (t, i) => i === last || t.length >= 6,
        fuzzy: (t) => (t.length >= 4 ? fuzzyness || false : false),
        maxFuzzy: 2,
        weights: { fuzzy: 0.4, prefix: 0.6 },
      };
      const want = ms.search(terms.join(' '), { ...opts, tokenize: (t) => t.split(' '), processTerm: (t) => t });
      const got = scorer.search(terms, opts);
      const view = (r: { id: number | string; score: number; terms: string[]; queryTerms: string[] }) => `${r.id} ${r.score} ${[...r.terms].sort().join(',')} ${r.queryTerms.join(',')}`;
      assert.deepEqual(got.map(view), want.map(view), terms.join(' '));
      if (terms[0] !== 'zzzz') assert.ok(want.length > 0, terms.join(' '));
    }
  });
});
