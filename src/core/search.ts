/**
 * The search index behind completion, the palette lookup and the CLI. Built once per set of packs.
 *
 * Ranking is in tiers, cheapest first, and fuse.js only runs when the cheap tiers leave room:
 *   0. exact: the query is a label, synonym, abbreviation or code (abbreviations compared case-sensitively
 *      first, so `PTH` and `SSc` land on their entry);
 *   1. prefix of a whole term ("calc" → calcinosis), with spaces and punctuation ignored ("L942" → L94.2);
 *   2. prefix of a word inside a term ("thiosulfate" → sodium thiosulfate, "kossa" → von Kossa stain), or every
 *      query word a word-prefix of the term in order ("sys scl" → systemic sclerosis);
 *   3. only when tiers 0–2 found nothing: fuzzy (fuse.js, a strict threshold as Dendron learned) over labels,
 *      synonyms, abbreviations and codes, for misspellings ("calcinossi");
 *   4. only when nothing else matched: every query word starts a word of the definition.
 * Within a tier: labels before abbreviations/codes before synonyms, shorter terms first, entries of the
 * kinds the caller boosts first, and code-only entries (an imported ICD-10-CM pack) after clinical ones.
 */
import Fuse from 'fuse.js';
import { compact, normalize } from './text';
import type { Abbreviation, EntryKind, LoadedEntry } from './types';

export type SearchField = 'label' | 'synonym' | 'abbreviation' | 'code' | 'definition';

export interface SearchHit {
  entry: LoadedEntry;
  /** Lower is better; the integer part is the tier (0 exact, 1 prefix, 2 word prefix, 3 fuzzy, 4 definition). */
  score: number;
  match: 'exact' | 'prefix' | 'fuzzy';
  field: SearchField;
  /** The term that matched, as written in the pack (a synonym, an abbreviation, a code...). */
  matched: string;
  /** Set when the match was an abbreviation, so callers can honour `ambiguous`. */
  abbreviation?: Abbreviation;
}

export interface SearchOptions {
  /** Maximum hits (default 50). */
  limit?: number;
  /** Only entries of these kinds. */
  kinds?: readonly EntryKind[];
  /** Entries of these kinds rank first within each tier (section-aware suggestions). */
  boostKinds?: readonly EntryKind[];
}

interface TermRecord {
  entry: number;
  field: SearchField;
  text: string;
  norm: string;
  abbreviation?: Abbreviation;
}

const FIELD_RANK: Record<SearchField, number> = { label: 0, abbreviation: 1, code: 1, synonym: 2, definition: 3 };
const FUZZY_MIN_QUERY = 4;
/** No term is typed longer than this; a pasted blob (a URL, base64) is searched by its start only. */
export const MAX_QUERY_LENGTH = 64;
/** fuse.js's Bitap works on 32-character chunks; past that a typo search is both slow and meaningless. */
const FUZZY_MAX_QUERY = 32;
const PREFIX_SCAN_CAP = 20000;

export class SearchIndex {
  readonly entries: readonly LoadedEntry[];
  private readonly records: TermRecord[] = [];
  /** normalized or compacted term → record ids */
  private readonly exact = new Map<string, number[]>();
  /** case-sensitive abbreviation → record ids */
  private readonly abbreviations = new Map<string, number[]>();
  /** Sorted keys for prefix lookups; `keyTier` 1 = start of term, 2 = start of an inner word. */
  private keys: string[] = [];
  private keyRecord: Int32Array = new Int32Array(0);
  private keyTier: Uint8Array = new Uint8Array(0);
  private readonly recordWords: string[][] = [];
  private readonly definitionWords: string[][] = [];
  private readonly codeOnly: Uint8Array;
  private fuse: Fuse<TermRecord> | undefined;

  constructor(entries: readonly LoadedEntry[]) {
    this.entries = entries;
    this.codeOnly = new Uint8Array(entries.length);
    const keyList: Array<[string, number, number]> = [];
    entries.forEach((e, i) => {
      this.codeOnly[i] = e.kind === 'code' ? 1 : 0;
      this.add(i, 'label', e.label);
      for (const s of e.synonyms ?? []) this.add(i, 'synonym', s);
      for (const a of e.abbreviations ?? []) this.add(i, 'abbreviation', a.text, a);
      for (const c of e.codes ?? []) {
        this.add(i, 'code', c.code);
        // The official title is another name for the entry ("Calcinosis cutis" for L94.2).
        if (normalize(c.title) !== normalize(e.label)) this.add(i, 'synonym', c.title);
      }
      this.definitionWords.push(normalize(e.definition).split(' ').filter(Boolean));
    });
    this.records.forEach((r, id) => {
      const words = r.norm.split(' ');
      this.recordWords[id] = words;
      keyList.push([r.norm, id, 1]);
      const packed = r.norm.replace(/ /g, '');
      if (packed !== r.norm) keyList.push([packed, id, 1]);
      let offset = 0;
      for (let w = 0; w < words.length - 1; w++) {
        offset += words[w].length + 1;
        keyList.push([r.norm.slice(offset), id, 2]);
      }
    });
    keyList.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.keys = keyList.map((k) => k[0]);
    this.keyRecord = Int32Array.from(keyList, (k) => k[1]);
    this.keyTier = Uint8Array.from(keyList, (k) => k[2]);
  }

  private add(entry: number, field: SearchField, text: string, abbreviation?: Abbreviation): void {
    const norm = normalize(text);
    if (!norm) return;
    const id = this.records.length;
    this.records.push({ entry, field, text, norm, ...(abbreviation ? { abbreviation } : {}) });
    push(this.exact, norm, id);
    const packed = compact(text);
    if (packed !== norm) push(this.exact, packed, id);
    if (abbreviation) push(this.abbreviations, text, id);
  }

  /** fuse.js is built on first need: most keystrokes are answered by the exact and prefix tiers. */
  private fuzzy(): Fuse<TermRecord> {
    if (!this.fuse) {
      this.fuse = new Fuse(this.records, {
        keys: ['norm'],
        includeScore: true,
        threshold: 0.3,
        ignoreLocation: true,
        minMatchCharLength: 2,
        shouldSort: true,
      });
    }
    return this.fuse;
  }

  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(1, opts.limit ?? 50);
    const q = normalize(query.length > MAX_QUERY_LENGTH * 2 ? query.slice(0, MAX_QUERY_LENGTH * 2) : query).slice(0, MAX_QUERY_LENGTH).trim();
    if (!q) return [];
    const qc = q.replace(/ /g, '');
    const kinds = opts.kinds ? new Set(opts.kinds) : undefined;
    const boost = opts.boostKinds ? new Set(opts.boostKinds) : undefined;
    const best = new Map<number, SearchHit>();

    const consider = (recordId: number, tier: number, keyLength: number) => {
      const r = this.records[recordId];
      const entry = this.entries[r.entry];
      if (kinds && !kinds.has(entry.kind)) return;
      let score = tier + FIELD_RANK[r.field] * 0.1 + Math.min(Math.max(keyLength - q.length, 0), 99) / 1000;
      if (this.codeOnly[r.entry]) score += 0.5;
      if (boost && !boost.has(entry.kind)) score += 0.4;
      const prev = best.get(r.entry);
      if (prev && prev.score <= score) return;
      best.set(r.entry, {
        entry,
        score,
        match: tier === 0 ? 'exact' : tier <= 2 ? 'prefix' : 'fuzzy',
        field: r.field,
        matched: r.text,
        ...(r.abbreviation ? { abbreviation: r.abbreviation } : {}),
      });
    };

    // Tier 0: exact. A case-sensitive abbreviation match outranks everything.
    for (const id of this.abbreviations.get(query.trim()) ?? []) consider(id, 0, 0);
    for (const id of this.exact.get(q) ?? []) consider(id, 0, this.records[id].norm.length);
    if (qc !== q) for (const id of this.exact.get(qc) ?? []) consider(id, 0, this.records[id].norm.length);
    // A case-sensitive abbreviation hit beats a case-folded one on another entry.
    for (const id of this.abbreviations.get(query.trim()) ?? []) {
      const h = best.get(this.records[id].entry);
      if (h) h.score = Math.min(h.score, 0);
    }

    // Tiers 1 and 2: prefixes of terms and of words inside terms.
    this.prefixScan(q, consider);
    if (qc !== q) this.prefixScan(qc, consider);
    const words = q.split(' ');
    if (words.length > 1 && best.size < limit) this.multiWord(words, consider);

    // Only when nothing starts with what was typed: then it is a typo. Running fuse.js whenever the cheap
    // tiers left room cost 90% of search time (npm run bench) and added noise to good answers.
    if (best.size === 0 && q.length >= FUZZY_MIN_QUERY && q.length <= FUZZY_MAX_QUERY) {
      // A typo rarely hits the first letter of a word: requiring it keeps fuse.js from offering
      // "restricted joint movement" for "crest" (the pollution Dendron's users complained of).
      const initial = q.charAt(0);
      for (const r of this.fuzzy().search(q, { limit: limit * 2 })) {
        if (!this.recordWords[r.refIndex].some((w) => w.charAt(0) === initial)) continue;
        consider(r.refIndex, 3 + Math.min(r.score ?? 0, 0.99) * 0.5, r.item.norm.length);
      }
    }
    if (best.size === 0 && q.length >= FUZZY_MIN_QUERY) this.definitionScan(words, kinds, best, boost);

    return [...best.values()]
      .sort((a, b) => a.score - b.score || a.entry.label.length - b.entry.label.length || a.entry.label.localeCompare(b.entry.label))
      .slice(0, limit);
  }

  private prefixScan(prefix: string, consider: (id: number, tier: number, len: number) => void): void {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo, n = 0; i < keys.length && n < PREFIX_SCAN_CAP && keys[i].startsWith(prefix); i++, n++) {
      consider(this.keyRecord[i], this.keyTier[i], keys[i].length);
    }
  }

  /** "sys scl" → "systemic sclerosis": each query word starts a term word, in order. */
  private multiWord(words: string[], consider: (id: number, tier: number, len: number) => void): void {
    const candidates = new Set<number>();
    this.prefixScan(words[0], (id) => candidates.add(id));
    for (const id of candidates) {
      const tw = this.recordWords[id];
      let j = 0;
      for (let i = 0; i < tw.length && j < words.length; i++) if (tw[i].startsWith(words[j])) j++;
      if (j === words.length) consider(id, 2, this.records[id].norm.length);
    }
  }

  private definitionScan(words: string[], kinds: Set<EntryKind> | undefined, best: Map<number, SearchHit>, boost: Set<EntryKind> | undefined): void {
    this.definitionWords.forEach((dw, i) => {
      if (best.has(i)) return;
      const entry = this.entries[i];
      if (kinds && !kinds.has(entry.kind)) return;
      if (!words.every((w) => dw.some((d) => d.startsWith(w)))) return;
      let score = 4 + (this.codeOnly[i] ? 0.5 : 0);
      if (boost && !boost.has(entry.kind)) score += 0.4;
      best.set(i, { entry, score, match: 'fuzzy', field: 'definition', matched: entry.definition });
    });
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== value) list.push(value);
  } else map.set(key, [value]);
}
