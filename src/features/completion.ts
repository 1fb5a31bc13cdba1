/**
 * Term completion: the core decides what the suggest widget shows (core/completion.ts: the word, the
 * earlier words of a multi-word term, what is worth offering, the ambiguity policy, the order); this
 * adapter reads the settings and the section at the cursor, and converts the answer. The card is rendered
 * only when an item is shown.
 */
import * as vscode from 'vscode';
import { completionsAt, type CompletionAnswer, type Suggestion } from '../core/search/completion';
import { boostKindsForSection } from '../core/note/section-boost';
import { sectionKindsAtLine } from '../core/note/nearest-section';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import type { EntryKind } from '../core/types';
import type { ConfigSource } from '../host/config';
import { NOTE_LANGUAGE } from '../host/ids';
import { completionKind, untrustedMarkdown } from '../host/convert';
import { registerForLanguages } from '../host/languages';

export interface CompletionDeps extends KnowledgeDeps {
  config: ConfigSource;
}

/** A completion item that remembers its entry, so the card is rendered only when the item is shown. */
export class TermCompletionItem extends vscode.CompletionItem {
  constructor(
    label: string | vscode.CompletionItemLabel,
    readonly entryId: string,
    readonly packId: string,
  ) {
    super(label);
  }
}

export function registerCompletion(deps: CompletionDeps): vscode.Disposable {
  const provider = new TermCompletionProvider(deps);
  return registerForLanguages(deps.config, (selector) => vscode.languages.registerCompletionItemProvider(selector, provider));
}

export class TermCompletionProvider implements vscode.CompletionItemProvider<TermCompletionItem> {
  /** The last cursor's section ranking, per document version and line: the editor often asks twice per keystroke. */
  private sectionCache?: { uri: vscode.Uri; version: number; line: number; boost: readonly EntryKind[] | undefined };

  constructor(private readonly deps: CompletionDeps) {}

  /**
   * Kinds ranked first in the note section at `line` (tests and imaging in Workup, treatments in the plan):
   * found by reading up to the nearest heading, so its cost does not grow with the note.
   */
  private sectionBoost(document: vscode.TextDocument, line: number): readonly EntryKind[] | undefined {
    const c = this.sectionCache;
    if (c && c.uri === document.uri && c.version === document.version && c.line === line) return c.boost;
    const kinds = sectionKindsAtLine((n) => document.lineAt(n).text, line);
    const boost = kinds ? boostKindsForSection(kinds) : undefined;
    this.sectionCache = { uri: document.uri, version: document.version, line, boost };
    return boost;
  }

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): vscode.ProviderResult<vscode.CompletionList<TermCompletionItem>> {
    return afterLoad(this.deps, () => this.complete(document, position))();
  }

  private complete(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionList<TermCompletionItem> | undefined {
    const settings = this.deps.config.current.completion;
    if (!settings.enabled) return undefined;
    const boostKinds = settings.sectionAware ? this.sectionBoost(document, position.line) : undefined;
    const answer = completionsAt(this.deps.kb(), document.lineAt(position.line).text, position.character, {
      minPrefix: settings.minPrefix,
      maxItems: settings.maxItems,
      prose: document.languageId !== NOTE_LANGUAGE,
      ...(boostKinds ? { boostKinds } : {}),
    });
    if (!answer) return new vscode.CompletionList([], true);
    if (answer.items.length === 0 && answer.incomplete) return askAgain(position, answer);
    return new vscode.CompletionList(
      answer.items.map((s) => toItem(s, position, answer.word.end)),
      answer.incomplete,
    );
  }

  resolveCompletionItem(item: TermCompletionItem): TermCompletionItem {
    if (item.documentation) return item;
    const kb = this.deps.kb();
    const entry = kb.get(item.entryId);
    if (entry && entry.pack === item.packId) item.documentation = untrustedMarkdown(kb.card(entry, { compact: true }));
    return item;
  }
}

function toItem(s: Suggestion, position: vscode.Position, wordEnd: number): TermCompletionItem {
  const label: vscode.CompletionItemLabel = { label: s.label };
  if (s.labelDetail) label.detail = s.labelDetail;
  if (s.description) label.description = s.description;
  const item = new TermCompletionItem(label, s.entryId, s.packId);
  item.kind = s.icon === 'text' ? vscode.CompletionItemKind.Text : completionKind(s.icon);
  item.insertText = s.insertText;
  item.detail = s.detail;
  item.filterText = s.filterText;
  item.sortText = s.sortText;
  if (s.ambiguous) item.preselect = false;
  item.range = {
    inserting: new vscode.Range(position.line, s.start, position.line, position.character),
    replacing: new vscode.Range(position.line, s.start, position.line, wordEnd),
  };
  return item;
}

/**
 * "Nothing yet, ask me on the next keystroke." VS Code ignores `isIncomplete` on an EMPTY list
 * (microsoft/vscode#13735, #155738): while other suggestions (words, snippets) keep the widget open it never
 * asks this provider again for the rest of the word, so typing "c", "a", "l", "c" at a normal pace showed
 * no terms at all. One item that matches no typed word keeps the list incomplete and is never shown.
 */
function askAgain(position: vscode.Position, answer: CompletionAnswer): vscode.CompletionList<TermCompletionItem> {
  const item = new TermCompletionItem(answer.word.typed, '', '');
  item.filterText = '\u0000';
  item.insertText = answer.word.typed;
  item.sortText = '~';
  item.range = new vscode.Range(position.line, answer.word.start, position.line, position.character);
  return new vscode.CompletionList([item], true);
}
