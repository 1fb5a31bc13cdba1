/**
 * A pack's code set (an imported ICD-10-CM file, one row per code) as the entries it stands for. The rows are
 * what the file holds; the entries are what search, hover and cards read. Each entry says no more than its
 * row: the official title as label, a definition built from the row, the row's parent as related entry, and
 * the code set's one source and section.
 */
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

/**
 * An entry of a code set, read from its row when asked: 74,000 entries each holding their own code object,
 * lists and definition were a third of loading a code set, most of it the garbage collector moving them.
 * Lists are made afresh at each read; nothing mutates loaded entries.
 */
class CodeSetEntry implements LoadedEntry {
  constructor(
    readonly id: string,
    readonly row: Readonly<CodeRow>,
    readonly set: SetInfo,
  ) {}

  get kind(): 'code' {
    return 'code';
  }
  get label(): string {
    return this.row[1];
  }
  get synonyms(): string[] | undefined {
    const short = this.row[2];
    return short && short !== this.row[1] ? [short] : undefined;
  }
  get codes(): Code[] {
    const [code, title, , billable] = this.row;
    return [{ system: this.set.system, code, title, billable: billable ?? undefined, sources: this.set.sources }];
  }
  get related(): string[] | undefined {
    const parent = this.row[4];
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
    return codeDefinition(this.set.system, this.row);
  }
}

/** The entry of one code set row (the pack worker's hand-over rebuilds them with this). */
export function codeSetEntry(row: Readonly<CodeRow>, set: SetInfo): LoadedEntry {
  return new CodeSetEntry(codeEntryId(row[0]), row, set);
}

/** The row and shared part of a code set's entry; undefined for any other entry. */
export function codeSetParts(entry: LoadedEntry): { row: Readonly<CodeRow>; set: SetInfo } | undefined {
  return entry instanceof CodeSetEntry ? { row: entry.row, set: entry.set } : undefined;
}

/** The entries of `pack.codeSet`, in row order (loadPacks adds them after the pack's own entries). */
export function codeSetEntries(pack: Pick<Pack, 'id' | 'codeSet'>): LoadedEntry[] {
  const set = pack.codeSet;
  if (!set) return [];
  const info: SetInfo = { system: set.system, sources: [set.source], sections: [set.section], pack: pack.id };
  const out = new Array<LoadedEntry>(set.rows.length);
  for (let i = 0; i < set.rows.length; i++) out[i] = new CodeSetEntry(codeEntryId(set.rows[i]![0]), set.rows[i]!, info);
  return out;
}
