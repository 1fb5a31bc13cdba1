/**
 * What the suggest widget shows for the word at the cursor: every decision (which word, which earlier words
 * may belong to the term, which hits are worth offering, the ambiguity policy, the order) is made here, as
 * plain data, so it is tested in plain Node and the bench measures the same path the editor runs. The
 * VS Code adapter only converts these items.
 */
import { kindTitle } from '../cards/cards';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { SearchHit } from './prefix-index';
import { TIER_EXACT, TIER_TYPO, TIER_WORD_PREFIX, type SearchTier } from './tiers';
import type { EntryKind, LoadedEntry } from '../types';

/** Characters of a term as typed: letters, digits, marks, and `.`, `-`, `/`, `×` inside terms (`L94.2`, `Ca×P`). */
const TERM_CHAR = /[\p{L}\p{N}\p{M}.\-/×]/u;
const ALNUM = /[\p{L}\p{N}]/u;
/** Earlier words on the line that may belong to a multi-word term ("systemic scl|"). */
const MAX_CONTEXT_WORDS = 2;
/** Shortest word that may match inside a term ("thio" → sodium thiosulfate) or, in prose languages, at all. */
const MIN_LOOSE_LENGTH = 3;
/**
 * Words of ordinary prose that start or sit inside many terms ("in" → intravenous…, "the" → "…in the
 * affected area"): typed alone they only ever match a term exactly, so writing a sentence stays quiet.
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for from had has have he her his if in into is it its no nor not of on or over per she so than that the their then there these they this those to under up was were with'.split(' '),
);

export interface CompletionOptions {
  /** Characters of a word typed before terms are offered. */
  minPrefix: number;
  /** The most terms offered at once. */
  maxItems: number;
  /**
   * True outside the note language (Markdown, plain text), where the user's own writing should not be
   * flooded: exact and whole-term prefix matches only, from three characters.
   */
  prose: boolean;
  /** Entry kinds ranked first (the note section at the cursor). */
  boostKinds?: readonly EntryKind[];
}

/** How an item is drawn: an entry's kind, or the text kept as written. */
export type SuggestionIcon = EntryKind | 'text' | 'code';

export interface Suggestion {
  label: string;
  /** Shown right after the label ("= scleroderma", " (SSc)"). */
  labelDetail?: string;
  /** Shown at the row's end (the kind, or the code). */
  description?: string;
  detail: string;
  insertText: string;
  filterText: string;
  /** Where the replaced text starts on the line; it ends at the cursor (insert) or at the word's end (replace). */
  start: number;
  entryId: string;
  packId: string;
  icon: SuggestionIcon;
  /** The expansion of an ambiguous abbreviation: listed last, never preselected. */
  ambiguous: boolean;
  tier: SearchTier;
  sortText: string;
}

export interface CompletionAnswer {
  items: Suggestion[];
  /** Ask again on the next keystroke (the list was cut, holds typos, or nothing could be offered yet). */
  incomplete: boolean;
  /** The word being completed: [start, cursor) typed, [cursor, end) the rest of it. */
  word: WordAt;
}

export interface WordAt {
  start: number;
  end: number;
  typed: string;
}

/** The term-like word around `character` on `line`, from its start to the cursor (and on to its end). */
export function wordAt(line: string, character: number): WordAt | undefined {
  let start = character;
  while (start > 0 && TERM_CHAR.test(line[start - 1]!)) start--;
  // A term starts with a letter or digit: "-calc" and "/calc" complete "calc".
  while (start < character && !ALNUM.test(line[start]!)) start++;
  let end = character;
  while (end < line.length && TERM_CHAR.test(line[end]!)) end++;
  if (start >= character) return undefined;
  return { start, end, typed: line.slice(start, character) };
}

/** Where up to `max` earlier words on the line start, each separated by one space: "systemic scl". */
export function contextStarts(line: string, wordStart: number, max: number): number[] {
  const out: number[] = [];
  let pos = wordStart;
  for (let n = 0; n < max; n++) {
    if (pos < 2 || line[pos - 1] !== ' ' || !ALNUM.test(line[pos - 2]!)) break;
    let s = pos - 1;
    while (s > 0 && TERM_CHAR.test(line[s - 1]!)) s--;
    while (s < pos - 1 && !ALNUM.test(line[s]!)) s++;
    out.push(s);
    pos = s;
  }
  return out;
}

/** Whether a hit of this tier is worth showing for what was typed (see `CompletionOptions.prose`). */
export function worthOffering(tier: SearchTier, typed: string, prose: boolean): boolean {
  if (tier === TIER_EXACT) return true;
  if (STOP_WORDS.has(typed.toLowerCase())) return false;
  if (tier >= TIER_TYPO) return !prose && typed.length >= MIN_LOOSE_LENGTH;
  if (tier >= TIER_WORD_PREFIX) return typed.length >= MIN_LOOSE_LENGTH;
  return !prose || typed.length >= MIN_LOOSE_LENGTH;
}

interface Candidate {
  hit: SearchHit;
  start: number;
}

/**
 * The suggestions for the cursor at `character` of `line`; undefined when there is no word there at all.
 * A word too short yet answers an empty, incomplete list: the editor asks again on the next keystroke.
 */
export function completionsAt(kb: KnowledgeBase, line: string, character: number, options: CompletionOptions): CompletionAnswer | undefined {
  const word = wordAt(line, character);
  if (!word) return undefined;
  if (word.typed.length < options.minPrefix || !/\p{L}/u.test(word.typed)) return { items: [], incomplete: true, word };
  const limit = options.maxItems;
  const ranking = options.boostKinds ? { boostKinds: options.boostKinds } : {};

  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  // Longer context first: "systemic scl" (or "sys scl") → systemic sclerosis replaces both words. Never
  // a typo; with a stop word ("pain or", "with calc") only a term that starts with the words typed.
  for (const start of contextStarts(line, word.start, MAX_CONTEXT_WORDS).reverse()) {
    const query = line.slice(start, character);
    const first = query.slice(0, query.indexOf(' ')).toLowerCase();
    const loose = !STOP_WORDS.has(first) && !STOP_WORDS.has(word.typed.toLowerCase());
    // maxTier: the index stops there and never runs the typo or definition tiers for these phrases.
    const maxTier = loose ? TIER_TYPO : TIER_WORD_PREFIX;
    for (const hit of kb.search(query, { limit, maxTier, ...ranking })) {
      if (seen.has(hit.entry.id)) continue;
      seen.add(hit.entry.id);
      candidates.push({ hit, start });
    }
  }
  const hits = kb.search(word.typed, { limit: limit + 1, ...ranking });
  const truncated = hits.length > limit;
  let typoSeen = false;
  for (const hit of hits.slice(0, limit)) {
    if (!worthOffering(hit.tier, word.typed, options.prose) || seen.has(hit.entry.id)) continue;
    if (hit.tier >= TIER_TYPO) typoSeen = true;
    seen.add(hit.entry.id);
    candidates.push({ hit, start: word.start });
  }

  const items: Suggestion[] = [];
  const late: Suggestion[] = [];
  for (const c of candidates.slice(0, limit)) {
    const typed = line.slice(c.start, character);
    for (const item of suggestionsFor(c.hit, typed, c.start)) {
      item.filterText = `${typed} ${item.filterText}`;
      (item.ambiguous ? late : items).push(item);
    }
  }
  // A code offered twice (a clinical entry's code, and the same code's row in a loaded code set) is one row:
  // the first, the clinical entry's, which ranks first and leads to its card.
  const codes = new Set<string>();
  const all = [...items, ...late].filter((item) => {
    if (item.icon !== 'code') return true;
    if (codes.has(item.insertText)) return false;
    codes.add(item.insertText);
    return true;
  });
  all.forEach((item, i) => {
    item.sortText = `${item.ambiguous ? 'z' : 'a'}${String(i).padStart(5, '0')}`;
  });
  // Incomplete when the list was cut, or when it holds typo matches the editor's own filter could not
  // reproduce while the user keeps typing: then the core is asked again on the next keystroke.
  return { items: all, incomplete: truncated || typoSeen, word };
}

function describe(entry: LoadedEntry): { description: string; detail: string } {
  const kind = kindTitle(entry);
  const code = entry.codes?.[0];
  return {
    description: code ? code.code : kind,
    detail: code ? `${kind} · ${code.system} ${code.code} ${code.title}` : kind,
  };
}

function suggestion(hit: SearchHit, start: number, label: string, insertText: string, extra: Partial<Suggestion> = {}): Suggestion {
  const entry = hit.entry;
  return {
    label,
    detail: describe(entry).detail,
    insertText,
    filterText: hit.matched,
    start,
    entryId: entry.id,
    packId: entry.pack,
    icon: entry.kind,
    ambiguous: false,
    tier: hit.tier,
    sortText: '',
    ...extra,
  };
}

/** The items one search hit becomes (one, or two when the text as written is worth keeping). */
export function suggestionsFor(hit: SearchHit, typed: string, start: number): Suggestion[] {
  const entry = hit.entry;
  const { description } = describe(entry);
  const abbreviation = hit.field === 'abbreviation' ? (hit.abbreviation ?? { text: hit.matched }) : undefined;

  if (abbreviation?.ambiguous) {
    // Keep what was typed first; the expansion only when chosen, and labelled so it cannot be mistaken.
    const keep = suggestion(hit, start, typed, typed, {
      description: 'as written',
      icon: 'text',
      detail: `${typed} — ambiguous abbreviation, kept as written`,
      filterText: typed,
    });
    const expand = suggestion(hit, start, `${abbreviation.text} → ${entry.label} (ambiguous: check)`, entry.label, {
      description,
      detail: `Ambiguous: ${abbreviation.note ?? `${abbreviation.text} often means something else in notes`}`,
      filterText: `${abbreviation.text} ${entry.label}`,
      ambiguous: true,
    });
    return [keep, expand];
  }

  if (abbreviation) {
    // "SSc" offers systemic sclerosis, and keeps SSc (in the pack's spelling) one line below.
    const expand = suggestion(hit, start, entry.label, entry.label, { labelDetail: ` (${abbreviation.text})`, description });
    const keep = suggestion(hit, start, abbreviation.text, abbreviation.text, { description: entry.label, detail: `Abbreviation of ${entry.label}` });
    return [expand, keep];
  }

  if (hit.field === 'code') {
    // A code typed stays a code: "L94.2" first, the term it names second. A code set's entry is its code:
    // its title already shows beside it, and a second row per code would halve the codes in view.
    const code = entry.codes?.find((c) => c.code === hit.matched) ?? entry.codes?.[0];
    const keep = suggestion(hit, start, hit.matched, hit.matched, { description: code?.title ?? entry.label, icon: 'code' });
    if (entry.kind === 'code') return [keep];
    return [keep, suggestion(hit, start, entry.label, entry.label, { description })];
  }

  // Say why a synonym match is offered: typing "sclero" shows "systemic sclerosis  = scleroderma".
  const synonym = hit.field === 'synonym' && hit.matched.toLowerCase() !== entry.label.toLowerCase();
  return [suggestion(hit, start, entry.label, entry.label, { description, ...(synonym ? { labelDetail: ` = ${hit.matched}` } : {}) })];
}
