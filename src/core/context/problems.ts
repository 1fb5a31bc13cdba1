/**
 * The problems a note asserts: every knowledge-base condition it mentions (conditions, types, causes and
 * findings, by label, synonym or unambiguous abbreviation), each read in its context (context.ts) and grouped
 * as present, possible, hypothetical, historical, family or absent. Codes are offered for present, current,
 * patient mentions only: nothing is proposed for a negated, possible or family mention. One pass over the
 * note's words with one map look-up each, so a 1 MB note is listed in milliseconds.
 */
import { decideContext, type ContextResult } from './context';
import type { ContextRules } from './rules';
import type { Knowledge } from '../knowledge/load';
import { parseSections } from '../note/sections';
import { normalize } from '../text';
import type { Code, EntryKind, LoadedEntry } from '../types';

export type ProblemStatus = 'present' | 'possible' | 'hypothetical' | 'historical' | 'family' | 'absent';

/** Display order of the groups. */
export const PROBLEM_STATUSES: readonly ProblemStatus[] = ['present', 'possible', 'hypothetical', 'historical', 'family', 'absent'];

export const STATUS_TITLES: Record<ProblemStatus, string> = {
  present: 'Present',
  possible: 'Possible',
  hypothetical: 'Hypothetical (if / watch for)',
  historical: 'Historical',
  family: 'Family / someone else',
  absent: 'Absent (negated)',
};

/** The kinds of entry a note can assert a patient has. */
const PROBLEM_KINDS: ReadonlySet<EntryKind> = new Set<EntryKind>(['condition', 'type', 'cause', 'finding']);

export interface NoteProblem {
  entry: LoadedEntry;
  status: ProblemStatus;
  /** The first mention with this status: zero-based line and offsets into the note. */
  line: number;
  start: number;
  end: number;
  text: string;
  /** Every line (zero-based) with a mention of this entry and status. */
  lines: number[];
  context: ContextResult;
  /** ICD-10-CM codes of the entry when the status is present (present, current, patient); else empty. */
  codes: readonly Code[];
}

/** One headline status for a mention's three labels. Someone else's condition is never the patient's. */
export function statusOf(c: Pick<ContextResult, 'assertion' | 'temporality' | 'experiencer'>): ProblemStatus {
  if (c.experiencer === 'other') return 'family';
  if (c.assertion === 'absent') return 'absent';
  if (c.assertion === 'possible') return 'possible';
  if (c.temporality === 'hypothetical') return 'hypothetical';
  if (c.temporality === 'historical') return 'historical';
  return 'present';
}

interface Name {
  words: readonly string[];
  entry: LoadedEntry;
}

interface Names {
  /** lower-case first word → names, longest first */
  phrases: Map<string, Name[]>;
  /** case-sensitive first word → abbreviations, longest first */
  abbreviations: Map<string, Name[]>;
  /** The length and first three characters (ASCII letters folded) of every name's first word: most words are passed over on them. */
  prefixes: Set<number>;
}

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A word's length and first three characters as one number, ASCII capitals folded to lower case (a filter: equal words give equal keys). */
function prefixKey(text: string, start: number, end: number): number {
  const n = end - start;
  const c1 = n > 1 ? fold(text.charCodeAt(start + 1)) : 0;
  const c2 = n > 2 ? fold(text.charCodeAt(start + 2)) : 0;
  return ((fold(text.charCodeAt(start)) * 65536 + c1) * 65536 + c2) * 64 + Math.min(n, 63);
}

/** By the entries array: one per load, whether the caller holds the knowledge or the knowledge base. */
const namesCache = new WeakMap<readonly LoadedEntry[], Names>();

function namesOf(knowledge: Pick<Knowledge, 'entries'>): Names {
  let names = namesCache.get(knowledge.entries);
  if (names) return names;
  names = { phrases: new Map(), abbreviations: new Map(), prefixes: new Set() };
  const add = (map: Map<string, Name[]>, words: string[], entry: LoadedEntry) => {
    if (words.length === 0) return;
    let list = map.get(words[0]!);
    if (!list) map.set(words[0]!, (list = []));
    if (!list.some((n) => n.words.join(' ') === words.join(' '))) list.push({ words, entry });
  };
  for (const entry of knowledge.entries) {
    if (!PROBLEM_KINDS.has(entry.kind)) continue;
    for (const text of [entry.label, ...(entry.synonyms ?? [])]) add(names.phrases, normalize(text).split(' ').filter(Boolean), entry);
    // An ambiguous abbreviation (CC: mostly "chief complaint") is never read as the condition.
    for (const a of entry.abbreviations ?? []) if (!a.ambiguous) add(names.abbreviations, a.text.split(/[^\p{L}\p{N}]+/u).filter(Boolean), entry);
  }
  for (const map of [names.phrases, names.abbreviations]) {
    for (const [first, list] of map) {
      list.sort((a, b) => b.words.length - a.words.length);
      names.prefixes.add(prefixKey(first, 0, first.length));
      // A word in capitals ("CALCINOSIS") folds to the same key; a non-ASCII first letter keeps its own.
      names.prefixes.add(prefixKey(first.toUpperCase(), 0, first.length));
    }
  }
  namesCache.set(knowledge.entries, names);
  return names;
}

/** Every knowledge-base condition the note mentions, in context, grouped by entry and status (first mention first). */
export function problemsOf(knowledge: Pick<Knowledge, 'entries'>, rules: ContextRules, text: string): NoteProblem[] {
  const names = namesOf(knowledge);
  const sections = parseSections(text);
  const byKey = new Map<string, NoteProblem>();
  const out: NoteProblem[] = [];
  let line = 0;
  let counted = 0;
  // Nothing is made per word: a word becomes a string only when its first two letters start a name (holding
  // every word of a 1 MB note as an object, or as a match, was most of the time, in the garbage collector).
  const n = text.length;
  for (let i = 0; i < n; ) {
    while (i < n && !isWordCode(text.charCodeAt(i))) i++;
    const start = i;
    while (i < n && isWordCode(text.charCodeAt(i))) i++;
    if (i === start || !names.prefixes.has(prefixKey(text, start, i))) continue;
    const written = text.slice(start, i);
    const hit = longest(names.phrases.get(written.toLowerCase()), i, true) ?? longest(names.abbreviations.get(written), i, false);
    if (!hit) continue;
    const end = hit.end;
    i = end;
    for (; counted < start; counted++) if (text.charCodeAt(counted) === 10) line++;
    const context = decideContext(rules, text, start, end, { sections });
    const status = statusOf(context);
    const key = `${hit.name.entry.id}\u0000${status}`;
    const held = byKey.get(key);
    if (held) {
      if (held.lines[held.lines.length - 1] !== line) held.lines.push(line);
      continue;
    }
    const entry = hit.name.entry;
    const codes = status === 'present' ? (entry.codes ?? []).filter((c) => c.system === 'ICD-10-CM') : [];
    const problem: NoteProblem = { entry, status, line, start, end, text: text.slice(start, end), lines: [line], context, codes };
    byKey.set(key, problem);
    out.push(problem);
  }
  return out;

  /**
   * The longest name of `list` whose further words follow from `from` (the end of its first word), each after
   * one to three characters of space or light punctuation (never a line break or a sentence end).
   */
  function longest(list: Name[] | undefined, from: number, fold: boolean): { name: Name; end: number } | undefined {
    if (!list) return undefined;
    for (const name of list) {
      let pos = from;
      let ok = true;
      for (let j = 1; j < name.words.length && ok; j++) {
        const gapStart = pos;
        while (pos < text.length && pos - gapStart <= 3 && !isWordCode(text.charCodeAt(pos))) {
          if (BREAKS.includes(text[pos]!)) ok = false;
          pos++;
        }
        const wordStart = pos;
        while (pos < text.length && isWordCode(text.charCodeAt(pos))) pos++;
        const w = text.slice(wordStart, pos);
        ok = ok && pos - gapStart > 0 && wordStart > gapStart && wordStart - gapStart <= 3 && (fold ? w.toLowerCase() : w) === name.words[j];
      }
      if (ok) return { name, end: pos };
    }
    return undefined;
  }
}

const BREAKS = '\n\r.;:!?,()';

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}

/** The problems grouped by status, in display order; empty groups left out. */
export function groupProblems(problems: readonly NoteProblem[]): Array<{ status: ProblemStatus; title: string; problems: NoteProblem[] }> {
  return PROBLEM_STATUSES.map((status) => ({ status, title: STATUS_TITLES[status], problems: problems.filter((p) => p.status === status) })).filter((g) => g.problems.length > 0);
}

/**
 * The codes to copy into an Assessment: those of present, current, patient conditions only, each with its
 * official title, one a line ("L94.2 Calcinosis cutis"), no code twice. Empty when there is none.
 */
export function assessmentCodes(problems: readonly NoteProblem[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of problems) {
    if (p.status !== 'present') continue;
    for (const c of p.codes) {
      if (seen.has(c.code)) continue;
      seen.add(c.code);
      lines.push(`${c.code} ${c.title}`);
    }
  }
  return lines.join('\n');
}

/**
 * The line a hover shows first when a mention is not plainly present: "Negated here ('no evidence of')",
 * "Possible ('rule out')", "Family history ('mother')", "Historical ('history of')". Undefined when plain.
 */
export function contextLine(c: ContextResult): string | undefined {
  const why = (category: string) => {
    const cue = c.cues.find((q) => q.category === category);
    return cue ? ` ('${cue.trigger.text}')` : c.section ? ` (section "${c.section.title}")` : '';
  };
  const parts: string[] = [];
  if (c.assertion === 'absent') parts.push(`Negated here${why('negated')}`);
  if (c.assertion === 'possible') parts.push(`Possible${why('possible')}`);
  if (c.experiencer === 'other') parts.push(`Family history${why('other-experiencer')}`);
  if (c.temporality === 'historical') parts.push(`Historical${why('historical')}`);
  if (c.temporality === 'hypothetical') parts.push(`Hypothetical${why('hypothetical')}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** The hover's context line for the mention at [start, end) of `text` (the lines above it give the section). */
export function contextLineAt(rules: ContextRules, text: string, start: number, end: number): string | undefined {
  return contextLine(decideContext(rules, text, start, end));
}
