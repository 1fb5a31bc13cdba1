/**
 * Finds the sections of a clinical note (Presentation, Workup, Assessment, Treatment plan, …) from its
 * headings, so features can tell where the cursor is (section-aware ranking), list the note's outline and
 * check what is missing. Pure: no editor types; offsets are UTF-16 indexes into the note's text.
 *
 * A heading is a line of its own:
 * - a Markdown ATX heading (`## Workup`), whatever its title;
 * - a known section name, optionally bold and/or followed by a colon, in any case
 *   (`Workup`, `WORKUP`, `Treatment plan:`, `**Assessment and plan:**`, `A/P`);
 * - any other short title ending in a colon (`Social situation:`), which starts an unclassified section.
 * A main section name followed by text on the same line (`Plan: start physical therapy`) also starts a
 * section; its body begins after the colon. Lines inside fenced code blocks are never headings.
 *
 * One pass over the text, no regular expression on unbounded input: a 5 MB note parses in milliseconds.
 */

/** What a note section is for. Combined headings ("Assessment and plan") carry several kinds. */
export type NoteSectionKind =
  | 'presentation'
  | 'history'
  | 'medications'
  | 'allergies'
  | 'review-of-systems'
  | 'exam'
  | 'results'
  | 'assessment'
  | 'workup'
  | 'plan'
  | 'patient-information'
  | 'follow-up';

export const NOTE_SECTION_KINDS: readonly NoteSectionKind[] = [
  'presentation',
  'history',
  'medications',
  'allergies',
  'review-of-systems',
  'exam',
  'results',
  'assessment',
  'workup',
  'plan',
  'patient-information',
  'follow-up',
];

/** One section of a note: its heading and the text up to the next heading. */
export interface NoteSection {
  /** The main kind, when the heading is a known section name; `undefined` for other headings. */
  kind?: NoteSectionKind;
  /** Every kind the heading names, main kind first: `Assessment and plan` → assessment, plan. Empty when unknown. */
  kinds: readonly NoteSectionKind[];
  /** The heading's title as written, without `#`, bold markers or the trailing colon. */
  title: string;
  /** Markdown heading level (1–6) for `#` headings; absent for plain headings. */
  level?: number;
  /** Offset where the heading's line starts. */
  headingStart: number;
  /** Offset just after the heading (after its colon, if any; trailing spaces excluded). */
  headingEnd: number;
  /** Offset where the section's body starts: the next line, or after the colon for an inline heading. */
  start: number;
  /** Offset where the section ends: the next heading's line start, or the end of the text. */
  end: number;
  /** Zero-based line of the heading. */
  line: number;
  /** True for a heading followed by text on the same line (`Plan: start physical therapy`). */
  inline: boolean;
}

/** Combined headings: one section, several kinds. */
const COMBINED: ReadonlyArray<[string, readonly NoteSectionKind[]]> = [
  ['assessment and plan', ['assessment', 'plan']],
  ['assessment & plan', ['assessment', 'plan']],
  ['assessment/plan', ['assessment', 'plan']],
  ['impression and plan', ['assessment', 'plan']],
  ['impression & plan', ['assessment', 'plan']],
  ['impression/plan', ['assessment', 'plan']],
  ['a/p', ['assessment', 'plan']],
  ['a&p', ['assessment', 'plan']],
  ['a+p', ['assessment', 'plan']],
  ['plan and follow-up', ['plan', 'follow-up']],
  ['plan and follow up', ['plan', 'follow-up']],
  ['workup and plan', ['workup', 'plan']],
  ['work-up and plan', ['workup', 'plan']],
];

/** Known section names, normalised (lower case, single spaces, no colon), and what they mean. */
const KNOWN: ReadonlyMap<string, readonly NoteSectionKind[]> = buildKnown({
  presentation: [
    'presentation', 'clinical presentation', 'chief complaint', 'presenting complaint', 'presenting complaints',
    'reason for visit', 'reason for referral', 'reason for consultation', 'symptoms', 'cc',
  ],
  history: [
    'history', 'hpi', 'history of present illness', 'history of presenting illness', 'history of presenting complaint',
    'interval history', 'past medical history', 'pmh', 'pmhx', 'medical history', 'past history', 'social history',
    'family history', 'shx', 'fhx', 'subjective', 's',
  ],
  medications: ['medications', 'current medications', 'meds', 'medication list', 'home medications'],
  allergies: ['allergies', 'drug allergies'],
  'review-of-systems': ['review of systems', 'ros', 'systems review'],
  exam: [
    'exam', 'examination', 'physical exam', 'physical examination', 'pe', 'objective', 'o', 'exam findings',
    'examination findings', 'findings', 'skin exam', 'skin examination', 'clinical examination', 'on examination',
  ],
  results: ['results', 'labs', 'lab results', 'laboratory', 'laboratory results', 'data', 'imaging', 'imaging results'],
  assessment: [
    'assessment', 'impression', 'clinical impression', 'diagnosis', 'diagnoses', 'differential', 'differential diagnosis',
    'ddx', 'a', 'summary',
  ],
  workup: [
    'workup', 'work-up', 'work up', 'diagnostic workup', 'diagnostic work-up', 'investigations', 'diagnostic plan',
    'diagnostics', 'tests', 'tests ordered',
  ],
  plan: [
    'plan', 'treatment plan', 'treatment', 'management', 'management plan', 'therapeutic plan', 'therapy',
    'recommendations', 'p',
  ],
  'patient-information': [
    'patient information', 'patient education', 'patient instructions', 'education', 'counseling', 'counselling',
    'patient handout',
  ],
  'follow-up': ['follow-up', 'follow up', 'followup', 'f/u', 'return visit', 'next visit', 'disposition'],
});

/**
 * Kinds that may start a section with text on the same line (`Plan: …`). Sub-headings that notes also
 * write inside a section (`Imaging: …`, `Labs: …`, `Medications: …`) do not, so a Workup stays one section.
 */
const INLINE_KINDS: ReadonlySet<NoteSectionKind> = new Set<NoteSectionKind>([
  'presentation', 'history', 'exam', 'assessment', 'workup', 'plan', 'patient-information', 'follow-up',
]);

/** Names so short they could be a word or an initial: they count only with a colon (`S:`, `A:`, `P:`). */
const NEEDS_COLON: ReadonlySet<string> = new Set(['s', 'o', 'a', 'p', 'cc', 'pe', 'data', 'therapy', 'summary']);

/** Titles of unclassified headings (`Something:`) stay short: longer lines ending in a colon are prose. */
const MAX_FREE_TITLE_WORDS = 4;
const MAX_FREE_TITLE_LENGTH = 48;
/** Longest known name plus some room for bold markers and spaces; longer lines are never plain headings. */
const MAX_PLAIN_HEADING_LENGTH = 80;

function buildKnown(groups: Record<NoteSectionKind, string[]>): Map<string, readonly NoteSectionKind[]> {
  const map = new Map<string, readonly NoteSectionKind[]>();
  for (const kind of NOTE_SECTION_KINDS) for (const name of groups[kind]) map.set(name, [kind]);
  for (const [name, kinds] of COMBINED) map.set(name, kinds);
  return map;
}

/** Every known section name, normalised (lower case), longest first; the grammar highlights the same names. */
export function knownSectionNames(options: { inlineOnly?: boolean } = {}): string[] {
  const names: string[] = [];
  for (const [name, kinds] of KNOWN) {
    if (options.inlineOnly && !INLINE_KINDS.has(kinds[0]!)) continue;
    names.push(name);
  }
  return names.sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** The kinds a heading title names, or undefined. Exposed for checks that look titles up (quick fixes). */
export function kindsOfTitle(title: string): readonly NoteSectionKind[] | undefined {
  return KNOWN.get(normalise(title));
}

function normalise(title: string): string {
  let s = title.toLowerCase().trim();
  if (s.includes('  ') || s.includes('\t')) s = s.replace(/\s+/g, ' ');
  // "Work - up", "follow- up"
  if (s.includes(' -') || s.includes('- ')) s = s.replace(/\s*-\s*/g, '-');
  return s;
}

/** Parse every section of a note, in order. Text before the first heading belongs to no section. */
export function parseSections(text: string): NoteSection[] {
  const sections: NoteSection[] = [];
  let lineStart = 0;
  let line = 0;
  let fence: string | undefined;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const next = lineEnd + 1;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 /* \r */ ? lineEnd - 1 : lineEnd;

    const fenceMarker = fenceAt(text, lineStart, contentEnd);
    if (fence !== undefined) {
      if (fenceMarker !== undefined && fenceMarker.startsWith(fence)) fence = undefined;
    } else if (fenceMarker !== undefined) {
      fence = fenceMarker;
    } else {
      const h = headingAt(text, lineStart, contentEnd);
      if (h) {
        const previous = sections[sections.length - 1];
        if (previous) previous.end = lineStart;
        const section: NoteSection = {
          kinds: h.kinds,
          title: h.title,
          headingStart: lineStart,
          headingEnd: h.headingEnd,
          start: h.bodyStart ?? Math.min(next, n),
          end: n,
          line,
          inline: h.bodyStart !== undefined,
        };
        if (h.kinds.length > 0) section.kind = h.kinds[0];
        if (h.level !== undefined) section.level = h.level;
        sections.push(section);
      }
    }
    if (lineEnd >= n) break;
    lineStart = next;
    line++;
  }
  return sections;
}

/**
 * The heading a single line is, if any (the same rules as `parseSections`, without the code-fence state).
 * Lets an editor find the section at the cursor by looking a few lines up instead of parsing a whole note.
 */
export function headingOfLine(line: string): { kinds: readonly NoteSectionKind[]; title: string; inline: boolean } | undefined {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  if (fenceAt(line, 0, end) !== undefined) return undefined;
  const h = headingAt(line, 0, end);
  return h ? { kinds: h.kinds, title: h.title, inline: h.bodyStart !== undefined } : undefined;
}

/**
 * The section that holds `offset` (the heading line counts as part of its section), or undefined before the
 * first heading. `sections` must come from `parseSections` (sorted, contiguous). O(log n).
 */
export function sectionAt(sections: readonly NoteSection[], offset: number): NoteSection | undefined {
  let lo = 0;
  let hi = sections.length - 1;
  let found: NoteSection | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sections[mid]!;
    if (s.headingStart <= offset) {
      found = s;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found && offset > found.end) return undefined;
  return found;
}

/** True when the section is (or includes) the given kind: an "Assessment and plan" covers both. */
export function sectionHasKind(section: NoteSection, kind: NoteSectionKind): boolean {
  return section.kinds.includes(kind);
}

interface Heading {
  kinds: readonly NoteSectionKind[];
  title: string;
  level?: number;
  headingEnd: number;
  /** Set for inline headings: where the text after the colon starts. */
  bodyStart?: number;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** A fence opener/closer (``` or ~~~, up to 3 spaces of indent): returns the marker run, else undefined. */
function fenceAt(text: string, from: number, to: number): string | undefined {
  let i = from;
  while (i < to && i - from < 4 && text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  if (c !== 96 /* ` */ && c !== 126 /* ~ */) return undefined;
  let j = i;
  while (j < to && text.charCodeAt(j) === c) j++;
  return j - i >= 3 ? text.slice(i, j) : undefined;
}

function headingAt(text: string, from: number, to: number): Heading | undefined {
  let i = from;
  // Up to 3 spaces of indent, as Markdown allows.
  while (i < to && i - from < 3 && text.charCodeAt(i) === 32) i++;
  if (i >= to) return undefined;
  if (text.charCodeAt(i) === 35 /* # */) return atxHeading(text, i, to);
  if (to - i > MAX_PLAIN_HEADING_LENGTH) return inlineHeading(text, i, to);
  return plainHeading(text, i, to) ?? inlineHeading(text, i, to);
}

function atxHeading(text: string, from: number, to: number): Heading | undefined {
  let i = from;
  while (i < to && text.charCodeAt(i) === 35) i++;
  const level = i - from;
  if (level > 6 || (i < to && !isSpace(text.charCodeAt(i)))) return undefined;
  let end = to;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  // Optional closing run of #s: "## Workup ##".
  let k = end;
  while (k > i && text.charCodeAt(k - 1) === 35) k--;
  let titleEnd = end;
  if (k < end && (k === i || isSpace(text.charCodeAt(k - 1)))) titleEnd = k;
  const raw = text.slice(i, titleEnd);
  const title = cleanTitle(raw);
  if (!title) return undefined;
  return { kinds: KNOWN.get(normalise(title)) ?? [], title, level, headingEnd: end };
}

/** Strip bold/italic markers and one trailing colon. */
function cleanTitle(raw: string): string {
  let s = raw.trim();
  s = stripEmphasis(s);
  if (s.endsWith(':')) s = s.slice(0, -1).trimEnd();
  s = stripEmphasis(s);
  return s;
}

function stripEmphasis(s: string): string {
  for (const m of ['**', '__', '*', '_']) {
    if (s.length > 2 * m.length && s.startsWith(m) && s.endsWith(m)) return s.slice(m.length, -m.length).trim();
  }
  return s;
}

function plainHeading(text: string, from: number, to: number): Heading | undefined {
  let end = to;
  while (end > from && isSpace(text.charCodeAt(end - 1))) end--;
  const raw = text.slice(from, end);
  // A list item or a quote is content, not a heading.
  const c = raw.charCodeAt(0);
  if (c === 45 /* - */ || (c === 42 /* * */ && raw.charCodeAt(1) !== 42) || c === 43 /* + */ || c === 62 /* > */) {
    return undefined;
  }
  let inner = stripEmphasis(raw);
  const hasColon = inner.endsWith(':');
  if (hasColon) inner = stripEmphasis(inner.slice(0, -1).trimEnd());
  if (!inner) return undefined;
  const key = normalise(inner);
  const kinds = KNOWN.get(key);
  if (kinds) {
    if (!hasColon && NEEDS_COLON.has(key)) return undefined;
    return { kinds, title: inner, headingEnd: end };
  }
  if (hasColon && isFreeTitle(inner)) return { kinds: [], title: inner, headingEnd: end };
  return undefined;
}

/** A short title-like phrase: starts with a capital letter, a few words, no sentence punctuation. */
function isFreeTitle(s: string): boolean {
  if (s.length > MAX_FREE_TITLE_LENGTH || !/^\p{Lu}/u.test(s)) return false;
  if (/[.;:!?,()[\]{}$|=<>"]/.test(s)) return false;
  return s.split(' ').filter(Boolean).length <= MAX_FREE_TITLE_WORDS;
}

/** `Plan: start physical therapy` — a main section name, a colon, then text. */
function inlineHeading(text: string, from: number, to: number): Heading | undefined {
  // The longest inline name ("history of presenting complaint") is 31 characters; bold adds 4.
  const limit = Math.min(to, from + 40);
  let colon = -1;
  for (let i = from; i < limit; i++) {
    if (text.charCodeAt(i) === 58 /* : */) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  let headingEnd = colon + 1;
  // "**Plan:** text" keeps the closing bold marker in the heading.
  while (headingEnd < to && (text.charCodeAt(headingEnd) === 42 || text.charCodeAt(headingEnd) === 95)) headingEnd++;
  const title = stripEmphasis(stripEmphasis(text.slice(from, headingEnd)).replace(/:$/, '').trim());
  const key = normalise(title);
  const kinds = KNOWN.get(key);
  if (!kinds || !INLINE_KINDS.has(kinds[0]!)) return undefined;
  // "A: 1. ..." is fine, but a single letter needs a space after its colon ("a:b" is not a heading).
  let bodyStart = headingEnd;
  while (bodyStart < to && isSpace(text.charCodeAt(bodyStart))) bodyStart++;
  if (bodyStart === headingEnd && bodyStart < to) return undefined;
  if (bodyStart >= to) return undefined; // nothing after the colon: a plain heading handled elsewhere
  return { kinds, title, headingEnd, bodyStart };
}
