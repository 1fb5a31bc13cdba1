/**
 * "Go to Next Blank" / "Go to Previous Blank": select the next `***` after the cursor (wrapping), so typing
 * replaces it — Epic's F2. In Markdown and plain text the same blanks as the note checks count: a rule or
 * bold italics is skipped. List slots (`{imaging}`) and note fields the header cannot fill are places too;
 * landing on a list opens its choices (Escape keeps the slot, and the next F2 moves on).
 */
import * as vscode from 'vscode';
import { nextOf, previousOf } from '../core/note/checks';
import { openPlaces, phraseBook } from '../core/note/phrases';
import { CommandId, NOTE_LANGUAGE } from '../host/ids';
import { offsetRange } from '../host/convert';
import type { KnowledgeDeps } from '../host/knowledge-deps';

const STATUS_MS = 3000;

export function registerBlankNavigation(deps?: KnowledgeDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.nextBlank, () => goToBlank('next', deps)),
    vscode.commands.registerCommand(CommandId.previousBlank, () => goToBlank('previous', deps)),
  );
}

/** Selects and reveals the next/previous blank of the active editor; returns its range, or undefined. */
export function goToBlank(direction: 'next' | 'previous', deps?: KnowledgeDeps): vscode.Range | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const doc = editor.document;
  const text = doc.getText();
  const mode = doc.languageId === NOTE_LANGUAGE ? 'note' : 'prose';
  const book = phraseBook(deps ? deps.kb() : { packs: [] });
  const blanks = openPlaces(text, book.lookup, { mode });
  const selection = editor.selection;
  const from = direction === 'next' ? doc.offsetAt(selection.end) : doc.offsetAt(selection.start);
  const blank = direction === 'next' ? nextOf(blanks, from) : previousOf(blanks, from);
  if (!blank) {
    vscode.window.setStatusBarMessage('$(check) No *** blanks left in this note', STATUS_MS);
    return undefined;
  }
  const wrapped = direction === 'next' ? blank.start < from : blank.end >= from;
  if (wrapped) vscode.window.setStatusBarMessage(direction === 'next' ? 'Back at the first blank' : 'Back at the last blank', STATUS_MS);
  const range = offsetRange(doc, blank.start, blank.end);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (blank.kind === 'list') void vscode.commands.executeCommand(CommandId.chooseFromList);
  return range;
}
