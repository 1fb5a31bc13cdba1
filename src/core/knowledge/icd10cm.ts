/**
 * Importer for the official CMS/NCHS ICD-10-CM text files, turning them into a knowledge pack.
 *
 * Pure TypeScript: no `vscode`, no Node-only modules, so it runs in the extension host, the CLI and
 * a browser web worker alike. The caller reads the file and passes its text.
 *
 * Two formats are recognised (auto-detected from the first 20 non-blank lines):
 *
 * - the *order* file (`icd10cm_order_YYYY.txt`), fixed width:
 *   columns 1–5 order number (zero-padded), 6 blank, 7–13 code without its dot (left-aligned,
 *   space-padded), 14 blank, 15 flag (`0` header, `1` valid for submission), 16 blank,
 *   17–76 short description (space-padded to 60), 77 blank, 78–end long description;
 * - the *codes* file (`icd10cm_codes_YYYY.txt`): the code without its dot, space-padded to 7
 *   characters (or followed by one or more spaces), then the long description. This file does not
 *   say whether a code is billable, so `billable` is left unset.
 *
 * Error handling:
 * - a bad line is never fatal: it is reported in `problems` with its 1-based line number and
 *   skipped (as is a duplicate code, or a description longer than the pack schema allows: nothing
 *   is truncated);
 * - an empty file, or a file that is not one of the two formats (more than half of the first 20
 *   non-blank lines fail to parse as either), is refused by THROWING an {@link Icd10cmImportError}
 *   whose message reads "FILE is not an ICD-10-CM order or codes file: ..." and whose `problems`
 *   holds that message as a line-0 problem followed by the sampled line problems. An invalid
 *   `edition` option is refused the same way (reason `bad-option`).
 */
import { codeEntryId } from './code-set';
import type { CodeRow, Pack, Section, Source } from '../types';

/** A line that could not be imported (line is 1-based; 0 means the file as a whole). */
export interface ImportProblem {
  line: number;
  message: string;
}

export type Icd10cmFormat = 'order' | 'codes';

export interface Icd10cmImportOptions {
  /** The file's name (a path is fine: only the last segment is used), for titles and messages. */
  fileName: string;
  /** Edition label, e.g. `2025`. Defaults to a year found in the file name, else "unknown". */
  edition?: string;
}

export interface Icd10cmImportStats {
  /** Lines in the file (a final newline does not start another line). */
  lines: number;
  /** Entries produced. */
  codes: number;
  /** Codes flagged valid for submission (order file only). */
  billable: number;
  /** Codes flagged as headers (order file only). */
  headers: number;
  /** Non-blank lines skipped because of a problem. */
  skipped: number;
  format: Icd10cmFormat;
}

export interface Icd10cmImportResult {
  pack: Pack;
  /** Line problems, in line order (each line listed was skipped); may also hold line-0 notes. */
  problems: ImportProblem[];
  stats: Icd10cmImportStats;
}

export type Icd10cmImportErrorReason = 'empty' | 'foreign' | 'bad-option';

/** Thrown when the whole file (or an option) is refused; bad lines never throw. */
export class Icd10cmImportError extends Error {
  readonly reason: Icd10cmImportErrorReason;
  readonly fileName: string;
  /** The refusal as a line-0 problem, then any sampled line problems that explain it. */
  readonly problems: ImportProblem[];

  constructor(reason: Icd10cmImportErrorReason, fileName: string, message: string, lineProblems: ImportProblem[] = []) {
    super(message);
    this.name = 'Icd10cmImportError';
    this.reason = reason;
    this.fileName = fileName;
    this.problems = [{ line: 0, message }, ...lineProblems];
  }
}

/** The pack source every imported entry cites. */
export const ICD10CM_SOURCE_ID = 'icd10cm-file';
/** The single section of an imported pack. */
export const ICD10CM_SECTION_ID = 'codes';

/** Limits of the pack schema (knowledge/schema.json) that imported text must respect. */
const MAX_TEXT = 500;
const MAX_VERSION = 64;
const MAX_FILE_NAME_IN_TITLE = 200;
/** How many non-blank lines format detection looks at. */
const SAMPLE_LINES = 20;

/** `L942` → `L94.2`; 3-character codes stay as they are (`A00`). Expects a code without a dot. */
export function formatIcd10cmCode(raw: string): string {
  return raw.length > 3 ? raw.slice(0, 3) + '.' + raw.slice(3) : raw;
}

/** The entry id of a code, with or without its dot: `L94.2` / `L942` → `icd10cm-l94-2`. */
export function icd10cmEntryId(code: string): string {
  return codeEntryId(code.indexOf('.') >= 0 ? code : formatIcd10cmCode(code));
}

interface ParsedLine {
  code: string;
  /** Order file: the flag; codes file: undefined. */
  billable: boolean | undefined;
  /** Order file only. */
  short: string | undefined;
  long: string;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Undefined when `code` (no dot) is a syntactically valid ICD-10-CM code, else why not. */
function codeError(code: string): string | undefined {
  const n = code.length;
  let ok = n >= 3 && n <= 7 && isUpper(code.charCodeAt(0)) && isDigit(code.charCodeAt(1));
  for (let i = 2; ok && i < n; i++) {
    const c = code.charCodeAt(i);
    ok = isUpper(c) || isDigit(c);
  }
  if (ok) return undefined;
  const shown = n > 20 ? JSON.stringify(code.slice(0, 20)) + '…' : JSON.stringify(code);
  if (code.indexOf('.') >= 0 && n <= 8) {
    return `code ${shown} contains a dot; the ICD-10-CM files write codes without dots (e.g. L942)`;
  }
  return `${shown} is not an ICD-10-CM code (expected a capital letter, a digit, then 1 to 5 capital letters or digits, without a dot)`;
}

function describeChar(line: string, i: number): string {
  return i < line.length ? JSON.stringify(line[i]) : 'the end of the line';
}

/** One line of the order file (already without its line ending, not blank). */
function parseOrderLine(line: string): ParsedLine | string {
  for (let i = 0; i < 5; i++) {
    if (!isDigit(line.charCodeAt(i))) {
      return `columns 1-5 should be the zero-padded order number, found ${JSON.stringify(line.slice(0, 5))}`;
    }
  }
  if (line.charCodeAt(5) !== 32) return `column 6 should be a space, found ${describeChar(line, 5)}`;
  // The code: left-aligned in columns 7-13, then spaces up to column 13.
  let end = 6;
  while (end < 13 && end < line.length && line.charCodeAt(end) !== 32) end++;
  const code = line.slice(6, end);
  if (end === 13 && line.length > 13 && line.charCodeAt(13) !== 32) {
    let stop = 13;
    while (stop < line.length && stop < 40 && line.charCodeAt(stop) !== 32) stop++;
    return `the code in columns 7-13 is longer than 7 characters: ${JSON.stringify(line.slice(6, stop))}`;
  }
  const bad = codeError(code);
  if (bad) return bad;
  for (let i = end; i < 13; i++) {
    if (line.charCodeAt(i) !== 32) {
      return `columns 7-13 should hold only the code padded with spaces, found ${JSON.stringify(line.slice(6, 13))}`;
    }
  }
  if (line.charCodeAt(13) !== 32) return `column 14 should be a space, found ${describeChar(line, 13)}`;
  const flag = line.charCodeAt(14);
  if (flag !== 48 && flag !== 49) {
    return `column 15 should be the flag 0 (header) or 1 (valid for submission), found ${describeChar(line, 14)}`;
  }
  if (line.charCodeAt(15) !== 32) return `column 16 should be a space, found ${describeChar(line, 15)}`;
  if (line.length < 78) {
    return `line ends at column ${line.length}: the long description should start at column 78`;
  }
  if (line.charCodeAt(76) !== 32) {
    return `column 77 should be a space after the 60-character short description, found ${describeChar(line, 76)}`;
  }
  const short = line.slice(16, 76).trim();
  if (short === '') return 'the short description (columns 17-76) is empty';
  const long = line.slice(77).trim();
  if (long === '') return 'the long description (column 78 on) is empty';
  return { code, billable: flag === 49, short, long };
}

/** One line of the codes file (already without its line ending, not blank). */
function parseCodesLine(line: string): ParsedLine | string {
  const n = line.length;
  let end = 0;
  while (end < n) {
    const c = line.charCodeAt(end);
    if (c === 32 || c === 9) break;
    end++;
  }
  const code = line.slice(0, end);
  const bad = codeError(code);
  if (bad) return bad;
  let start = end;
  while (start < n) {
    const c = line.charCodeAt(start);
    if (c !== 32 && c !== 9) break;
    start++;
  }
  const long = line.slice(start).trim();
  if (long === '') return `no description after the code ${code}`;
  return { code, billable: undefined, short: undefined, long };
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function baseName(fileName: string): string {
  const i = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return i >= 0 ? fileName.slice(i + 1) : fileName;
}

/** Lower-case kebab-case, at most `max` characters, cut at a hyphen when shortened. */
function slug(text: string, max: number): string {
  let s = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (s.length > max) s = s.slice(0, max).replace(/-+[^-]*$/, '') || s.slice(0, max);
  return s.replace(/-+$/, '');
}

/** A year (19xx/20xx) standing alone in a file name: `icd10cm_order_2025.txt` → `2025`. */
function editionFromFileName(base: string): string | undefined {
  const m = /(?:^|[^0-9])((?:19|20)[0-9]{2})(?![0-9])/.exec(base);
  return m ? m[1] : undefined;
}

function packId(edition: string | undefined, base: string): string {
  const fromEdition = edition ? slug(edition, 100) : '';
  if (fromEdition) return 'icd10cm-' + fromEdition;
  const fromName = slug(base.replace(/\.[^.]*$/, ''), 100);
  if (fromName === '') return 'icd10cm';
  return fromName === 'icd10cm' || fromName.startsWith('icd10cm-') ? fromName : 'icd10cm-' + fromName;
}

/** Lines without their endings (LF, CRLF, or old-Mac CR), BOM dropped; a final newline adds no line. */
function splitLines(text: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Splitting on a plain string is much faster than on a regex; CR-only files are the rare case.
  const lines = text.indexOf('\n') < 0 && text.indexOf('\r') >= 0 ? text.split('\r') : text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function refusal(fileName: string, why: string): string {
  return `${fileName} is not an ICD-10-CM order or codes file: ${why}`;
}

/**
 * Detects the format from the first {@link SAMPLE_LINES} non-blank lines; throws when the file is
 * empty or when more than half of them parse as neither format.
 */
function detectFormat(lines: string[], name: string): Icd10cmFormat {
  const sample: number[] = [];
  for (let i = 0; i < lines.length && sample.length < SAMPLE_LINES; i++) {
    if (!isBlank(lines[i])) sample.push(i);
  }
  if (sample.length === 0) {
    throw new Icd10cmImportError('empty', name, refusal(name, 'the file is empty (no non-blank lines).'));
  }
  let orderOk = 0;
  let codesOk = 0;
  const failures: ImportProblem[] = [];
  for (const i of sample) {
    const line = lines[i];
    const asOrder = parseOrderLine(line);
    const asCodes = parseCodesLine(line);
    if (typeof asOrder !== 'string') orderOk++;
    if (typeof asCodes !== 'string') codesOk++;
    if (typeof asOrder === 'string' && typeof asCodes === 'string') {
      // Explain with the format the line resembles: order lines start with digits.
      failures.push({ line: i + 1, message: isDigit(line.charCodeAt(0)) ? asOrder : asCodes });
    }
  }
  const best = Math.max(orderOk, codesOk);
  if (best * 2 <= sample.length) {
    const first = failures[0];
    const why =
      best === 0
        ? `none of the first ${sample.length} non-blank lines parses as either format`
        : `${sample.length - best} of the first ${sample.length} non-blank lines do not parse`;
    throw new Icd10cmImportError(
      'foreign',
      name,
      refusal(
        name,
        `${why} (line ${first.line}: ${first.message}). Expected the CMS/NCHS order file ` +
          '(fixed width: order number, code without dot, 0/1 flag, short and long description) ' +
          'or codes file (code without dot, spaces, long description).',
      ),
      failures,
    );
  }
  return orderOk >= codesOk ? 'order' : 'codes';
}

/**
 * Imports an ICD-10-CM order or codes file (its text) into a pack whose code set has one row per code (each
 * loaded as a `code` entry; see code-set.ts).
 * Bad lines are reported in `problems` and skipped; an empty or foreign file, or an invalid
 * `edition`, throws {@link Icd10cmImportError}. Linear in the file size.
 */
export function importIcd10cm(text: string, opts: Icd10cmImportOptions): Icd10cmImportResult {
  const fullName = opts.fileName || 'file';
  let base = baseName(fullName) || fullName;
  const problems: ImportProblem[] = [];
  if (base.length > MAX_FILE_NAME_IN_TITLE) {
    base = base.slice(0, MAX_FILE_NAME_IN_TITLE - 1) + '…';
    problems.push({ line: 0, message: `the file name is longer than ${MAX_FILE_NAME_IN_TITLE} characters; it is shortened in the pack and source titles` });
  }

  let edition: string | undefined;
  if (opts.edition !== undefined) {
    edition = opts.edition.trim();
    if (edition === '' || edition.length > MAX_VERSION) {
      throw new Icd10cmImportError(
        'bad-option',
        base,
        `invalid edition label ${JSON.stringify(opts.edition.slice(0, 80))}: it must be 1 to ${MAX_VERSION} characters`,
      );
    }
  } else {
    edition = editionFromFileName(base);
  }

  const lines = splitLines(text);
  const format = detectFormat(lines, base);
  const parse = format === 'order' ? parseOrderLine : parseCodesLine;

  // Pass 1: parse every line into its row. `indexOf` maps a code (no dot) to its row.
  const editionLabel = edition ? `ICD-10-CM ${edition}` : 'ICD-10-CM';
  const rows: CodeRow[] = [];
  const rawCodes: string[] = [];
  const lineNo: number[] = [];
  const indexOf = new Map<string, number>();
  let skipped = 0;
  let billable = 0;
  let headers = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) continue;
    const p = parse(line);
    let message: string | undefined;
    if (typeof p === 'string') {
      message = p;
    } else if (p.long.length > MAX_TEXT) {
      message = `the long description of ${formatIcd10cmCode(p.code)} is ${p.long.length} characters; the pack schema allows at most ${MAX_TEXT}`;
    } else {
      const first = indexOf.get(p.code);
      if (first !== undefined) message = `duplicate code ${formatIcd10cmCode(p.code)} (first on line ${lineNo[first]})`;
    }
    if (message !== undefined) {
      problems.push({ line: i + 1, message });
      skipped++;
      continue;
    }
    const r = p as ParsedLine;
    if (r.billable === true) billable++;
    else if (r.billable === false) headers++;
    indexOf.set(r.code, rows.length);
    rawCodes.push(r.code);
    lineNo.push(i + 1);
    rows.push([formatIcd10cmCode(r.code), r.long, r.short !== undefined && r.short !== r.long ? r.short : null, r.billable ?? null, null]);
  }

  // Pass 2: each code's parent is its nearest ancestor present in the file. The previous code is usually
  // the parent or a sibling (the files are in code order): it is tried before the map.
  for (let k = 0; k < rawCodes.length; k++) {
    const raw = rawCodes[k];
    const prev = k > 0 ? rawCodes[k - 1] : '';
    let parentK = -1;
    for (let len = raw.length - 1; len >= 3 && parentK < 0; len--) {
      if (prev.length === len && raw.startsWith(prev)) parentK = k - 1;
      else {
        const j = indexOf.get(raw.slice(0, len));
        if (j !== undefined) parentK = j;
      }
    }
    const row = rows[k];
    if (parentK >= 0) row[4] = rows[parentK][0];
    // Trailing nulls are left out of the written row.
    while (row.length > 2 && row[row.length - 1] === null) row.pop();
  }

  const fileLabel = `${base} (${editionLabel})`;
  const source: Source = { id: ICD10CM_SOURCE_ID, kind: 'file', title: fileLabel };
  const section: Section = { id: ICD10CM_SECTION_ID, title: 'ICD-10-CM codes' };
  const counts =
    format === 'order'
      ? `${rows.length} codes (${billable} valid for submission, ${headers} headers)`
      : `${rows.length} codes (billable status not given by a codes file)`;
  const pack: Pack = {
    id: packId(edition, base),
    title: `${editionLabel} (${base})`,
    version: edition ?? 'unknown',
    subject: 'ICD-10-CM codes',
    description: `Imported from the ICD-10-CM ${format} file ${base}: ${counts}.`,
    sources: [source],
    sections: [section],
    entries: [],
    codeSet: { system: 'ICD-10-CM', source: ICD10CM_SOURCE_ID, section: ICD10CM_SECTION_ID, rows },
  };
  return {
    pack,
    problems,
    stats: { lines: lines.length, codes: rows.length, billable, headers, skipped, format },
  };
}

/**
 * The pack as the CLI writes it: compact JSON with one code per line. A 74,000-code pack is about 10 MB, and
 * next year's file diffs line by line against this year's in git.
 */
export function icd10cmPackText(pack: Pack): string {
  const { codeSet, ...head } = pack;
  if (!codeSet) return JSON.stringify(pack) + '\n';
  const { rows, ...setHead } = codeSet;
  const open = JSON.stringify({ ...head, codeSet: setHead }).slice(0, -2);
  return `${open},"rows":[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]}}\n`;
}
