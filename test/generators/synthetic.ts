/**
 * Deterministic synthetic knowledge packs for the benchmark: N entries that look like a clinic's own
 * pack (conditions, findings, tests, imaging, procedures, treatments) with realistic labels, synonyms,
 * abbreviations (some ambiguous, some shared by several entries, as in real notes), ICD-10-CM-shaped
 * codes and one- or two-sentence definitions. Valid against `knowledge/schema.json` and loadable beside
 * the built-in pack (every id starts with `syn-`).
 *
 * Same (count, seed) → the same pack, byte for byte. Nothing here is medical content: the words are
 * recombined at random, and the pack says so in its title and source.
 */
import type { Abbreviation, Code, Entry, EntryKind, Fact, Pack, Section, Source } from '../../src/core/types';
import { chance, int, pick, prng, type Rand } from './prng';

const QUALIFIERS = [
  'acute', 'chronic', 'recurrent', 'localized', 'generalized', 'primary', 'secondary', 'idiopathic',
  'dystrophic', 'metastatic', 'iatrogenic', 'tumoral', 'congenital', 'juvenile', 'refractory',
  'late-onset', 'progressive', 'subclinical', 'symptomatic', 'diffuse', 'nodular', 'ulcerated',
];

/** Condition words, with their usual synonym and abbreviation (empty when none). */
const CONDITIONS: Array<[label: string, synonym: string, abbreviation: string]> = [
  ['calcinosis', 'calcium deposition', ''],
  ['calcinosis cutis', 'cutaneous calcification', 'CC'],
  ['calcific tendinitis', 'calcific tendinopathy', 'CT'],
  ['calciphylaxis', 'calcific uremic arteriolopathy', 'CUA'],
  ['heterotopic ossification', 'ectopic bone formation', 'HO'],
  ['vascular calcification', 'arterial calcification', 'VC'],
  ['nephrocalcinosis', 'renal parenchymal calcification', ''],
  ['osteoporosis', 'bone loss', 'OP'],
  ['hyperparathyroidism', 'parathyroid overactivity', 'HPT'],
  ['dermatomyositis', 'inflammatory myopathy with rash', 'DM'],
  ['systemic sclerosis', 'scleroderma', 'SSc'],
  ['systemic lupus erythematosus', 'lupus', 'SLE'],
  ['myositis ossificans', 'ossifying myositis', 'MO'],
  ['soft tissue calcification', 'soft-tissue mineralization', 'STC'],
  ['calcium pyrophosphate deposition disease', 'pseudogout', 'CPPD'],
  ['hydroxyapatite deposition disease', 'calcific periarthritis', 'HADD'],
  ['chronic kidney disease', 'chronic renal failure', 'CKD'],
  ['tumoral calcinosis', 'Teutschlaender disease', 'TC'],
  ['calcific panniculitis', 'calcifying panniculitis', ''],
  ['pilomatricoma', 'calcifying epithelioma of Malherbe', ''],
  ['milia-like calcinosis', 'subepidermal calcified nodule', 'SCN'],
  ['pseudoxanthoma elasticum', 'Gronblad-Strandberg syndrome', 'PXE'],
  ['mixed connective tissue disease', 'overlap syndrome', 'MCTD'],
  ['hypervitaminosis D', 'vitamin D toxicity', ''],
  ['milk-alkali syndrome', 'calcium-alkali syndrome', 'MAS'],
  ['sarcoidosis', 'Besnier-Boeck disease', ''],
  ['ankylosing spondylitis', 'Bechterew disease', 'AS'],
  ['diffuse idiopathic skeletal hyperostosis', 'Forestier disease', 'DISH'],
];

const SITES = [
  'forearm', 'hand', 'fingertip', 'finger', 'thumb', 'wrist', 'elbow', 'shoulder', 'upper arm', 'axilla',
  'knee', 'thigh', 'buttock', 'hip', 'lower leg', 'calf', 'ankle', 'heel', 'foot', 'toe', 'scalp', 'ear',
  'eyelid', 'lip', 'breast', 'abdominal wall', 'flank', 'back', 'neck', 'kidney', 'penis', 'scrotum',
];

const FINDINGS = [
  'firm subcutaneous nodule', 'hard papule', 'ulcerated plaque', 'chalky discharge', 'white papule',
  'painful nodule', 'draining sinus', 'skin ulcer', 'livedo reticularis', 'retiform purpura',
  'digital pitting', 'joint contracture', 'limited range of motion', 'periarticular swelling',
  'tender induration', 'overlying erythema', 'gritty deposit', 'punched-out ulcer', 'eschar',
];

const SPECIMENS = ['serum', 'plasma', '24-hour urine', 'spot urine', 'whole blood', 'random urine'];
const ANALYTES: Array<[name: string, abbreviation: string]> = [
  ['calcium', 'Ca'], ['ionized calcium', 'iCa'], ['phosphate', 'PO4'], ['magnesium', 'Mg'],
  ['intact parathyroid hormone', 'iPTH'], ['25-hydroxyvitamin D', '25(OH)D'], ['1,25-dihydroxyvitamin D', 'calcitriol'],
  ['alkaline phosphatase', 'ALP'], ['creatine kinase', 'CK'], ['aldolase', ''], ['creatinine', 'Cr'],
  ['estimated glomerular filtration rate', 'eGFR'], ['albumin', 'Alb'], ['fibroblast growth factor 23', 'FGF23'],
  ['calcium-phosphate product', 'Ca×P'], ['antinuclear antibody', 'ANA'], ['anti-centromere antibody', 'ACA'],
  ['anti-Scl-70 antibody', 'Scl-70'], ['anti-Mi-2 antibody', 'Mi-2'], ['anti-NXP2 antibody', 'NXP2'],
  ['C-reactive protein', 'CRP'], ['erythrocyte sedimentation rate', 'ESR'], ['uric acid', 'UA'],
  ['oxalate', ''], ['citrate', ''], ['bicarbonate', 'HCO3'], ['parathyroid hormone-related peptide', 'PTHrP'],
  ['osteocalcin', ''], ['fetuin-A', ''], ['pyrophosphate', 'PPi'],
];

const MODALITIES: Array<[name: string, abbreviation: string]> = [
  ['plain radiograph', 'XR'], ['ultrasound', 'US'], ['computed tomography', 'CT'], ['magnetic resonance imaging', 'MRI'],
  ['bone scintigraphy', ''], ['dual-energy CT', 'DECT'], ['positron emission tomography', 'PET'],
  ['dual-energy X-ray absorptiometry', 'DXA'], ['mammography', ''], ['high-resolution ultrasound', 'HRUS'],
];

const PROCEDURES: Array<[name: string, abbreviation: string]> = [
  ['surgical excision', ''], ['curettage', ''], ['CO2 laser ablation', ''], ['punch biopsy', ''],
  ['incisional biopsy', ''], ['extracorporeal shock wave lithotripsy', 'ESWL'], ['needle aspiration', 'FNA'],
  ['debridement', ''], ['skin grafting', ''], ['ultrasound-guided barbotage', ''], ['parathyroidectomy', 'PTX'],
  ['hyperbaric oxygen therapy', 'HBOT'], ['negative pressure wound therapy', 'NPWT'],
];

const DRUGS: Array<[name: string, abbreviation: string]> = [
  ['sodium thiosulfate', 'STS'], ['diltiazem', ''], ['alendronate', ''], ['pamidronate', ''], ['etidronate', ''],
  ['colchicine', ''], ['minocycline', ''], ['probenecid', ''], ['aluminum hydroxide', ''], ['low-dose warfarin', ''],
  ['intravenous immunoglobulin', 'IVIG'], ['rituximab', 'RTX'], ['infliximab', 'IFX'], ['cinacalcet', ''],
  ['sevelamer', ''], ['lanthanum carbonate', ''], ['calcitriol', ''], ['methotrexate', 'MTX'],
  ['mycophenolate mofetil', 'MMF'], ['hydroxychloroquine', 'HCQ'], ['ceftriaxone', ''], ['abatacept', ''],
  ['tofacitinib', ''], ['vitamin K2', ''], ['magnesium supplementation', ''], ['etelcalcetide', ''],
];
const ROUTES = ['topical', 'oral', 'intravenous', 'intralesional', 'subcutaneous', 'low-dose', 'high-dose'];
const DOSES = ['25 mg daily', '60 mg twice daily', '120 mg daily', '240 mg daily', '10 mg weekly', '1 g daily', '25% solution'];

const CONCEPTS = [
  'calcium-phosphate balance', 'mineral bone disorder', 'extraosseous calcification', 'deposit burden',
  'disease activity score', 'wound healing', 'pain control', 'functional status', 'treatment response',
  'skin thickness score', 'nailfold capillaroscopy pattern',
];

/** ICD-10-CM chapters a clinic's own pack would cite (musculoskeletal, skin, endocrine, renal...). */
const CODE_LETTERS = 'LMENIRDQ';
const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

const SECTIONS: Array<{ id: string; title: string; kinds: readonly EntryKind[] }> = [
  { id: 'presentation', title: 'Presentation', kinds: ['condition', 'finding', 'type'] },
  { id: 'etiology', title: 'Etiology', kinds: ['condition', 'cause', 'concept'] },
  { id: 'workup', title: 'Workup', kinds: ['test', 'imaging', 'procedure', 'finding'] },
  { id: 'treatment', title: 'Treatment', kinds: ['treatment', 'procedure'] },
  { id: 'follow-up', title: 'Follow-up', kinds: ['test', 'imaging', 'concept', 'treatment'] },
];

const SOURCES: Source[] = [
  { id: 'SYN1', kind: 'reference', title: 'Synthetic reference one (benchmark data, not medical content)', url: 'https://example.org/synthetic/1' },
  { id: 'SYN2', kind: 'reference', title: 'Synthetic reference two (benchmark data, not medical content)', url: 'https://example.org/synthetic/2' },
  { id: 'SYN3', kind: 'reference', title: 'Synthetic review (benchmark data, not medical content)', url: 'https://example.org/synthetic/3' },
];

const KIND_WEIGHTS: Array<[EntryKind, number]> = [
  ['condition', 30], ['finding', 15], ['test', 17], ['imaging', 8], ['procedure', 10], ['treatment', 16], ['type', 2], ['concept', 2],
];

function weightedKind(rand: Rand): EntryKind {
  const total = KIND_WEIGHTS.reduce((n, [, w]) => n + w, 0);
  let r = rand() * total;
  for (const [k, w] of KIND_WEIGHTS) {
    if ((r -= w) < 0) return k;
  }
  return 'condition';
}

interface Draft {
  label: string;
  synonyms: string[];
  abbreviations: string[];
}

function draft(kind: EntryKind, rand: Rand): Draft {
  const syn: string[] = [];
  const abbr: string[] = [];
  switch (kind) {
    case 'condition':
    case 'type': {
      const [cond, condSyn, condAbbr] = pick(rand, CONDITIONS);
      const q = pick(rand, QUALIFIERS);
      const shape = int(rand, 0, 3);
      if (shape === 0) {
        if (condAbbr) abbr.push(condAbbr);
        return { label: `${q} ${cond}`, synonyms: chance(rand, 0.6) ? [`${q} ${condSyn}`] : [], abbreviations: abbr };
      }
      const site = pick(rand, SITES);
      if (shape === 1) return { label: `${cond} of the ${site}`, synonyms: [`${site} ${cond}`], abbreviations: abbr };
      if (chance(rand, 0.5)) syn.push(`${q} ${site} ${cond}`);
      if (chance(rand, 0.3)) syn.push(`${condSyn} of the ${site}`);
      if (chance(rand, 0.4)) abbr.push(acronym(`${q} ${cond} ${site}`));
      return { label: `${q} ${cond} of the ${site}`, synonyms: syn, abbreviations: abbr };
    }
    case 'finding': {
      const f = pick(rand, FINDINGS);
      const site = pick(rand, SITES);
      if (chance(rand, 0.5)) syn.push(`${site} ${f}`);
      return { label: `${f} over the ${site}`, synonyms: syn, abbreviations: abbr };
    }
    case 'test': {
      const sp = pick(rand, SPECIMENS);
      const [an, anAbbr] = pick(rand, ANALYTES);
      if (chance(rand, 0.6)) syn.push(`${sp} ${an} level`);
      if (anAbbr && chance(rand, 0.7)) abbr.push(sp === 'serum' || sp === 'plasma' ? anAbbr : `${acronym(sp)} ${anAbbr}`);
      const suffix = chance(rand, 0.25) ? ` ${pick(rand, ['at baseline', 'every 3 months', 'fasting', 'repeat'])}` : '';
      return { label: `${sp} ${an}${suffix}`, synonyms: syn, abbreviations: abbr };
    }
    case 'imaging': {
      const [m, mAbbr] = pick(rand, MODALITIES);
      const site = pick(rand, SITES);
      if (mAbbr) {
        syn.push(`${mAbbr} ${site}`);
        if (chance(rand, 0.3)) abbr.push(mAbbr);
      }
      return { label: `${m} of the ${site}`, synonyms: syn, abbreviations: abbr };
    }
    case 'procedure': {
      const [p, pAbbr] = pick(rand, PROCEDURES);
      const site = pick(rand, SITES);
      if (pAbbr && chance(rand, 0.6)) abbr.push(pAbbr);
      if (chance(rand, 0.4)) syn.push(`${site} ${p}`);
      return { label: `${p} of the ${site}`, synonyms: syn, abbreviations: abbr };
    }
    case 'treatment': {
      const [d, dAbbr] = pick(rand, DRUGS);
      if (dAbbr && chance(rand, 0.6)) abbr.push(dAbbr);
      if (chance(rand, 0.5)) syn.push(brandName(rand));
      const label = chance(rand, 0.5) ? `${pick(rand, ROUTES)} ${d}` : `${d} ${pick(rand, DOSES)}`;
      return { label, synonyms: syn, abbreviations: abbr };
    }
    default: {
      const c = pick(rand, CONCEPTS);
      const [cond] = pick(rand, CONDITIONS);
      return { label: `${c} in ${cond}`, synonyms: chance(rand, 0.5) ? [`${cond} ${c}`] : [], abbreviations: abbr };
    }
  }
}

/** Initials of the words, upper-case: "chronic calcinosis forearm" → "CCF". */
function acronym(text: string): string {
  const a = text
    .split(/[\s-]+/)
    .filter((w) => w.length > 2 || /\d/.test(w))
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return a.slice(0, 6) || text.slice(0, 3).toUpperCase();
}

const SYLLABLES = ['cal', 'ci', 'vex', 'dro', 'na', 'lix', 'tor', 'phos', 'zen', 'mi', 'ra', 'quel', 'tha', 'ven', 'dex'];
function brandName(rand: Rand): string {
  let s = '';
  for (let i = int(rand, 2, 3); i > 0; i--) s += pick(rand, SYLLABLES);
  return s[0]!.toUpperCase() + s.slice(1);
}

function code(rand: Rand): string {
  const letter = CODE_LETTERS[int(rand, 0, CODE_LETTERS.length - 1)]!;
  let c = `${letter}${int(rand, 0, 9)}${int(rand, 0, 9)}`;
  if (chance(rand, 0.8)) {
    c += '.';
    for (let i = int(rand, 1, 3); i > 0; i--) c += i === 1 && chance(rand, 0.1) ? ALNUM[int(rand, 10, ALNUM.length - 1)] : String(int(rand, 0, 9));
  }
  return c;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/g, '');
}

function capitalize(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

function definition(kind: EntryKind, label: string, rand: Rand): string {
  const [cond] = pick(rand, CONDITIONS);
  const site = pick(rand, SITES);
  const [an] = pick(rand, ANALYTES);
  const [drug] = pick(rand, DRUGS);
  switch (kind) {
    case 'condition':
    case 'type':
      return `${capitalize(label)} is a ${pick(rand, QUALIFIERS)} form of ${cond} that presents with ${pick(rand, FINDINGS)}; it is assessed with ${an} and managed with ${drug}.`;
    case 'finding':
      return `A ${pick(rand, FINDINGS)} seen on examination of the ${site}, often in ${cond}; document its size, tenderness and any discharge.`;
    case 'test':
      return `Laboratory measurement of ${an} used in the workup of ${cond}; interpret it with kidney function and repeat it when treatment changes.`;
    case 'imaging':
      return `Imaging of the ${site} that shows the extent of ${cond} and guides ${pick(rand, PROCEDURES)[0]} when deposits are symptomatic.`;
    case 'procedure':
      return `A procedure for symptomatic deposits of ${cond}; consider it when ${drug} has failed and the ${site} is ulcerated or painful.`;
    case 'treatment':
      return `A treatment option reported for ${cond}; evidence is limited to case series, and response is judged on pain, ulceration and deposit size.`;
    default:
      return `A concept used when following ${cond}: how ${an} and the ${site} findings change over time.`;
  }
}

export interface SyntheticOptions {
  /** Default `synthetic-<count>`. */
  id?: string;
}

/** A synthetic pack of exactly `count` entries, a pure function of (count, seed). */
export function generateSyntheticPack(count: number, seed: number, opts: SyntheticOptions = {}): Pack {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  const rand = prng(seed);
  const labels = new Set<string>();
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const kind = weightedKind(rand);
    let d = draft(kind, rand);
    for (let tries = 0; labels.has(d.label.toLowerCase()) && tries < 8; tries++) d = draft(kind, rand);
    if (labels.has(d.label.toLowerCase())) {
      // The vocabulary is exhausted for this shape: number the variant, as real classifications do.
      const base = d.label;
      for (let k = 2; labels.has(d.label.toLowerCase()); k++) d.label = `${base} type ${ROMAN[(k - 2) % ROMAN.length]}${k > 11 ? ` ${k}` : ''}`;
    }
    labels.add(d.label.toLowerCase());

    const sourceA = pick(rand, SOURCES).id;
    const entry: Entry = {
      id: `syn-${i + 1}-${slug(d.label)}`.replace(/-+$/g, ''),
      label: d.label,
      kind,
      definition: definition(kind, d.label, rand),
      sections: sectionsFor(kind, rand),
      sources: [sourceA],
    };
    const synonyms = [...new Set(d.synonyms)].filter((s) => s.toLowerCase() !== d.label.toLowerCase());
    if (synonyms.length) entry.synonyms = synonyms;
    const abbreviations: Abbreviation[] = [...new Set(d.abbreviations)].map((text) => {
      const a: Abbreviation = { text, sources: [pick(rand, SOURCES).id] };
      if (chance(rand, 0.12)) {
        a.ambiguous = true;
        a.note = `${text} more often means something else in clinical notes; expand it only when the context is clear.`;
      }
      return a;
    });
    if (abbreviations.length) entry.abbreviations = abbreviations;
    if ((kind === 'condition' || kind === 'finding' || kind === 'type') && chance(rand, 0.6)) {
      const c: Code = { system: 'ICD-10-CM', code: code(rand), title: capitalize(d.label), sources: [sourceA] };
      if (chance(rand, 0.8)) c.billable = c.code.includes('.');
      entry.codes = [c];
    }
    if (chance(rand, 0.35)) {
      const [cond] = pick(rand, CONDITIONS);
      entry.relation = `Seen in about ${int(rand, 2, 60)}% of patients with ${cond} in the synthetic series.`;
    }
    const facts: Fact[] = [];
    for (let f = int(rand, 0, 2); f > 0; f--) {
      facts.push({ text: `In a synthetic cohort of ${int(rand, 12, 900)} patients, ${int(rand, 1, 95)}% improved within ${int(rand, 2, 24)} months.`, sources: [pick(rand, SOURCES).id] });
    }
    if (facts.length) entry.facts = facts;
    if (kind === 'treatment' && chance(rand, 0.5)) {
      entry.evidence = { level: pick(rand, ['IB', 'IIA', 'IIB', 'III', 'IV']), scale: 'Oxford CEBM', recommendation: pick(rand, ['for', 'for', 'uncertain', 'against'] as const), sources: ['SYN3'] };
    }
    if (i > 0 && chance(rand, 0.5)) {
      const related = new Set<string>();
      for (let r = int(rand, 1, 2); r > 0; r--) related.add(entries[int(rand, 0, i - 1)]!.id);
      entry.related = [...related];
    }
    entries.push(entry);
  }
  const sections: Section[] = SECTIONS.map((s) => ({ id: s.id, title: s.title, sources: ['SYN3'] }));
  return {
    id: opts.id ?? `synthetic-${count}`,
    title: `Synthetic benchmark pack (${count} entries, seed ${seed}; not medical content)`,
    version: '1.0.0',
    subject: 'calcinosis',
    description: 'Generated by test/generators/synthetic.ts for the performance benchmark. Recombined vocabulary; not medical content.',
    sources: SOURCES.map((s) => ({ ...s })),
    sections,
    entries,
  };
}

function sectionsFor(kind: EntryKind, rand: Rand): string[] {
  const fits = SECTIONS.filter((s) => s.kinds.includes(kind)).map((s) => s.id);
  if (fits.length === 0) return [];
  const first = pick(rand, fits);
  const out = [first];
  if (fits.length > 1 && chance(rand, 0.3)) {
    const second = pick(rand, fits);
    if (second !== first) out.push(second);
  }
  return out;
}

/** The pack as a clinic would save it: pretty-printed JSON. */
export function syntheticPackText(count: number, seed: number, opts?: SyntheticOptions): string {
  return JSON.stringify(generateSyntheticPack(count, seed, opts), null, 2) + '\n';
}
