/**
 * The plain data model of a knowledge pack, shared by the core, the editor features and the CLI.
 * `knowledge/schema.json` describes the same shape for pack authors; the two are kept in step by
 * the unit tests (every pack the schema accepts loads into these types).
 */

/** What an entry is. Drives completion icons, card headings and section-aware ranking. */
export type EntryKind =
  | 'condition'
  | 'type'
  | 'cause'
  | 'finding'
  | 'test'
  | 'imaging'
  | 'procedure'
  | 'treatment'
  | 'concept'
  | 'code';

export const ENTRY_KINDS: readonly EntryKind[] = [
  'condition',
  'type',
  'cause',
  'finding',
  'test',
  'imaging',
  'procedure',
  'treatment',
  'concept',
  'code',
];

/** Where a fact comes from: a section of the seed document, or a published reference with a URL. */
export interface Source {
  /** Key used by entries, e.g. `seed:workup` or `S7`. Unique within a pack. */
  id: string;
  kind: 'seed' | 'reference' | 'file';
  /** Human title, e.g. "Traineau, JAAD 2020 systematic review". */
  title: string;
  /** For references: where to read it. */
  url?: string;
  /** For seed sources: the seed section id. */
  section?: string;
}

/** A section of the pack's subject (Presentation, Workup, Treatment, ...). */
export interface Section {
  id: string;
  title: string;
  /** One-sentence summary of what the section covers, in the pack's own words. */
  summary?: string;
  sources?: string[];
}

export interface Abbreviation {
  /** Exactly as written in notes; matched case-sensitively (`SSc`, `PTH`). */
  text: string;
  /**
   * True when the abbreviation usually means something else in clinical notes (CC is mostly
   * "chief complaint"): the product then never expands it without the user choosing it.
   */
  ambiguous?: boolean;
  /**
   * What it usually means in clinical notes when that is not this entry ("diabetes mellitus" for DM): data,
   * reviewed against a clinical abbreviation inventory, shown before anything else on its hover.
   */
  usually?: string;
  /** Why it is ambiguous, shown on cards. */
  note?: string;
  sources?: string[];
}

export interface Code {
  system: 'ICD-10-CM';
  /** With its dot, e.g. `L94.2`. */
  code: string;
  /** The official title, verbatim. */
  title: string;
  /** Valid for submission (true) or a header/category (false); unknown when absent. */
  billable?: boolean;
  sources: string[];
}

/** A single sourced statement about an entry (a figure, a role, an evidence level). */
export interface Fact {
  text: string;
  sources: string[];
}

/** Strength of evidence for a treatment, as graded by a cited review. */
export interface Evidence {
  /** e.g. `IV`, `IB`. */
  level: string;
  /** e.g. `Oxford CEBM`. */
  scale?: string;
  /** `for`, or `against` when the source advises not to use it. */
  recommendation?: 'for' | 'against' | 'uncertain';
  summary?: string;
  sources: string[];
}

export interface Entry {
  /** Stable kebab-case id, unique across loaded packs. */
  id: string;
  label: string;
  kind: EntryKind;
  synonyms?: string[];
  abbreviations?: Abbreviation[];
  /** One or two sentences: what it is. */
  definition: string;
  /** How it relates to the pack's subject (calcinosis). */
  relation?: string;
  facts?: Fact[];
  codes?: Code[];
  evidence?: Evidence;
  /** Ids of related entries (in this pack or another loaded one). */
  related?: string[];
  /** Section ids of this pack. */
  sections: string[];
  /** Sources of `definition` and `relation`. */
  sources: string[];
}

/**
 * One code of a code set: [code, official title, short title, billable, parent code]. `billable`: true when
 * valid for submission, false for a header, null when the file does not say; trailing nulls may be left out.
 */
export type CodeRow = [code: string, title: string, short?: string | null, billable?: boolean | null, parent?: string | null];

/**
 * A code list imported from an official file, one row per code: the loader makes each row an entry of
 * kind `code` (label and official title from the row, a generated definition, its parent as related).
 * A 74,000-code list written as entry objects spelled out every key and repeated each title three times.
 */
export interface CodeSet {
  system: Code['system'];
  /** The source every code cites (kind `file`). */
  source: string;
  /** The section its entries belong to. */
  section: string;
  rows: CodeRow[];
}

export interface Pack {
  $schema?: string;
  id: string;
  title: string;
  version: string;
  /** What the pack is about, e.g. "calcinosis"; used in card wording. */
  subject?: string;
  description?: string;
  sources: Source[];
  sections: Section[];
  entries: Entry[];
  /** Codes listed as rows (an imported ICD-10-CM file); loaded as entries after `entries`. */
  codeSet?: CodeSet;
  /** Dot phrases (Epic SmartPhrases): text blocks with blanks, list slots and note fields. */
  phrases?: Phrase[];
  /** Choice lists (Epic SmartLists) that phrase bodies name as `{list-id}`. */
  lists?: PhraseList[];
}

/**
 * A dot phrase: typing `.` + `trigger` in a note offers `body`. The body's notation is described in
 * `src/core/phrases.ts`: `***` blanks, `{list-id}` or inline `{multi: a | b}` list slots, `@NAME@` fields.
 */
export interface Phrase {
  id: string;
  /** What follows the dot, e.g. `calcwu` for `.calcwu`. Unique among loaded packs. */
  trigger: string;
  title: string;
  description?: string;
  /** The body, one string per line. */
  body: string[];
  /** Sources of any clinical statement in the body or its lists. */
  sources?: string[];
  /** Section ids of the pack the phrase belongs to. */
  sections?: string[];
  /** Language ids it is offered in (e.g. `clinical-note`, `markdown`); all note languages when absent. */
  languages?: string[];
}

/** One choice of a list. */
export interface ListChoice {
  text: string;
  sources?: string[];
}

/** How chosen items of a multi-select list are joined: "a, b and c", "a, b or c", "a, b, c". */
export type Joiner = 'and' | 'or' | 'comma';

/** A choice list (Epic SmartList). */
export interface PhraseList {
  id: string;
  title: string;
  choices: ListChoice[];
  /** `single` (default) picks one; `multi` picks several, joined by `joiner`. */
  select?: 'single' | 'multi';
  /** A required list blocks Finalize Note until chosen; an optional one left open is removed with its line. */
  required?: boolean;
  /** Choice texts chosen when the list is left open (they must be choices of the list). */
  defaults?: string[];
  joiner?: Joiner;
  sources?: string[];
}

/** An entry after loading: it remembers its pack so its sources resolve. */
export interface LoadedEntry extends Entry {
  pack: string;
}

/** A problem found in a pack: always a file, a JSON pointer path and a message, never a stack trace. */
export interface Problem {
  file: string;
  /** JSON pointer, e.g. `/entries/3/label`; `` for the whole document. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.path || '/'}: ${p.message}`;
}

/** Largest pack file read (64 MB): a bigger file is refused before it is read or parsed. */
export const MAX_PACK_BYTES = 64 * 1024 * 1024;
