/**
 * VS Code snippets made from the built-in pack's phrases (`phrases`/`lists` in knowledge/calcinosis.json): a
 * Workup section, a Treatment plan, a whole calcinosis note, a patient-information paragraph and a follow-up
 * entry. The headings and the order of items follow the seed document's structure (like an Epic SmartPhrase).
 * `templateTerms` says which entries of the pack each list should offer (by entry kind and section); a unit
 * test holds the phrases' lists to it, so the lists follow the pack's entries.
 * `scripts/build-snippets.ts` writes them to `snippets/`; the insert commands build them at run time.
 *
 * No doses: the pack states options and evidence levels, never doses, and so do the snippets.
 */
import type { Knowledge } from '../knowledge/load';
import { phraseBook, phraseSnippet } from './phrases';
import type { EntryKind, LoadedEntry } from '../types';

/** The built-in pack's phrase behind each snippet. */
const PHRASE_IDS: Record<SnippetName, string> = {
  workup: 'calcinosis-workup',
  'treatment-plan': 'calcinosis-treatment-plan',
  note: 'calcinosis-note',
  'patient-information': 'calcinosis-patient-information',
  'follow-up': 'calcinosis-follow-up',
};

/** The snippets the extension offers. */
export type SnippetName = 'workup' | 'treatment-plan' | 'note' | 'patient-information' | 'follow-up';

export const SNIPPET_NAMES: readonly SnippetName[] = ['workup', 'treatment-plan', 'note', 'patient-information', 'follow-up'];

/** One entry of a VS Code snippets file. */
export interface SnippetDefinition {
  prefix: string[];
  body: string[];
  description: string;
}

interface SnippetMeta {
  /** The key in the snippets file (shown as the snippet's name). */
  title: string;
  /** Short prefixes first: in a clinical note, `workup` and `plan` are what one types. */
  prefix: string[];
  description: string;
}

const META: Record<SnippetName, SnippetMeta> = {
  workup: {
    title: 'Workup section',
    prefix: ['workup', 'cn-workup'],
    description: 'Workup: clinical evaluation, imaging (choice), labs and biopsy with stain — from the knowledge base',
  },
  'treatment-plan': {
    title: 'Treatment plan section',
    prefix: ['plan', 'cn-plan', 'treatment-plan'],
    description: 'Treatment plan: medications, other options with their evidence level (no doses), surgery, physical therapy, follow-up',
  },
  note: {
    title: 'Calcinosis note',
    prefix: ['calcinosis-note', 'cn-note'],
    description: 'A whole calcinosis note: presentation, exam, assessment (type and likely cause), workup, plan, patient information',
  },
  'patient-information': {
    title: 'Patient information',
    prefix: ['cn-patient-info', 'patient-info'],
    description: 'A patient-information paragraph from the knowledge base',
  },
  'follow-up': {
    title: 'Follow-up entry',
    prefix: ['cn-followup', 'followup'],
    description: 'A follow-up entry with today\'s date',
  },
};

/** Prefixes that start with `cn-` or name the subject: safe to offer in Markdown and plain text too. */
function isDistinctivePrefix(prefix: string): boolean {
  return prefix.startsWith('cn-') || prefix.startsWith('calcinosis');
}

/** Text outside placeholders: `$`, `}` and `\` are snippet syntax. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** An option inside `${1|a,b|}`: only `,`, `|` and `\` are syntax there (a `$` or `}` is literal). */
export function escapeChoiceOption(text: string): string {
  return text.replace(/[\\,|]/g, (c) => `\\${c}`);
}

/** Entries of the pack chosen for the templates' slots. */
export interface TemplateTerms {
  /** Presentation findings, for the exam. */
  findings: LoadedEntry[];
  /** The workup's items in the order the pack's workup overview lists them. */
  workup: WorkupItem[];
  types: LoadedEntry[];
  causes: LoadedEntry[];
  painRelief?: LoadedEntry;
  underlyingCondition?: LoadedEntry;
  /** Further basic medications of the treatment overview that fit neither slot. */
  otherMedications: LoadedEntry[];
  /** Treatments with an evidence grade that is not "against": offered with their level. */
  gradedOptions: LoadedEntry[];
  /** Treatments the evidence advises against: named so they are not chosen by mistake. */
  advisedAgainst: LoadedEntry[];
  surgery: LoadedEntry[];
  physicalTherapy?: LoadedEntry;
  patientInformation: string[];
}

/** One line of the Workup section. */
export type WorkupItem =
  | { kind: 'evaluation'; entry: LoadedEntry }
  | { kind: 'imaging'; entry: LoadedEntry; choices: LoadedEntry[] }
  | { kind: 'labs'; entry: LoadedEntry; tests: LoadedEntry[]; panels: Array<{ entry: LoadedEntry; tests: LoadedEntry[] }> }
  | { kind: 'biopsy'; entry: LoadedEntry; stains: LoadedEntry[] };

type KnowledgeView = Pick<Knowledge, 'entries' | 'entriesInSection' | 'get' | 'source' | 'packs'>;

const PHYSICAL_THERAPY = /\b(physical therapy|physiotherapy)\b/i;
const FIRST_LINE = /\bfirst[- ]line\b/i;

function of(entries: readonly LoadedEntry[], ...kinds: EntryKind[]): LoadedEntry[] {
  return entries.filter((e) => kinds.includes(e.kind));
}

function names(e: LoadedEntry): string[] {
  return [e.label, ...(e.synonyms ?? [])];
}

function related(k: KnowledgeView, e: LoadedEntry | undefined): LoadedEntry[] {
  return (e?.related ?? []).map((id) => k.get(id)).filter((r): r is LoadedEntry => r !== undefined);
}

function mentionsFirstLine(e: LoadedEntry): boolean {
  return [e.definition, e.relation ?? '', ...(e.facts ?? []).map((f) => f.text)].some((t) => FIRST_LINE.test(t));
}

/** True when the entry cites the seed document's own section `sectionId` (directly or in a fact). */
function citesSeedSection(k: KnowledgeView, e: LoadedEntry, sectionId: string): boolean {
  const ids = [...e.sources, ...(e.facts ?? []).flatMap((f) => f.sources)];
  return ids.some((id) => {
    const s = k.source(e, id);
    return s?.kind === 'seed' && s.section === sectionId;
  });
}

/**
 * A section's overview: the concept entry of that section that cites the seed's section and relates to the
 * most entries of the section (the pack's "diagnostic workup of calcinosis" lists the workup's parts).
 */
export function sectionOverview(k: KnowledgeView, sectionId: string): LoadedEntry | undefined {
  let best: LoadedEntry | undefined;
  let bestCount = 0;
  for (const e of of(k.entriesInSection(sectionId), 'concept')) {
    if (!citesSeedSection(k, e, sectionId)) continue;
    const count = related(k, e).filter((r) => r.sections.includes(sectionId)).length;
    if (count > bestCount) {
      best = e;
      bestCount = count;
    }
  }
  return best;
}

function workupItems(k: KnowledgeView): WorkupItem[] {
  const overview = sectionOverview(k, 'workup');
  const parts = overview ? related(k, overview) : k.entriesInSection('workup').filter((e) => e.kind !== 'concept');
  const partIds = new Set(parts.map((p) => p.id));
  const items: WorkupItem[] = [];
  for (const entry of parts) {
    const members = related(k, entry);
    if (entry.kind === 'imaging') {
      const choices = of(members, 'imaging');
      // First-line imaging first (the pack says which), then the pack's order.
      choices.sort((a, b) => Number(mentionsFirstLine(b)) - Number(mentionsFirstLine(a)));
      if (choices.length) items.push({ kind: 'imaging', entry, choices });
    } else if (entry.kind === 'test') {
      const tests = of(members, 'test');
      if (!tests.length) continue;
      const inGroup = new Set([entry.id, ...tests.map((t) => t.id)]);
      // A member that relates to tests of its own (autoimmune screening → ANA, …) is a panel.
      const panels = tests
        .map((t) => ({ entry: t, tests: of(related(k, t), 'test').filter((x) => !inGroup.has(x.id)) }))
        .filter((p) => p.tests.length >= 2);
      const panelIds = new Set(panels.map((p) => p.entry.id));
      items.push({ kind: 'labs', entry, tests: tests.filter((t) => !panelIds.has(t.id)), panels });
    } else if (entry.kind === 'procedure' || entry.kind === 'finding') {
      // A procedure whose own related tests are stains (biopsy → H&E, von Kossa, Alizarin red) asks for one;
      // links to other parts of the workup (clinical evaluation → laboratory tests) are not stains.
      const stains = of(members, 'test').filter((m) => !partIds.has(m.id));
      items.push(stains.length ? { kind: 'biopsy', entry, stains } : { kind: 'evaluation', entry });
    }
  }
  return items;
}

/** Picks the pack's entries for each template slot. Exposed for tests and for the multi-select pickers. */
export function templateTerms(k: KnowledgeView): TemplateTerms {
  const inTreatment = k.entriesInSection('treatment');
  const treatmentOverview = sectionOverview(k, 'treatment');
  const basics = related(k, treatmentOverview).filter((e) => e.kind === 'treatment' && !e.evidence);
  const physicalTherapy = basics.find((e) => names(e).some((n) => PHYSICAL_THERAPY.test(n)));
  const medications = basics.filter((e) => e !== physicalTherapy);
  // Slots by what the pack relates each medication to: a presenting symptom (pain), or a cause.
  const painRelief = medications.find((e) => related(k, e).some((r) => r.sections.includes('presentation')));
  const underlyingCondition = medications.find((e) => e !== painRelief && related(k, e).some((r) => r.sections.includes('etiology')));
  const overviewIds = new Set((treatmentOverview?.related ?? []).concat(treatmentOverview ? [treatmentOverview.id] : []));
  const etiologyOverview = sectionOverview(k, 'etiology');
  const causes: LoadedEntry[] = [];
  for (const group of related(k, etiologyOverview)) {
    const members = of(related(k, group), 'cause', 'condition');
    for (const c of members.length ? members : [group]) if (!causes.includes(c)) causes.push(c);
  }
  const patientOverview = sectionOverview(k, 'patient-information');
  return {
    findings: of(k.entriesInSection('presentation'), 'finding'),
    workup: workupItems(k),
    types: of(k.entries, 'type'),
    causes: causes.length ? causes : of(k.entriesInSection('etiology'), 'cause'),
    ...(painRelief ? { painRelief } : {}),
    ...(underlyingCondition ? { underlyingCondition } : {}),
    otherMedications: medications.filter((e) => e !== painRelief && e !== underlyingCondition),
    gradedOptions: of(inTreatment, 'treatment', 'procedure').filter((e) => e.evidence && e.evidence.recommendation !== 'against'),
    advisedAgainst: of(inTreatment, 'treatment', 'procedure').filter((e) => e.evidence?.recommendation === 'against'),
    // Procedures of the calcinosis treatment overview, or that point back to it (not calciphylaxis care).
    surgery: of(inTreatment, 'procedure').filter(
      (e) => !e.evidence && (overviewIds.has(e.id) || (e.related ?? []).some((id) => id === treatmentOverview?.id)),
    ),
    ...(physicalTherapy ? { physicalTherapy } : {}),
    patientInformation: (patientOverview?.facts ?? [])
      .filter((f) => f.sources.some((id) => k.source(patientOverview!, id)?.kind === 'seed'))
      .map((f) => f.text),
  };
}

/** How a choice names an entry: the short form clinicians write (CT, MRI, ESWL) when the pack has one. */
export function choiceName(e: LoadedEntry): string {
  const acronym = [...(e.abbreviations ?? []).filter((a) => !a.ambiguous).map((a) => a.text), ...(e.synonyms ?? [])].find(
    (n) => /^[A-Z][A-Z0-9]{1,4}$/.test(n),
  );
  return acronym ?? e.label;
}

/** "diltiazem (evidence level IV, Oxford CEBM)" — a graded option as offered in the plan. */
export function withEvidence(e: LoadedEntry): string {
  const ev = e.evidence;
  if (!ev) return e.label;
  const against = ev.recommendation === 'against' ? ': recommended against' : '';
  return `${e.label} (evidence level ${ev.level}${ev.scale ? `, ${ev.scale}` : ''}${against})`;
}

/** The body of one snippet as lines (the snippet-file form). */
export function snippetLines(name: SnippetName, knowledge: KnowledgeView): string[] {
  const id = PHRASE_IDS[name];
  const book = phraseBook(knowledge);
  const phrase = book.phrases.find((p) => p.id === id);
  if (!phrase) throw new Error(`no loaded pack has the phrase "${id}" (the built-in pack's ${META[name].title})`);
  return phraseSnippet(phrase.body, book.lookup, {}, { nativeChoices: true, todayAsVariable: true }).split('\n');
}

/** The body of one snippet as one string, for `new SnippetString(...)`. */
export function snippetBody(name: SnippetName, knowledge: KnowledgeView): string {
  return snippetLines(name, knowledge).join('\n');
}

/**
 * The snippets file content. `distinctiveOnly` keeps only prefixes that cannot be an ordinary word
 * (`cn-…`, `calcinosis-note`), for Markdown and plain text where `plan` would pop up in prose.
 */
export function buildSnippets(
  knowledge: KnowledgeView,
  options: { distinctiveOnly?: boolean } = {},
): Record<string, SnippetDefinition> {
  const out: Record<string, SnippetDefinition> = {};
  for (const name of SNIPPET_NAMES) {
    const meta = META[name];
    const prefix = options.distinctiveOnly ? meta.prefix.filter(isDistinctivePrefix) : meta.prefix;
    out[meta.title] = { prefix, body: snippetLines(name, knowledge), description: meta.description };
  }
  return out;
}
