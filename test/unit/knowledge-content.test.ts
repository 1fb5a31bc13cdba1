/**
 * Content tests for the built-in knowledge pack (knowledge/calcinosis.json) and the seed-item
 * fixture used by the search tests. They read the JSON directly (no loader) so that a wrong
 * citation, a dose, a believed-but-unverified fact or a mistyped ICD-10-CM code fails here even
 * when the loader would accept the file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Entry, Pack } from '../../src/core/types';

interface SeedItem {
  section: string;
  item: string;
  query: string;
  entry: string;
}

const PACK_PATH = path.join(process.cwd(), 'knowledge', 'calcinosis.json');
const SEED_ITEMS_PATH = path.join(process.cwd(), 'test', 'fixtures', 'seed-items.json');

const SEED_SECTIONS = [
  'overview',
  'presentation',
  'workup',
  'treatment',
  'prognosis',
  'etiology',
  'epidemiology',
  'pathophysiology',
  'prevention',
  'summary',
  'patient-information',
];

/**
 * Every ICD-10-CM code the pack may carry, with its official title and S# source, in
 * test/fixtures/official-code-titles.json (titles from the clinical reference §2, or read in the CMS
 * code file S34 where the reference gives only the pattern). A typo in a code or a title fails.
 */
const EXPECTED_CODES: Record<string, string> = Object.fromEntries(
  Object.entries(
    (JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'official-code-titles.json'), 'utf8')) as { codes: Record<string, { title: string }> }).codes,
  ).map(([code, v]) => [code, v.title]),
);

/** Abbreviations the reference (§6) marks verified, each with the entry that must carry it. */
const EXPECTED_ABBREVIATIONS: Record<string, string> = {
  CC: 'calcinosis-cutis',
  DCC: 'dystrophic-calcinosis',
  JDM: 'juvenile-dermatomyositis',
  DM: 'dermatomyositis',
  SSc: 'systemic-sclerosis',
  dcSSc: 'diffuse-cutaneous-systemic-sclerosis',
  CREST: 'crest-syndrome',
  ACTD: 'autoimmune-connective-tissue-disease',
  PTH: 'parathyroid-hormone',
  ESWL: 'eswl',
  STS: 'sodium-thiosulfate',
  ESRD: 'end-stage-renal-disease',
  ESKD: 'end-stage-renal-disease',
  CUA: 'calciphylaxis',
  HD: 'hemodialysis',
  PD: 'peritoneal-dialysis',
  IVIG: 'ivig',
  MCTD: 'mixed-connective-tissue-disease',
  CKD: 'chronic-kidney-disease',
  ACA: 'anticentromere-antibody',
  'NXP-2': 'anti-nxp2-antibody',
  'MDA-5': 'anti-mda5-antibody',
  'TIF1-γ': 'anti-tif1-gamma-antibody',
  HFTC: 'hftc',
  'Ca×P': 'calcium-phosphate-product',
};

/** Entries the product relies on (snippets, hovers and the search tests name them). */
const REQUIRED_ENTRIES = [
  'calcinosis',
  'calcinosis-cutis',
  'calcinosis-prognosis',
  'calcinosis-summary',
  'calcinosis-patient-information',
  'calcinosis-epidemiology',
  'calcinosis-pathophysiology',
  'calcinosis-prevention',
  'dystrophic-calcinosis',
  'metastatic-calcinosis',
  'idiopathic-calcinosis',
  'iatrogenic-calcinosis',
  'calciphylaxis',
  'calcinosis-circumscripta',
  'calcinosis-universalis',
  'tumoral-calcinosis',
  'hftc',
  'dermatomyositis',
  'juvenile-dermatomyositis',
  'systemic-sclerosis',
  'crest-syndrome',
  'hyperparathyroidism',
  'plain-radiography',
  'computed-tomography',
  'magnetic-resonance-imaging',
  'ultrasound',
  'bone-scintigraphy',
  'serum-calcium',
  'serum-phosphate',
  'calcium-phosphate-product',
  'parathyroid-hormone',
  'biopsy',
  'von-kossa-stain',
  'nsaids',
  'immunosuppressants',
  'surgical-excision',
  'physical-therapy',
  'sodium-thiosulfate',
  'low-dose-warfarin',
  'diltiazem',
  'bisphosphonates',
  'rituximab',
];

/** Dose-like text: amounts with units, per-weight or per-time dosing, and dosing frequencies. */
const DOSE_PATTERNS: RegExp[] = [
  // An amount with a unit. `(?!²)` lets the Ca×P threshold "70 mg²/dL²" through.
  /\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|mL|ml|units?|IU|mmol|mEq)\b(?!²)/i,
  /\bmg\/kg\b/i,
  /\/\s?(?:day|d|wk|week)\b/i,
  /\bper (?:day|dose|kg|week)\b/i,
  /\b(?:once|twice|three times|four times)\s+(?:a\s+)?(?:day|daily|week|weekly)\b/i,
  /\b(?:once|twice|thrice) (?:daily|weekly)\b/i,
  /(?:^|[^\w.])(?:b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?d|q\.?o\.?d)\.?(?![\w])/i,
  /\bq\d+h\b/i,
  /\b(?:daily|weekly|nightly)\b/i,
];

function isDoseLike(text: string): boolean {
  return DOSE_PATTERNS.some((re) => re.test(text));
}

/** Every string in a JSON value, with its JSON pointer. */
function strings(value: unknown, pointer = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[pointer, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${pointer}/${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => strings(v, `${pointer}/${k}`));
  }
  return [];
}

/** Every `sources` array in a JSON value, with its JSON pointer. */
function sourceLists(value: unknown, pointer = ''): Array<[string, string[]]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => sourceLists(v, `${pointer}/${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      k === 'sources' && Array.isArray(v) ? [[`${pointer}/${k}`, v as string[]] as [string, string[]]] : sourceLists(v, `${pointer}/${k}`),
    );
  }
  return [];
}

function norm(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/×/g, 'x')
    .replace(/γ/g, 'gamma')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function entryTerms(e: Entry): string[] {
  return [e.label, ...(e.synonyms ?? []), ...(e.abbreviations ?? []).map((a) => a.text)];
}

describe('knowledge pack content (knowledge/calcinosis.json)', () => {
  const pack = JSON.parse(fs.readFileSync(PACK_PATH, 'utf8')) as Pack;
  const seedItems = JSON.parse(fs.readFileSync(SEED_ITEMS_PATH, 'utf8')) as SeedItem[];
  const byId = new Map(pack.entries.map((e) => [e.id, e]));
  const sourceIds = new Set(pack.sources.map((s) => s.id));
  const sectionIds = new Set(pack.sections.map((s) => s.id));
  const allText = JSON.stringify(pack);

  describe('header', () => {
    it('identifies the built-in calcinosis pack', () => {
      assert.equal(pack.$schema, './schema.json');
      assert.equal(pack.id, 'calcinosis');
      assert.equal(pack.title, 'Calcinosis');
      assert.equal(pack.version, '1.0.0');
      assert.equal(pack.subject, 'calcinosis');
      assert.ok(pack.description && pack.description.length > 0);
    });
  });

  describe('sources', () => {
    it('declares each source once', () => {
      assert.equal(sourceIds.size, pack.sources.length);
    });

    it('has one seed source per seed section, pointing at that section', () => {
      for (const section of SEED_SECTIONS) {
        const s = pack.sources.find((x) => x.id === `seed:${section}`);
        assert.ok(s, `missing seed:${section}`);
        assert.equal(s.kind, 'seed');
        assert.equal(s.section, section);
        assert.ok(s.title.length > 0);
      }
      const seeds = pack.sources.filter((s) => s.kind === 'seed');
      assert.equal(seeds.length, SEED_SECTIONS.length);
    });

    it('gives every reference source an http(s) URL, as the reference lists it, and an S# (or PMC) key', () => {
      for (const s of pack.sources.filter((x) => x.kind === 'reference')) {
        assert.match(s.url ?? '', /^https?:\/\/\S+$/, `${s.id} has no URL`);
        // S33b: the second article the reference lists under S33, kept apart so each fact cites what says it.
        assert.match(s.id, /^(S\d+[a-z]?|PMC\d+)$/, `${s.id} is not an S# key`);
        assert.ok(s.title.length > 0);
      }
    });

    it('resolves every sources reference (entries, facts, codes, evidence, abbreviations, sections)', () => {
      const lists = sourceLists({ sections: pack.sections, entries: pack.entries });
      assert.ok(lists.length > 0);
      for (const [pointer, list] of lists) {
        assert.ok(list.length > 0, `${pointer} is empty`);
        for (const id of list) assert.ok(sourceIds.has(id), `${pointer} cites undeclared source ${id}`);
      }
    });

    it('cites every declared source', () => {
      const cited = new Set(sourceLists({ sections: pack.sections, entries: pack.entries }).flatMap(([, l]) => l));
      for (const id of sourceIds) assert.ok(cited.has(id), `${id} is declared but never cited`);
    });

    it('never cites sources without a URL or of low authority', () => {
      for (const id of ['S37', 'S50', 'S-droracle']) assert.ok(!sourceIds.has(id), `${id} must not be cited`);
      // S35 (VistA encounter forms) had no resolvable path in the reference; it is cited now with the repository folder that holds the routines.
      assert.match(pack.sources.find((s) => s.id === 'S35')?.url ?? '', /^https:\/\/github\.com\/WorldVistA\/VistA-M\//);
      assert.doesNotMatch(allText, /biocyclopedia|droracle|medmind\.pro/i);
    });

    it('cites a source for every entry, fact, code, evidence and abbreviation', () => {
      for (const e of pack.entries) {
        assert.ok(e.sources.length > 0, e.id);
        for (const f of e.facts ?? []) assert.ok(f.sources.length > 0, `${e.id}: ${f.text}`);
        for (const c of e.codes ?? []) assert.ok(c.sources.length > 0, `${e.id}: ${c.code}`);
        if (e.evidence) assert.ok(e.evidence.sources.length > 0, e.id);
        for (const a of e.abbreviations ?? []) assert.ok((a.sources ?? []).length > 0, `${e.id}: ${a.text}`);
      }
    });
  });

  describe('sections', () => {
    it('has every seed section, summarised and sourced from its seed section', () => {
      for (const id of SEED_SECTIONS) {
        const s = pack.sections.find((x) => x.id === id);
        assert.ok(s, `missing section ${id}`);
        assert.ok((s.summary ?? '').length > 0, `${id} has no summary`);
        assert.deepEqual(s.sources, [`seed:${id}`]);
      }
    });

    it('puts at least one entry in every section', () => {
      for (const s of pack.sections) {
        assert.ok(pack.entries.some((e) => e.sections.includes(s.id)), `no entry in section ${s.id}`);
      }
    });
  });

  describe('entries', () => {
    it('has unique kebab-case ids', () => {
      assert.equal(byId.size, pack.entries.length);
      for (const e of pack.entries) assert.match(e.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    });

    it('has unique labels (case-insensitive)', () => {
      const seen = new Map<string, string>();
      for (const e of pack.entries) {
        const key = e.label.toLowerCase();
        assert.ok(!seen.has(key), `label "${e.label}" used by ${seen.get(key)} and ${e.id}`);
        seen.set(key, e.id);
      }
    });

    it('links only to existing entries and sections', () => {
      for (const e of pack.entries) {
        assert.ok(e.sections.length > 0, `${e.id} is in no section`);
        for (const s of e.sections) assert.ok(sectionIds.has(s), `${e.id} names unknown section ${s}`);
        for (const r of e.related ?? []) {
          assert.ok(byId.has(r), `${e.id} relates to unknown entry ${r}`);
          assert.notEqual(r, e.id, `${e.id} relates to itself`);
        }
      }
    });

    it('defines every entry', () => {
      for (const e of pack.entries) assert.ok(e.definition.trim().length > 0, e.id);
    });

    it('includes the entries the product relies on', () => {
      for (const id of REQUIRED_ENTRIES) assert.ok(byId.has(id), `missing entry ${id}`);
    });

    it('finds sodium thiosulfate, von Kossa and the Ca×P product by what clinicians type', () => {
      assert.equal(byId.get('sodium-thiosulfate')?.label, 'sodium thiosulfate');
      assert.ok(entryTerms(byId.get('von-kossa-stain')!).some((t) => /von Kossa/.test(t)));
      const caxp = entryTerms(byId.get('calcium-phosphate-product')!);
      for (const t of ['CaxP', 'Ca x P', 'Ca×P']) assert.ok(caxp.includes(t), `Ca×P product lacks "${t}"`);
      const xray = entryTerms(byId.get('plain-radiography')!).map((t) => t.toLowerCase());
      for (const t of ['x-ray', 'radiograph', 'plain radiography']) assert.ok(xray.includes(t), `plain radiography lacks "${t}"`);
    });
  });

  describe('safety', () => {
    it('contains no dose-like text anywhere', () => {
      for (const [pointer, text] of strings(pack)) {
        assert.ok(!isDoseLike(text), `dose-like text at ${pointer}: ${text}`);
      }
    });

    it('recognises doses but lets the Ca×P threshold through (regex self-check)', () => {
      for (const dose of ['10 mg', '2.5 mg', '5 mg/kg', '25 g', '0.5mL', '1000 units', '400 IU', 'twice daily', 'b.i.d.', 'tid', 'once a week', 'per day', '3 g/day', 'q8h']) {
        assert.ok(isDoseLike(dose), `not flagged: ${dose}`);
      }
      for (const ok of ['Ca×P above 70 mg²/dL²', 'OR 15.5', '22 of 28', '24.7% (1290/5218)', 'level IV', 'level IB', 'M33.10', 'about 6 weeks', '1–3 years', 'CO2 laser']) {
        assert.ok(!isDoseLike(ok), `wrongly flagged: ${ok}`);
      }
    });

    it('keeps the Ca×P threshold at 70 mg²/dL² and never ships the weak ">60" figure', () => {
      assert.ok(allText.includes('70 mg²/dL²'));
      assert.doesNotMatch(allText, />\s?60\b|above 60\b/);
    });

    it('ships none of the believed-but-unverified facts', () => {
      const abbreviations = pack.entries.flatMap((e) => (e.abbreviations ?? []).map((a) => a.text));
      // MCTD is [B] as an abbreviation in the reference; it ships because S63 states "mixed connective-tissue disease (MCTD)".
      for (const banned of ['lcSSc', 'CK', 'ROM']) assert.ok(!abbreviations.includes(banned), `abbreviation ${banned} must not ship`);
      assert.deepEqual(byId.get('mixed-connective-tissue-disease')?.abbreviations?.find((a) => a.text === 'MCTD')?.sources, ['S63']);
      assert.doesNotMatch(allText, /\blcSSc\b/i);
      assert.doesNotMatch(allText, /aldolase|creatine kinase/i);
      assert.doesNotMatch(allText, /(?:stop|discontinue|withdraw|cease)\w*\s+(?:the\s+)?warfarin/i);
      assert.doesNotMatch(allText, /25-OH|25-hydroxy/i);
      assert.doesNotMatch(allText, /hyperphosphat\w*[^"]*E83\.39|E83\.39[^"]*hyperphosphat/i);
    });

    it('never attaches L95.0 as a code, and names it only to warn that calciphylaxis is not L95.0', () => {
      assert.ok(!allText.includes('L950'));
      for (const e of pack.entries) {
        assert.ok(!(e.codes ?? []).some((c) => c.code === 'L95.0'), `${e.id} carries L95.0`);
        for (const [pointer, text] of strings(e)) {
          if (text.includes('L95.0')) assert.ok(e.id === 'calciphylaxis' && /is not L95\.0/.test(text), `${e.id}${pointer}: ${text}`);
        }
      }
    });

    it('codes calciphylaxis as E83.59 only with the VistA mapping (S35) beside the CMS title (S34)', () => {
      const codes = byId.get('calciphylaxis')?.codes ?? [];
      assert.deepEqual(codes.map((c) => [c.code, [...c.sources].sort()]), [['E83.59', ['S34', 'S35']]]);
    });

    it('gives no code to tumoral calcinosis, HFTC, calcinosis universalis or circumscripta', () => {
      for (const id of ['tumoral-calcinosis', 'hftc', 'normophosphatemic-tumoral-calcinosis', 'calcinosis-universalis', 'calcinosis-circumscripta']) {
        assert.equal((byId.get(id)?.codes ?? []).length, 0, `${id} must carry no code`);
      }
    });

    it('marks CC ambiguous, explains why, and cites the sources for CC = calcinosis cutis', () => {
      const cc = (byId.get('calcinosis-cutis')?.abbreviations ?? []).find((a) => a.text === 'CC');
      assert.ok(cc, 'CC missing');
      assert.equal(cc.ambiguous, true);
      assert.ok((cc.note ?? '').length > 0);
      assert.deepEqual([...(cc.sources ?? [])].sort(), ['S23', 'S42']);
      const ccEntries = pack.entries.filter((e) => (e.abbreviations ?? []).some((a) => a.text === 'CC'));
      assert.equal(ccEntries.length, 1);
    });

    it('grades low-dose warfarin as level IB against', () => {
      const ev = byId.get('low-dose-warfarin')?.evidence;
      assert.ok(ev);
      assert.equal(ev.level, 'IB');
      assert.equal(ev.recommendation, 'against');
      assert.ok(ev.sources.includes('S7'));
    });

    it('takes every evidence grade from the Traineau review (S7) on the Oxford CEBM scale', () => {
      for (const e of pack.entries.filter((x) => x.evidence)) {
        assert.deepEqual(e.evidence!.sources, ['S7'], e.id);
        assert.equal(e.evidence!.scale, 'Oxford CEBM', e.id);
        assert.match(e.evidence!.level, /^(?:I|II|III|IV|V)[ABC]?$/, e.id);
      }
    });
  });

  describe('abbreviations', () => {
    it('attaches each verified abbreviation to its entry', () => {
      for (const [text, id] of Object.entries(EXPECTED_ABBREVIATIONS)) {
        const e = byId.get(id);
        assert.ok(e, `missing entry ${id} for ${text}`);
        assert.ok((e.abbreviations ?? []).some((a) => a.text === text), `${id} lacks abbreviation ${text}`);
      }
    });

    it('uses each abbreviation on one entry only', () => {
      const seen = new Map<string, string>();
      for (const e of pack.entries) {
        for (const a of e.abbreviations ?? []) {
          assert.ok(!seen.has(a.text), `${a.text} on ${seen.get(a.text)} and ${e.id}`);
          seen.set(a.text, e.id);
        }
      }
    });
  });

  describe('ICD-10-CM codes', () => {
    const codes = pack.entries.flatMap((e) => (e.codes ?? []).map((c) => ({ entry: e.id, ...c })));

    it('writes every code in the schema pattern, with a title and the CMS source', () => {
      for (const c of codes) {
        assert.equal(c.system, 'ICD-10-CM');
        assert.match(c.code, /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, `${c.entry}: ${c.code}`);
        assert.ok(c.title.trim().length > 0, `${c.entry}: ${c.code} has no title`);
        // The title is the CMS file's (S34); a mapping source (S35, calciphylaxis) may stand beside it.
        assert.equal(c.sources[0], 'S34', `${c.entry}: ${c.code}`);
        assert.ok(c.sources.every((s) => s === 'S34' || (s === 'S35' && c.code === 'E83.59')), `${c.entry}: ${c.code}`);
      }
    });

    it('ships exactly the expected codes with their official titles', () => {
      const actual = Object.fromEntries(codes.map((c) => [c.code, c.title]));
      assert.deepEqual(actual, EXPECTED_CODES);
      // E83.59 names both the calcium metabolism disorder and, in the VistA mapping, calciphylaxis; no other code is attached twice.
      const twice = codes.filter((c, i) => codes.findIndex((d) => d.code === c.code) !== i).map((c) => `${c.code} on ${c.entry}`);
      assert.deepEqual(twice, ['E83.59 on calcium-metabolism-disorder']);
    });

    it('codes calcinosis cutis as L94.2 and flags the M61.4 category as not billable', () => {
      assert.ok((byId.get('calcinosis-cutis')?.codes ?? []).some((c) => c.code === 'L94.2'));
      const m614 = codes.find((c) => c.code === 'M61.4');
      assert.equal(m614?.billable, false);
    });
  });

  describe('seed items (test/fixtures/seed-items.json)', () => {
    it('names an existing entry and a seed section for every item', () => {
      assert.ok(seedItems.length > 0);
      for (const it of seedItems) {
        assert.ok(SEED_SECTIONS.includes(it.section), `unknown seed section ${it.section}`);
        assert.ok(it.item.trim().length > 0 && it.query.trim().length > 0, JSON.stringify(it));
        assert.ok(byId.has(it.entry), `seed item "${it.item}" names missing entry ${it.entry}`);
      }
    });

    it('covers every seed section', () => {
      for (const s of SEED_SECTIONS) assert.ok(seedItems.some((i) => i.section === s), `no seed item for ${s}`);
    });

    it("uses queries found in the expected entry's label, synonyms or abbreviations", () => {
      for (const it of seedItems) {
        const terms = entryTerms(byId.get(it.entry)!).map(norm);
        const q = norm(it.query);
        assert.ok(terms.some((t) => t.includes(q)), `query "${it.query}" is not in the terms of ${it.entry}`);
      }
    });

    it('keeps each seed item reachable from the section it came from', () => {
      for (const it of seedItems) {
        const e = byId.get(it.entry)!;
        const fromSection = e.sources.includes(`seed:${it.section}`) || (e.facts ?? []).some((f) => f.sources.includes(`seed:${it.section}`)) || e.sections.includes(it.section);
        assert.ok(fromSection, `${it.entry} does not draw on seed:${it.section} for "${it.item}"`);
      }
    });
  });
});
