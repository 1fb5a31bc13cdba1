/**
 * Note checks, as Epic users know them: an unfilled `***` blank, and a note that has an Assessment but
 * no Workup or no Treatment plan. Pure and linear in the note's length; the editor runs it debounced,
 * never on the keystroke path.
 */
import { parseSections, sectionHasKind, type NoteSection, type NoteSectionKind } from './sections';

/** The blank marker: Epic SmartPhrases' `***` wildcard, which the snippets also write for must-fill blanks. */
export const BLANK = '***';

export type NoteIssueCode = 'unfilled-blank' | 'missing-workup' | 'missing-plan';

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
  const blanks = findBlanks(text);
  return blanks.find((b) => b.start >= offset) ?? blanks[0];
}

/** The previous blank before `offset`, wrapping to the last one. */
export function previousBlank(text: string, offset: number): { start: number; end: number } | undefined {
  const blanks = findBlanks(text);
  for (let i = blanks.length - 1; i >= 0; i--) if (blanks[i].end < offset) return blanks[i];
  return blanks[blanks.length - 1];
}

function hasKind(sections: readonly NoteSection[], kind: NoteSectionKind): boolean {
  return sections.some((s) => sectionHasKind(s, kind));
}

/** All checks of a note. `sections` may be passed when the caller already parsed them. */
export function checkNote(text: string, sections: readonly NoteSection[] = parseSections(text)): NoteIssue[] {
  const issues: NoteIssue[] = [];
  for (const b of findBlanks(text)) {
    issues.push({ code: 'unfilled-blank', message: 'Unfilled blank (***): fill it in or remove the line.', start: b.start, end: b.end });
  }
  const assessment = sections.find((s) => sectionHasKind(s, 'assessment'));
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
