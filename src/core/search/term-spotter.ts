/**
 * Term spotting: which entry's term covers a given offset of a text. Used by hovers on every mouse
 * move, so it looks only at a bounded window of the line around the offset, never the whole note.
 *
 * Labels, synonyms and code titles match case-insensitively, whole words only, longest first
 * ("systemic sclerosis" beats "sclerosis"); abbreviations match case-sensitively ("SSc", "CREST", not
 * "ssc" or "crest"); codes match as written ("L94.2").
 *
 * Code-only entries (an imported ICD-10-CM pack) are spotted by their code alone. Their titles are
 * official descriptions ("Other specified disorders of bone density and structure, left femur") that a
 * note does not repeat word for word; making 74,000 of them hover phrases cost half a second and most of
 * the spotter's memory, and would turn a clinical phrase that happens to be a title into a code card.
 * The clinical packs name those things; a code written in the note is what a code card is for.
 */
import { codeEntryIdOfWords, isCodeSetEntry } from '../knowledge/code-set';
import { normalize, tokenize, type Token } from '../text';
import type { Abbreviation, LoadedEntry } from '../types';

export interface TermMatch {
  entry: LoadedEntry;
  /** Offsets into the text given to `at` / `all`. */
  start: number;
  end: number;
  /** The text as written in the note. */
  text: string;
  /** Set when the match was an abbreviation (honour `ambiguous`). */
  abbreviation?: Abbreviation;
  /**
   * When the match is a code that a clinical entry carries and a loaded code set (an imported ICD-10-CM
   * pack) lists too: the code set's entry, for its official title and billable status.
   */
  official?: LoadedEntry;
}

interface Target {
  entry: LoadedEntry;
  abbreviation?: Abbreviation;
}

/** How far (in characters) around the offset a term may reach. Terms longer than this are not spotted. */
const WINDOW = 160;

export class TermSpotter {
  /** lower-case token sequence (joined by one space) → entry */
  private readonly phrases = new Map<string, Target>();
  /** case-sensitive token sequence → entry */
  private readonly abbreviations = new Map<string, Target>();
  /** normalized code → the code set's entry, for codes a clinical entry already owns */
  private readonly official = new Map<string, LoadedEntry>();
  private readonly maxWords: number;

  /**
   * `byId` finds the entries of code sets (imported ICD-10-CM files): a code in a note is looked up by the
   * entry id it would have, instead of 74,000 codes going into a table here.
   */
  constructor(
    entries: readonly LoadedEntry[],
    private readonly byId?: (id: string) => LoadedEntry | undefined,
    /** True when code sets are loaded whose entries are left out of `entries` (they are found through `byId`). */
    codeSetsApart = false,
  ) {
    let maxWords = codeSetsApart ? 2 : 1;
    const addPhrase = (text: string, target: Target) => {
      const key = normalize(text);
      if (!key) return;
      maxWords = Math.max(maxWords, key.split(' ').length);
      // First entry wins: the built-in pack is loaded first.
      if (!this.phrases.has(key)) this.phrases.set(key, target);
    };
    for (const entry of entries) {
      if (entry.kind === 'code') {
        // A code is one or two words: "l94", "l94 2". A code set's are found by id when a note names one.
        maxWords = Math.max(maxWords, 2);
        if (byId && isCodeSetEntry(entry)) continue;
        for (const c of entry.codes ?? []) {
          const key = normalize(c.code);
          const owner = this.phrases.get(key);
          if (!owner) this.phrases.set(key, { entry });
          else if (owner.entry.kind !== 'code' && !this.official.has(key)) this.official.set(key, entry);
        }
        continue;
      }
      addPhrase(entry.label, { entry });
      for (const s of entry.synonyms ?? []) addPhrase(s, { entry });
      for (const c of entry.codes ?? []) addPhrase(c.code, { entry });
      for (const a of entry.abbreviations ?? []) {
        const key = tokenize(a.text).map((t) => t.text).join(' ');
        if (!key) continue;
        maxWords = Math.max(maxWords, key.split(' ').length);
        if (!this.abbreviations.has(key)) this.abbreviations.set(key, { entry, abbreviation: a });
      }
    }
    this.maxWords = Math.min(maxWords, 12);
  }

  /** The term covering `offset` in `text` (pass the line, not the whole note, when you can). */
  at(text: string, offset: number): TermMatch | undefined {
    if (!(offset >= 0 && offset <= text.length)) return undefined;
    const from = lineStart(text, Math.max(0, offset - WINDOW), offset);
    const to = lineEnd(text, Math.min(text.length, offset + WINDOW), offset);
    const tokens = tokenize(text, from, to);
    // The token under the cursor: the one containing offset, or ending exactly at it.
    let k = tokens.findIndex((t) => t.start <= offset && offset < t.end);
    if (k < 0) k = tokens.findIndex((t) => t.end === offset);
    if (k < 0) return undefined;
    let found: TermMatch | undefined;
    for (let len = Math.min(this.maxWords, tokens.length); len >= 1 && !found; len--) {
      for (let first = Math.max(0, k - len + 1); first <= k && first + len <= tokens.length; first++) {
        const m = this.match(text, tokens, first, len);
        if (m && (!found || m.start < found.start)) found = m;
      }
    }
    return found;
  }

  /** Every term in `text`, left to right, longest match first, non-overlapping. */
  all(text: string): TermMatch[] {
    const tokens = tokenize(text);
    const out: TermMatch[] = [];
    for (let i = 0; i < tokens.length; ) {
      let hit: TermMatch | undefined;
      for (let len = Math.min(this.maxWords, tokens.length - i); len >= 1 && !hit; len--) hit = this.match(text, tokens, i, len);
      if (hit) {
        out.push(hit);
        while (i < tokens.length && tokens[i].start < hit.end) i++;
      } else i++;
    }
    return out;
  }

  /** The code set entry of a normalized code ("l94 2" for L94.2), when a loaded code set lists it. */
  private codeSetEntry(key: string): LoadedEntry | undefined {
    if (!this.byId || key.length > 8) return undefined;
    const id = codeEntryIdOfWords(key);
    const entry = id === undefined ? undefined : this.byId(id);
    return entry && isCodeSetEntry(entry) ? entry : undefined;
  }

  private match(text: string, tokens: Token[], first: number, len: number): TermMatch | undefined {
    const span = tokens.slice(first, first + len);
    // A term's words are separated by spaces or light punctuation, never by a line break or a sentence end.
    for (let i = 1; i < span.length; i++) {
      const gap = text.slice(span[i - 1].end, span[i].start);
      if (gap.length > 3 || /[\n\r.;:!?,()]/.test(gap) && !/^[.]$/.test(gap)) return undefined;
    }
    const start = span[0].start;
    const end = span[span.length - 1].end;
    const written = span.map((t) => t.text).join(' ');
    const abbr = this.abbreviations.get(written);
    const key = normalize(written);
    let target = this.phrases.get(key) ?? abbr;
    let official: LoadedEntry | undefined;
    if (!target) {
      const fromSet = this.codeSetEntry(key);
      if (!fromSet) return undefined;
      target = { entry: fromSet };
    } else if (target.entry.kind !== 'code') {
      // A code the clinical entry carries, also listed by a code set: the code set's official entry.
      official = this.official.get(key);
      if (!official && this.byId && target.entry.codes?.some((c) => normalize(c.code) === key)) official = this.codeSetEntry(key);
    }
    return {
      entry: target.entry,
      start,
      end,
      text: text.slice(start, end),
      ...(target.abbreviation ? { abbreviation: target.abbreviation } : {}),
      ...(official ? { official } : {}),
    };
  }
}

function lineStart(text: string, from: number, offset: number): number {
  for (let i = offset - 1; i >= from; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return from;
}

function lineEnd(text: string, to: number, offset: number): number {
  for (let i = offset; i < to; i++) if (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13) return i;
  return to;
}
