/**
 * "New Phrase from Selection…": a selected piece of a note becomes a phrase of a pack. `***` stays a blank,
 * `@FIELD@`s the product knows stay fields (Epic's `@FNAME@`/`@LNAME@` style names unknown here become blanks:
 * a field is never guessed), values the note's header gave (the patient's name, MRN, DOB) become their field
 * again so the phrase holds no patient's data, and braces that are not a list slot become parentheses (in a
 * body, braces mean a list). The pack file is edited with jsonc-parser so its own formatting stays.
 */
import { applyEdits, modify, parse } from 'jsonc-parser';
import { NOTE_FIELDS, parseHeader, parseListSlot, type ListLookup, type NoteField } from './phrases';
import type { Pack, Phrase } from '../types';

export interface PhraseDraft {
  body: string[];
  /** What was turned into a slot, for the user to read. */
  conversions: string[];
}

/** The body of a phrase from selected note text; `note` is the whole note (for its header's values). */
export function draftFromSelection(selected: string, note: string, lookup: ListLookup): PhraseDraft {
  const conversions: string[] = [];
  let text = selected.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  const header = parseHeader(note).values;
  // Longest value first, so "Jane Doe" goes before a shorter value it contains.
  const known = (Object.entries(header) as Array<[NoteField, string]>).filter(([f, v]) => f !== 'AGE' && v.length >= 3).sort((a, b) => b[1].length - a[1].length);
  for (const [field, value] of known) {
    if (!text.includes(value)) continue;
    text = text.split(value).join(`@${field}@`);
    conversions.push(`"${value}" (the header's ${field}) → @${field}@`);
  }
  text = text.replace(/@([A-Z][A-Z_]*)@/g, (all, name: string) => {
    if ((NOTE_FIELDS as readonly string[]).includes(name)) return all;
    conversions.push(`${all} (not a field Clinical Notes fills) → ***`);
    return '***';
  });
  text = text.replace(/\{([^{}\n]*)\}/g, (all, inner: string) => {
    const list = parseListSlot(inner, lookup);
    if (list && !('error' in list)) return all;
    conversions.push(`${all} (not a list) → (${inner})`);
    return `(${inner})`;
  });
  const blanks = (text.match(/\*{3,}/g) ?? []).length;
  if (blanks) conversions.push(`${blanks} *** blank${blanks === 1 ? '' : 's'} kept as blank${blanks === 1 ? '' : 's'}`);
  return { body: text.split('\n'), conversions };
}

/** The id a new phrase gets from its trigger (kebab-case, as pack ids are). */
export function phraseId(trigger: string): string {
  return trigger.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'phrase';
}

/** A new personal pack: the schema asks for a source, so the pack names its author as one. */
export function emptyPhrasePack(id: string, title: string): Pack {
  return {
    id,
    title,
    version: '1.0.0',
    sources: [{ id: 'own', kind: 'file', title: 'Written by the clinician who keeps this pack' }],
    sections: [],
    entries: [],
    lists: [],
    phrases: [],
  };
}

/**
 * The pack text with `phrase` added at the end of `phrases` (created when absent). `text` undefined: a new
 * pack from `fresh`. Throws with a plain message when the text is not a pack or the trigger is taken there.
 */
export function addPhraseToPackText(text: string | undefined, phrase: Phrase, fresh: () => Pack): string {
  if (text === undefined || text.trim() === '') return `${JSON.stringify({ ...fresh(), phrases: [phrase] }, null, 2)}\n`;
  const value = parse(text) as Partial<Pack> | undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('the file is not a JSON knowledge pack');
  const phrases = Array.isArray(value.phrases) ? value.phrases : undefined;
  if (phrases?.some((p) => p?.trigger === phrase.trigger)) throw new Error(`the pack already has a phrase .${phrase.trigger}`);
  let id = phrase.id;
  for (let n = 2; phrases?.some((p) => p?.id === id); n++) id = `${phrase.id}-${n}`;
  const formatting = { insertSpaces: true, tabSize: 2, eol: '\n' };
  const edits = phrases
    ? modify(text, ['phrases', phrases.length], { ...phrase, id }, { formattingOptions: formatting, isArrayInsertion: true })
    : modify(text, ['phrases'], [{ ...phrase, id }], { formattingOptions: formatting });
  return applyEdits(text, edits);
}
