/**
 * Text normalisation shared by search and term spotting, so that what a pack says and what a
 * clinician types are compared the same way.
 */

const COMBINING = /[\u0300-\u036f]/g;
const ASCII = /^[\x00-\x7f]*$/;
const NON_ALNUM_ASCII = /[^a-z0-9]+/g;

/**
 * Lower-cases, strips accents, folds `×` to `x` and Greek gamma to `g`-free form "gamma", and turns
 * every run of non-word characters into one space: "Anti-TIF1-γ" → "anti tif1 gamma",
 * "von Kossa" → "von kossa", "L94.2" → "l94 2".
 */
export function normalize(text: string): string {
  // Plain ASCII (nearly every term, and all of ICD-10-CM) has nothing to decompose or fold: the same
  // result, five to ten times faster, which is most of building the index for 74,000 codes.
  if (ASCII.test(text)) return text.toLowerCase().replace(NON_ALNUM_ASCII, ' ').trim();
  return foldSymbols(text.normalize('NFD').replace(COMBINING, '').toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `normalize` without the spaces, so "vonkossa" and "von kossa" meet, and "L942" meets "L94.2". */
export function compact(text: string): string {
  return normalize(text).replace(/ /g, '');
}

function foldSymbols(s: string): string {
  return s.replace(/×/g, 'x').replace(/γ/g, 'gamma').replace(/α/g, 'alpha').replace(/β/g, 'beta');
}

/** True for a letter, digit or combining mark: the characters that make up a word. */
export function isWordChar(code: number, ch: string): boolean {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return true;
  if (code < 128) return false;
  return /[\p{L}\p{N}\p{M}]/u.test(ch);
}

export interface Token {
  start: number;
  end: number;
  /** The token as written. */
  text: string;
}

/** Splits `text[from, to)` into word tokens (letters, digits, marks). Linear in the span. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    while (i < to && !isWordChar(text.charCodeAt(i), text[i])) i++;
    const start = i;
    while (i < to && isWordChar(text.charCodeAt(i), text[i])) i++;
    if (i > start) out.push({ start, end: i, text: text.slice(start, i) });
  }
  return out;
}

/** The 0-based line and character of `offset` in `text` (a JSON error's place; a pack problem's range). */
export function lineAndCharacter(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
