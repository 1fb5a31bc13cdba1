/**
 * The words of a note, split once: where each word starts and ends, a number that stands for it (its length
 * and first three letters, case folded), and which sentence it is in. The problems list reads a whole note
 * through it: a word becomes a string only when its key says it may start a name or a trigger, and a
 * sentence is never found or split again for each mention in it.
 */

/** Word characters: ASCII letters and digits, and anything past ASCII. */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}

/** For ASCII: 1 for a word character, 2 for one that may end a sentence (line break ; ! ? .), else 0. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_CLASS[c] = isWordCode(c) ? 1 : c === 10 || c === 13 || c === 59 || c === 33 || c === 63 || c === 46 ? 2 : 0;

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * A word's length and first three characters as one number, ASCII capitals folded to lower case: equal
 * words (in any ASCII case) give equal keys, so a set of keys passes over most words without a string.
 * Negative when one of those characters is past ASCII (its case is not folded here: look the word up).
 */
export function wordKey(text: string, start: number, end: number): number {
  const n = end - start;
  const c0 = text.charCodeAt(start);
  const c1 = n > 1 ? text.charCodeAt(start + 1) : 0;
  const c2 = n > 2 ? text.charCodeAt(start + 2) : 0;
  if (c0 > 127 || c1 > 127 || c2 > 127) return -1;
  return ((fold(c0) * 128 + fold(c1)) * 128 + fold(c2)) * 64 + Math.min(n, 63);
}

/** Lower-case words by their key: which words a word with some key can be. */
export type WordIndex = ReadonlyMap<number, readonly string[]>;

/** The index of a set of lower-case words. */
export function indexOf(words: Iterable<string>): WordIndex {
  const index = new Map<number, string[]>();
  for (const w of words) {
    if (!w) continue;
    const key = wordKey(w, 0, w.length);
    const list = index.get(key);
    if (!list) index.set(key, [w]);
    else if (!list.includes(w)) list.push(w);
  }
  return index;
}

/** Whether text[start, end) is `word` (lower case) in any case. No string is made unless a character is past ASCII. */
export function isWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return hasNonAscii(text, start, end) && text.slice(start, end).toLowerCase() === word;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(start + i);
    if (c > 127) return text.slice(start, end).toLowerCase() === word;
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(i)) return false;
  }
  return true;
}

function hasNonAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 127) return true;
  return false;
}

/**
 * The word of `index` that text[start, end) is (in any case), as the index holds it; undefined when none.
 * A word with a character past ASCII in its first three (key -1) is lower-cased and returned as it is.
 */
export function knownWord(index: WordIndex, text: string, start: number, end: number, key: number): string | undefined {
  if (key < 0) return text.slice(start, end).toLowerCase();
  const list = index.get(key);
  if (!list) return undefined;
  for (const w of list) if (isWord(text, start, end, w)) return w;
  return undefined;
}

/** Whether the word with this key may be one of the words `keys` was made from (never a false no). */
export function mayBe(keys: ReadonlySet<number>, key: number): boolean {
  return key < 0 || keys.has(key);
}

const ABBREVIATIONS = new Set(['vs', 'v', 'dr', 'mr', 'mrs', 'ms', 'st', 'approx', 'e.g', 'i.e', 'cf', 'fig', 'no', 'pt']);

/** True when text[i] ends a sentence: a line break, `;`, `!`, `?`, or a period that is not in a number or after an abbreviation. */
export function endsSentence(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 10 || c === 13 || c === 59 /* ; */ || c === 33 /* ! */ || c === 63 /* ? */) return true;
  if (c !== 46 /* . */) return false;
  const next = text.charCodeAt(i + 1);
  // "L94.2", "1.5 cm", "...": a period inside a number or a word is not an end.
  if (i + 1 < text.length && next !== 32 && next !== 9 && next !== 10 && next !== 13) return false;
  let k = i;
  while (k > 0 && isAbbreviationCode(text.charCodeAt(k - 1))) k--;
  return !ABBREVIATIONS.has(text.slice(k, i).toLowerCase());
}

function isAbbreviationCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46;
}

/** A text's words and sentences. Word i is text[starts[i], ends[i]); its sentence, `sentence[i]`, spans text[sentenceStart[s], sentenceEnd[s]). */
export interface NoteWords {
  text: string;
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  keys: Int32Array;
  sentence: Int32Array;
  sentenceStart: number[];
  sentenceEnd: number[];
  /** Word i in lower case. */
  lower(i: number): string;
}

/** Splits `text` (or text[from, to)) into words and sentences in one pass; offsets are into `text`. */
export function noteWords(text: string, from = 0, to = text.length): NoteWords {
  const n = to;
  let cap = Math.max(16, (to - from) >> 2);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let keys = new Int32Array(cap);
  let sentence = new Int32Array(cap);
  const sentenceStart: number[] = [from];
  const sentenceEnd: number[] = [];
  let count = 0;
  let s = 0;
  let i = from;
  while (i < n) {
    // The gap before the next word: the first character in it that ends a sentence ends this one, the last starts the next.
    let firstEnd = -1;
    let lastEnd = -1;
    while (i < n) {
      const c = text.charCodeAt(i);
      const k = c < 128 ? ASCII_CLASS[c]! : 1;
      if (k === 1) break;
      if (k === 2 && endsSentence(text, i)) {
        if (firstEnd < 0) firstEnd = i;
        lastEnd = i;
      }
      i++;
    }
    if (firstEnd >= 0) {
      sentenceEnd.push(firstEnd);
      sentenceStart.push(lastEnd + 1);
      s++;
    }
    if (i >= n) break;
    const start = i;
    for (let c = text.charCodeAt(i); i < n && (c >= 128 || ASCII_CLASS[c] === 1); c = text.charCodeAt(++i));
    if (count === cap) {
      cap *= 2;
      starts = grow(starts, cap);
      ends = grow(ends, cap);
      sentence = grow(sentence, cap);
      keys = grow(keys, cap);
    }
    starts[count] = start;
    ends[count] = i;
    keys[count] = wordKey(text, start, i);
    sentence[count] = s;
    count++;
  }
  sentenceEnd.push(n);
  return {
    text,
    count,
    starts,
    ends,
    keys,
    sentence,
    sentenceStart,
    sentenceEnd,
    lower(w: number): string {
      return text.slice(starts[w]!, ends[w]!).toLowerCase();
    },
  };
}

function grow(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
