/**
 * What the benchmark asks of the core, generated deterministically from the loaded entries:
 * - completion queries: 1–6 characters as a clinician types them (prefixes of labels, synonyms,
 *   abbreviations and codes, some from an inner word, about a fifth with a typo);
 * - notes: clinical-looking sentences that mention the entries' terms, with section headings, lists and
 *   paragraphs of realistic line lengths, up to a given size;
 * and the two keystroke paths measured on them, as the extension runs them: hover gets the LINE holding
 * the offset and spots the term there; completion gets the word before the cursor on its line and searches.
 */
import { completionsAt, type CompletionOptions } from '../src/core/search/completion';
import { hoverAt as coreHoverAt, type HoverAnswer } from '../src/core/cards/hover';
import type { KnowledgeBase } from '../src/core/knowledge/knowledge-base';
import type { LoadedEntry } from '../src/core/types';
import { chance, int, pick, prng, subSeed, type Rand } from '../test/generators/prng';

/** A term as written in a pack, with what kind of name it is. */
export interface TermSample {
  text: string;
  field: 'label' | 'synonym' | 'abbreviation' | 'code';
}

function termOf(entry: LoadedEntry, rand: Rand): TermSample {
  const r = rand();
  const syn = entry.synonyms ?? [];
  const abbr = entry.abbreviations ?? [];
  const codes = entry.codes ?? [];
  if (r < 0.15 && abbr.length) return { text: pick(rand, abbr).text, field: 'abbreviation' };
  if (r < 0.3 && codes.length) return { text: pick(rand, codes).code, field: 'code' };
  if (r < 0.48 && syn.length) return { text: pick(rand, syn), field: 'synonym' };
  return { text: entry.label, field: 'label' };
}

/** Entries are drawn from each group in turn, so a small built-in pack is not drowned by a large one. */
function entryFrom(groups: ReadonlyArray<readonly LoadedEntry[]>, i: number, rand: Rand): LoadedEntry {
  const nonEmpty = groups.filter((g) => g.length > 0);
  if (nonEmpty.length === 0) throw new RangeError('no entries to draw from');
  return pick(rand, nonEmpty[i % nonEmpty.length]!);
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
function neighbour(ch: string, rand: Rand): string {
  const lower = ch.toLowerCase();
  for (const row of KEYBOARD_ROWS) {
    const i = row.indexOf(lower);
    if (i >= 0) {
      const j = i === 0 ? 1 : i === row.length - 1 ? i - 1 : i + (chance(rand, 0.5) ? 1 : -1);
      return row[j]!;
    }
  }
  return ch;
}

/** One typing slip: two letters swapped, one dropped, one doubled, or a neighbouring key hit. */
export function typo(s: string, rand: Rand): string {
  if (s.length < 3) return s;
  const i = int(rand, 1, s.length - 2);
  switch (int(rand, 0, 3)) {
    case 0:
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + s[i] + s.slice(i);
    default:
      return s.slice(0, i) + neighbour(s[i]!, rand) + s.slice(i + 1);
  }
}

/**
 * `count` completion queries of 1–6 characters. Labels and synonyms are mostly typed in lower case,
 * abbreviations and codes as written; 20% start at an inner word ("thio" for sodium thiosulfate);
 * 20% of those with 3+ characters carry a typo.
 */
export function completionQueries(groups: ReadonlyArray<readonly LoadedEntry[]>, count: number, seed: number): string[] {
  const rand = prng(subSeed(seed, 'completion-queries'));
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const entry = entryFrom(groups, i, rand);
    const term = termOf(entry, rand);
    let text = term.text;
    if ((term.field === 'label' || term.field === 'synonym') && chance(rand, 0.2)) {
      const starts: number[] = [];
      for (let k = 1; k < text.length; k++) if (text[k - 1] === ' ' && /[\p{L}\p{N}]/u.test(text[k]!)) starts.push(k);
      if (starts.length) text = text.slice(pick(rand, starts));
    }
    if ((term.field === 'label' || term.field === 'synonym') && chance(rand, 0.8)) text = text.toLowerCase();
    let q = text.slice(0, int(rand, 1, 6)).trimEnd();
    if (q.length >= 3 && chance(rand, 0.2)) q = typo(q, rand).slice(0, 6);
    q = q.trim();
    if (q) out.push(q);
  }
  return out;
}

const HEADINGS = [
  '## Presentation', 'History of present illness:', '## Past medical history', 'Medications:', 'Allergies: none known',
  '## Examination', 'Results:', '## Assessment', 'Workup:', '## Treatment plan', 'Assessment and plan:', 'Follow-up:',
];
const FILLER = [
  'The patient was seen in clinic today with her daughter.', 'Tolerating current regimen without new complaints.',
  'Reviewed outside records and imaging.', 'Denies fever, chills or weight loss.', 'Sleep and appetite are unchanged.',
  'Discussed risks, benefits and alternatives at length.', 'Lives alone and walks with a cane.',
  'Labs from last month were reviewed with the patient.', 'No recent hospitalizations.',
];
const SITES = ['left forearm', 'right hand', 'both elbows', 'fingertips', 'left knee', 'buttocks', 'lower legs', 'right shoulder'];

function sentence(term: TermSample, entry: LoadedEntry, rand: Rand): string {
  const t = term.field === 'label' || term.field === 'synonym' ? (chance(rand, 0.7) ? term.text.toLowerCase() : term.text) : term.text;
  const n = int(rand, 2, 18);
  const site = pick(rand, SITES);
  switch (int(rand, 0, 9)) {
    case 0:
      return `Patient reports ${t} for ${n} months.`;
    case 1:
      return `${t[0]!.toUpperCase()}${t.slice(1)} noted on examination of the ${site}.`;
    case 2:
      return `Plan: start ${t} and recheck in ${n} weeks.`;
    case 3:
      return `No evidence of ${t} on today's visit.`;
    case 4:
      return `History of ${t}, stable since ${2000 + n}.`;
    case 5:
      return `Ordered ${t} to assess progression of the deposits over the ${site}.`;
    case 6: {
      const code = entry.codes?.[0];
      return code ? `Diagnosis: ${code.code} ${code.title}.` : `Diagnosis: ${t}.`;
    }
    case 7:
      return `Given ${t}, we discussed ${pick(rand, ['wound care', 'pain control', 'physical therapy', 'diet'])} (${n} min).`;
    case 8:
      return `Previously treated for ${t} at an outside hospital; records requested.`;
    default:
      return `Findings are consistent with ${t} in the ${site}.`;
  }
}

/**
 * A note of at least `chars` UTF-16 characters: headings, list items and paragraphs (1–8 sentences on one
 * line, as editors soft-wrap them), most sentences mentioning a term of the given entries.
 */
export function generateNote(groups: ReadonlyArray<readonly LoadedEntry[]>, chars: number, seed: number): string {
  const rand = prng(subSeed(seed, 'note'));
  const lines: string[] = [];
  let size = 0;
  let i = 0;
  const push = (line: string) => {
    lines.push(line);
    size += line.length + 1;
  };
  while (size < chars) {
    if (i % 12 === 0) {
      push(pick(rand, HEADINGS));
    }
    const shape = int(rand, 0, 9);
    if (shape < 3) {
      for (let k = int(rand, 2, 5); k > 0; k--) {
        const e = entryFrom(groups, i++, rand);
        push(`- ${sentence(termOf(e, rand), e, rand)}`);
      }
    } else if (shape === 3) {
      push('');
    } else {
      const parts: string[] = [];
      for (let k = int(rand, 1, 8); k > 0; k--) {
        if (chance(rand, 0.25)) parts.push(pick(rand, FILLER));
        else {
          const e = entryFrom(groups, i++, rand);
          parts.push(sentence(termOf(e, rand), e, rand));
        }
      }
      push(parts.join(' '));
    }
    i++;
  }
  return lines.join('\n') + '\n';
}

/** `count` offsets in [0, length), seeded. */
export function offsets(length: number, count: number, seed: number): number[] {
  const rand = prng(subSeed(seed, 'offsets'));
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.floor(rand() * length));
  return out;
}

/** The line holding `offset` (without its line break) and where it starts: what `document.lineAt` gives. */
export function lineAt(text: string, offset: number): { line: string; start: number } {
  const start = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { line: text.slice(start, end), start };
}

/** The hover path the editor runs: the line holding the offset, then the core's hover for it (card included). */
export function hoverAt(kb: KnowledgeBase, text: string, offset: number): HoverAnswer | undefined {
  const { line, start } = lineAt(text, offset);
  return coreHoverAt(kb, line, offset - start);
}

/** The extension's default `completion.maxItems` (30); the core asks the index for one more. */
export const COMPLETION_LIMIT = 30;
/** The extension's default `completion.minPrefix`. */
export const MIN_PREFIX = 2;
/** The editor's completion settings by default, in a `.note` file. */
export const COMPLETION_OPTIONS: CompletionOptions = { minPrefix: MIN_PREFIX, maxItems: COMPLETION_LIMIT, prose: false };

/** The completion path the editor runs at an offset of a note: the line, then the core's answer for the cursor. */
export function completeAt(kb: KnowledgeBase, text: string, offset: number): number {
  const { line, start } = lineAt(text, offset);
  return completionsAt(kb, line, offset - start, COMPLETION_OPTIONS)?.items.length ?? 0;
}

/** A query typed at the end of a line, as the bench's query lists are. */
export function completeQuery(kb: KnowledgeBase, query: string): number {
  return completionsAt(kb, query, query.length, COMPLETION_OPTIONS)?.items.length ?? 0;
}
