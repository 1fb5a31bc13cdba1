/**
 * Note checks, as Epic users know them: an unfilled `***` blank, and a note that has an Assessment but
 * no Workup or no Treatment plan. Pure and linear in the note's length; the editor runs it debounced,
 * never on the keystroke path.
 */
import { parseSections, sectionAt, sectionHasKind, type NoteSection, type NoteSectionKind } from './sections';

/** The blank marker: Epic SmartPhrases' `***` wildcard, which the snippets also write for must-fill blanks. */
export const BLANK = '***';

export type NoteIssueCode =
  | 'unfilled-blank'
  | 'missing-workup'
  | 'missing-plan'
  /** A list slot (`{imaging}`) not chosen: required (Finalize refuses) or optional (Finalize drops its line). */
  | 'open-required-list'
  | 'open-optional-list'
  /** A note field (`@MRN@`) the note's header cannot fill. */
  | 'unfilled-field'
  /** The Assessment names a condition the rest of the note negates (opt-in; context/conflicts.ts). */
  | 'context-conflict';

export interface NoteIssue {
  code: NoteIssueCode;
  message: string;
  /** Offsets into the note. For a missing section: the Assessment heading. */
  start: number;
  end: number;
  /** For a missing section: the section to insert, and where (the end of the Assessment section). */
  missing?: { kind: 'workup' | 'plan'; insertAt: number };
}

/** Every `***` run in the note; a longer run of asterisks counts once. */
export function findBlanks(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let i = text.indexOf(BLANK);
  while (i >= 0) {
    let end = i + BLANK.length;
    while (text.charCodeAt(end) === 42 /* * */) end++;
    out.push({ start: i, end });
    i = text.indexOf(BLANK, end);
  }
  return out;
}

/** The next blank after `offset`, wrapping to the first one (F2 in Epic). */
export function nextBlank(text: string, offset: number): { start: number; end: number } | undefined {
  return nextOf(findBlanks(text), offset);
}

/** The previous blank before `offset`, wrapping to the last one. */
export function previousBlank(text: string, offset: number): { start: number; end: number } | undefined {
  return previousOf(findBlanks(text), offset);
}

/** `nextBlank` over a given list of blanks (sorted), e.g. only those `checkNote` reports in prose. */
export function nextOf<T extends { start: number; end: number }>(blanks: readonly T[], offset: number): T | undefined {
  return blanks.find((b) => b.start >= offset) ?? blanks[0];
}

/** `previousBlank` over a given list of blanks (sorted). */
export function previousOf<T extends { start: number; end: number }>(blanks: readonly T[], offset: number): T | undefined {
  for (let i = blanks.length - 1; i >= 0; i--) if (blanks[i]!.end < offset) return blanks[i];
  return blanks[blanks.length - 1];
}

function hasKind(sections: readonly NoteSection[], kind: NoteSectionKind): boolean {
  return sections.some((s) => sectionHasKind(s, kind));
}

/** How a note is checked. */
export interface CheckOptions {
  /**
   * `note` (default, the Clinical Note language): every `***` is a blank, and missing sections are checked.
   * `prose` (Markdown, plain text): `***` is also markup there — a horizontal rule, bold italics — so only a
   * run that reads as a blank counts (see `isBlankInProse`), and a missing section is not flagged: the
   * user's own documents are not nagged about a structure they never chose.
   */
  mode?: 'note' | 'prose';
}

/**
 * In Markdown or plain text, whether a `***` run is a blank rather than markup. `***bold***` and `word***`
 * touch a letter or digit: emphasis. A run alone on its line is a rule, except right under a heading
 * (`Presentation:` then `***`), which is how the note snippets leave a section to fill.
 */
export function isBlankInProse(text: string, blank: { start: number; end: number }, sections: readonly NoteSection[]): boolean {
  const before = blank.start > 0 ? text.charAt(blank.start - 1) : '';
  const after = text.charAt(blank.end);
  if (WORD_CHAR.test(before) || WORD_CHAR.test(after)) return false;
  const line = lineAround(text, blank.start);
  if (text.slice(line.start, line.end).trim() !== text.slice(blank.start, blank.end)) return true;
  const section = sectionAt(sections, blank.start);
  return section !== undefined && !section.inline && section.start === line.start;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** All checks of a note. `sections` may be passed when the caller already parsed them. */
export function checkNote(
  text: string,
  sections: readonly NoteSection[] = parseSections(text),
  options: CheckOptions = {},
): NoteIssue[] {
  const prose = options.mode === 'prose';
  const issues: NoteIssue[] = [];
  for (const b of findBlanks(text)) {
    if (prose && !isBlankInProse(text, b, sections)) continue;
    issues.push({ code: 'unfilled-blank', message: 'Unfilled blank (***): fill it in or remove the line.', start: b.start, end: b.end });
  }
  const assessment = prose ? undefined : sections.find((s) => sectionHasKind(s, 'assessment'));
  if (assessment) {
    // An "Assessment and plan" section is itself the plan.
    if (!hasKind(sections, 'workup')) {
      issues.push({
        code: 'missing-workup',
        message: 'This note has an Assessment but no Workup section.',
        start: assessment.headingStart,
        end: assessment.headingEnd,
        missing: { kind: 'workup', insertAt: assessment.end },
      });
    }
    if (!hasKind(sections, 'plan')) {
      issues.push({
        code: 'missing-plan',
        message: 'This note has an Assessment but no Treatment plan section.',
        start: assessment.headingStart,
        end: assessment.headingEnd,
        missing: { kind: 'plan', insertAt: assessment.end },
      });
    }
  }
  return issues;
}

/** Offsets of the whole line around `offset` (including its line break), for "remove this line". */
export function lineAround(text: string, offset: number): { start: number; end: number } {
  const start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, end: nl < 0 ? text.length : nl + 1 };
}

/**
 * What to put around a section inserted at `offset` (a missing Workup at the end of the Assessment) so it
 * starts on a line of its own, a blank line after the text before it, and keeps a blank line before the
 * heading that follows. The section itself ends with a line break (the snippets end with `\n$0`).
 */
export function sectionInsertion(text: string, offset: number): { before: string; after: string } {
  const head = text.slice(Math.max(0, offset - 3), offset).replace(/\r/g, '');
  let before = '';
  if (offset > 0 && !head.endsWith('\n')) before = '\n\n';
  else if (offset > 1 && !head.endsWith('\n\n')) before = '\n';
  const after = offset < text.length ? '\n' : '';
  return { before, after };
}
