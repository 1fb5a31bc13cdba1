/**
 * A note's outline: its sections as a tree, for the editor's Outline view, breadcrumbs and "Go to Symbol".
 * Markdown headings nest by level (`# Visit` holds `## Workup`); a plain heading (`Assessment:`) sits under
 * the nearest `#` heading above it, and beside the plain headings around it. Pure: offsets only.
 */
import type { NoteSection } from './sections';

/** One outline entry: a section, the offset where it and everything nested in it ends, and its children. */
export interface OutlineNode {
  section: NoteSection;
  /** End of the section and its descendants, without the final line break (so the next heading is outside). */
  end: number;
  children: OutlineNode[];
}

/** Plain headings have no level; they nest below every `#` level. */
const PLAIN_LEVEL = 7;

/** The outline of a note from `parseSections(text)`; `text` is used only to trim trailing line breaks. */
export function outlineTree(text: string, sections: readonly NoteSection[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: Array<{ node: OutlineNode; level: number }> = [];
  for (const section of sections) {
    const level = section.level ?? PLAIN_LEVEL;
    const node: OutlineNode = { section, end: trimEnd(text, section.headingEnd, section.end), children: [] };
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.node.children : roots).push(node);
    stack.push({ node, level });
    // Every open ancestor now reaches at least this far.
    for (const open of stack) if (open.node.end < node.end) open.node.end = node.end;
  }
  return roots;
}

/** `end` moved back over one trailing line break (`\n` or `\r\n`), never before `min`. */
function trimEnd(text: string, min: number, end: number): number {
  let e = end;
  if (e > min && text.charCodeAt(e - 1) === 10) e--;
  if (e > min && text.charCodeAt(e - 1) === 13) e--;
  return e;
}
