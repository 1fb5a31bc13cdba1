/**
 * The plain implementations the benchmark compares the core against, in the same run on the same work:
 * - completion: what a naive provider does on every keystroke, a new `Fuse` over all entries' labels,
 *   synonyms, abbreviations and codes, then one search (same fuse.js options as the core's fuzzy tier);
 * - hover: a linear scan over every term of every entry, checking whether it occurs at the offset of the
 *   line (case-insensitively for names and codes, case-sensitively for abbreviations; whole words; longest
 *   term wins).
 */
import Fuse from 'fuse.js';
import type { LoadedEntry } from '../src/core/types';
import { lineAt } from './workload';

const FUSE_KEYS = ['label', 'synonyms', 'abbreviations.text', 'codes.code'];

/** One keystroke of a naive provider: build the fuzzy index, search it. Returns the hit count. */
export function naiveComplete(entries: readonly LoadedEntry[], query: string, limit: number): number {
  const fuse = new Fuse(entries, { keys: FUSE_KEYS, includeScore: true, threshold: 0.3, ignoreLocation: true });
  return fuse.search(query, { limit }).length;
}

interface NaiveTerm {
  key: string;
  caseSensitive: boolean;
  entry: LoadedEntry;
}

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

export class NaiveHover {
  private readonly terms: NaiveTerm[] = [];

  constructor(entries: readonly LoadedEntry[]) {
    for (const entry of entries) {
      this.terms.push({ key: entry.label.toLowerCase(), caseSensitive: false, entry });
      for (const s of entry.synonyms ?? []) this.terms.push({ key: s.toLowerCase(), caseSensitive: false, entry });
      for (const c of entry.codes ?? []) this.terms.push({ key: c.code.toLowerCase(), caseSensitive: false, entry });
      for (const a of entry.abbreviations ?? []) this.terms.push({ key: a.text, caseSensitive: true, entry });
    }
  }

  get termCount(): number {
    return this.terms.length;
  }

  /** The entry whose term covers `offset` of `line` (longest first), by trying every term. */
  at(line: string, offset: number): LoadedEntry | undefined {
    const lower = line.toLowerCase();
    let best: LoadedEntry | undefined;
    let bestLength = 0;
    for (const t of this.terms) {
      const hay = t.caseSensitive ? line : lower;
      const n = t.key.length;
      const last = Math.min(offset, line.length - n);
      for (let s = Math.max(0, offset - n); s <= last; s++) {
        if (hay.startsWith(t.key, s) && !isWord(line[s - 1]) && !isWord(line[s + n])) {
          if (n > bestLength) {
            best = t.entry;
            bestLength = n;
          }
          break;
        }
      }
    }
    return best;
  }
}

/** The naive hover path: the line holding the offset, then the scan. */
export function naiveHoverAt(hover: NaiveHover, text: string, offset: number): LoadedEntry | undefined {
  const { line, start } = lineAt(text, offset);
  return hover.at(line, offset - start);
}
