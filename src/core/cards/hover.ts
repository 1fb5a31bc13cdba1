/**
 * What a hover shows for the term at an offset of a line: the card as Markdown and the span it covers.
 * Every rule lives here (the "CC:" heading, the official code line, the ambiguity banner), so it is tested
 * in plain Node; the VS Code adapter only converts the answer.
 */
import { escapeMarkdown } from './cards';
import { headingOfLine } from '../note/sections';
import type { KnowledgeBase } from '../knowledge/knowledge-base';

export interface HoverAnswer {
  /** The card, as untrusted Markdown (pack text is escaped). */
  markdown: string;
  /** The hovered term's span on the line. */
  start: number;
  end: number;
}

/**
 * How the mention at [start, end) of the line reads in its note ("Negated here ('no evidence of')"), or
 * undefined when plainly present: the context engine's answer (core/problems.ts `contextLineAt`), which the
 * editor asks with the lines above for the section.
 */
export type MentionContext = (start: number, end: number) => string | undefined;

/**
 * The hover for `offset` of `line` (one line: terms never span lines, and it keeps hovers cheap on huge
 * notes). Its first lines say what the reader must not miss: what an ambiguous abbreviation usually means,
 * then the mention's context when it is not plainly present.
 */
export function hoverAt(kb: KnowledgeBase, line: string, offset: number, contextOf?: MentionContext): HoverAnswer | undefined {
  const match = kb.termAt(line, offset);
  if (!match) return undefined;
  // "CC:" heading a line is the chief complaint, not an abbreviation to explain.
  if (match.abbreviation?.ambiguous && headingOfLine(line)?.title === match.text) return undefined;
  const parts: string[] = [];
  // What an ambiguous abbreviation usually means comes first: the rest of the hover is about one of its
  // meanings. Then how the note uses the mention (negated, possible, historical, family).
  if (match.abbreviation?.ambiguous) parts.push(kb.ambiguityBanner(match.abbreviation, match.entry));
  const context = contextOf?.(match.start, match.end);
  if (context) parts.push(`**${escapeMarkdown(context)}**`);
  // The code hovered: its official title and billable status first, then the clinical card.
  if (match.official) parts.push(kb.officialCodeLine(match.official, match.text));
  parts.push(kb.card(match.entry));
  return { markdown: parts.join('\n\n'), start: match.start, end: match.end };
}
