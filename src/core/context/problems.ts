/**
 * The problems a note asserts: every knowledge-base condition it mentions (conditions, types, causes and
 * findings, by label, synonym or unambiguous abbreviation), each read in its context (context.ts) and grouped
 * as present, possible, hypothetical, historical, family or absent. Codes are offered for present, current,
 * patient mentions only: nothing is proposed for a negated, possible or family mention. One pass over the
 * note's words with one map look-up each, so a 1 MB note is listed in milliseconds.
 */
import { decideContext, NoteContext, type ContextResult } from './context';
import { indexOf, isWord, knownWord, mayBe, noteWords, wordKey, type WordIndex } from './word-key';
import type { ContextRules } from './rules';
import type { Knowledge } from '../knowledge/load';
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
  /** The first words of `phrases` by their word key (word-key.ts): matched without a string made. */
  firstWords: WordIndex;
  /** The word keys of the abbreviations' first words. */
  abbreviationKeys: Set<number>;
}

/** By the entries array: one per load, whether the caller holds the knowledge or the knowledge base. */
const namesCache = new WeakMap<readonly LoadedEntry[], Names>();

function namesOf(knowledge: Pick<Knowledge, 'entries'>): Names {
  let names = namesCache.get(knowledge.entries);
  if (names) return names;
  names = { phrases: new Map(), abbreviations: new Map(), firstWords: new Map(), abbreviationKeys: new Set() };
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
  for (const map of [names.phrases, names.abbreviations]) for (const list of map.values()) list.sort((a, b) => b.words.length - a.words.length);
  // Keys fold ASCII capitals ("CALCINOSIS", "Calcinosis"); a word with a letter past ASCII in its first three is always looked up.
  names.firstWords = indexOf(names.phrases.keys());
  for (const first of names.abbreviations.keys()) names.abbreviationKeys.add(wordKey(first, 0, first.length));
  namesCache.set(knowledge.entries, names);
  return names;
}

/** Every knowledge-base condition the note mentions, in context, grouped by entry and status (first mention first). */
export function problemsOf(knowledge: Pick<Knowledge, 'entries'>, rules: ContextRules, text: string): NoteProblem[] {
  const names = namesOf(knowledge);
  // The note is split into words and sentences once; a word becomes a string only when its key may start a name.
  const nw = noteWords(text);
  const note = new NoteContext(rules, nw);
  const byKey = new Map<string, NoteProblem>();
  const out: NoteProblem[] = [];
  let line = 0;
  // The next line break not yet counted (indexOf jumps from one to the next).
  let nextBreak = text.indexOf('\n');
  for (let w = 0; w < nw.count; ) {
    const key = nw.keys[w]!;
    const firstWord = knownWord(names.firstWords, text, nw.starts[w]!, nw.ends[w]!, key);
    const hit =
      (firstWord === undefined ? undefined : longest(names.phrases.get(firstWord), w, true)) ??
      (mayBe(names.abbreviationKeys, key) ? longest(names.abbreviations.get(text.slice(nw.starts[w]!, nw.ends[w]!)), w, false) : undefined);
    if (!hit) {
      w++;
      continue;
    }
    const first = w;
    w = hit.last;
    const start = nw.starts[first]!;
    const end = nw.ends[hit.last - 1]!;
    while (nextBreak >= 0 && nextBreak < start) {
      line++;
      nextBreak = text.indexOf('\n', nextBreak + 1);
    }
    const decided = note.decide(first, hit.last);
    const status = statusOf(decided.labels);
    const id = `${hit.name.entry.id}\u0000${status}`;
    const held = byKey.get(id);
    if (held) {
      if (held.lines[held.lines.length - 1] !== line) held.lines.push(line);
      continue;
    }
    const entry = hit.name.entry;
    const codes = status === 'present' ? (entry.codes ?? []).filter((c) => c.system === 'ICD-10-CM') : [];
    const problem: NoteProblem = { entry, status, line, start, end, text: text.slice(start, end), lines: [line], context: decided.result(), codes };
    byKey.set(id, problem);
    out.push(problem);
  }
  return out;

  /**
   * The longest name of `list` whose further words are the words after word `first`, each after one to
   * three characters of space or light punctuation (never a line break or a sentence end).
   */
  function longest(list: Name[] | undefined, first: number, fold: boolean): { name: Name; last: number } | undefined {
    if (!list) return undefined;
    for (const name of list) {
      const n = name.words.length;
      if (first + n > nw.count) continue;
      let ok = true;
      for (let j = 1; j < n && ok; j++) {
        const w = first + j;
        const gapStart = nw.ends[w - 1]!;
        const wordStart = nw.starts[w]!;
        if (wordStart - gapStart > 3) ok = false;
        for (let p = gapStart; p < wordStart && ok; p++) if (BREAKS.includes(text[p]!)) ok = false;
        const word = name.words[j]!;
        ok = ok && (fold ? isWord(text, wordStart, nw.ends[w]!, word) : nw.ends[w]! - wordStart === word.length && text.startsWith(word, wordStart));
      }
      if (ok) return { name, last: first + n };
    }
    return undefined;
  }
}

const BREAKS = '\n\r.;:!?,()';

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
