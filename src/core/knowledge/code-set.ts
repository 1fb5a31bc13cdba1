/**
 * A pack's code set (an imported ICD-10-CM file, one row per code) as the entries it stands for. The rows are
 * what the file holds; the entries are what search, hover and cards read. Each entry says no more than its
 * row: the official title as label, a definition built from the row, the row's parent as related entry, and
 * the code set's one source and section.
 */
import { StringTable, type PackedStrings } from '../search/prefix-index';
import type { Code, CodeRow, LoadedEntry, Pack } from '../types';

/** The entry id of a code set's code: `L94.2` → `icd10cm-l94-2`. */
export function codeEntryId(code: string): string {
  return 'icd10cm-' + code.toLowerCase().replace('.', '-');
}

/**
 * The entry id a code written in a note would have in a code set, from its normalized words ("l94 2" for
 * L94.2): a note's code is looked up by id, so no code set needs a table of its own 74,000 codes for hover.
 */
export function codeEntryIdOfWords(normalized: string): string | undefined {
  return /^[a-z][0-9][0-9a-z](?: [0-9a-z]{1,4})?$/.test(normalized) ? codeEntryId(normalized.replace(' ', '.')) : undefined;
}

/** True for an entry a code set's row stands for. */
export function isCodeSetEntry(entry: LoadedEntry): boolean {
  return entry instanceof CodeSetEntry;
}

/** "ICD-10-CM L94.2: Calcinosis cutis (valid for submission)." */
export function codeDefinition(system: string, row: Readonly<CodeRow>): string {
  const [code, title, , billable] = row;
  const status = billable === true ? ' (valid for submission).' : billable === false ? ' (header, not valid for submission).' : title.endsWith('.') ? '' : '.';
  return `${system} ${code}: ${title}${status}`;
}

/** What every entry of one code set shares. */
export interface SetInfo {
  system: Code['system'];
  sources: string[];
  sections: string[];
  pack: string;
}

/** A code set's rows, column by column: the parsed rows (this thread), or the tables the pack worker handed over. */
export interface CodeColumns {
  readonly length: number;
  code(i: number): string;
  title(i: number): string;
  short(i: number): string | null;
  billable(i: number): boolean | null;
  parent(i: number): string | null;
}

class RowColumns implements CodeColumns {
  constructor(private readonly rows: ReadonlyArray<Readonly<CodeRow>>) {}
  get length(): number {
    return this.rows.length;
  }
  code(i: number): string {
    return this.rows[i]![0];
  }
  title(i: number): string {
    return this.rows[i]![1];
  }
  short(i: number): string | null {
    return this.rows[i]![2] || null;
  }
  billable(i: number): boolean | null {
    return this.rows[i]![3] ?? null;
  }
  parent(i: number): string | null {
    return this.rows[i]![4] || null;
  }
}

/** One code set's rows as the pack worker hands them over (prepared.ts): a table per column. */
export interface PackedCodeColumns {
  codes: PackedStrings;
  titles: PackedStrings;
  /** Empty: no short title. */
  shorts: PackedStrings;
  /** Empty: no parent. */
  parents: PackedStrings;
  /** -1 not said, 0 header, 1 valid for submission. */
  billable: Int8Array;
}

/** Packs the rows `rows` (positions in `columns`) of a code set, in that order. */
export function packCodeColumns(columns: CodeColumns, rows: readonly number[]): PackedCodeColumns {
  const billable = new Int8Array(rows.length);
  rows.forEach((r, i) => {
    const b = columns.billable(r);
    billable[i] = b === true ? 1 : b === false ? 0 : -1;
  });
  return {
    codes: StringTable.of(rows.map((r) => columns.code(r))),
    titles: StringTable.of(rows.map((r) => columns.title(r))),
    shorts: StringTable.of(rows.map((r) => columns.short(r) ?? '')),
    parents: StringTable.of(rows.map((r) => columns.parent(r) ?? '')),
    billable,
  };
}

/** The columns the pack worker handed over, read in place. */
export class TableColumns implements CodeColumns {
  private readonly codes: StringTable;
  private readonly titles: StringTable;
  private readonly shorts: StringTable;
  private readonly parents: StringTable;
  private readonly flags: Int8Array;

  constructor(p: PackedCodeColumns) {
    this.codes = StringTable.from(p.codes);
    this.titles = StringTable.from(p.titles);
    this.shorts = StringTable.from(p.shorts);
    this.parents = StringTable.from(p.parents);
    this.flags = p.billable;
  }
  get length(): number {
    return this.codes.length;
  }
  code(i: number): string {
    return this.codes.at(i)!;
  }
  title(i: number): string {
    return this.titles.at(i)!;
  }
  short(i: number): string | null {
    return this.shorts.at(i) || null;
  }
  billable(i: number): boolean | null {
    const b = this.flags[i]!;
    return b < 0 ? null : b === 1;
  }
  parent(i: number): string | null {
    return this.parents.at(i) || null;
  }
  /** The rows as the file's rows (for Pack.codeSet.rows, made when first read). */
  rows(): CodeRow[] {
    return Array.from({ length: this.length }, (_, i): CodeRow => [this.code(i), this.title(i), this.short(i), this.billable(i), this.parent(i)]);
  }
}

/**
 * An entry of a code set, read from its row when asked: 74,000 entries each holding their own code object,
 * lists and definition were a third of loading a code set, most of it the garbage collector moving them.
 * Lists are made afresh at each read; nothing mutates loaded entries. The id is made on first read when the
 * entry comes from the pack worker (Knowledge finds such entries by id through its own table).
 */
class CodeSetEntry implements LoadedEntry {
  private cachedId: string | undefined;
  private cachedLabel: string | undefined;

  constructor(
    readonly columns: CodeColumns,
    readonly row: number,
    readonly set: SetInfo,
    id?: string,
  ) {
    this.cachedId = id;
  }

  get id(): string {
    return (this.cachedId ??= codeEntryId(this.columns.code(this.row)));
  }
  get kind(): 'code' {
    return 'code';
  }
  get label(): string {
    return (this.cachedLabel ??= this.columns.title(this.row));
  }
  get synonyms(): string[] | undefined {
    const short = this.columns.short(this.row);
    return short && short !== this.label ? [short] : undefined;
  }
  get codes(): Code[] {
    const billable = this.columns.billable(this.row);
    return [{ system: this.set.system, code: this.columns.code(this.row), title: this.label, billable: billable ?? undefined, sources: this.set.sources }];
  }
  get related(): string[] | undefined {
    const parent = this.columns.parent(this.row);
    return parent ? [codeEntryId(parent)] : undefined;
  }
  get sections(): string[] {
    return this.set.sections;
  }
  get sources(): string[] {
    return this.set.sources;
  }
  get pack(): string {
    return this.set.pack;
  }
  get definition(): string {
    const { columns: c, row: i } = this;
    return codeDefinition(this.set.system, [c.code(i), this.label, c.short(i), c.billable(i), c.parent(i)]);
  }
}

/** The entry of row `i` of a code set's columns (the pack worker's hand-over rebuilds them with this). */
export function codeSetEntry(columns: CodeColumns, i: number, set: SetInfo): LoadedEntry {
  return new CodeSetEntry(columns, i, set);
}

/** The columns and row of a code set's entry; undefined for any other entry. */
export function codeSetParts(entry: LoadedEntry): { columns: CodeColumns; row: number; set: SetInfo } | undefined {
  return entry instanceof CodeSetEntry ? { columns: entry.columns, row: entry.row, set: entry.set } : undefined;
}

/** The entries of `pack.codeSet`, in row order (loadPacks adds them after the pack's own entries). */
export function codeSetEntries(pack: Pick<Pack, 'id' | 'codeSet'>): LoadedEntry[] {
  const set = pack.codeSet;
  if (!set) return [];
  const info: SetInfo = { system: set.system, sources: [set.source], sections: [set.section], pack: pack.id };
  const columns = new RowColumns(set.rows);
  const out = new Array<LoadedEntry>(set.rows.length);
  for (let i = 0; i < set.rows.length; i++) out[i] = new CodeSetEntry(columns, i, info, codeEntryId(set.rows[i]![0]));
  return out;
}
