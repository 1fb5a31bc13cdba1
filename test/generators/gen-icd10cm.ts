/**
 * Deterministic generator of full-size SYNTHETIC ICD-10-CM order and codes files, in the official
 * CMS/NCHS layouts, for benchmarking and testing the importer (src/core/knowledge/icd10cm.ts). The project
 * ships no copy of the CMS files; nothing here is an official code title: every description starts
 * with "Synthetic" and is assembled from a small vocabulary.
 *
 * Usage (after `node esbuild.mjs --tests`):
 *   node out/test/generators/gen-icd10cm.js --count 74000 --seed 1 --out /tmp/icd10cm_order_synthetic.txt
 *   node out/test/generators/gen-icd10cm.js --format codes --count 74000 --seed 1 --out /tmp/codes.txt
 *
 * Same count and seed → byte-identical output (seeded PRNG, no Math.random, no clock).
 */
import { writeFileSync } from 'node:fs';
import { prng } from './prng';

export interface SyntheticCode {
  /** Without its dot, e.g. `S52521A`. */
  code: string;
  /** False for headers (codes that have children in the list), true for leaves. */
  billable: boolean;
  /** At most 60 characters. */
  short: string;
  /** At most 230 characters. */
  long: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** 7th-character extensions, as used for encounters in the injury chapters. */
const SEVENTH = ['A', 'D', 'S'];
const SEVENTH_LONG: Record<string, string> = { A: 'initial encounter', D: 'subsequent encounter', S: 'sequela' };

const CONDITIONS = [
  'calcification', 'inflammation', 'degeneration', 'deposit', 'lesion', 'disorder', 'fracture',
  'sclerosis', 'deficiency', 'hyperplasia', 'ulceration', 'contracture', 'effusion', 'fibrosis',
  'stenosis', 'dysplasia', 'necrosis', 'atrophy', 'cyst', 'nodule',
];
const SITES = [
  'skin', 'subcutaneous tissue', 'forearm', 'wrist', 'hand', 'finger', 'elbow', 'shoulder', 'knee',
  'ankle', 'foot', 'toe', 'hip', 'thigh', 'lower leg', 'upper arm', 'kidney', 'parathyroid gland',
  'tendon', 'bursa', 'synovium', 'cartilage', 'blood vessel', 'eyelid', 'ear', 'lip', 'scalp',
];
const QUALIFIERS = [
  'acute', 'chronic', 'recurrent', 'localized', 'generalized', 'primary', 'secondary', 'idiopathic',
  'dystrophic', 'metastatic', 'congenital', 'unspecified',
];
const FOURTH = [
  'right side', 'left side', 'bilateral', 'unspecified side', 'with complication',
  'without complication', 'with ulcer', 'with infection', 'in remission', 'other specified site',
];
const DEEPER = [
  'mild', 'moderate', 'severe', 'with calcinosis', 'without calcinosis', 'displaced', 'nondisplaced',
  'open', 'closed', 'stage 1', 'stage 2', 'stage 3', 'unspecified severity', 'other',
];
const ABBREV: [string, string][] = [
  [' without ', ' w/o '], [' with ', ' w '], ['unspecified', 'unsp'], ['right', 'r'], ['left', 'l'],
  ['bilateral', 'bi'], ['subcutaneous', 'subcu'], ['complication', 'comp'], ['Synthetic ', 'Syn '],
  ['calcification', 'calcif'], ['inflammation', 'inflam'], ['degeneration', 'degen'],
  ['encounter', 'encntr'], ['subsequent', 'subs'], ['initial', 'init'], ['severity', 'sev'],
];

/** Upper bound of codes in a subtree rooted at a code of `len` characters. */
function capacity(len: number, seventh: boolean): number {
  const maxLen = seventh ? 7 : 6;
  if (len >= maxLen) return 1;
  const branching = len === 6 ? SEVENTH.length : DIGITS.length;
  return 1 + branching * capacity(len + 1, seventh);
}

function shorten(long: string): string {
  if (long.length <= 60) return long;
  let s = long;
  for (const [from, to] of ABBREV) {
    s = s.split(from).join(to);
    if (s.length <= 60) return s;
  }
  return s.slice(0, 60).trimEnd();
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/**
 * `count` synthetic codes in code order (categories of 3 characters, then children down to 6 or,
 * in chapters S and T, 7 characters), each category's subtree stored in preorder. A code is a header
 * exactly when it has children in the list; about 85% are billable.
 */
export function generateIcd10cmCodeList(count: number, seed: number): SyntheticCode[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  const rand = prng(seed);
  // Real ICD-10-CM averages a few dozen codes per category; keep that shape.
  const allCats: string[] = [];
  for (const l of LETTERS) for (const d of DIGITS) for (const c of ALNUM) allCats.push(l + d + c);
  const nCat = Math.min(allCats.length, Math.max(1, Math.round(count / 38)));
  const total = allCats.reduce((n, c) => n + capacity(3, seventhAllowed(c)), 0);
  if (count > total) throw new RangeError(`count must be at most ${total}`);

  // Selection sampling: exactly nCat categories, in sorted order.
  const cats: string[] = [];
  for (let i = 0; i < allCats.length && cats.length < nCat; i++) {
    if (rand() * (allCats.length - i) < nCat - cats.length) cats.push(allCats[i]);
  }

  const out: { code: string; long: string }[] = [];
  let remaining = count;
  for (let k = 0; k < cats.length; k++) {
    const cat = cats[k];
    const seventh = seventhAllowed(cat);
    const catsLeft = cats.length - k;
    let budget: number;
    if (catsLeft === 1) budget = remaining;
    else {
      const mean = remaining / catsLeft;
      budget = Math.max(1, Math.round(mean * (0.3 + 1.4 * rand())));
      budget = Math.min(budget, remaining - (catsLeft - 1));
    }
    budget = Math.min(budget, capacity(3, seventh));
    const long = `Synthetic ${pick(rand, QUALIFIERS)} ${pick(rand, CONDITIONS)} of ${pick(rand, SITES)}`;
    build(cat, long, budget, seventh, rand, out);
    remaining -= budget;
  }
  // A shortfall is only possible when budgets hit capacity; fill from the categories left unused.
  const used = new Set(cats);
  for (let i = 0; remaining > 0 && i < allCats.length; i++) {
    if (used.has(allCats[i])) continue;
    const seventh = seventhAllowed(allCats[i]);
    const budget = Math.min(remaining, capacity(3, seventh));
    build(allCats[i], `Synthetic ${pick(rand, CONDITIONS)} of ${pick(rand, SITES)}`, budget, seventh, rand, out);
    remaining -= budget;
  }
  out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const list: SyntheticCode[] = new Array(out.length);
  for (let i = 0; i < out.length; i++) {
    const { code, long } = out[i];
    const next = i + 1 < out.length ? out[i + 1].code : '';
    const hasChild = next.length > code.length && next.startsWith(code);
    list[i] = { code, billable: !hasChild, short: shorten(long), long };
  }
  return list;
}

function seventhAllowed(category: string): boolean {
  return category[0] === 'S' || category[0] === 'T';
}

/** Emits `prefix` and exactly budget-1 descendants (budget ≤ capacity). */
function build(
  prefix: string,
  long: string,
  budget: number,
  seventh: boolean,
  rand: () => number,
  out: { code: string; long: string }[],
): void {
  out.push({ code: prefix, long });
  let rest = budget - 1;
  if (rest === 0) return;
  const len = prefix.length;
  const alphabet = len === 6 ? SEVENTH : DIGITS.split('');
  const childCap = capacity(len + 1, seventh);
  // How many children: enough to hold `rest`, otherwise a realistic 5 to 10.
  const minChildren = Math.max(1, Math.ceil(rest / childCap));
  let k = Math.min(alphabet.length, rest, 5 + Math.floor(rand() * 6));
  k = Math.max(k, minChildren);
  // Which characters: a random subset of the alphabet, kept in order.
  const chars: string[] = [];
  for (let i = 0; i < alphabet.length && chars.length < k; i++) {
    if (rand() * (alphabet.length - i) < k - chars.length) chars.push(alphabet[i]);
  }
  // Each child gets 1; the extra codes go to a few "expandable" children, the rest stay leaves.
  const sizes = chars.map(() => 1);
  let extra = rest - k;
  const expandable: number[] = [];
  for (let i = 0; i < k; i++) if (rand() < 0.2) expandable.push(i);
  if (expandable.length === 0) expandable.push(Math.floor(rand() * k));
  while (extra > 0) {
    let progressed = false;
    for (const i of expandable) {
      if (extra === 0) break;
      const room = childCap - sizes[i];
      if (room <= 0) continue;
      const add = Math.min(room, extra, 1 + Math.floor(rand() * Math.max(1, extra / expandable.length)));
      sizes[i] += add;
      extra -= add;
      progressed = true;
    }
    if (!progressed) {
      // All expandable children are full: open another one.
      const i = sizes.findIndex((s) => s < childCap);
      expandable.push(i);
    }
  }
  // Siblings get distinct wording: a shuffled copy of the vocabulary (both lists hold ≥ 10 words).
  const words = (len === 3 ? FOURTH : DEEPER).slice();
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  for (let i = 0; i < k; i++) {
    const ch = chars[i];
    let childLong: string;
    if (len === 6) childLong = `${long}, ${SEVENTH_LONG[ch]}`;
    else childLong = `${long}, ${words[i]}`;
    if (childLong.length > 230) childLong = long;
    build(prefix + ch, childLong, sizes[i], seventh, rand, out);
  }
}

function orderLine(n: number, c: SyntheticCode): string {
  return `${String(n).padStart(5, '0')} ${c.code.padEnd(7)} ${c.billable ? '1' : '0'} ${c.short.padEnd(60)} ${c.long}`;
}

/** A synthetic order file (fixed width) with exactly `count` codes; at most 99,999 (5-digit order numbers). */
export function generateIcd10cmOrderFile(count: number, seed: number): string {
  if (count > 99999) throw new RangeError('the order file numbers lines with 5 digits: count must be at most 99999');
  const list = generateIcd10cmCodeList(count, seed);
  const lines: string[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) lines[i] = orderLine(i + 1, list[i]);
  return lines.join('\n') + '\n';
}

/**
 * A synthetic codes file with exactly `count` codes: like the official one, only the billable codes
 * (of a generated tree large enough to hold `count` of them), code padded to 7, a space, the long
 * description.
 */
export function generateIcd10cmCodesFile(count: number, seed: number): string {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  let size = Math.ceil(count / 0.8) + 16;
  for (;;) {
    const leaves = generateIcd10cmCodeList(size, seed).filter((c) => c.billable);
    if (leaves.length >= count) {
      const lines: string[] = new Array(count);
      for (let i = 0; i < count; i++) lines[i] = `${leaves[i].code.padEnd(7)} ${leaves[i].long}`;
      return lines.join('\n') + '\n';
    }
    size = Math.ceil(size * 1.2);
  }
}

function main(argv: string[]): void {
  let count = 74000;
  let seed = 1;
  let out: string | undefined;
  let format: 'order' | 'codes' = 'order';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--count') count = Number(value());
    else if (a === '--seed') seed = Number(value());
    else if (a === '--out' || a === '-o') out = value();
    else if (a === '--format') {
      const f = value();
      if (f !== 'order' && f !== 'codes') throw new Error('--format must be order or codes');
      format = f;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: gen-icd10cm [--format order|codes] [--count N] [--seed N] [--out FILE]\n');
      return;
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const text = format === 'order' ? generateIcd10cmOrderFile(count, seed) : generateIcd10cmCodesFile(count, seed);
  if (out) {
    writeFileSync(out, text);
    process.stderr.write(`wrote ${count} synthetic ICD-10-CM ${format}-file codes to ${out}\n`);
  } else process.stdout.write(text);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`gen-icd10cm: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
