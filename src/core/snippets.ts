/**
 * VS Code snippets made from the knowledge: a Workup section, a Treatment plan, a whole calcinosis note,
 * a patient-information paragraph and a follow-up entry. The headings and the order of items follow the
 * seed document's structure (like an Epic SmartPhrase); every term, every choice and every evidence level
 * comes from the pack, chosen by entry kind and section, so the snippets change when the pack does.
 * `scripts/build-snippets.ts` writes them to `snippets/`; the insert commands build them at run time.
 *
 * No doses: the pack states options and evidence levels, never doses, and so do the snippets.
 */
import { BLANK } from './checks';
import type { Knowledge } from './knowledge';
import type { EntryKind, LoadedEntry } from './types';

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

/** Builds a snippet body with tab stops numbered in order of appearance. */
class BodyBuilder {
  private next = 1;
  private readonly lines: string[] = [];

  /** A line of literal text with `{}` slots filled by already-built tab stops. */
  line(...parts: string[]): this {
    this.lines.push(parts.join(''));
    return this;
  }

  text(s: string): string {
    return escapeSnippetText(s);
  }

  placeholder(defaultText: string): string {
    return `\${${this.next++}:${escapeSnippetText(defaultText)}}`;
  }

  /**
   * A must-fill blank: `***`, as Epic's wildcard. Left unfilled it stays visibly a blank, and the note
   * checks flag it; a hint as default text would read as if the clinician had written it. Say what goes in
   * the blank in the line's own words (`site: ***`).
   */
  blank(): string {
    return `\${${this.next++}:${BLANK}}`;
  }

  /** A choice; with one option it is a placeholder (a one-item choice is not a choice). */
  choice(options: readonly string[], fallback: string): string {
    const unique = [...new Set(options.filter((o) => o.trim() !== ''))];
    if (unique.length === 0) return this.placeholder(fallback);
    if (unique.length === 1) return this.placeholder(unique[0]!);
    return `\${${this.next++}|${unique.map(escapeChoiceOption).join(',')}|}`;
  }

  /** A placeholder whose default is a snippet expression (a date built from variables). */
  raw(expression: string): string {
    return `\${${this.next++}:${expression}}`;
  }

  emptyLine(): this {
    this.lines.push('');
    return this;
  }

  build(): string[] {
    return [...this.lines, '$0'];
  }
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

type KnowledgeView = Pick<Knowledge, 'entries' | 'entriesInSection' | 'get' | 'source'>;

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

/** "parathyroid hormone (PTH)": the label, with its first unambiguous abbreviation. */
function termWithAbbreviation(e: LoadedEntry): string {
  const a = (e.abbreviations ?? []).find((x) => !x.ambiguous);
  return a && a.text.toLowerCase() !== e.label.toLowerCase() ? `${e.label} (${a.text})` : e.label;
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

const DATE = '$CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE';

function workupLines(b: BodyBuilder, t: TemplateTerms): void {
  b.line('Workup:');
  for (const item of t.workup) {
    const title = b.text(`- ${capitalise(item.entry.label)}: `);
    switch (item.kind) {
      case 'evaluation':
        b.line(title, b.placeholder(item.entry.synonyms?.[0] ?? item.entry.label));
        break;
      case 'imaging':
        b.line(title, b.choice(item.choices.map(choiceName), 'imaging'), b.text(', site: '), b.blank());
        break;
      case 'labs': {
        const parts = [b.placeholder(item.tests.map(termWithAbbreviation).join(', '))];
        for (const p of item.panels) parts.push(b.placeholder(`${p.entry.label}: ${p.tests.map((x) => x.label).join(', ')}`));
        b.line(title, parts.join(b.text('; ')));
        break;
      }
      case 'biopsy':
        // Optional: the line says when it applies; unneeded, "Remove this line" takes it out.
        b.line(title, b.text('site: '), b.blank(), b.text(', '), b.choice(item.stains.map((s) => s.label), 'stain'), b.text(' (if needed to confirm the diagnosis)'));
        break;
    }
  }
}

function planLines(b: BodyBuilder, t: TemplateTerms): void {
  b.line('Treatment plan:');
  const pain = t.painRelief ? termWithAbbreviation(t.painRelief) : 'analgesia';
  const underlying = t.underlyingCondition ? t.underlyingCondition.label : 'treatment of the cause';
  const more = t.otherMedications.map((e) => b.text('; ') + b.placeholder(termWithAbbreviation(e))).join('');
  b.line('- Medications: ', b.placeholder(pain), b.text(' for pain; treatment of the underlying condition: '), b.placeholder(underlying), more);
  if (t.gradedOptions.length) {
    b.line('- Other options (evidence level): ', b.choice(t.gradedOptions.map(withEvidence), 'option'));
  }
  for (const e of t.advisedAgainst) b.line(b.text(`- Not recommended: ${withEvidence(e)}`));
  if (t.surgery.length) b.line('- Surgery when indicated: ', b.choice(t.surgery.map(choiceName), 'surgery'));
  b.line(b.text(`- ${t.physicalTherapy ? capitalise(t.physicalTherapy.label) : 'Physical therapy'}: joints and goals: `), b.blank());
  b.line('- Follow-up: ', b.raw(DATE));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function patientInformationLines(b: BodyBuilder, t: TemplateTerms): void {
  b.line('Patient information:');
  b.line(b.placeholder(t.patientInformation.join(' ') || 'information given to the patient'));
}

function noteLines(b: BodyBuilder, t: TemplateTerms): void {
  // Presentation and exam are the clinician's own findings: blanks under their headings, never a default
  // list that would read as examined (in Exam, completion offers the pack's findings first).
  b.line('Presentation:');
  b.line(b.blank());
  b.emptyLine();
  b.line('Exam:');
  b.line(b.blank());
  b.emptyLine();
  b.line('Assessment:');
  b.line(b.choice(t.types.map((e) => e.label), 'type'), b.text(', likely cause: '), b.choice(t.causes.map((e) => e.label), 'likely cause'));
  b.emptyLine();
  workupLines(b, t);
  b.emptyLine();
  planLines(b, t);
  b.emptyLine();
  patientInformationLines(b, t);
}

/** The body of one snippet as lines (the snippet-file form). */
export function snippetLines(name: SnippetName, knowledge: KnowledgeView): string[] {
  const t = templateTerms(knowledge);
  const b = new BodyBuilder();
  switch (name) {
    case 'workup':
      workupLines(b, t);
      break;
    case 'treatment-plan':
      planLines(b, t);
      break;
    case 'note':
      noteLines(b, t);
      break;
    case 'patient-information':
      patientInformationLines(b, t);
      break;
    case 'follow-up':
      b.line('Follow-up: ', b.raw(DATE), b.text(' — to review: '), b.blank());
      break;
  }
  return b.build();
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
