/**
 * The section the cursor is in, found by walking up from the cursor's line to the nearest heading, for
 * section-aware completion. It reads only the lines between the cursor and that heading (one or a few dozen
 * in a real note), so it costs the same in a 1 MB note as in a short one, and needs no parse of the whole
 * document on every keystroke. Lines are read through a callback, so an editor's document is never turned
 * into one big string.
 *
 * It agrees with `parseSections` + `sectionAt` (it reads lines with the same `headingOfLine`) except inside
 * fenced code blocks, which a backward walk cannot see: there a heading-like line still counts. Completion
 * ranking tolerates that.
 */
import { headingOfLine, type NoteSectionKind } from './sections';

/** How far up to look before giving up (a section this long is unlikely; the ranking then stays neutral). */
export const MAX_LINES_UP = 5000;

/** Longest line that may be a plain heading; longer ones can only be `#` or inline (`Plan: …`) headings. */
const MAX_PLAIN_HEADING_LINE = 80;
/** Inline headings have their colon within the first 40 characters (after a few spaces of indent). */
const INLINE_COLON_WINDOW = 44;

/**
 * The kinds of the section holding line `line`: the nearest heading at or above it. `[]` for an unclassified
 * heading (`Social situation:`), `undefined` when there is no heading within `maxLines` above.
 */
export function sectionKindsAtLine(
  lineAt: (line: number) => string,
  line: number,
  maxLines: number = MAX_LINES_UP,
): readonly NoteSectionKind[] | undefined {
  const stop = Math.max(0, line - maxLines);
  for (let i = line; i >= stop; i--) {
    const text = lineAt(i);
    if (!mayBeHeading(text)) continue;
    const heading = headingOfLine(text);
    if (heading) return heading.kinds;
  }
  return undefined;
}

/** A cheap filter before the real parse: most prose lines are long and have no early colon or `#`. */
function mayBeHeading(text: string): boolean {
  if (text.length <= MAX_PLAIN_HEADING_LINE) return text.trim() !== '';
  const start = text.length - text.trimStart().length;
  if (text.charCodeAt(start) === 35 /* # */) return true;
  const colon = text.indexOf(':');
  return colon >= 0 && colon < INLINE_COLON_WINDOW;
}
