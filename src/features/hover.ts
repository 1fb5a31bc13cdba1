/**
 * Hover cards: the core decides what a term's hover says (core/hover.ts); this adapter reads the line and
 * converts the answer. The card is untrusted Markdown: no HTML, no command links from pack text.
 */
import * as vscode from 'vscode';
import { hoverAt } from '../core/cards/hover';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import type { ConfigSource } from '../host/config';
import { lineRange, untrustedMarkdown } from '../host/convert';
import { registerForLanguages } from '../host/languages';

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
    const contextLine = this.deps.contextLine;
    const contextOf = contextLine && ((start: number, end: number) => contextLine(document, position.line, start, end));
    const answer = hoverAt(this.deps.kb(), document.lineAt(position.line).text, position.character, contextOf);
    if (!answer) return undefined;
    return new vscode.Hover(untrustedMarkdown(answer.markdown), lineRange(position.line, answer.start, answer.end));
  }
}
