/**
 * Dot phrases as data (Epic SmartPhrases with SmartLists; Dragon texts with fields). A phrase body is text
 * with three kinds of slots, written the same way in a pack's JSON and in the note, so a clinician reads one
 * notation everywhere:
 *
 * - `***` — a free-text blank (Epic's wildcard). F2 selects it; Finalize Note refuses while one is left.
 * - `{list-id}` — a list of the pack (`lists`), or an inline list `{multi required or: CT | +MRI | ultrasound}`:
 *   the words before the colon say `single` (default) or `multi`, `required` or `optional` (default), and the
 *   joiner `and` (default), `or` or `comma`; choices are separated by `|`, and a leading `+` marks a default.
 *   F2 on a list opens its choices; the chosen text replaces the slot, joined as the list says. A list still
 *   open at Finalize: required without defaults → refused; with defaults → the defaults; optional → its whole
 *   line is removed.
 * - `@TODAY@ @AGE@ @SEX@ @NAME@ @MRN@ @DOB@ @PROVIDER@` — note fields, filled from the note's header (see
 *   `parseHeader`) and left as a `***` blank when the header does not say. A value is never invented: TODAY
 *   is the clock's date; AGE is the header's Age line or is computed from its DOB, nothing else.
 *
 * Pure: no `vscode`; the editor features translate these plain objects.
 */
import { BLANK, checkNote } from './checks';
import { joinNatural } from './choice-lists';
import type { Joiner, Pack, Phrase, PhraseList } from '../types';

export const NOTE_FIELDS = ['TODAY', 'AGE', 'SEX', 'NAME', 'MRN', 'DOB', 'PROVIDER'] as const;
export type NoteField = (typeof NOTE_FIELDS)[number];

/** A list as the editor uses it: from a pack (`id` set) or written inline in the note. */
export interface ResolvedList {
  id?: string;
  title: string;
  choices: string[];
  multi: boolean;
  required: boolean;
  defaults: string[];
  joiner: Joiner;
}

export type Slot =
  | { kind: 'blank'; start: number; end: number }
  | { kind: 'list'; start: number; end: number; list: ResolvedList }
  | { kind: 'field'; start: number; end: number; field: NoteField };

/** Finds a pack list by id (the loaded packs' lists, or one pack's while it is validated). */
export type ListLookup = (id: string) => ResolvedList | undefined;

const MODIFIERS = new Set(['single', 'multi', 'required', 'optional', 'and', 'or', 'comma']);
const LIST_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A slot candidate: a blank, a field-like `@WORD@`, or anything in braces on one line. */
const TOKEN = /\*{3,}|@([A-Z][A-Z_]*)@|\{([^{}\n]*)\}/g;

export function resolveList(list: PhraseList): ResolvedList {
  return {
    id: list.id,
    title: list.title,
    choices: list.choices.map((c) => c.text),
    multi: list.select === 'multi',
    required: list.required === true,
    defaults: list.defaults ?? [],
    joiner: list.joiner ?? 'and',
  };
}

/**
 * Reads the inside of `{…}`: a list id known to `lookup`, or an inline list. Returns a reason when it is
 * meant as an inline list (it has a colon after list words) but is malformed; `undefined` when it is not a slot.
 */
export function parseListSlot(inner: string, lookup: ListLookup): ResolvedList | { error: string } | undefined {
  const trimmed = inner.trim();
  if (LIST_ID.test(trimmed)) return lookup(trimmed);
  const colon = trimmed.indexOf(':');
  if (colon < 0) return undefined;
  const words = trimmed.slice(0, colon).trim().split(/[\s,]+/).filter(Boolean);
  if (words.length === 0 || !words.every((w) => MODIFIERS.has(w.toLowerCase()))) return undefined;
  const lower = words.map((w) => w.toLowerCase());
  const multi = lower.includes('multi');
  if (multi && lower.includes('single')) return { error: 'a list is single or multi, not both' };
  if (lower.includes('required') && lower.includes('optional')) return { error: 'a list is required or optional, not both' };
  const joiners = lower.filter((w) => w === 'and' || w === 'or' || w === 'comma') as Joiner[];
  if (joiners.length > 1) return { error: 'a list has one joiner: and, or or comma' };
  const choices: string[] = [];
  const defaults: string[] = [];
  for (const raw of trimmed.slice(colon + 1).split('|')) {
    let text = raw.trim();
    const isDefault = text.startsWith('+');
    if (isDefault) text = text.slice(1).trim();
    if (!text) continue;
    choices.push(text);
    if (isDefault) defaults.push(text);
  }
  if (choices.length === 0) return { error: 'the list has no choices (separate them with |)' };
  if (!multi && defaults.length > 1) return { error: 'a single-select list has at most one default (+)' };
  return {
    title: choices.join(' / '),
    choices,
    multi,
    required: lower.includes('required'),
    defaults,
    joiner: joiners[0] ?? 'and',
  };
}

function isField(name: string): name is NoteField {
  return (NOTE_FIELDS as readonly string[]).includes(name);
}

/** Every slot of `text` in order: blanks, known fields, and braces that read as a list (others are text). */
export function findSlots(text: string, lookup: ListLookup): Slot[] {
  const out: Slot[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (m[0].startsWith('*')) out.push({ kind: 'blank', start, end });
    else if (m[1] !== undefined) {
      if (isField(m[1])) out.push({ kind: 'field', start, end, field: m[1] });
    } else {
      const list = parseListSlot(m[2]!, lookup);
      if (list && !('error' in list)) out.push({ kind: 'list', start, end, list });
    }
  }
  return out;
}

/** Problems of a body line's slots, for validation: malformed inline lists, unknown list ids and fields. */
export function slotProblems(line: string, lookup: ListLookup): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(TOKEN)) {
    if (m[1] !== undefined) {
      if (!isField(m[1])) out.push(`unknown note field @${m[1]}@ (known: ${NOTE_FIELDS.map((f) => `@${f}@`).join(' ')})`);
    } else if (m[2] !== undefined) {
      const inner = m[2].trim();
      const list = parseListSlot(inner, lookup);
      if (list && 'error' in list) out.push(`list slot {${inner}}: ${list.error}`);
      else if (!list && LIST_ID.test(inner)) out.push(`unknown list "${inner}" (not in /lists)`);
      else if (!list) out.push(`{${inner}} is neither a list id nor an inline list such as {multi: a | b}; braces mark list slots in a body`);
    }
  }
  return out;
}

/** The text of chosen items, joined as the list says: "CT and MRI", "CT, MRI or ultrasound". */
export function joinChoices(list: Pick<ResolvedList, 'joiner'>, chosen: readonly string[]): string {
  return joinNatural(chosen, list.joiner);
}

// ---- the note header ----

/** Field values the note's header gives (only those it gives). */
export type FieldValues = Partial<Record<NoteField, string>>;

export interface NoteHeader {
  values: FieldValues;
  /** Where the note's body starts: after YAML front matter, 0 with plain header lines (they stay in the note). */
  bodyStart: number;
  frontMatter: boolean;
}

const HEADER_KEYS: Record<string, NoteField> = {
  name: 'NAME',
  patient: 'NAME',
  'patient name': 'NAME',
  mrn: 'MRN',
  dob: 'DOB',
  'date of birth': 'DOB',
  sex: 'SEX',
  age: 'AGE',
  provider: 'PROVIDER',
  clinician: 'PROVIDER',
};
const HEADER_LINE = /^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$/;

/**
 * The header at the top of a note, in either form:
 *
 *     ---                          Name: Jane Doe
 *     name: Jane Doe               MRN: 12345
 *     mrn: 12345                   DOB: 1970-02-01
 *     dob: 1970-02-01
 *     ---
 *
 * YAML front matter (`---` lines around `key: value` lines; Finalize leaves it out of the text), or
 * `Key: value` lines starting the note (they are the note's own text and stay). Keys, any case: Name
 * (Patient), MRN, DOB (Date of birth), Sex, Age, Provider (Clinician). Values `***` or empty count as absent.
 */
export function parseHeader(text: string): NoteHeader {
  const values: FieldValues = {};
  const take = (line: string): boolean => {
    const m = HEADER_LINE.exec(line);
    const field = m && HEADER_KEYS[m[1]!.toLowerCase()];
    if (!field) return false;
    let value = m[2]!.replace(/^(["'])(.*)\1$/, '$2').trim();
    if (value && !value.startsWith(BLANK)) values[field] = value;
    return true;
  };
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() === '---') {
    let offset = lines[0].length + 1;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!.replace(/\r$/, '');
      if (line.trimEnd() === '---' || line.trimEnd() === '...') {
        return { values, bodyStart: Math.min(text.length, offset + lines[i]!.length + 1), frontMatter: true };
      }
      take(line);
      offset += lines[i]!.length + 1;
    }
    return { values: {}, bodyStart: 0, frontMatter: false }; // not closed: not front matter
  }
  for (const line of lines) if (!take(line.replace(/\r$/, ''))) break;
  return { values, bodyStart: 0, frontMatter: false };
}

/** YYYY-MM-DD of a date in local time (as the snippets' `$CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE`). */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A DOB written YYYY-MM-DD or MM/DD/YYYY; anything else is not read (never guessed). */
function parseDob(s: string): { y: number; m: number; d: number } | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ymd = m ? { y: +m[1]!, m: +m[2]!, d: +m[3]! } : (m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s)) ? { y: +m[3]!, m: +m[1]!, d: +m[2]! } : undefined;
  if (!ymd || ymd.m < 1 || ymd.m > 12 || ymd.d < 1 || ymd.d > 31) return undefined;
  return ymd;
}

/** Every field value the note can give: the header's, TODAY from `today`, AGE from an Age line or the DOB. */
export function fieldValues(header: NoteHeader, today: Date): FieldValues {
  const out: FieldValues = { ...header.values, TODAY: isoDate(today) };
  if (!out.AGE && out.DOB) {
    const dob = parseDob(out.DOB);
    if (dob) {
      let years = today.getFullYear() - dob.y;
      if (today.getMonth() + 1 < dob.m || (today.getMonth() + 1 === dob.m && today.getDate() < dob.d)) years--;
      if (years >= 0 && years < 150) out.AGE = `${years} y.o.`;
    }
  }
  return out;
}

// ---- expansion ----

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function escapeChoice(text: string): string {
  return text.replace(/[\\,|]/g, (c) => `\\${c}`);
}

export interface SnippetOptions {
  /**
   * For VS Code's own snippet files: a single-select list becomes a native choice (`${1|a,b|}`, default first;
   * one option: a placeholder), except an optional list of one choice without a default, which stays a slot:
   * a choice, never a default. Multi-select lists stay slots. Without this option every list stays a slot for F2.
   */
  nativeChoices?: boolean;
  /** A field with no value: a tab stop on `***` (default); VS Code's snippet files write `$CURRENT_…` for TODAY. */
  todayAsVariable?: boolean;
}

/**
 * The body as a VS Code snippet: each blank, unfilled field and open list a tab stop in order, known fields
 * written in, `$0` on a last line of its own.
 */
export function phraseSnippet(body: readonly string[], lookup: ListLookup, values: FieldValues, options: SnippetOptions = {}): string {
  let n = 1;
  const lines = body.map((line) => {
    let out = '';
    let at = 0;
    for (const slot of findSlots(line, lookup)) {
      out += escapeSnippet(line.slice(at, slot.start));
      at = slot.end;
      const raw = line.slice(slot.start, slot.end);
      if (slot.kind === 'blank') out += `\${${n++}:${BLANK}}`;
      else if (slot.kind === 'field') {
        const value = values[slot.field];
        if (slot.field === 'TODAY' && options.todayAsVariable) out += `\${${n++}:$CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE}`;
        else out += value !== undefined ? escapeSnippet(value) : `\${${n++}:${BLANK}}`;
      } else {
        const l = slot.list;
        if (options.nativeChoices && !l.multi && (l.required || l.defaults.length > 0 || l.choices.length > 1)) {
          const ordered = [...l.defaults, ...l.choices.filter((c) => !l.defaults.includes(c))];
          out += ordered.length === 1 ? `\${${n++}:${escapeSnippet(ordered[0]!)}}` : `\${${n++}|${ordered.map(escapeChoice).join(',')}|}`;
        } else out += `\${${n++}:${escapeSnippet(raw)}}`;
      }
    }
    return out + escapeSnippet(line.slice(at));
  });
  return [...lines, '$0'].join('\n');
}

/** The body as plain text for a preview: known fields written in, other slots as they read in the note. */
export function phraseText(body: readonly string[], lookup: ListLookup, values: FieldValues): string {
  return body
    .map((line) => {
      let out = '';
      let at = 0;
      for (const slot of findSlots(line, lookup)) {
        if (slot.kind !== 'field') continue;
        out += line.slice(at, slot.start) + (values[slot.field] ?? BLANK);
        at = slot.end;
      }
      return out + line.slice(at);
    })
    .join('\n');
}

// ---- the phrases of the loaded packs ----

export interface LoadedPhrase extends Phrase {
  pack: string;
}

/** The loaded packs' phrases and lists; the first pack's list wins an id taken twice (reported at load). */
export class PhraseBook {
  readonly phrases: readonly LoadedPhrase[];
  private readonly lists = new Map<string, ResolvedList>();
  readonly lookup: ListLookup = (id) => this.lists.get(id);

  constructor(packs: readonly Pick<Pack, 'id' | 'phrases' | 'lists'>[]) {
    const phrases: LoadedPhrase[] = [];
    const triggers = new Set<string>();
    for (const pack of packs) {
      for (const l of pack.lists ?? []) if (!this.lists.has(l.id)) this.lists.set(l.id, resolveList(l));
      for (const p of pack.phrases ?? []) {
        if (triggers.has(p.trigger)) continue;
        triggers.add(p.trigger);
        phrases.push({ ...p, pack: pack.id });
      }
    }
    this.phrases = phrases;
  }

  list(id: string): ResolvedList | undefined {
    return this.lists.get(id);
  }
}

const books = new WeakMap<object, PhraseBook>();

/** The phrase book of a knowledge base's packs, built once per load. */
export function phraseBook(knowledge: { packs: readonly Pack[] }): PhraseBook {
  let book = books.get(knowledge.packs);
  if (!book) books.set(knowledge.packs, (book = new PhraseBook(knowledge.packs)));
  return book;
}

// ---- places to fill, and Finalize Note ----

/** Something in the note still to fill: F2 visits it, diagnostics show it, Finalize lists it. */
export interface OpenPlace {
  kind: 'blank' | 'list' | 'field';
  start: number;
  end: number;
  /** True when Finalize refuses while it is open. */
  required: boolean;
  list?: ResolvedList;
  field?: NoteField;
  message: string;
}

export interface PlaceOptions {
  /** As the note checks: `prose` counts only `***` that reads as a blank (not a Markdown rule). */
  mode?: 'note' | 'prose';
  today?: Date;
}

/**
 * Every open place of the note in order: blanks, lists, and fields the header cannot fill (a field it can
 * fill is not open: Finalize writes it in). The header itself is skipped.
 */
export function openPlaces(text: string, lookup: ListLookup, options: PlaceOptions = {}): OpenPlace[] {
  const header = parseHeader(text);
  const values = fieldValues(header, options.today ?? new Date());
  const blanks = new Set(
    checkNote(text, undefined, { mode: options.mode ?? 'note' })
      .filter((i) => i.code === 'unfilled-blank')
      .map((i) => i.start),
  );
  const out: OpenPlace[] = [];
  for (const slot of findSlots(text, lookup)) {
    if (slot.start < header.bodyStart) continue;
    if (slot.kind === 'blank') {
      if (blanks.has(slot.start)) out.push({ kind: 'blank', start: slot.start, end: slot.end, required: true, message: 'Unfilled blank (***): fill it in or remove the line.' });
    } else if (slot.kind === 'field') {
      if (values[slot.field] === undefined) {
        out.push({ kind: 'field', start: slot.start, end: slot.end, required: true, field: slot.field, message: `@${slot.field}@: the note's header has no ${slot.field} (add a "${headerKey(slot.field)}:" line at the top, or type it in).` });
      }
    } else {
      const l = slot.list;
      const what = `${l.required ? 'Required' : 'Optional'} ${l.multi ? 'multi-select ' : ''}list "${l.title}"`;
      const message = l.defaults.length
        ? `${what} not chosen (F2 to choose); Finalize uses its default: ${joinChoices(l, l.defaults)}.`
        : l.required
          ? `${what} not chosen (F2 to choose); Finalize Note needs it.`
          : `${what} not chosen (F2 to choose); Finalize Note removes its line.`;
      out.push({ kind: 'list', start: slot.start, end: slot.end, required: l.required && l.defaults.length === 0, list: l, message });
    }
  }
  return out;
}

function headerKey(field: NoteField): string {
  return field === 'NAME' ? 'Name' : field === 'MRN' || field === 'DOB' ? field : field.charAt(0) + field.slice(1).toLowerCase();
}

export type FinalizeResult =
  | { ok: true; text: string; removedLines: number; filled: number }
  | { ok: false; open: OpenPlace[] };

/**
 * Epic's "sign" for a note: refuses while a required place is open (blanks, required lists without a default,
 * fields the header cannot fill) and lists them; otherwise returns EHR-ready plain text — lists left open take
 * their defaults or lose their line, fields are written in, front matter and Markdown markup are dropped.
 * Never changes `text` (it returns a new string).
 */
export function finalize(text: string, lookup: ListLookup, options: PlaceOptions = {}): FinalizeResult {
  const places = openPlaces(text, lookup, options);
  const open = places.filter((p) => p.required);
  if (open.length) return { ok: false, open };
  const header = parseHeader(text);
  const values = fieldValues(header, options.today ?? new Date());
  let removedLines = 0;
  let filled = 0;
  const lines: string[] = [];
  for (const line of text.slice(header.bodyStart).replace(/\r\n/g, '\n').split('\n')) {
    const slots = findSlots(line, lookup).filter((s) => s.kind !== 'blank');
    if (slots.some((s) => s.kind === 'list' && s.list.defaults.length === 0)) {
      removedLines++;
      continue;
    }
    let out = '';
    let at = 0;
    for (const s of slots) {
      out += line.slice(at, s.start);
      at = s.end;
      out += s.kind === 'field' ? values[s.field]! : joinChoices(s.list, s.list.defaults);
      filled++;
    }
    lines.push(out + line.slice(at));
  }
  const plain = lines
    .map((l) => (options.mode === 'prose' ? stripMarkdown(l) : l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .replace(/\s+$/, '');
  return { ok: true, text: `${plain}\n`, removedLines, filled };
}

/** Markdown markup an EHR text box would show literally: heading marks, emphasis, code ticks, rules. */
function stripMarkdown(line: string): string {
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return '';
  return line
    .replace(/^(\s*)#{1,6}\s+/, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?![\w*])/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');
}

