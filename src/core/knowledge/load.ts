/**
 * Loading knowledge packs: parse, validate against `knowledge/schema.json`, check what a schema cannot
 * (unknown source and section references, duplicate ids), and merge several packs into one `Knowledge`.
 * Every problem is reported as file + JSON pointer + message; a broken item (entry, code-set row, source,
 * section) is skipped alone, a file that is not a pack is skipped whole, and neither takes the others down.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import schemaJson from '../../../knowledge/schema.json';
import { codeEntryId, codeSetEntries } from './code-set';
import { lineAndCharacter } from '../text';
import { SchemaChecker, SchemaNode } from './schema-check';
import { danglingReferences, type ItemPointer, type ReferenceScope } from './references';
import type { CodeRow, Entry, LoadedEntry, Pack, Problem, Section, Source } from '../types';
import { checkPhrases, phraseClashes } from './phrase-check';

/** One pack to load: `file` is how the user knows it (a path), `text` its content. */
export interface PackInput {
  file: string;
  text: string;
}

import { MAX_PACK_BYTES } from '../types';

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

/** The merged, read-only view of every loaded pack. */
export class Knowledge {
  readonly packs: readonly Pack[];
  readonly entries: readonly LoadedEntry[];
  private readonly byId: Map<string, LoadedEntry>;
  private readonly sourcesByPack = new Map<string, Map<string, Source>>();
  private readonly bySection: Map<string, LoadedEntry[]> = new Map();

  /**
   * `byId`: the entries by id, when the caller has the map already (loadPacks); `bySection` likewise (the pack
   * worker's hand-over builds both in slices).
   */
  constructor(
    packs: readonly Pack[],
    entries: readonly LoadedEntry[],
    byId?: Map<string, LoadedEntry>,
    bySection?: Map<string, LoadedEntry[]>,
    /** Finds the entries `byId` leaves out (a code set handed over by the pack worker). */
    private readonly more?: (id: string) => LoadedEntry | undefined,
  ) {
    this.packs = packs;
    this.entries = entries;
    this.byId = byId ?? new Map(entries.map((e) => [e.id, e]));
    if (bySection) this.bySection = bySection;
    else for (const e of entries) {
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
    return this.byId.get(id) ?? this.more?.(id);
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
  const at = lineAndCharacter(text, first.offset);
  const [line, column] = [at.line + 1, at.character + 1];
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `not valid JSON: ${what} at line ${line}, column ${column}`;
}

/**
 * The arrays of a pack whose items are checked one by one: a broken item is skipped with its problems, and
 * every other item of the pack loads (as VS Code keeps the valid part of a snippets file). Anything else that
 * is wrong (not JSON, a root that is not an object, a missing id, a title that is not text) rejects the file.
 * To isolate another array of items (phrases, lists), add its path here: its item schema is read from
 * knowledge/schema.json; a check the schema cannot make (unique ids) goes in `checkItems`, and the ids its
 * items name go in a rule of `REFERENCE_RULES` (references.ts).
 */
export const ITEM_ARRAYS: ReadonlyArray<readonly string[]> = [['sources'], ['sections'], ['entries'], ['codeSet', 'rows'], ['lists'], ['phrases']];

/** A pack's item array as found in the file, and which of its items are skipped. */
interface ItemArray {
  /** `/entries`, `/codeSet/rows`. */
  pointer: string;
  path: readonly string[];
  items: unknown[];
  bad: Set<number>;
}

/** What parsing one file gave. */
export interface ParsedPack {
  /** The pack, without its skipped items; absent when the file is rejected. */
  pack?: Pack;
  problems: Problem[];
  /** Items skipped (entries, code-set rows, sources, sections …), each with at least one error in `problems`. */
  skipped: number;
  /** The pointer in the file of an item as loaded: its index shifts when an earlier item was skipped. */
  at: ItemPointer;
}

const sameIndex: ItemPointer = (array, index) => `${array}/${index}`;

function itemArrays(value: unknown): ItemArray[] {
  const out: ItemArray[] = [];
  for (const path of ITEM_ARRAYS) {
    let v: unknown = value;
    for (const key of path) v = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(v)) out.push({ pointer: '/' + path.join('/'), path, items: v, bad: new Set() });
  }
  return out;
}

/**
 * Parses and validates one pack. A file-level problem rejects it (no `pack`); a broken item is left out of
 * the pack and reported, and the rest loads.
 */
export function parsePack(input: PackInput): ParsedPack {
  const { file } = input;
  const problems: Problem[] = [];
  const error = (path: string, message: string) => {
    if (problems.length < MAX_PROBLEMS_PER_FILE) problems.push({ file, path, message, severity: 'error' });
  };
  const rejected = (): ParsedPack => ({ problems, skipped: 0, at: sameIndex });

  if (input.text.length > MAX_PACK_BYTES) {
    error('', `the file is ${(input.text.length / 1048576).toFixed(1)} MB; packs are limited to ${MAX_PACK_BYTES / 1048576} MB`);
    return rejected();
  }
  // Editors on Windows often save JSON with a byte-order mark; it is not content.
  const text = input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    error('', err instanceof RangeError ? 'the JSON is nested too deeply to read' : syntaxMessage(text));
    return rejected();
  }

  const arrays = itemArrays(value);
  const packIssues = checker.check(value, undefined, [], new Set(arrays.map((a) => a.items)));
  for (const issue of packIssues) error(issue.path, issue.message);
  // The items are checked even when the file is rejected: the author sees every problem at once.
  for (const a of arrays) {
    const schemaOfItem = a.pointer === '/codeSet/rows' ? CODE_ROW : checker.itemSchemaAt(a.path);
    if (!schemaOfItem) continue;
    const fast = a.pointer === '/codeSet/rows' ? plainlyValidRow : undefined;
    a.items.forEach((item, i) => {
      if (fast?.(item)) return;
      const issues = checker.check(item, schemaOfItem, [...a.path, i]);
      if (issues.length === 0) return;
      a.bad.add(i);
      for (const issue of issues) error(issue.path, issue.message);
    });
  }
  if (packIssues.length > 0) return rejected();

  const pack = value as Pack;
  checkItems(new Map(arrays.map((a) => [a.pointer, a])), error);

  // Leave the skipped items out; remember where the kept ones were, for later messages.
  let skipped = 0;
  const positions = new Map<string, number[]>();
  for (const a of arrays) {
    if (a.bad.size === 0) continue;
    skipped += a.bad.size;
    const kept: unknown[] = [];
    const where: number[] = [];
    a.items.forEach((item, i) => {
      if (a.bad.has(i)) return;
      kept.push(item);
      where.push(i);
    });
    let parent = pack as unknown as Record<string, unknown>;
    for (const key of a.path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    parent[a.path[a.path.length - 1]!] = kept;
    positions.set(a.pointer, where);
  }
  const at: ItemPointer = positions.size === 0 ? sameIndex : (array, index) => `${array}/${positions.get(array)?.[index] ?? index}`;
  skipped += skipBrokenPhrases(pack, at, problems, file);
  return { pack, problems, skipped, at };
}

/**
 * What the schema cannot see in phrases and lists (a body slot naming no list, a default that is not a
 * choice, a duplicate id): each broken one is left out with its message, as a broken entry is. A source
 * the pack does not define is a warning, as it is for entries.
 */
function skipBrokenPhrases(pack: Pack, at: ItemPointer, problems: Problem[], file: string): number {
  const bad = { phrases: new Set<number>(), lists: new Set<number>() };
  for (const issue of checkPhrases(pack)) {
    const m = /^\/(phrases|lists)\/(\d+)(.*)$/.exec(issue.path);
    const path = m ? `${at(`/${m[1]}`, Number(m[2]))}${m[3]}` : issue.path;
    const warning = issue.message.startsWith('unknown source');
    if (problems.length < MAX_PROBLEMS_PER_FILE) problems.push({ file, path, message: issue.message, severity: warning ? 'warning' : 'error' });
    if (m && !warning) bad[m[1] as 'phrases' | 'lists'].add(Number(m[2]));
  }
  if (bad.phrases.size && pack.phrases) pack.phrases = pack.phrases.filter((_, i) => !bad.phrases.has(i));
  if (bad.lists.size && pack.lists) pack.lists = pack.lists.filter((_, i) => !bad.lists.has(i));
  return bad.phrases.size + bad.lists.size;
}

/**
 * What the schema cannot say about items: unique ids (the first wins), a reference source's url, a code
 * set's unique codes. Each failing item is skipped. Items the schema rejected are not looked at.
 */
function checkItems(arrays: ReadonlyMap<string, ItemArray>, error: (path: string, message: string) => void): void {
  const skip = (a: ItemArray, i: number, path: string, message: string) => {
    a.bad.add(i);
    error(path, message);
  };
  const uniqueIds = (pointer: string, noun: string): Set<string> => {
    const ids = new Set<string>();
    const a = arrays.get(pointer);
    a?.items.forEach((item, i) => {
      if (a.bad.has(i)) return;
      const id = (item as { id: string }).id;
      if (ids.has(id)) skip(a, i, `${pointer}/${i}/id`, `duplicate ${noun} id "${id}"`);
      ids.add(id);
    });
    return ids;
  };
  uniqueIds('/sources', 'source');
  const sources = arrays.get('/sources');
  sources?.items.forEach((item, i) => {
    const s = item as Source;
    if (!sources.bad.has(i) && s.kind === 'reference' && !s.url) skip(sources, i, `/sources/${i}/url`, `reference source "${s.id}" needs a url`);
  });
  uniqueIds('/sections', 'section');
  const entryIds = uniqueIds('/entries', 'entry');

  const rows = arrays.get('/codeSet/rows');
  if (!rows) return;
  const codes = new Set<string>();
  const clashes = [...entryIds].some((id) => id.startsWith(codeEntryId('')));
  rows.items.forEach((item, i) => {
    if (rows.bad.has(i)) return;
    const [code, , , , parent] = item as CodeRow;
    if (codes.has(code)) return skip(rows, i, `/codeSet/rows/${i}/0`, `duplicate code ${code} (listed in an earlier row)`);
    codes.add(code);
    if (parent === code) return skip(rows, i, `/codeSet/rows/${i}/4`, `code ${code} cannot be its own parent`);
    if (clashes && entryIds.has(codeEntryId(code))) skip(rows, i, `/codeSet/rows/${i}/0`, `code ${code} has the id "${codeEntryId(code)}" of an entry in /entries`);
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

/** What became of one file given to loadPacks. */
export interface FileResult {
  file: string;
  /** The id of the pack it gave, when it was loaded. */
  pack?: string;
  /** Items of the file left out: broken ones, and entries whose id an earlier pack took. */
  skipped: number;
}

export interface LoadResult {
  knowledge: Knowledge;
  problems: Problem[];
  /** One per input, in input order. */
  files: FileResult[];
}

/**
 * Loads packs in order (the built-in pack first) and merges them. A file-level problem skips that file; a
 * broken item skips that item. A later pack whose id, or one of whose entry ids, is already taken is reported;
 * its clashing entries are skipped so the first definition wins. References to ids no loaded pack defines are
 * warnings, not errors (references.ts): the card simply leaves them out.
 */
export function loadPacks(inputs: readonly PackInput[]): LoadResult {
  const problems: Problem[] = [];
  const packs: Pack[] = [];
  const entries: LoadedEntry[] = [];
  const files: FileResult[] = [];
  const byId = new Map<string, LoadedEntry>(); // the first entry of each id
  const packFiles = new Map<string, string>();
  const definedIn = (id: string): string | undefined => {
    const e = byId.get(id);
    return e && packFiles.get(e.pack);
  };
  const loadedPacks: Array<{ file: string; pack: Pack; at: ItemPointer }> = [];
  const shared = new Map<string, string[]>();

  for (const input of inputs) {
    const { pack, problems: own, skipped, at } = parsePack(input);
    problems.push(...own);
    const result: FileResult = { file: input.file, skipped };
    files.push(result);
    if (!pack) continue;
    const clash = packFiles.get(pack.id);
    if (clash !== undefined) {
      problems.push({ file: input.file, path: '/id', message: `pack id "${pack.id}" is already loaded from ${clash}; this pack was skipped`, severity: 'error' });
      continue;
    }
    result.pack = pack.id;
    packFiles.set(pack.id, input.file);
    packs.push(pack);
    loadedPacks.push({ file: input.file, pack, at });
    pack.entries.forEach((e: Entry, index) => {
      const first = definedIn(e.id);
      if (first !== undefined) {
        result.skipped++;
        problems.push({ file: input.file, path: `${at('/entries', index)}/id`, message: `entry id "${e.id}" is already defined in ${first}; this entry was skipped`, severity: 'error' });
        return;
      }
      // The parsed object is ours (JSON.parse made it), so it becomes the loaded entry in place: a copy
      // would hold every entry of a big pack twice.
      const loaded = e as LoadedEntry;
      loaded.pack = pack.id;
      shareRepeats(loaded, shared);
      byId.set(e.id, loaded);
      entries.push(loaded);
    });
    codeSetEntries(pack).forEach((loaded, index) => {
      const first = definedIn(loaded.id);
      if (first !== undefined) {
        result.skipped++;
        problems.push({ file: input.file, path: `${at('/codeSet/rows', index)}/0`, message: `entry id "${loaded.id}" (code ${loaded.codes![0]!.code}) is already defined in ${first}; this code was skipped`, severity: 'error' });
        return;
      }
      byId.set(loaded.id, loaded);
      entries.push(loaded);
    });
  }

  const sections = new Set(packs.flatMap((p) => p.sections.map((s) => s.id)));
  const scope: ReferenceScope = { hasEntry: (id) => byId.has(id), hasSection: (id) => sections.has(id) };
  for (const { file, pack, at } of loadedPacks) problems.push(...danglingReferences(file, pack, at, scope, MAX_PROBLEMS_PER_FILE));
  problems.push(...phraseClashes(packs, (id) => packFiles.get(id)));
  return { knowledge: new Knowledge(packs, entries, byId), problems, files };
}
