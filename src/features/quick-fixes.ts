/**
 * Quick fixes for the note checks (the light bulb, Ctrl+.): a missing Workup or Treatment plan is inserted
 * as the same snippet the insert commands and prefixes give, at the end of the Assessment, with its tab
 * stops; an unfilled blank offers "Remove this line" (an optional line left unused) and "Go to next blank".
 */
import * as vscode from 'vscode';
import { checkNote, lineAround, sectionInsertion, type NoteIssue, type NoteIssueCode } from '../core/note/checks';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import { snippetBody, type SnippetName } from '../core/note/snippets';
import type { ConfigSource } from '../host/config';
import { CommandId, DIAGNOSTIC_SOURCE } from '../host/ids';
import { offsetRange } from '../host/convert';
import { registerForLanguages } from '../host/languages';

export interface QuickFixDeps extends KnowledgeDeps {
  config: ConfigSource;
}

const MISSING: Partial<Record<NoteIssueCode, { title: string; snippet: SnippetName }>> = {
  'missing-workup': { title: 'Insert Workup section', snippet: 'workup' },
  'missing-plan': { title: 'Insert Treatment plan section', snippet: 'treatment-plan' },
};

export function registerQuickFixes(deps: QuickFixDeps): vscode.Disposable {
  const provider = new NoteQuickFixes(deps);
  return registerForLanguages(deps.config, (selector) =>
    vscode.languages.registerCodeActionsProvider(selector, provider, { providedCodeActionKinds: NoteQuickFixes.kinds }),
  );
}

export class NoteQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly deps: QuickFixDeps) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.ProviderResult<vscode.CodeAction[]> {
    return afterLoad(this.deps, () => this.fixes(document, context))();
  }

  private fixes(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    // Checked again now: the diagnostics may be up to one debounce old.
    const text = document.getText();
    const actions: vscode.CodeAction[] = [];
    const removedLines = new Set<number>();
    let offeredNext = false;
    let issues: NoteIssue[] | undefined;
    for (const diagnostic of ours) {
      const code = String(diagnostic.code);
      const missing = MISSING[code as NoteIssueCode];
      if (missing) {
        const issue = (issues ??= checkNote(text)).find((i) => i.code === code);
        if (issue?.missing) actions.push(this.insertSection(document, text, issue.missing.insertAt, missing, diagnostic));
      } else if (code === 'unfilled-blank') {
        const line = diagnostic.range.start.line;
        if (!removedLines.has(line)) {
          removedLines.add(line);
          const around = lineAround(text, document.offsetAt(diagnostic.range.start));
          const remove = new vscode.CodeAction('Remove this line', vscode.CodeActionKind.QuickFix);
          remove.edit = new vscode.WorkspaceEdit();
          remove.edit.delete(document.uri, offsetRange(document, around.start, around.end));
          remove.diagnostics = [diagnostic];
          actions.push(remove);
        }
        if (!offeredNext) {
          offeredNext = true;
          const next = new vscode.CodeAction('Go to next blank', vscode.CodeActionKind.QuickFix);
          next.command = { command: CommandId.nextBlank, title: 'Go to Next Blank' };
          next.diagnostics = [diagnostic];
          actions.push(next);
        }
      }
    }
    return actions;
  }

  private insertSection(
    document: vscode.TextDocument,
    text: string,
    offset: number,
    missing: { title: string; snippet: SnippetName },
    diagnostic: vscode.Diagnostic,
  ): vscode.CodeAction {
    const { before, after } = sectionInsertion(text, offset);
    const snippet = new vscode.SnippetString(before + snippetBody(missing.snippet, this.deps.kb()) + after);
    const action = new vscode.CodeAction(missing.title, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    // A snippet edit: in the active editor the section's blanks and choices are tab stops, as when typed.
    action.edit.set(document.uri, [vscode.SnippetTextEdit.insert(document.positionAt(offset), snippet)]);
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    return action;
  }
}
