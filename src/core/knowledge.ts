/**
 * Loading knowledge packs: parse, validate against `knowledge/schema.json`, check what a schema cannot
 * (unknown source and section references, duplicate ids), and merge several packs into one `Knowledge`.
 * Every problem is reported as file + JSON pointer + message; a broken pack is skipped whole and never
 * takes the others down.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import schemaJson from '../../knowledge/schema.json';
import { codeEntryId, codeSetEntries } from './code-set';
import { checkPhrases, phraseClashes } from './phrase-check';
import { SchemaChecker, SchemaNode, pointerSegment } from './schema-check';
import type { Entry, LoadedEntry, Pack, Problem, Section, Source } from './types';

/** One pack to load: `file` is how the user knows it (a path), `text` its content. */
export interface PackInput {
  file: string;
  text: string;
}

export interface LoadResult {
  knowledge: Knowledge;
  problems: Problem[];
}

import { MAX_PACK_BYTES } from './types';

/** Packs larger than this are refused before parsing, so memory stays bounded. */
export { MAX_PACK_BYTES };
const MAX_PROBLEMS_PER_FILE = 100;

const schema = schemaJson as SchemaNode & { definitions: Record<string, SchemaNode> };
const checker = new SchemaChecker(schema, MAX_PROBLEMS_PER_FILE);

/**
 * A code set's rows are checked apart from the rest of the pack: walking the schema for each of 74,000 rows was
 * a tenth of loading a code set. A row passes when it plainly meets its schema (the pattern and lengths are
 * read from the schema); any other row is walked through the schema, which words the problem.
 */
const CODE_ROW = schema.definitions.codeRow!;
const CODE_PATTERN = new RegExp(schema.definitions.codeValue!.pattern!, 'u');
const TEXT_MAX = schema.definitions.text!.maxLength!;
const isText = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= TEXT_MAX;
const isCode = (v: unknown): boolean => typeof v === 'string' && CODE_PATTERN.test(v);

function plainlyValidRow(row: unknown): boolean {
  if (!Array.isArray(row) || row.length < 2 || row.length > 5) return false;
  const [code, title, short, billable, parent] = row as unknown[];
  return (
    isCode(code) &&
    isText(title) &&
    (short === undefined || short === null || isText(short)) &&
    (billable === undefined || billable === null || typeof billable === 'boolean') &&
    (parent === undefined || parent === null || isCode(parent))
  );
}

function checkRows(rows: readonly unknown[], report: (path: string, message: string) => void): void {
  rows.forEach((row, i) => {
    if (!plainlyValidRow(row)) for (const issue of checker.check(row, CODE_ROW, ['codeSet', 'rows', i])) report(issue.path, issue.message);
  });
}

/** The merged, read-only view of every loaded pack. */
export class Knowledge {
  readonly packs: readonly Pack[];
  readonly entries: readonly LoadedEntry[];
  private readonly byId: Map<string, LoadedEntry>;
  private readonly sourcesByPack = new Map<string, Map<string, Source>>();
  private readonly bySection = new Map<string, LoadedEntry[]>();

  /** `byId`: the entries by id, when the caller has the map already (loadPacks). */
  constructor(packs: readonly Pack[], entries: readonly LoadedEntry[], byId?: Map<string, LoadedEntry>) {
    this.packs = packs;
    this.entries = entries;
    this.byId = byId ?? new Map(entries.map((e) => [e.id, e]));
    for (const e of entries) {
      for (const s of e.sections) {
        let list = this.bySection.get(s);
        if (!list) this.bySection.set(s, (list = []));
        list.push(e);
      }
    }
    for (const p of packs) this.sourcesByPack.set(p.id, new Map(p.sources.map((s) => [s.id, s])));
  }

  static empty(): Knowledge {
    return new Knowledge([], []);
  }

  get(id: string): LoadedEntry | undefined {
    return this.byId.get(id);
  }

  /** Resolves a source id as cited by an entry of a given pack. */
  source(entry: Pick<LoadedEntry, 'pack'>, sourceId: string): Source | undefined {
    return this.sourcesByPack.get(entry.pack)?.get(sourceId);
  }

  pack(id: string): Pack | undefined {
    return this.packs.find((p) => p.id === id);
  }

  /** Sections of one pack, or of all packs (first pack first, duplicates by id dropped). */
  sections(packId?: string): readonly Section[] {
    const seen = new Set<string>();
    const out: Section[] = [];
    for (const p of this.packs) {
      if (packId !== undefined && p.id !== packId) continue;
      for (const s of p.sections) {
        if (!seen.has(s.id)) {
          seen.add(s.id);
          out.push(s);
        }
      }
    }
    return out;
  }

  /** Entries that belong to a section, in pack order. */
  entriesInSection(sectionId: string): readonly LoadedEntry[] {
    return this.bySection.get(sectionId) ?? [];
  }
}

/** Converts a character offset into 1-based line and column, for JSON syntax errors. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

/**
 * JSON.parse is fast but (on Node 20) often says nothing of where the error is; on failure only,
 * jsonc-parser (VS Code's own) locates it so the message can give a line and column.
 */
function syntaxMessage(text: string): string {
  if (text.trim() === '') return 'the file is empty; expected a JSON knowledge pack';
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  } catch (err) {
    // jsonc-parser recurses per nesting level; JSON.parse does not, so only this path can overflow.
    if (err instanceof RangeError) return 'the JSON is nested too deeply to read';
    throw err;
  }
  const first = errors[0];
  if (!first) return 'not valid JSON';
  if (first.offset >= text.trimEnd().length) return 'not valid JSON: the file ends too early (truncated?)';
  const { line, column } = lineColumn(text, first.offset);
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `not valid JSON: ${what} at line ${line}, column ${column}`;
}

/** Parses and validates one pack. Returns the pack only when it has no errors. */
export function parsePack(input: PackInput): { pack?: Pack; problems: Problem[] } {
  const { file } = input;
  const problems: Problem[] = [];
  const error = (path: string, message: string) => {
    if (problems.length < MAX_PROBLEMS_PER_FILE) problems.push({ file, path, message, severity: 'error' });
  };

  if (input.text.length > MAX_PACK_BYTES) {
    error('', `the file is ${(input.text.length / 1048576).toFixed(1)} MB; packs are limited to ${MAX_PACK_BYTES / 1048576} MB`);
    return { problems };
  }
  // Editors on Windows often save JSON with a byte-order mark; it is not content.
  const text = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    error('', err instanceof RangeError ? 'the JSON is nested too deeply to read' : syntaxMessage(text));
    return { problems };
  }

  const set = (value as { codeSet?: { rows?: unknown } } | null)?.codeSet;
  const rows = set && Array.isArray(set.rows) ? set.rows : undefined;
  if (rows) set!.rows = [];
  for (const issue of checker.check(value)) error(issue.path, issue.message);
  if (rows) {
    set!.rows = rows;
    checkRows(rows, error);
  }
  if (problems.length > 0) return { problems };

  const pack = value as Pack;
  for (const p of [...checkReferences(pack), ...checkPhrases(pack)]) error(p.path, p.message);
  return problems.length > 0 ? { problems } : { pack, problems };
}

/** What the schema cannot say: unique ids, and that every cited source and section exists. */
function checkReferences(pack: Pack): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  const sourceIds = new Set<string>();
  pack.sources.forEach((s, i) => {
    if (sourceIds.has(s.id)) out.push({ path: `/sources/${i}/id`, message: `duplicate source id "${s.id}"` });
    sourceIds.add(s.id);
    if (s.kind === 'reference' && !s.url) out.push({ path: `/sources/${i}/url`, message: `reference source "${s.id}" needs a url` });
  });
  const sectionIds = new Set<string>();
  pack.sections.forEach((s, i) => {
    if (sectionIds.has(s.id)) out.push({ path: `/sections/${i}/id`, message: `duplicate section id "${s.id}"` });
    sectionIds.add(s.id);
    checkSourceRefs(s.sources, `/sections/${i}/sources`, sourceIds, out);
  });
  const entryIds = new Set<string>();
  pack.entries.forEach((e, i) => {
    const base = `/entries/${i}`;
    if (entryIds.has(e.id)) out.push({ path: `${base}/id`, message: `duplicate entry id "${e.id}"` });
    entryIds.add(e.id);
    checkSourceRefs(e.sources, `${base}/sources`, sourceIds, out);
    e.sections.forEach((s, j) => {
      if (!sectionIds.has(s)) out.push({ path: `${base}/sections/${j}`, message: `unknown section "${s}" (not in /sections)` });
    });
    e.facts?.forEach((f, j) => checkSourceRefs(f.sources, `${base}/facts/${j}/sources`, sourceIds, out));
    e.codes?.forEach((c, j) => checkSourceRefs(c.sources, `${base}/codes/${j}/sources`, sourceIds, out));
    e.abbreviations?.forEach((a, j) => checkSourceRefs(a.sources, `${base}/abbreviations/${j}/sources`, sourceIds, out));
    if (e.evidence) checkSourceRefs(e.evidence.sources, `${base}/evidence/sources`, sourceIds, out);
  });
  const set = pack.codeSet;
  if (set) {
    if (!sourceIds.has(set.source)) out.push({ path: '/codeSet/source', message: `unknown source "${set.source}" (not in /sources)` });
    if (!sectionIds.has(set.section)) out.push({ path: '/codeSet/section', message: `unknown section "${set.section}" (not in /sections)` });
    const codes = new Set<string>();
    const clashes = pack.entries.some((e) => e.id.startsWith(codeEntryId('')));
    set.rows.forEach(([code, , , , parent], i) => {
      if (codes.has(code)) out.push({ path: `/codeSet/rows/${i}/0`, message: `duplicate code ${code} (listed in an earlier row)` });
      codes.add(code);
      if (parent === code) out.push({ path: `/codeSet/rows/${i}/4`, message: `code ${code} cannot be its own parent` });
      if (clashes && entryIds.has(codeEntryId(code))) out.push({ path: `/codeSet/rows/${i}/0`, message: `code ${code} has the id "${codeEntryId(code)}" of an entry in /entries` });
    });
  }
  return out;
}

function checkSourceRefs(
  refs: readonly string[] | undefined,
  path: string,
  known: ReadonlySet<string>,
  out: Array<{ path: string; message: string }>,
): void {
  refs?.forEach((r, i) => {
    if (!known.has(r)) out.push({ path: `${path}/${i}`, message: `unknown source "${r}" (not in /sources)` });
  });
}

/**
 * Entries of a big pack repeat the same short lists (`"sources": ["icd10cm"]` 74,000 times) and the same
 * title as label; JSON.parse makes each its own object. Sharing them keeps a code pack's memory to its
 * distinct content. Nothing mutates loaded entries.
 */
function shareRepeats(e: LoadedEntry, shared: Map<string, string[]>): void {
  const share = (list: string[]): string[] => {
    if (list.length > 4 || list.some((x) => x.includes('\u0000'))) return list;
    const key = list.join('\u0000');
    const found = shared.get(key);
    if (found) return found;
    shared.set(key, list);
    return list;
  };
  e.sources = share(e.sources);
  e.sections = share(e.sections);
  for (const c of e.codes ?? []) {
    c.sources = share(c.sources);
    if (c.title === e.label) c.title = e.label;
  }
}

/**
 * Loads packs in order (the built-in pack first), skipping any with errors, and merges them.
 * A later pack whose id, or one of whose entry ids, is already taken is reported; its clashing
 * entries are skipped so the first definition wins. `related` ids that no loaded pack defines are
 * warnings, not errors: the card simply leaves them out.
 */
export function loadPacks(inputs: readonly PackInput[]): LoadResult {
  const problems: Problem[] = [];
  const packs: Pack[] = [];
  const entries: LoadedEntry[] = [];
  const byId = new Map<string, LoadedEntry>(); // the first entry of each id
  const packFiles = new Map<string, string>();
  const definedIn = (id: string): string | undefined => {
    const e = byId.get(id);
    return e && packFiles.get(e.pack);
  };
  // Where entries came from, to point at related ids no pack defines: /entries/i, or /codeSet/rows/i.
  const positions: Array<{ file: string; index: number; entry: LoadedEntry }> = [];
  const codeSets: Array<{ file: string; pack: Pack; entries: LoadedEntry[] }> = [];
  const shared = new Map<string, string[]>();

  for (const input of inputs) {
    const { pack, problems: own } = parsePack(input);
    problems.push(...own);
    if (!pack) continue;
    const clash = packFiles.get(pack.id);
    if (clash !== undefined) {
      problems.push({ file: input.file, path: '/id', message: `pack id "${pack.id}" is already loaded from ${clash}; this pack was skipped`, severity: 'error' });
      continue;
    }
    packFiles.set(pack.id, input.file);
    packs.push(pack);
    pack.entries.forEach((e: Entry, index) => {
      const first = definedIn(e.id);
      if (first !== undefined) {
        problems.push({ file: input.file, path: `/entries/${index}/id`, message: `entry id "${e.id}" is already defined in ${first}; this entry was skipped`, severity: 'error' });
        return;
      }
      // The parsed object is ours (JSON.parse made it), so it becomes the loaded entry in place: a copy
      // would hold every entry of a big pack twice.
      const loaded = e as LoadedEntry;
      loaded.pack = pack.id;
      shareRepeats(loaded, shared);
      byId.set(e.id, loaded);
      entries.push(loaded);
      positions.push({ file: input.file, index, entry: loaded });
    });
    const fromRows = codeSetEntries(pack);
    fromRows.forEach((loaded, index) => {
      const first = definedIn(loaded.id);
      if (first !== undefined) {
        problems.push({ file: input.file, path: `/codeSet/rows/${index}/0`, message: `entry id "${loaded.id}" (code ${loaded.codes![0]!.code}) is already defined in ${first}; this code was skipped`, severity: 'error' });
        return;
      }
      byId.set(loaded.id, loaded);
      entries.push(loaded);
    });
    if (fromRows.length > 0) codeSets.push({ file: input.file, pack, entries: fromRows });
  }

  for (const { file, index, entry } of positions) {
    entry.related?.forEach((r, j) => {
      if (!byId.has(r)) {
        problems.push({ file, path: `/entries/${index}/related/${j}`, message: `related entry "${pointerSegment(r)}" is not defined in any loaded pack`, severity: 'warning' });
      }
    });
  }
  for (const { file, pack, entries: fromRows } of codeSets) {
    fromRows.forEach((e, index) => {
      const parent = e.related?.[0];
      if (parent !== undefined && !byId.has(parent)) {
        problems.push({ file, path: `/codeSet/rows/${index}/4`, message: `parent code ${pack.codeSet!.rows[index]![4]} is not a code of any loaded pack`, severity: 'warning' });
      }
    });
  }
  problems.push(...phraseClashes(packs, (id) => packFiles.get(id)));
  return { knowledge: new Knowledge(packs, entries, byId), problems };
}
