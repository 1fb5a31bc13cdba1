/**
 * The search index behind completion, the palette lookup and the CLI. Built once per set of packs.
 *
 * Ranking is in tiers, cheapest first:
 *   0. exact: the query is a label, synonym, abbreviation or code (abbreviations compared case-sensitively
 *      first, so `PTH` and `SSc` land on their entry);
 *   1. prefix of a whole term ("calc" → calcinosis), with spaces and punctuation ignored ("L942" → L94.2);
 *   2. prefix of a word inside a term ("thiosulfate" → sodium thiosulfate, "kossa" → von Kossa stain), or every
 *      query word a word-prefix of the term in order ("sys scl" → systemic sclerosis);
 *   3. only when tiers 0–2 found nothing anywhere: a typo (fuse.js, a strict threshold as Dendron learned);
 *   4. only when nothing else matched: every query word starts a word of the definition.
 * Within a tier: labels before abbreviations/codes before synonyms, shorter terms first, entries of the
 * kinds the caller boosts first. Code-only entries (an imported ICD-10-CM pack) come after every clinical
 * hit whatever its tier: "sclero" lists systemic sclerosis before the code set's "Sclerodactyly" title, and
 * 74,000 titles never push a clinical term out of a completion list. Their scores carry +0.5 as well.
 *
 * How it stays instant at 10,000 entries and beside 74,000 ICD-10-CM codes (`npm run bench`):
 * - Terms are split into words; each distinct word has a posting list of the terms that hold it, sorted by
 *   how well a prefix of that word would rank them (tier, field, length). A query walks the words it
 *   prefixes and stops reading each list as soon as nothing further in it can enter the top `limit`, so
 *   "c" over 74,000 titles reads a few thousand postings, not every term.
 * - Code-only entries live in their own partition: their +0.5 is uniform there, and the clinical partition
 *   stays as small as the clinical packs.
 * - A typo is looked for among the word beginnings of the query's length that share its first letter
 *   (a few hundred strings), not among every term: fuse.js over 200,000 terms took a second per keystroke.
 */
import Fuse from 'fuse.js';
import { normalize } from '../text';
import { TIER_DEFINITION, TIER_EXACT, TIER_TYPO, type SearchTier } from './tiers';
import type { Abbreviation, EntryKind, LoadedEntry } from '../types';

export * from './tiers';

export type SearchField = 'label' | 'synonym' | 'abbreviation' | 'code' | 'definition';


export interface SearchHit {
  entry: LoadedEntry;
  /**
   * How the query matched: 0 exact, 1 prefix of a whole term, 2 prefix of a word inside a term (or every
   * query word in order), 3 typo, 4 definition words. Callers decide on this, never on `score`.
   */
  tier: SearchTier;
  /**
   * The rank within a result list, lower is better. It starts from the tier but also carries the field,
   * length, code-only and section-boost penalties, so its integer part is NOT the tier (1.5 + 0.4 + 0.2 …).
   */
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
  /**
   * Only hits whose tier is below this (3: no typos or definitions; 2: only terms that start with the
   * query). Cheaper than filtering afterwards: the index then stops reading as soon as nothing can qualify.
   */
  maxTier?: number;
}

/** Record fields, by number (records are stored in typed arrays). */
const FIELDS: readonly SearchField[] = ['label', 'abbreviation', 'code', 'synonym'];
const F_LABEL = 0;
const F_ABBREVIATION = 1;
const F_CODE = 2;
const F_SYNONYM = 3;
const FIELD_RANK = [0, 1, 1, 2];

const FUZZY_MIN_QUERY = 4;
/** No term is typed longer than this; a pasted blob (a URL, base64) is searched by its start only. */
export const MAX_QUERY_LENGTH = 64;
/** fuse.js's Bitap works on 32-character chunks; past that a typo search is both slow and meaningless. */
const FUZZY_MAX_QUERY = 32;
/**
 * How many postings a multi-word query verifies at most (its rarest word drives, best-ranked first); fewer
 * in a code-only partition, where "of cal" would otherwise check thousands of titles holding "cal…".
 */
const MULTIWORD_SCAN_CAP = 5000;
const MULTIWORD_SCAN_CAP_CODES = 1000;
/** How many keys a packed ("l942", "vonkossa") prefix, or a phrase's first word, reads at most. */
const PREFIX_SCAN_CAP = 20000;

const CODE_ONLY_PENALTY = 0.5;
const UNBOOSTED_PENALTY = 0.4;

/**
 * A posting is one number: its static key times RECORD_SPAN plus the record id. The key orders postings
 * exactly as hits are ordered (tier, field, term length, then the entry's label length; record ids follow
 * pack order), so a list can be left as soon as one posting cannot enter.
 */
const RECORD_SPAN = 2 ** 22;
const LABEL_SPAN = 256;
const KEY_LENGTH_SPAN = 16384;
const RANK_SPAN = KEY_LENGTH_SPAN * LABEL_SPAN;
const TIER_SPAN = 4 * RANK_SPAN;
/** Longer terms rank lower within a field; 9,999 extra characters stay under one field step (0.1). */
const LENGTH_STEP = 1 / 100000;

function staticKey(tier: number, field: number, keyLength: number, labelLength: number): number {
  return tier * TIER_SPAN + FIELD_RANK[field]! * RANK_SPAN + Math.min(keyLength, KEY_LENGTH_SPAN - 1) * LABEL_SPAN + Math.min(labelLength, LABEL_SPAN - 1);
}

function keyTier(key: number): number {
  return Math.floor(key / TIER_SPAN);
}

/** The score a key gives for a query of `qLength` characters (before boost). */
function keyScore(key: number, qLength: number, codeOnly: boolean, tierOverride?: number): number {
  const rank = Math.floor((key % TIER_SPAN) / RANK_SPAN);
  const keyLength = Math.floor((key % RANK_SPAN) / LABEL_SPAN);
  return (tierOverride ?? keyTier(key)) + rank * 0.1 + Math.min(Math.max(keyLength - qLength, 0), 9999) * LENGTH_STEP + (codeOnly ? CODE_ONLY_PENALTY : 0);
}

/**
 * The tier of a score before the section boost: every addition to the tier (field rank ≤ 0.2, length
 * < 0.1, a typo's distance < 0.5) stays under one, once the code-only penalty is taken off.
 */
function tierOf(score: number, codeOnly: boolean): SearchTier {
  return Math.min(4, Math.floor(score - (codeOnly ? CODE_ONLY_PENALTY : 0) + 1e-9)) as SearchTier;
}

/** A hit and the entry's place in the index (pack order), the last tie-break. */
interface Held {
  hit: SearchHit;
  index: number;
  /** 1 for a code-only entry: those come after every clinical hit. */
  code: number;
  /** The entry's label length, capped as in the static keys (compared on every offer). */
  labelLength: number;
}

/** Search-wide state: what the caller asked and the best hits so far, one per entry. */
class Collector {
  private readonly held = new Map<number, Held>();
  /**
   * Set when a multi-word read stopped at its cap with postings left: tiers 0–2 may hold matches it did not
   * read, so "nothing found" is not known and no typo or definition match is guessed in their place.
   */
  capped = false;
  private worst: Held | undefined;
  private dirty = false;

  constructor(
    readonly limit: number,
    readonly entries: readonly LoadedEntry[],
    readonly kinds: ReadonlySet<EntryKind> | undefined,
    readonly boost: ReadonlySet<EntryKind> | undefined,
    /** Hits of this tier or more are not wanted. */
    readonly maxTier: number,
  ) {}

  get size(): number {
    return this.held.size;
  }

  /**
   * True when a hit of a code-only entry or not, with this score (before boost), label length and entry
   * place cannot enter: the caller reads postings in that order and stops there. A boost only adds to the
   * other kinds' scores.
   */
  full(codeOnly: boolean, score: number, labelLength: number, index: number): boolean {
    if (tierOf(score, codeOnly) >= this.maxTier) return true;
    if (this.held.size < this.limit) return false;
    const w = this.worstHeld()!;
    const d = (codeOnly ? 1 : 0) - w.code || score - w.hit.score || labelLength - w.labelLength || index - w.index;
    return d > 0;
  }

  /** `matched`: the term, or where to read it (made only for a hit that enters). */
  offer(index: number, score: number, match: SearchHit['match'], field: SearchField, matched: string | Strings, abbreviation?: Abbreviation, record = 0): void {
    const entry = this.entries[index]!;
    const kind = entry.kind;
    if (this.kinds && !this.kinds.has(kind)) return;
    const tier = tierOf(score, kind === 'code');
    if (tier >= this.maxTier) return;
    if (this.boost && !this.boost.has(kind)) score += UNBOOSTED_PENALTY;
    const prev = this.held.get(index);
    if (prev && prev.hit.score <= score) return;
    const code = kind === 'code' ? 1 : 0;
    const labelLength = Math.min(entry.label.length, LABEL_SPAN - 1);
    if (!prev && this.held.size >= this.limit) {
      // As compareHeld, before anything is made for a hit that cannot enter.
      const w = this.worstHeld()!;
      if ((code - w.code || score - w.hit.score || labelLength - w.labelLength || index - w.index) >= 0) return;
      this.held.delete(w.index);
    }
    const term = typeof matched === 'string' ? matched : matched.at(record)!;
    this.held.set(index, { hit: { entry, tier, score, match, field, matched: term, ...(abbreviation ? { abbreviation } : {}) }, index, code, labelLength });
    this.dirty = true;
  }

  /** True when the limit is reached with clinical hits only: no code-only entry can enter any more. */
  closedToCodes(): boolean {
    return this.held.size >= this.limit && this.worstHeld()!.code === 0;
  }

  /** A case-sensitive abbreviation hit beats anything else found for its entry. */
  pin(index: number): void {
    const h = this.held.get(index);
    if (h && h.hit.score > 0) {
      h.hit.score = 0;
      h.hit.tier = TIER_EXACT;
      this.dirty = true;
    }
  }

  private worstHeld(): Held | undefined {
    if (this.dirty || !this.worst) {
      this.worst = undefined;
      for (const h of this.held.values()) if (!this.worst || compareHeld(h, this.worst) > 0) this.worst = h;
      this.dirty = false;
    }
    return this.worst;
  }

  result(): SearchHit[] {
    return [...this.held.values()].sort(compareHeld).map((h) => h.hit);
  }
}

/**
 * Clinical entries before code-only ones (an imported code set never buries a clinical term, whatever the
 * tiers), then score, then shorter label, then pack order: cheap, total, and within a partition the order
 * postings are kept in.
 */
function compareHeld(a: Held, b: Held): number {
  return a.code - b.code || a.hit.score - b.hit.score || a.labelLength - b.labelLength || a.index - b.index;
}

/** Read-only strings by position: an array, or a StringTable handed over by the pack worker. */
export interface Strings {
  readonly length: number;
  at(index: number): string | undefined;
}

/** Strings as their UTF-16 code units in one typed array (one byte each when all fit) and their end offsets. */
export interface PackedStrings {
  chars: Uint8Array | Uint16Array;
  ends: Int32Array;
}

/**
 * Many strings as one typed array of characters: what the pack worker hands over instead of an array of
 * 74,000 strings. Its buffers are transferred, not copied, and nothing is deserialized on the extension host;
 * a string is made when it is read.
 */
export class StringTable implements Strings {
  constructor(
    readonly chars: Uint8Array | Uint16Array,
    readonly ends: Int32Array,
  ) {}

  static from(p: PackedStrings): StringTable {
    return new StringTable(p.chars, p.ends);
  }

  static of(strings: readonly string[]): StringTable {
    let total = 0;
    for (let i = 0; i < strings.length; i++) total += strings[i]!.length;
    // One byte a character while every character fits (a code set's titles); two when one does not.
    return fill(strings, new Uint8Array(total), 255) ?? fill(strings, new Uint16Array(total), 65535)!;
  }

  get length(): number {
    return this.ends.length;
  }

  at(i: number): string | undefined {
    if (!(i >= 0 && i < this.ends.length)) return undefined;
    const start = i === 0 ? 0 : this.ends[i - 1]!;
    const end = this.ends[i]!;
    let out = '';
    for (let k = start; k < end; k += 4096) out += String.fromCharCode.apply(null, this.chars.subarray(k, Math.min(end, k + 4096)) as unknown as number[]);
    return out;
  }
}

/** `strings` written into `chars`, or undefined when a character is above `max`. (Joining and encoding was slower.) */
function fill(strings: readonly string[], chars: Uint8Array | Uint16Array, max: number): StringTable | undefined {
  const ends = new Int32Array(strings.length);
  let at = 0;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]!;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c > max) return undefined;
      chars[at++] = c;
    }
    ends[i] = at;
  }
  return new StringTable(chars, ends);
}

/** Lower and upper bound of the sorted strings that start with `prefix`. */
function prefixRange(sorted: Strings, prefix: string): [number, number] {
  if (Array.isArray(sorted)) return prefixRangeOf(sorted as readonly string[], prefix);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted.at(mid)! < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  const top = prefix + '\uffff';
  let h = sorted.length;
  while (end < h) {
    const mid = (end + h) >>> 1;
    if (sorted.at(mid)! < top) end = mid + 1;
    else h = mid;
  }
  return [lo, end];
}

function prefixRangeOf(sorted: readonly string[], prefix: string): [number, number] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  // Everything starting with `prefix` sorts below prefix + U+FFFF.
  const top = prefix + '\uffff';
  let h = sorted.length;
  while (end < h) {
    const mid = (end + h) >>> 1;
    if (sorted[mid]! < top) end = mid + 1;
    else h = mid;
  }
  return [lo, end];
}

/** A record's item number for a code's official title, beside the code's own number. */
const CODE_TITLE = 0x8000;

/**
 * The texts of an adopted partition's records, read from their entries when a hit needs one: a code set's
 * 150,000 terms are not sent from the pack worker a second time.
 */
class RecordTexts implements Strings {
  constructor(
    private readonly entries: readonly LoadedEntry[],
    private readonly recEntry: Int32Array,
    private readonly recField: Uint8Array,
    private readonly recItem: Uint16Array,
  ) {}

  get length(): number {
    return this.recEntry.length;
  }

  at(r: number): string | undefined {
    const e = this.entries[this.recEntry[r]!];
    if (!e) return undefined;
    const k = this.recItem[r]!;
    switch (this.recField[r]) {
      case F_LABEL:
        return e.label;
      case F_ABBREVIATION:
        return e.abbreviations?.[k]?.text;
      case F_CODE:
        return e.codes?.[k]?.code;
      default:
        return k & CODE_TITLE ? e.codes?.[k & ~CODE_TITLE]?.title : e.synonyms?.[k];
    }
  }
}

/** A partition as the pack worker hands it over: flat typed arrays and strings (Partition.prepare). */
export interface PreparedPartition {
  recEntry: Int32Array;
  recField: Uint8Array;
  /** The record texts are read from the entries (RecordTexts), not sent. */
  recItem: Uint16Array;
  recLength: Int32Array;
  recWordStart: Int32Array;
  recWords: Int32Array;
  /** The sorted distinct words, joined by line breaks. */
  vocab: string;
  postStart: Int32Array;
  postings: Float64Array;
  sorted: Uint8Array;
  settled: number;
  packed: Array<[firstLength: number, keys: PackedStrings, records: Int32Array]>;
  /** Pairs: a record, and the index of its abbreviation in its entry's `abbreviations`. */
  abbreviations: Int32Array;
}

/** The index as the pack worker hands it over (SearchIndex.prepare): both partitions, adopted as they are. */
export interface PreparedIndex {
  /** Entries of other kinds, and their places in the load order. */
  clinical: PreparedPartition;
  clinicalMembers: Int32Array;
  /** Entries of kind `code` (the code-only partition); absent when there are none. */
  codes?: PreparedPartition;
}

function toTable(strings: Strings): PackedStrings {
  const t = strings instanceof StringTable ? strings : StringTable.of(strings as readonly string[]);
  return { chars: t.chars, ends: t.ends };
}

/** Packed keys of the terms whose first word has one length: "l942" for "l94 2". */
interface PackedBucket {
  keys: Strings;
  records: Int32Array;
}

/**
 * The words of every term, in order, as ids of distinct words. Words are interned straight from a term's
 * characters: 74,000 code titles hold 1.3 million word occurrences of a few thousand words, and a string
 * (and a lower-cased copy) per occurrence was most of building the index. Only a word not seen before
 * becomes a string. Ids are in order of first appearance.
 *
 * The character loops only ever read one-byte strings. V8 compiles them for the strings they have seen:
 * one two-byte string ("anti-TIF1-γ" in the built-in pack) read there halved their speed over the 74,000
 * code titles that follow. Text with other characters is normalized and handed over word by word, its
 * ASCII words copied into one-byte strings.
 */
class TermWords {
  readonly words: string[] = [];
  /** Per occurrence: its word id, and its offset in its term's normalized text. */
  occurrences: Int32Array;
  offsets: Int32Array;
  count = 0;
  private hashes = new Int32Array(256);
  private slots = new Int32Array(1024);
  /** Words with non-ASCII letters ("co₂"): never compared in the character loops. */
  private readonly others = new Map<string, number>();

  /**
   * `expected`: about how many word occurrences are coming. Arrays sized once: growing them by doubling
   * allocated some 50 MB for a code set, and V8 answers that much new memory with garbage collections.
   */
  constructor(expected: number) {
    this.occurrences = new Int32Array(expected);
    this.offsets = new Int32Array(expected);
  }

  /**
   * Appends the words of `text` as `normalize` splits them; returns the length of its normalized text
   * (0: no words).
   */
  add(text: string): number {
    if (ASCII_ONLY.test(text)) return this.scan(text);
    const norm = normalize(text);
    let offset = 0;
    for (const word of norm.split(' ')) {
      if (word === '') continue;
      let id: number;
      if (!ASCII_ONLY.test(word)) {
        id = this.others.get(word) ?? -1;
        if (id < 0) this.others.set(word, (id = this.newWord(word, 0)));
      } else {
        id = this.id(oneByteCopy(word), 0, word.length);
      }
      this.push(id, offset);
      offset += word.length + 1;
    }
    return offset === 0 ? 0 : offset - 1;
  }

  /** ASCII text as written: its words are its runs of letters and digits, capitals folded. */
  private scan(text: string): number {
    const n = text.length;
    let offset = 0;
    for (let i = 0; i < n; ) {
      if (!isAsciiWordChar(text.charCodeAt(i))) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && isAsciiWordChar(text.charCodeAt(j))) j++;
      this.push(this.id(text, i, j), offset);
      offset += j - i + 1;
      i = j;
    }
    return offset === 0 ? 0 : offset - 1;
  }

  private push(word: number, offset: number): void {
    if (this.count === this.occurrences.length) {
      this.occurrences = grow(this.occurrences);
      this.offsets = grow(this.offsets);
    }
    this.occurrences[this.count] = word;
    this.offsets[this.count++] = offset;
  }

  /** The id of the ASCII word `text[start, end)`, capitals folded to lower case. */
  private id(text: string, start: number, end: number): number {
    let h = 0;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + lower(text.charCodeAt(i))) | 0;
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (let slot = this.slots[s]!; slot !== 0; s = (s + 1) & mask, slot = this.slots[s]!) {
      const id = slot - 1;
      if (this.hashes[id] === h && sameWord(this.words[id]!, text, start, end)) return id;
    }
    const id = this.newWord(text.slice(start, end).toLowerCase(), h);
    this.slots[s] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private newWord(word: string, hash: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id === this.hashes.length) this.hashes = grow(this.hashes);
    this.hashes[id] = hash;
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      if (this.others.size > 0 && this.others.get(this.words[id]!) === id) continue;
      let s = this.hashes[id]! & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = id + 1;
    }
  }
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** The same ASCII text as a one-byte string (a piece of a two-byte string stays two-byte). */
function oneByteCopy(ascii: string): string {
  const codes = new Array<number>(ascii.length);
  for (let i = 0; i < ascii.length; i++) codes[i] = ascii.charCodeAt(i);
  return String.fromCharCode(...codes);
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== lower(text.charCodeAt(start + i))) return false;
  return true;
}

function isAsciiWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/** `ids` mapped through `rank` (the loops of a one-time build are kept in small functions V8 compiles fast). */
function renumber(ids: Int32Array, count: number, rank: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(count);
  for (let j = 0; j < count; j++) out[j] = rank[ids[j]!]!;
  return out;
}

/**
 * The postings grouped by word (a counting sort), in record order within a word until sortWords. A posting is
 * its static key (how a prefix of the word would rank its term: tier 1 at the term's first word, else tier 2
 * keyed by the rest of the term; then the entry's label length) times RECORD_SPAN plus the record.
 */
function postingsByWord(
  words: number,
  recWords: Int32Array,
  recWordStart: Int32Array,
  recField: Uint8Array,
  recLength: Int32Array,
  labelLengths: Int32Array,
  offsets: Int32Array,
): [Int32Array<ArrayBuffer>, Float64Array<ArrayBuffer>] {
  const counts = new Int32Array(words + 1);
  for (let k = 0; k < recWords.length; k++) counts[recWords[k]! + 1]++;
  for (let w = 0; w < words; w++) counts[w + 1] += counts[w]!;
  const postStart = counts.slice();
  const postings = new Float64Array(recWords.length);
  for (let r = 0; r + 1 < recWordStart.length; r++) {
    const field = recField[r]!;
    const length = recLength[r]!;
    const labelLength = labelLengths[r]!;
    const first = recWordStart[r]!;
    const end = recWordStart[r + 1]!;
    for (let k = first; k < end; k++) {
      const key = k === first ? staticKey(1, field, length, labelLength) : staticKey(2, field, length - offsets[k]!, labelLength);
      postings[counts[recWords[k]!]!++] = key * RECORD_SPAN + r;
    }
  }
  return [postStart, postings];
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The records of some entries (all clinical, or all code-only) with their word vocabulary and postings.
 * Entry numbers are the index-wide ones, so two partitions feed one Collector.
 */
class Partition {
  private readonly entries: readonly LoadedEntry[];
  private readonly members: readonly number[];
  readonly codeOnly: boolean;
  private readonly recEntry: Int32Array;
  private readonly recField: Uint8Array;
  private readonly recText: Strings;
  /** Which of its entry's synonyms, abbreviations or codes a record is (CODE_TITLE: a code's title): see RecordTexts. */
  private readonly recItem: Uint16Array;
  /** Length of each record's normalized text ("l94 2" for L94.2). */
  private readonly recLength: Int32Array;
  private readonly recAbbreviation: Map<number, Abbreviation>;
  /** Word ids of each record, in order: recWords[recWordStart[r] .. recWordStart[r + 1]). */
  private readonly recWordStart: Int32Array;
  private readonly recWords: Int32Array;
  /** Distinct words, sorted: a word's id is its place here, so a prefix is a range of ids. */
  private readonly vocab: string[];
  private readonly postStart: Int32Array;
  private readonly postings: Float64Array;
  /** 1 for a word whose postings are in key order (see sortWords); words below `settled` all are. */
  private readonly sorted: Uint8Array;
  private settled = 0;
  private readonly packed: Map<number, PackedBucket>;
  private readonly abbreviations: Map<string, number[]>;
  /** Per query: the stamp of the last query that verified a record (multi-word scans). */
  private readonly seen: Uint32Array;
  private stamp = 0;
  private readonly fuzzyLists = new Map<string, Fuse<string>>();
  private definitions: DefinitionIndex | undefined;

  constructor(entries: readonly LoadedEntry[], members: readonly number[], codeOnly: boolean, prepared?: PreparedPartition) {
    this.entries = entries;
    this.members = members;
    this.codeOnly = codeOnly;
    this.recAbbreviation = new Map();
    this.abbreviations = new Map();
    this.packed = new Map();
    if (prepared) {
      // Handed over by the pack worker (prepare()): the arrays are adopted as they are; only the few
      // abbreviation records are resolved against this thread's entries.
      this.recEntry = prepared.recEntry;
      this.recField = prepared.recField;
      this.recItem = prepared.recItem;
      this.recText = new RecordTexts(entries, prepared.recEntry, prepared.recField, prepared.recItem);
      this.recLength = prepared.recLength;
      this.recWordStart = prepared.recWordStart;
      this.recWords = prepared.recWords;
      this.vocab = prepared.vocab === '' ? [] : prepared.vocab.split('\n');
      this.postStart = prepared.postStart;
      this.postings = prepared.postings;
      this.sorted = prepared.sorted;
      this.settled = prepared.settled;
      this.seen = new Uint32Array(prepared.recEntry.length);
      for (const [firstLength, keys, records] of prepared.packed) this.packed.set(firstLength, { keys: StringTable.from(keys), records });
      for (let k = 0; k < prepared.abbreviations.length; k += 2) {
        const r = prepared.abbreviations[k]!;
        const a = entries[this.recEntry[r]!]!.abbreviations![prepared.abbreviations[k + 1]!]!;
        this.recAbbreviation.set(r, a);
        const list = this.abbreviations.get(a.text);
        if (list) list.push(r);
        else this.abbreviations.set(a.text, [r]);
      }
      return;
    }
    // Records go into arrays sized for the most there can be (growing five arrays record by record was a
    // fifth of building the index at 74,000 codes), then trimmed.
    let most = 0;
    let chars = 0;
    for (const i of members) {
      const e = entries[i]!;
      most += 1 + (e.synonyms?.length ?? 0) + (e.abbreviations?.length ?? 0) + 2 * (e.codes?.length ?? 0);
      chars += e.label.length;
      for (const s of e.synonyms ?? []) chars += s.length;
    }
    const recEntry = new Int32Array(most);
    const recField = new Uint8Array(most);
    const recLength = new Int32Array(most);
    const recWordStart = new Int32Array(most + 1);
    const recText = new Array<string>(most);
    const recItem = new Uint16Array(most);
    let n = 0;
    // A word and the space after it: about seven characters in code titles, six in the built-in pack.
    const terms = new TermWords(1024 + most * 2 + Math.ceil(chars / 6));
    const pendingPacked = new Map<number, Array<[string, number]>>();

    const add = (entry: number, field: number, text: string, item: number, abbreviation?: Abbreviation) => {
      const from = terms.count;
      const length = terms.add(text);
      if (length === 0) return;
      const r = n++;
      recItem[r] = item;
      recEntry[r] = entry;
      recField[r] = field;
      recLength[r] = length;
      recWordStart[r] = from;
      recText[r] = text;
      if (abbreviation) {
        this.recAbbreviation.set(r, abbreviation);
        const list = this.abbreviations.get(text);
        if (list) list.push(r);
        else this.abbreviations.set(text, [r]);
      }
      // Packed keys meet a query typed without its spaces ("l942", "vonkossa"); in a code-only partition
      // only the codes need them (nobody types an ICD-10-CM title without spaces).
      if (terms.count - from > 1 && (!codeOnly || field === F_CODE)) {
        let packedKey = '';
        for (let j = from; j < terms.count; j++) packedKey += terms.words[terms.occurrences[j]!]!;
        const firstLength = terms.offsets[from + 1]! - 1;
        let list = pendingPacked.get(firstLength);
        if (!list) pendingPacked.set(firstLength, (list = []));
        list.push([packedKey, r]);
      }
    };
    for (const i of members) {
      const e = entries[i]!;
      add(i, F_LABEL, e.label, 0);
      e.synonyms?.forEach((s, k) => add(i, F_SYNONYM, s, k));
      e.abbreviations?.forEach((a, k) => add(i, F_ABBREVIATION, a.text, k, a));
      e.codes?.forEach((c, k) => {
        add(i, F_CODE, c.code, k);
        // The official title is another name for the entry ("Calcinosis cutis" for L94.2).
        if (c.title !== e.label && normalize(c.title) !== normalize(e.label)) add(i, F_SYNONYM, c.title, CODE_TITLE | k);
      });
    }
    if (n >= RECORD_SPAN) throw new RangeError(`too many terms in one index (${n})`);
    this.recEntry = recEntry.slice(0, n);
    this.recField = recField.slice(0, n);
    this.recLength = recLength.slice(0, n);
    recText.length = n;
    this.recText = recText;
    this.recItem = recItem.slice(0, n);
    this.seen = new Uint32Array(n);
    const total = terms.count;
    recWordStart[n] = total;
    const occurrences = terms.occurrences;

    for (const [firstLength, list] of pendingPacked) {
      list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
      this.packed.set(firstLength, { keys: list.map((p) => p[0]), records: Int32Array.from(list, (p) => p[1]) });
    }

    const words = terms.words;
    const order = words.map((_, i) => i).sort((a, b) => (words[a]! < words[b]! ? -1 : 1));
    const rank = new Int32Array(words.length);
    order.forEach((p, i) => (rank[p] = i));
    this.vocab = order.map((p) => words[p]!);
    this.recWordStart = recWordStart.slice(0, n + 1);
    this.recWords = renumber(occurrences, total, rank);
    const labelLengths = new Int32Array(n);
    for (let r = 0; r < n; r++) labelLengths[r] = entries[this.recEntry[r]!]!.label.length;
    [this.postStart, this.postings] = postingsByWord(this.vocab.length, this.recWords, this.recWordStart, this.recField, this.recLength, labelLengths, terms.offsets);
    this.sorted = new Uint8Array(this.vocab.length);
  }

  /**
   * Puts the postings of words [lo, hi) in key order, each list the first time a query reads it. Sorting all
   * 1.3 million postings of a code set was a fifth of building its index; a query reads the lists of the
   * words it starts (the first "fem" sorts a few hundred postings, the first "of" some 40,000 in ~5 ms).
   */
  private sortWords(lo: number, hi: number): void {
    for (let w = lo; w < hi; w++) {
      if (this.sorted[w] === 1) continue;
      this.sorted[w] = 1;
      if (this.postStart[w + 1]! - this.postStart[w]! > 1) this.postings.subarray(this.postStart[w], this.postStart[w + 1]).sort();
    }
  }

  /** Sorts the lists no query has read yet, until `deadline` (performance.now()); true when none is left. */
  settle(deadline: number): boolean {
    while (this.settled < this.vocab.length) {
      this.sortWords(this.settled, this.settled + 1);
      this.settled++;
      if ((this.settled & 63) === 0 && performance.now() >= deadline) break;
    }
    return this.settled >= this.vocab.length;
  }

  get recordCount(): number {
    return this.recText.length;
  }

  get memberList(): readonly number[] {
    return this.members;
  }

  /**
   * The partition as flat arrays and strings (typed arrays go over as transfers), for a pack worker to hand
   * to the extension host, which adopts them without walking the entries again (new Partition(…, prepared)).
   */
  prepare(): PreparedPartition {
    const packed: PreparedPartition['packed'] = [];
    for (const [firstLength, bucket] of this.packed) packed.push([firstLength, toTable(bucket.keys), bucket.records]);
    const abbreviations: number[] = [];
    for (const [r, a] of this.recAbbreviation) abbreviations.push(r, this.entries[this.recEntry[r]!]!.abbreviations!.indexOf(a));
    if (this.vocab.some((w) => w.includes('\n'))) throw new Error('a word holds a line break');
    return {
      recEntry: this.recEntry,
      recField: this.recField,
      recItem: this.recItem,
      recLength: this.recLength,
      recWordStart: this.recWordStart,
      recWords: this.recWords,
      vocab: this.vocab.join('\n'),
      postStart: this.postStart,
      postings: this.postings,
      sorted: this.sorted,
      settled: this.settled,
      packed,
      abbreviations: Int32Array.from(abbreviations),
    };
  }

  private offerRecord(c: Collector, r: number, score: number, match: SearchHit['match']): void {
    c.offer(this.recEntry[r]!, score, match, FIELDS[this.recField[r]!]!, this.recText, this.recAbbreviation.get(r), r);
  }

  private wordId(word: string): number {
    const [lo, hi] = prefixRange(this.vocab, word);
    return lo < hi && this.vocab[lo] === word ? lo : -1;
  }

  /** Tiers 0–2. */
  collect(raw: string, q: string, c: Collector): void {
    for (const r of this.abbreviations.get(raw) ?? []) {
      this.offerRecord(c, r, 0, 'exact');
      c.pin(this.recEntry[r]!);
    }
    const qc = q.replace(/ /g, '');
    if (qc === q) {
      this.exactWord(q, c);
      const [lo, hi] = prefixRange(this.vocab, q);
      this.walk(lo, hi, q.length, c, 0);
    } else {
      this.multiWord(q, c);
      this.exactWord(qc, c);
    }
    this.packedScan(qc, c);
    for (const r of this.abbreviations.get(raw) ?? []) c.pin(this.recEntry[r]!);
  }

  /** Single-word terms equal to the query: the head of each field's tier-1 block of the word's postings. */
  private exactWord(word: string, c: Collector): void {
    const w = this.wordId(word);
    if (w < 0) return;
    this.sortWords(w, w + 1);
    const end = this.postStart[w + 1]!;
    for (const field of [F_LABEL, F_ABBREVIATION, F_SYNONYM]) {
      const from = staticKey(1, field, word.length, 0) * RECORD_SPAN;
      const to = staticKey(1, field, word.length + 1, 0) * RECORD_SPAN;
      for (let p = this.lowerBound(this.postStart[w]!, end, from); p < end && this.postings[p]! < to; p++) {
        const r = this.postings[p]! % RECORD_SPAN;
        this.offerRecord(c, r, keyScore(Math.floor(this.postings[p]! / RECORD_SPAN), word.length, this.codeOnly, 0), 'exact');
      }
    }
  }

  /** The first posting in [lo, hi) at or above `value`. */
  private lowerBound(lo: number, hi: number, value: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.postings[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Reads the postings of words [lo, hi), each list only as far as a posting could still enter the
   * collector. `fuzzyTier` > 0 scores every posting in that tier instead of its own: each list is then in
   * score order within its term-prefix block and within its word-prefix block, so a block is left, not the list.
   */
  private walk(lo: number, hi: number, qLength: number, c: Collector, fuzzyTier: number): void {
    const innerBlock = staticKey(2, F_LABEL, 0, 0) * RECORD_SPAN;
    for (let w = lo; w < hi; w++) {
      this.sortWords(w, w + 1);
      const end = this.postStart[w + 1]!;
      for (let p = this.postStart[w]!; p < end; p++) {
        const v = this.postings[p]!;
        const key = Math.floor(v / RECORD_SPAN);
        const r = v % RECORD_SPAN;
        const score = keyScore(key, qLength, this.codeOnly, fuzzyTier > 0 ? fuzzyTier : undefined);
        if (c.full(this.codeOnly, score, key % LABEL_SPAN, this.recEntry[r]!)) {
          if (fuzzyTier > 0 && v < innerBlock) {
            p = this.lowerBound(p, end, innerBlock) - 1;
            continue;
          }
          break;
        }
        const exact = fuzzyTier === 0 && key < 2 * TIER_SPAN && this.recLength[r] === qLength;
        this.offerRecord(c, r, exact ? score - 1 : score, fuzzyTier > 0 ? 'fuzzy' : exact ? 'exact' : 'prefix');
      }
    }
  }

  /**
   * "sys scl" → "systemic sclerosis", "calcinosis cu" → "calcinosis cutis". The rarest query word's postings
   * drive, block by block while a hit could still enter; when only terms that start with the query can
   * (the collector holds better word-prefix hits, or the caller wants none), the first word's term-prefix
   * block drives instead: "of cal" then reads the few titles that start with "of", not every "cal…".
   */
  private multiWord(q: string, c: Collector): void {
    const words = q.split(' ');
    const ranges = words.map((w) => prefixRange(this.vocab, w));
    if (ranges.some(([lo, hi]) => lo >= hi)) return;
    // A term that starts with (or holds) the query has every word but the last whole.
    const whole = words.map((w, i) => (i < words.length - 1 ? this.wordId(w) : -1));
    const apart = words.every((w) => w.length >= 2);
    const penalty = this.codeOnly ? CODE_ONLY_PENALTY : 0;
    const stamp = this.nextStamp();
    const innerBlock = staticKey(2, F_LABEL, 0, 0) * RECORD_SPAN;
    let budget = this.codeOnly ? MULTIWORD_SCAN_CAP_CODES : MULTIWORD_SCAN_CAP;

    const visit = (r: number) => {
      if (this.seen[r] === stamp) return;
      this.seen[r] = stamp;
      const m = this.matchWords(r, q, ranges, whole, apart);
      if (!m) return;
      const key = staticKey(Math.max(m.tier, 1), this.recField[r]!, m.keyLength, 0);
      this.offerRecord(c, r, keyScore(key, q.length, this.codeOnly, m.tier), m.tier === 0 ? 'exact' : 'prefix');
    };

    // Terms that start with the query start with its first word, whole: that word's term-prefix block,
    // best first, checked word by word (integers only) until nothing further can enter.
    const first = whole[0]!;
    if (first >= 0) {
      this.sortWords(first, first + 1);
      const end = Math.min(this.lowerBound(this.postStart[first]!, this.postStart[first + 1]!, innerBlock), this.postStart[first]! + PREFIX_SCAN_CAP);
      for (let p = this.postStart[first]!; p < end; p++) {
        const v = this.postings[p]!;
        const key = Math.floor(v / RECORD_SPAN);
        const r = v % RECORD_SPAN;
        const tier = this.recLength[r] === q.length ? 0 : 1;
        const score = keyScore(key, q.length, this.codeOnly, tier);
        if (c.full(this.codeOnly, score, key % LABEL_SPAN, this.recEntry[r]!)) break;
        // Starting with the query's words, a term of the query's length is the query.
        if (this.startsWithWords(r, 0, ranges, whole)) this.offerRecord(c, r, score, tier === 0 ? 'exact' : 'prefix');
      }
    }
    if (c.full(this.codeOnly, 2 + penalty, 0, -1)) return;

    // Every other match is a word-prefix one (tier 2) whose key is at least the driving posting's own.
    const drivers: Array<[number, number]> = ranges.map((r, i) => (apart || i === ranges.length - 1 ? r : [whole[i]!, whole[i]! + 1]));
    if (!apart && whole.some((w, i) => i < words.length - 1 && w < 0)) return;
    const size = ([lo, hi]: [number, number]) => this.postStart[hi]! - this.postStart[lo]!;
    let driver = 0;
    for (let i = 1; i < drivers.length; i++) if (size(drivers[i]!) < size(drivers[driver]!)) driver = i;
    const [lo, hi] = drivers[driver]!;
    for (let w = lo; w < hi && budget > 0; w++) {
      this.sortWords(w, w + 1);
      const end = this.postStart[w + 1]!;
      for (let p = this.postStart[w]!; p < end && budget > 0; p++, budget--) {
        const v = this.postings[p]!;
        const inner = v >= innerBlock;
        // The driver at a term's first word cannot follow earlier query words.
        if (!inner && driver > 0) {
          p = this.lowerBound(p, end, innerBlock) - 1;
          continue;
        }
        const key = Math.floor(v / RECORD_SPAN);
        const r = v % RECORD_SPAN;
        if (c.full(this.codeOnly, keyScore(key, q.length, this.codeOnly, 2), key % LABEL_SPAN, this.recEntry[r]!)) {
          if (inner) break;
          p = this.lowerBound(p, end, innerBlock) - 1;
          continue;
        }
        visit(r);
      }
    }
    if (budget <= 0) c.capped = true;
  }

  /** Record `r` holds the query's whole words, then its last word's prefix, from its word `start` on. */
  private startsWithWords(r: number, start: number, ranges: ReadonlyArray<readonly [number, number]>, whole: readonly number[]): boolean {
    const from = this.recWordStart[r]! + start;
    const k = ranges.length;
    if (from + k > this.recWordStart[r + 1]!) return false;
    for (let i = 0; i < k - 1; i++) if (this.recWords[from + i] !== whole[i]) return false;
    const last = this.recWords[from + k - 1]!;
    return last >= ranges[k - 1]![0] && last < ranges[k - 1]![1];
  }

  /**
   * How record `r` holds the query words (`ranges`; `whole` the ids of all but the last): from its start
   * (tier 1, or 0 when it is the whole term), from an inner word (tier 2, keyed by the rest of the term), or
   * each word starting a term word in order (tier 2). Integer comparisons only.
   */
  private matchWords(r: number, q: string, ranges: ReadonlyArray<readonly [number, number]>, whole: readonly number[], apart: boolean): { tier: number; keyLength: number } | undefined {
    const from = this.recWordStart[r]!;
    const n = this.recWordStart[r + 1]! - from;
    const k = ranges.length;
    const length = this.recLength[r]!;
    const at = (start: number) => this.startsWithWords(r, start, ranges, whole);
    // Starting with the query's words, a term of the query's length is the query.
    if (n >= k && at(0)) return { tier: length === q.length ? 0 : 1, keyLength: length };
    let offset = 0;
    let best = -1;
    for (let s = 0; s + k <= n; s++) {
      if (s > 0 && at(s)) best = offset;
      offset += this.vocab[this.recWords[from + s]!]!.length + 1;
    }
    if (best >= 0) return { tier: 2, keyLength: length - best };
    if (!apart) return undefined;
    let j = 0;
    for (let i = 0; i < n && j < k; i++) {
      const w = this.recWords[from + i]!;
      if (w >= ranges[j]![0] && w < ranges[j]![1]) j++;
    }
    return j === k ? { tier: 2, keyLength: length } : undefined;
  }

  /** "l942" → L94.2, "vonkossa" → von Kossa stain: only terms whose first word is shorter than the query. */
  private packedScan(qc: string, c: Collector): void {
    for (const [firstLength, bucket] of this.packed) {
      if (firstLength >= qc.length) continue;
      const [lo, hi] = prefixRange(bucket.keys, qc);
      for (let i = lo; i < hi && i < lo + PREFIX_SCAN_CAP; i++) {
        const r = bucket.records[i]!;
        const keyLength = bucket.keys.at(i)!.length;
        const exact = keyLength === qc.length;
        const key = staticKey(1, this.recField[r]!, keyLength, 0);
        this.offerRecord(c, r, keyScore(key, qc.length, this.codeOnly, exact ? 0 : 1), exact ? 'exact' : 'prefix');
      }
    }
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /**
   * Tier 3. A typo rarely hits the first letter of a word, and is typed as the start of the word meant:
   * fuse.js compares the query with the distinct word beginnings one letter longer than it that share its
   * first letter ("calcinossi" ~ "calcinosis"; "crest" never reaches "restricted").
   */
  fuzzy(q: string, c: Collector): void {
    const words = q.split(' ');
    if (words.length === 1) {
      for (const { lo, hi, score } of this.fuzzyWord(q)) this.walk(lo, hi, q.length, c, 3 + score * 0.5);
      return;
    }
    // Several words: each must start a word of the term (in order), as typed or within a typo.
    const accepted: Array<Array<{ lo: number; hi: number; score: number }>> = words.map((w) => {
      const [lo, hi] = prefixRange(this.vocab, w);
      return lo < hi ? [{ lo, hi, score: 0 }] : w.length >= FUZZY_MIN_QUERY ? this.fuzzyWord(w) : [];
    });
    if (accepted.some((a) => a.length === 0)) return;
    const size = (a: Array<{ lo: number; hi: number }>) => a.reduce((n, { lo, hi }) => n + this.postStart[hi]! - this.postStart[lo]!, 0);
    let driver = 0;
    for (let i = 1; i < accepted.length; i++) if (size(accepted[i]!) < size(accepted[driver]!)) driver = i;
    const stamp = this.nextStamp();
    let budget = this.codeOnly ? MULTIWORD_SCAN_CAP_CODES : MULTIWORD_SCAN_CAP;
    for (const { lo, hi } of accepted[driver]!) {
      this.sortWords(lo, hi);
      for (let p = this.postStart[lo]!; p < this.postStart[hi]! && budget > 0; p++, budget--) {
        const r = this.postings[p]! % RECORD_SPAN;
        if (this.seen[r] === stamp) continue;
        this.seen[r] = stamp;
        let j = 0;
        let worst = 0;
        for (let k = this.recWordStart[r]!; k < this.recWordStart[r + 1]! && j < words.length; k++) {
          const w = this.recWords[k]!;
          const hit = accepted[j]!.find((a) => w >= a.lo && w < a.hi);
          if (hit) {
            worst = Math.max(worst, hit.score);
            j++;
          }
        }
        if (j < words.length) continue;
        const key = staticKey(1, this.recField[r]!, this.recLength[r]!, 0);
        this.offerRecord(c, r, keyScore(key, q.length, this.codeOnly, 3 + worst * 0.5), 'fuzzy');
      }
    }
  }

  private fuzzyWord(word: string): Array<{ lo: number; hi: number; score: number }> {
    if (word.length < FUZZY_MIN_QUERY || word.length > FUZZY_MAX_QUERY) return [];
    const length = word.length + 1;
    const cacheKey = `${length}:${word.charAt(0)}`;
    let fuse = this.fuzzyLists.get(cacheKey);
    if (!fuse) {
      const [lo, hi] = prefixRange(this.vocab, word.charAt(0));
      const starts: string[] = [];
      for (let w = lo; w < hi; w++) {
        const s = this.vocab[w]!.slice(0, length);
        if (starts[starts.length - 1] !== s) starts.push(s);
      }
      fuse = new Fuse(starts, { includeScore: true, threshold: 0.3, ignoreLocation: true, minMatchCharLength: 2, shouldSort: true });
      this.fuzzyLists.set(cacheKey, fuse);
    }
    return fuse.search(word, { limit: 16 }).map((h) => {
      const [lo, hi] = prefixRange(this.vocab, h.item);
      return { lo, hi, score: Math.min(h.score ?? 0, 0.99) };
    });
  }

  /** Tier 4: every query word starts a word of an entry's definition (built on first need). */
  definition(q: string, c: Collector): void {
    this.definitions ??= new DefinitionIndex(this.entries, this.members);
    for (const i of this.definitions.matching(q.split(' '))) {
      c.offer(i, 4 + (this.codeOnly ? CODE_ONLY_PENALTY : 0), 'fuzzy', 'definition', this.entries[i]!.definition);
    }
  }
}

/** Definition words → entries, for the last tier. */
class DefinitionIndex {
  private readonly vocab: string[];
  private readonly postStart: Int32Array;
  private readonly postings: Int32Array;
  private readonly entryWords = new Map<number, Int32Array>();

  constructor(entries: readonly LoadedEntry[], members: readonly number[]) {
    const perEntry = new Map<number, string[]>();
    const all = new Set<string>();
    for (const i of members) {
      const words = [...new Set(normalize(entries[i]!.definition).split(' ').filter(Boolean))];
      perEntry.set(i, words);
      for (const w of words) all.add(w);
    }
    this.vocab = [...all].sort();
    const id = new Map(this.vocab.map((w, k) => [w, k]));
    const counts = new Int32Array(this.vocab.length + 1);
    for (const [i, words] of perEntry) {
      const ids = Int32Array.from(words, (w) => id.get(w)!);
      this.entryWords.set(i, ids);
      for (const w of ids) counts[w + 1]++;
    }
    for (let w = 0; w < this.vocab.length; w++) counts[w + 1] += counts[w]!;
    this.postStart = counts.slice();
    this.postings = new Int32Array(counts[this.vocab.length]!);
    for (const [i, ids] of this.entryWords) for (const w of ids) this.postings[counts[w]!++] = i;
  }

  *matching(words: readonly string[]): Iterable<number> {
    const ranges = words.map((w) => prefixRange(this.vocab, w));
    if (ranges.some(([lo, hi]) => lo >= hi)) return;
    const size = ([lo, hi]: [number, number]) => this.postStart[hi]! - this.postStart[lo]!;
    const driver = ranges.reduce((best, r) => (size(r) < size(best) ? r : best));
    const done = new Set<number>();
    for (let p = this.postStart[driver[0]]!; p < this.postStart[driver[1]]!; p++) {
      const i = this.postings[p]!;
      if (done.has(i)) continue;
      done.add(i);
      const ids = this.entryWords.get(i)!;
      if (ranges.every(([lo, hi]) => ids.some((w) => w >= lo && w < hi))) yield i;
    }
  }
}

export class SearchIndex {
  readonly entries: readonly LoadedEntry[];
  private readonly partitions: Partition[];

  /** `prepared`: what a pack worker built over the same entries (prepare()), adopted without building anything. */
  constructor(entries: readonly LoadedEntry[], prepared?: PreparedIndex) {
    this.entries = entries;
    if (prepared) {
      this.partitions = [new Partition(entries, Array.from(prepared.clinicalMembers), false, prepared.clinical)];
      if (prepared.codes) this.partitions.push(new Partition(entries, [], true, prepared.codes));
      return;
    }
    const clinical: number[] = [];
    const codes: number[] = [];
    entries.forEach((e, i) => (e.kind === 'code' ? codes : clinical).push(i));
    this.partitions = [new Partition(entries, clinical, false)];
    if (codes.length > 0) this.partitions.push(new Partition(entries, codes, true));
  }

  /** The index as a pack worker hands it over: flat arrays (transferable) and a few strings. */
  prepare(): PreparedIndex {
    const [clinical, codes] = this.partitions as [Partition, Partition | undefined];
    return { clinical: clinical.prepare(), clinicalMembers: Int32Array.from(clinical.memberList), ...(codes ? { codes: codes.prepare() } : {}) };
  }

  /**
   * Puts in order, until `budgetMs` have passed, the posting lists no query has read yet (a query sorts the
   * lists it reads itself); true when the index is complete. The editor calls it in slices after a load.
   */
  settle(budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    return this.partitions.every((p) => p.settle(deadline));
  }

  /** How many terms (labels, synonyms, abbreviations, codes, titles) are indexed. */
  get termCount(): number {
    return this.partitions.reduce((n, p) => n + p.recordCount, 0);
  }

  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(1, opts.limit ?? 50);
    const q = normalize(query.length > MAX_QUERY_LENGTH * 2 ? query.slice(0, MAX_QUERY_LENGTH * 2) : query).slice(0, MAX_QUERY_LENGTH).trim();
    if (!q) return [];
    const kinds = opts.kinds ? new Set(opts.kinds) : undefined;
    const maxTier = opts.maxTier ?? Infinity;
    const c = new Collector(limit, this.entries, kinds, opts.boostKinds ? new Set(opts.boostKinds) : undefined, maxTier);
    const partitions = kinds && !kinds.has('code') ? this.partitions.filter((p) => !p.codeOnly) : this.partitions;
    const raw = query.trim();
    for (const p of partitions) if (!(p.codeOnly && c.closedToCodes())) p.collect(raw, q, c);
    // Only when nothing starts with what was typed: then it is a typo. Running fuse.js whenever the cheap
    // tiers left room cost 90% of search time (npm run bench) and added noise to good answers.
    // A clinical typo is looked for among the clinical terms first; 74,000 code titles only when that fails.
    if (c.size === 0 && !c.capped && q.length >= FUZZY_MIN_QUERY && maxTier > TIER_TYPO) for (const p of partitions) if (c.size === 0 || !p.codeOnly) p.fuzzy(q, c);
    // Generated definitions of code-only entries ("ICD-10-CM L94.2: ...") say nothing their title does not.
    if (c.size === 0 && !c.capped && q.length >= FUZZY_MIN_QUERY && maxTier > TIER_DEFINITION) for (const p of partitions) if (!p.codeOnly) p.definition(q, c);
    return c.result();
  }
}
