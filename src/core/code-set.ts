/**
 * A pack's code set (an imported ICD-10-CM file, one row per code) as the entries it stands for. The rows are
 * what the file holds; the entries are what search, hover and cards read. Each entry says no more than its
 * row: the official title as label, a definition built from the row, the row's parent as related entry, and
 * the code set's one source and section.
 */
import type { Code, CodeRow, LoadedEntry, Pack } from './types';

/** The entry id of a code set's code: `L94.2` → `icd10cm-l94-2`. */
export function codeEntryId(code: string): string {
  return 'icd10cm-' + code.toLowerCase().replace('.', '-');
}

/**
 * The entry id a code written in a note would have in a code set, from its normalized words ("l94 2" for
 * L94.2): a note's code is looked up by id, so no code set needs a table of its own 74,000 codes for hover.
 */
export function codeEntryIdOfWords(normalized: string): string | undefined {
  return /^[a-z][0-9][0-9a-z](?: [0-9a-z]{1,4})?$/.test(normalized) ? 'icd10cm-' + normalized.replace(' ', '-') : undefined;
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

/**
 * An entry of a code set. Its definition is made when read: 74,000 generated sentences were a fifth of
 * loading a code set, and a card or a lookup reads a few.
 */
class CodeSetEntry implements LoadedEntry {
  readonly kind = 'code' as const;

  constructor(
    readonly id: string,
    readonly label: string,
    readonly synonyms: string[] | undefined,
    readonly codes: Code[],
    readonly related: string[] | undefined,
    readonly sections: string[],
    readonly sources: string[],
    readonly pack: string,
  ) {}

  get definition(): string {
    const c = this.codes[0]!;
    return codeDefinition(c.system, [c.code, c.title, null, c.billable ?? null]);
  }
}

/** The entries of `pack.codeSet`, in row order (loadPacks adds them after the pack's own entries). */
export function codeSetEntries(pack: Pick<Pack, 'id' | 'codeSet'>): LoadedEntry[] {
  const set = pack.codeSet;
  if (!set) return [];
  const { system } = set;
  const sources = [set.source];
  const sections = [set.section];
  const out = new Array<LoadedEntry>(set.rows.length);
  for (let i = 0; i < set.rows.length; i++) {
    const [code, title, short, billable, parent] = set.rows[i]!;
    const c: Code = { system, code, title, billable: billable ?? undefined, sources };
    out[i] = new CodeSetEntry(codeEntryId(code), title, short && short !== title ? [short] : undefined, [c], parent ? [codeEntryId(parent)] : undefined, sections, sources, pack.id);
  }
  return out;
}
