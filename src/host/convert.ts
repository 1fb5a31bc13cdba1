/**
 * Conversions between the core's plain values (offsets, entry kinds, section kinds) and VS Code's types,
 * in one place so every feature translates the same way.
 */
import * as vscode from 'vscode';
import type { NoteSectionKind } from '../core/note/sections';
import type { EntryKind } from '../core/types';

/** A range on one line from offsets into that line's text. */
export function lineRange(line: number, start: number, end: number): vscode.Range {
  return new vscode.Range(line, start, line, end);
}

/** A document range from offsets into the whole document text. */
export function offsetRange(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

const COMPLETION_KIND: Record<EntryKind, vscode.CompletionItemKind> = {
  condition: vscode.CompletionItemKind.Class,
  type: vscode.CompletionItemKind.EnumMember,
  cause: vscode.CompletionItemKind.Reference,
  finding: vscode.CompletionItemKind.Field,
  test: vscode.CompletionItemKind.Function,
  imaging: vscode.CompletionItemKind.Color,
  procedure: vscode.CompletionItemKind.Method,
  treatment: vscode.CompletionItemKind.Value,
  concept: vscode.CompletionItemKind.Interface,
  code: vscode.CompletionItemKind.Constant,
};

/** The suggest-widget icon for an entry kind (VS Code has no medical icons; these are distinct and stable). */
export function completionKind(kind: EntryKind): vscode.CompletionItemKind {
  return COMPLETION_KIND[kind] ?? vscode.CompletionItemKind.Text;
}

/** The theme icon for an entry kind (QuickPick items, tree items). */
export function entryIcon(kind: EntryKind): vscode.ThemeIcon {
  const name: Record<EntryKind, string> = {
    condition: 'symbol-class',
    type: 'symbol-enum-member',
    cause: 'symbol-event',
    finding: 'symbol-field',
    test: 'symbol-function',
    imaging: 'symbol-color',
    procedure: 'symbol-method',
    treatment: 'symbol-constant',
    concept: 'symbol-interface',
    code: 'symbol-number',
  };
  return new vscode.ThemeIcon(name[kind] ?? 'symbol-text');
}

/** The outline icon for a note section. */
export function sectionSymbolKind(kind: NoteSectionKind | undefined): vscode.SymbolKind {
  switch (kind) {
    case 'assessment':
      return vscode.SymbolKind.Class;
    case 'workup':
      return vscode.SymbolKind.Function;
    case 'plan':
      return vscode.SymbolKind.Method;
    case 'follow-up':
      return vscode.SymbolKind.Event;
    default:
      return vscode.SymbolKind.String;
  }
}

/** Pack text shown as Markdown in the editor: never trusted, never HTML, so no command links run. */
export function untrustedMarkdown(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

/** The VS Code severity of a problem or of a check's setting; `undefined` for `off`. */
export function diagnosticSeverity(level: 'error' | 'warning' | 'information' | 'off'): vscode.DiagnosticSeverity | undefined {
  switch (level) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    default:
      return undefined;
  }
}

/** Puts `text` in place of every selection (and at every cursor) of `editor`, as one undoable edit. */
export function replaceSelections(editor: vscode.TextEditor, text: string): Thenable<boolean> {
  return editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, text);
  });
}
