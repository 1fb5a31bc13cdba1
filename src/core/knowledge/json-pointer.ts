/**
 * Finds where a JSON pointer (as in a pack problem's `path`) lies in the pack's text, so the editor
 * can put the problem on the right line. Tolerant of broken JSON: what cannot be found is undefined.
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { lineAndCharacter } from '../text';

/** A span of the text: `offset` and `length` in UTF-16 code units. */
export interface TextSpan {
  offset: number;
  length: number;
}

/** Splits a JSON pointer (`/entries/3/label`, `` for the root) into its keys. */
export function pointerKeys(pointer: string): Array<string | number> | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/**
 * The span of the value at `pointer`. For a property that is missing, the span of the nearest
 * object that holds it (so "required property … is missing" lands on the object). For a property
 * that should not be there, the span of its name.
 */
export function locatePointer(text: string, pointer: string): TextSpan | undefined {
  return locateIn(treeOf(text), pointer);
}

interface Tree {
  root: Node | undefined;
  /** 1 when the text starts with a byte-order mark (offsets count it). */
  body: number;
}

function treeOf(text: string): Tree {
  const body = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  try {
    return { root: parseTree(body ? text.slice(1) : text, [], { allowTrailingComma: true, disallowComments: false }), body };
  } catch {
    return { root: undefined, body };
  }
}

function locateIn({ root, body }: Tree, pointer: string): TextSpan | undefined {
  const keys = pointerKeys(pointer);
  if (!keys || !root) return undefined;
  for (let n = keys.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, keys.slice(0, n));
    if (!node) continue;
    // A property name reads better than its whole value when the value is an object or array.
    const property = n > 0 && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    const target = property && (node.type === 'object' || node.type === 'array') ? property : node;
    return { offset: target.offset + body, length: target.length };
  }
  return undefined;
}

/** A problem's place in the editor: [line, character, end line, end character], 0-based. */
export type ProblemRange = [number, number, number, number];

/**
 * Where the editor shows a problem at `pointer`: the start of its span to the end of that line (a whole
 * entry's range would paint half the file); the file's start when the pointer cannot be found.
 */
export function pointerRange(text: string, pointer: string): ProblemRange {
  return pointerRanges(text, [pointer])[0]!;
}

/** pointerRange of several pointers into one text, which is parsed once. */
export function pointerRanges(text: string, pointers: readonly string[]): ProblemRange[] {
  const tree = pointers.length ? treeOf(text) : { root: undefined, body: 0 };
  return pointers.map((pointer): ProblemRange => {
    const span = locateIn(tree, pointer);
    if (!span) return [0, 0, 0, 0];
    const start = lineAndCharacter(text, span.offset);
    const newline = text.indexOf('\n', span.offset);
    const endOffset = Math.min(span.offset + span.length, newline < 0 ? text.length : newline);
    const end = lineAndCharacter(text, Math.max(endOffset, span.offset));
    return [start.line, start.character, end.line, end.character];
  });
}
