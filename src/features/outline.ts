/**
 * The note's sections as document symbols, so the Outline view, breadcrumbs and "Go to Symbol in Editor"
 * (Ctrl+Shift+O) work in Clinical Note and plain-text files. Markdown is left to VS Code's own Markdown
 * outline, which already lists `#` headings.
 */
import * as vscode from 'vscode';
import { outlineTree, type OutlineNode } from '../core/note/outline';
import { parseSections } from '../core/note/sections';
import type { ClinicalNotesConfig, ConfigSource } from '../host/config';
import { NOTE_LANGUAGE } from '../host/ids';
import { offsetRange, sectionSymbolKind } from '../host/convert';
import { registerForLanguages } from '../host/languages';

/** Languages this outline serves (when also listed in `clinicalNotes.languages`). */
const OUTLINE_LANGUAGES: ReadonlySet<string> = new Set([NOTE_LANGUAGE, 'plaintext']);

export interface OutlineDeps {
  config: ConfigSource;
}

export function registerOutline(deps: OutlineDeps): vscode.Disposable {
  const provider = new NoteOutline();
  return registerForLanguages(outlineLanguagesOnly(deps.config), (selector) =>
    vscode.languages.registerDocumentSymbolProvider(selector, provider, { label: 'Clinical Notes' }),
  );
}

/** The settings as seen by the outline: `languages` narrowed to the ones it serves. */
function outlineLanguagesOnly(config: ConfigSource): ConfigSource {
  const narrow = (c: ClinicalNotesConfig): ClinicalNotesConfig => ({ ...c, languages: c.languages.filter((l) => OUTLINE_LANGUAGES.has(l)) });
  return {
    get current() {
      return narrow(config.current);
    },
    onDidChange: (listener, thisArg, disposables) => config.onDidChange((c) => listener.call(thisArg, narrow(c)), undefined, disposables),
  };
}

export class NoteOutline implements vscode.DocumentSymbolProvider {
  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const text = document.getText();
    return outlineTree(text, parseSections(text)).map((node) => symbolOf(document, node));
  }
}

function symbolOf(document: vscode.TextDocument, node: OutlineNode): vscode.DocumentSymbol {
  const s = node.section;
  const symbol = new vscode.DocumentSymbol(
    s.title,
    // "Assessment and plan" is both: say so beside the title.
    s.kinds.length > 1 ? s.kinds.join(' + ') : '',
    sectionSymbolKind(s.kind),
    offsetRange(document, s.headingStart, node.end),
    offsetRange(document, s.headingStart, s.headingEnd),
  );
  symbol.children = node.children.map((child) => symbolOf(document, child));
  return symbol;
}
