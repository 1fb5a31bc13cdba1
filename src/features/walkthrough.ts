/**
 * The Getting Started walkthrough's commands: open the sample note as an untitled Clinical Note (so
 * nothing is written to disk), and the "try it" buttons that show a completion and a hover in it. The
 * steps themselves are data: `contributes.walkthroughs` and `media/walkthrough/*.md`.
 */
import * as vscode from 'vscode';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import { CommandId, NOTE_LANGUAGE } from '../host/ids';

export interface WalkthroughDeps extends KnowledgeDeps {
  extensionUri: vscode.Uri;
}

const SAMPLE_NOTE = 'media/walkthrough/sample.note';

export function registerWalkthrough(deps: WalkthroughDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.openSampleNote, afterLoad(deps, async () => (await openSample(deps)).document.uri.toString())),
    vscode.commands.registerCommand(CommandId.tryCompletion, afterLoad(deps, () => tryCompletion(deps))),
    vscode.commands.registerCommand(CommandId.tryHover, afterLoad(deps, () => tryHover(deps))),
  );
}

async function openSample(deps: WalkthroughDeps): Promise<vscode.TextEditor> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(deps.extensionUri, SAMPLE_NOTE));
  const doc = await vscode.workspace.openTextDocument({ language: NOTE_LANGUAGE, content: new TextDecoder().decode(bytes) });
  // Beside the walkthrough, so its steps stay in view.
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
}

/** The active Clinical Note, or the sample opened for the step. */
async function noteEditor(deps: WalkthroughDeps): Promise<vscode.TextEditor> {
  const active = vscode.window.activeTextEditor;
  if (active && active.document.languageId === NOTE_LANGUAGE) return active;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.languageId === NOTE_LANGUAGE);
  if (visible) return vscode.window.showTextDocument(visible.document, visible.viewColumn);
  return openSample(deps);
}

/** Types the start of the pack's first term on a new last line and opens the suggestions. */
async function tryCompletion(deps: WalkthroughDeps): Promise<string | undefined> {
  const term = deps.kb().entries[0]?.label;
  if (!term) return undefined;
  const prefix = term.slice(0, Math.min(4, term.length));
  const editor = await noteEditor(deps);
  const { document } = editor;
  const last = document.lineAt(document.lineCount - 1);
  const text = `${last.isEmptyOrWhitespace ? '' : '\n'}${prefix}`;
  await editor.edit((b) => b.insert(last.range.end, text));
  const end = document.lineAt(document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  editor.revealRange(new vscode.Range(end, end));
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  return prefix;
}

/** Puts the cursor on the first term of the note and shows its hover card. */
async function tryHover(deps: WalkthroughDeps): Promise<string | undefined> {
  const editor = await noteEditor(deps);
  const kb = deps.kb();
  const { document } = editor;
  for (let line = 0; line < document.lineCount; line++) {
    const match = kb.termsIn(document.lineAt(line).text).find((m) => !m.abbreviation);
    if (!match) continue;
    const pos = new vscode.Position(line, match.start + 1);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand('editor.action.showHover');
    return match.entry.label;
  }
  return undefined;
}
