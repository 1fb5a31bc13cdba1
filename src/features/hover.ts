/**
 * Hover cards: the term under the mouse (any word of a multi-word term, any case; abbreviations as
 * written) shows its card. The card is untrusted Markdown: no HTML, no command links from pack text.
 */
import * as vscode from 'vscode';
import { escapeMarkdown, officialCodeLine } from '../core/cards';
import { headingOfLine } from '../core/sections';
import { afterLoad, type KnowledgeDeps } from './knowledge-deps';
import type { ConfigSource } from '../config';
import { lineRange, untrustedMarkdown } from './convert';
import { registerForLanguages } from './languages';

export interface HoverDeps extends KnowledgeDeps {
  config: ConfigSource;
  /** The mention's context when not plainly present ("Negated here ('no')"), from the core's context engine. */
  contextLine?: (document: vscode.TextDocument, line: number, start: number, end: number) => string | undefined;
}

export function registerHover(deps: HoverDeps): vscode.Disposable {
  const provider = new TermHoverProvider(deps);
  return registerForLanguages(deps.config, (selector) => vscode.languages.registerHoverProvider(selector, provider));
}

export class TermHoverProvider implements vscode.HoverProvider {
  constructor(private readonly deps: HoverDeps) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.ProviderResult<vscode.Hover> {
    return afterLoad(this.deps, () => this.hover(document, position))();
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.deps.config.current.hover.enabled) return undefined;
    const kb = this.deps.kb();
    // One line is enough (terms never span lines) and keeps hovers cheap on huge notes.
    const line = document.lineAt(position.line).text;
    const match = kb.termAt(line, position.character);
    if (!match) return undefined;
    // "CC:" heading a line is the chief complaint, not an abbreviation to explain.
    if (match.abbreviation?.ambiguous && headingOfLine(line)?.title === match.text) return undefined;
    let card = kb.card(match.entry);
    // The code hovered: its official title and billable status first, then the clinical card.
    if (match.official) card = `${officialCodeLine(match.official, match.text, kb.knowledge)}\n\n${card}`;
    if (match.abbreviation?.ambiguous) {
      const why = match.abbreviation.note ? ` ${escapeMarkdown(match.abbreviation.note)}` : '';
      card = `**${escapeMarkdown(match.text)} is ambiguous** — check what the author meant.${why} If it means ${escapeMarkdown(match.entry.label)}:\n\n${card}`;
    }
    const context = this.deps.contextLine?.(document, position.line, match.start, match.end);
    if (context) card = `**${escapeMarkdown(context)}**\n\n${card}`;
    return new vscode.Hover(untrustedMarkdown(card), lineRange(position.line, match.start, match.end));
  }
}
