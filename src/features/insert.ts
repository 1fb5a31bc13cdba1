/**
 * "Insert Workup Section", "Insert Treatment Plan", "Insert Calcinosis Note", … — the same snippets the
 * snippet prefixes offer, built from the loaded knowledge and inserted at the cursor (Tab walks the blanks).
 */
import * as vscode from 'vscode';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import { snippetBody, type SnippetName } from '../core/note/snippets';
import { CommandId, NOTE_LANGUAGE } from '../host/ids';


const COMMANDS: ReadonlyArray<[string, SnippetName]> = [
  [CommandId.insertWorkup, 'workup'],
  [CommandId.insertTreatmentPlan, 'treatment-plan'],
  [CommandId.insertNote, 'note'],
  [CommandId.insertPatientInformation, 'patient-information'],
  [CommandId.insertFollowUp, 'follow-up'],
];

export function registerInsertCommands(deps: KnowledgeDeps): vscode.Disposable {
  return vscode.Disposable.from(
    ...COMMANDS.map(([id, name]) => vscode.commands.registerCommand(id, afterLoad(deps, () => insertSnippet(deps, name)))),
  );
}

/** Inserts a snippet at the cursor, on a line of its own; with no editor open, into a new note. */
async function insertSnippet(deps: KnowledgeDeps, name: SnippetName): Promise<boolean> {
  let editor = vscode.window.activeTextEditor;
  if (!editor) {
    const doc = await vscode.workspace.openTextDocument({ language: NOTE_LANGUAGE, content: '' });
    editor = await vscode.window.showTextDocument(doc);
  }
  let body = snippetBody(name, deps.kb());
  const pos = editor.selection.start;
  const before = editor.document.lineAt(pos.line).text.slice(0, pos.character);
  // A section heading must start its own line to be read as one.
  if (before.trim() !== '') body = `\n${body}`;
  return editor.insertSnippet(new vscode.SnippetString(body));
}
