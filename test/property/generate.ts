/**
 * Reproducible random notes for the keystroke fuzz (`test/property/fuzz.test.ts`). Everything comes from a
 * seeded generator, never `Math.random`, so a failing case is replayed from its seed and index alone.
 *
 * The documents mix what a clinician's note really holds (pack terms in any case, section headings,
 * lists, CRLF line ends, tabs) with what an editor buffer can hold that a note should not: scripts
 * written right to left, combining marks, emoji and other astral characters, lone surrogates, NUL and
 * other controls, 100 KB lines, empty documents.
 */

/** sfc32, seeded through splitmix32: small, fast, and the same sequence on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.next() / 4294967296) * n);
  }

  /** A uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() / 4294967296 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `[[3, a], [1, b]]` gives `a` three times as often as `b`. */
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T {
    let total = 0;
    for (const [w] of items) total += w;
    let r = this.int(total);
    for (const [w, v] of items) {
      if (r < w) return v;
      r -= w;
    }
    return items[items.length - 1]![1];
  }
}

/** The seed for one case: the run's seed and the case index mixed, so any case replays on its own. */
export function caseSeed(runSeed: number, index: number): number {
  return (Math.imul(runSeed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(index + 1, 0x165667b1)) >>> 0;
}

/** Reads a seed as written by a person: a decimal or 0x number, or any other text (hashed). */
export function parseSeed(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(BigInt(t) & 0xffffffffn);
  if (/^0x[0-9a-f]+$/i.test(t)) return Number(BigInt(t) & 0xffffffffn);
  let h = 0x811c9dc5;
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const SCRIPTS: readonly string[] = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœßĳŁłŒ',
  'αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΩάέήίόύώ',
  'абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЁЖ',
  'ابتثجحخدذرزسشصضطظعغفقكلمنهوي', // Arabic, right to left
  'אבגדהוזחטיכלמנסעפצקרשת', // Hebrew, right to left
  'कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह', // Devanagari (letters; marks come separately)
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年', // Han
  'กขคงจฉชซญฎฏฐฑดตถทธนบปผพฟภมยรลวศษสหอฮ', // Thai
  '가나다라마바사아자차카타파하각난닫랄맘밥삿앙잦찿캌탙팦핳', // Hangul
  'ａｂｃＡＢＣ０１２', // full width
];

/** Strings that each stand for one user-visible character but take several code units. */
const CLUSTERS: readonly string[] = [
  '😀', '👩\u200d⚕️', '🇫🇷', '👍🏽', '1️⃣', '🏳️\u200d🌈', '🧑🏿\u200d🦱',
  '𝐀𝐛𝐜', // mathematical bold letters: astral letters
  '𠀀𠀁', // CJK extension B: astral letters
  'e\u0301', 'a\u0308\u0304', 'Z\u0351\u0352\u0357\u035b\u0300\u0301', // combining marks
  'क्षि', 'स्त्री', // Devanagari conjuncts with virama and vowel signs
  'ﷺ', 'ﬁ', 'Å', 'Å', // ligatures, precomposed vs decomposed
];

const SPECIAL: readonly string[] = [
  '\u0000', '\u0001', '\u0007', '\u001b[31m', '\u007f', '\u0085', // NUL and other controls
  '\ud800', '\udfff', '\udc00\ud800', '\ud83d', '\ude00', // lone and reversed surrogates
  '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2069', // bidi controls
  '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad', '\u2060', // zero-width characters
  '\u00a0', '\u2028', '\u2029', '\u3000', '\u000b', '\u000c', // other spaces and breaks
  '\ufffd', '\uffff', '\ufdd0',
];

const PUNCTUATION = '.,;:!?()[]{}<>-–—/\\*#`~_|&"\'+=@%^$×·…';

const HEADINGS: readonly string[] = [
  '## Workup', '# Presentation', '### Assessment and plan ###', '**Assessment and plan:**', 'Treatment plan:',
  'PLAN', 'A/P', 'S:', 'O:', 'A:', 'P:', 'HPI', 'Exam:', 'Follow-up', 'Work - up', 'Social situation:',
  'Plan: start physical therapy', '**Plan:** recheck in 3 months', '####### not a heading', '#nospace',
  '   ## Indented', '\t## Tabbed', '## ', '##', '**:**', ':', 'Impression & plan:', 'Diagnoses:',
];

const FENCES: readonly string[] = ['```', '~~~', '````js', '```\u0000', '  ```'];

const SEPARATORS: readonly string[] = [' ', ' ', ' ', ' ', '  ', '\t', ', ', '. ', '\n', '\r\n', '\r', '', '-', '/', ' (', ') ', ': ', '\n\n', '\r\n\r\n'];

export interface DocumentShape {
  /** What the generator chose, for the failure message. */
  kind: 'empty' | 'blank' | 'short' | 'note' | 'long-line' | 'terms-only';
}

const SCRIPT_CHARS: readonly string[][] = SCRIPTS.map((s) => [...s]);

function word(rng: Rng, max = 12): string {
  const chars = rng.pick(SCRIPT_CHARS);
  let out = '';
  for (let i = rng.between(1, max); i > 0; i--) out += rng.pick(chars);
  return out;
}

/** A pack term as a clinician might type it: any case, odd spacing or punctuation between words, wrapped. */
export function mangleTerm(rng: Rng, term: string): string {
  let t = term;
  switch (rng.int(6)) {
    case 0:
      t = t.toLowerCase();
      break;
    case 1:
      t = t.toUpperCase();
      break;
    case 2:
      t = t.replace(/\p{L}/gu, (c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase()));
      break;
    default:
      break;
  }
  if (rng.chance(0.3)) t = t.replace(/ /g, () => rng.pick([' ', '  ', '-', '.', '\t', '\n', '', ' . ', ', ']));
  if (rng.chance(0.2)) t = t.normalize(rng.pick(['NFD', 'NFC', 'NFKD'] as const));
  if (rng.chance(0.1)) t += rng.pick(['\u0301', '\u0308', '\u200d', '\u200b']);
  if (rng.chance(0.3)) {
    const [open, close] = rng.pick([['(', ')'], ['**', '**'], ['"', '"'], ['[', ']'], ['', ':'], ['', '.'], ['-', '-'], ['`', '`'], ['<', '>']]);
    t = open + t + close;
  }
  return t;
}

/** Where spliced-in terms start and end in the document being built: the cursor positions worth probing. */
type Hints = number[];

function fragment(rng: Rng, terms: readonly string[], isTerm: { yes: boolean }): string {
  isTerm.yes = false;
  return rng.weighted<() => string>([
    [30, () => word(rng)],
    [18, () => ((isTerm.yes = true), mangleTerm(rng, rng.pick(terms)))],
    [8, () => rng.pick(CLUSTERS)],
    [5, () => rng.pick(SPECIAL)],
    [8, () => rng.pick([...PUNCTUATION])],
    [4, () => String(rng.int(100000))],
    [3, () => rng.pick(['L94.2', 'l942', 'L94.22222', 'M34.1', 'E83.59', 'ICD-10-CM'])],
    [2, () => rng.pick(FENCES)],
    [1, () => word(rng, 300)],
  ])();
}

/**
 * A run of fragments joined by random separators, up to about `length` characters. When `hints` is
 * given, the offsets (from `base`) where spliced terms start and end are added to it.
 */
function run(rng: Rng, terms: readonly string[], length: number, separators = SEPARATORS, hints?: Hints, base = 0): string {
  const parts: string[] = [];
  const isTerm = { yes: false };
  let n = 0;
  while (n < length) {
    const f = fragment(rng, terms, isTerm);
    if (isTerm.yes && hints) hints.push(base + n, base + n + f.length);
    const sep = rng.pick(separators);
    parts.push(f, sep);
    n += f.length + sep.length;
  }
  return parts.join('');
}

function note(rng: Rng, terms: readonly string[], hints: Hints): string {
  const eol = rng.weighted([[6, '\n'], [3, '\r\n'], [1, '\r']] as const);
  let text = '';
  for (let i = rng.between(1, 16); i > 0; i--) {
    if (text) text += eol;
    const r = rng.int(10);
    if (r < 3) text += rng.pick(HEADINGS);
    else if (r < 4) {
      const marker = rng.pick(['- ', '* ', '1. ', '> ', '    ', '- *** ']);
      text += marker + run(rng, terms, rng.between(1, 60), [' ', ' ', ', ', '\t'], hints, text.length + marker.length);
    } else if (r < 5) text += rng.pick(FENCES);
    else if (r < 6) text += rng.pick(['', '***', 'Result: ***', '****']);
    else text += run(rng, terms, rng.between(1, 120), [' ', ' ', ' ', ', ', '. ', '\t', '', ': '], hints, text.length);
  }
  if (rng.chance(0.2)) text += eol;
  return text;
}

/**
 * A random document. `terms` are spliced in (labels, synonyms, abbreviations, codes of the loaded packs).
 * `only` forces a shape; 'long-line' (a line of 100 KB) is never picked at random, the caller decides how often.
 */
export function randomDocument(
  rng: Rng,
  terms: readonly string[],
  only?: DocumentShape['kind'],
): { text: string; shape: DocumentShape['kind']; hints: number[] } {
  const shape =
    only ??
    rng.weighted<DocumentShape['kind']>([
      [2, 'empty'],
      [2, 'blank'],
      [40, 'short'],
      [46, 'note'],
      [10, 'terms-only'],
    ]);
  const hints: Hints = [];
  switch (shape) {
    case 'empty':
      return { text: '', shape, hints };
    case 'blank':
      return { text: rng.pick(['\n', '\r\n', ' ', '\t', '\n\n\n', '\r', ' \r\n\t', '\u0000']), shape, hints };
    case 'short':
      return { text: run(rng, terms, rng.between(1, 100), SEPARATORS, hints), shape, hints };
    case 'note':
      return { text: note(rng, terms, hints), shape, hints };
    case 'terms-only': {
      let text = '';
      for (let i = rng.between(1, 10); i > 0; i--) {
        const t = mangleTerm(rng, rng.pick(terms));
        hints.push(text.length, text.length + t.length);
        text += t + rng.pick([' ', '', '\n', ', ', '-', '.']);
      }
      return { text, shape, hints };
    }
    case 'long-line': {
      // One line of 100 KB or more (no line break inside), inside a small note.
      const head = `${rng.pick(HEADINGS)}\n`;
      const line = run(rng, terms, 100 * 1024, [' ', ' ', '', ', ', '\t', '. '], hints, head.length).replace(/[\r\n]/g, ' ');
      return { text: `${head}${line}\n${rng.pick(HEADINGS)}\ntail`, shape, hints };
    }
  }
}

/**
 * Offsets to probe in `text`, in this order: both ends; up to two at or next to the terms spotted in it
 * (where a cursor usually is); `count` random ones; the middle of a surrogate pair when there is one.
 */
export function randomOffsets(rng: Rng, text: string, count: number, hints: readonly number[] = []): number[] {
  const n = text.length;
  const out = new Set<number>([0, n]);
  for (let i = 0; i < 2 && hints.length; i++) {
    const h = rng.pick(hints);
    out.add(Math.max(0, Math.min(n, h + rng.between(-1, 1))));
  }
  for (let i = 0; i < count; i++) out.add(rng.int(n + 1));
  const astral = /[\ud800-\udbff][\udc00-\udfff]/g;
  const m = astral.exec(text);
  if (m) out.add(m.index + 1);
  return [...out];
}

/** The word before `offset` on its line, as completion queries it: letters, digits, marks and `.-/×`. */
export function wordBefore(text: string, offset: number, maxLength: number): string {
  let start = offset;
  while (start > 0 && offset - start < maxLength && /[\p{L}\p{N}\p{M}.\-/×]/u.test(text[start - 1]!)) start--;
  return text.slice(start, offset);
}
