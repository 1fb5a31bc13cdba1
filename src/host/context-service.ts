/**
 * The context rules in the editor: `knowledge/context-rules.json` is read from the extension's folder (as the
 * built-in pack is, so the web host reads it too) and compiled by the engine once, after activation. Hovers
 * and the Problems view ask it; a request that comes before the rules are in waits for them.
 */
import * as vscode from 'vscode';
import type * as Engine from '../core/engine';
import type { ContextRules } from '../core/context/rules';
import type { Output } from './output';
import { loadEngine } from './pack-service';

const RULES_FILE = 'knowledge/context-rules.json';
/** Lines above a hovered one that are read for its section heading (Family history, Past medical history…). */
const HEADING_LINES = 200;

export class ContextService {
  private rules: ContextRules | undefined;
  private engine: typeof Engine | undefined;
  private loading: Promise<void> | undefined;

  private constructor() {}

  static start(extensionUri: vscode.Uri, output: Output): ContextService {
    const service = new ContextService();
    service.loading = (async () => {
      const [bytes, engine] = await Promise.all([vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, RULES_FILE)), loadEngine()]);
      const { rules, problems } = engine.compileContextRules([{ file: RULES_FILE, text: new TextDecoder('utf-8').decode(bytes) }]);
      for (const p of problems) output.appendLine(`${p.file}: ${p.path || '/'}: ${p.message}`);
      service.engine = engine;
      service.rules = rules;
    })().then(
      () => {
        service.loading = undefined;
      },
      (err: unknown) => {
        service.loading = undefined;
        output.appendLine(`The context rules could not be loaded: ${String(err)}`);
      },
    );
    return service;
  }

  /** The load while it runs. */
  pending(): Promise<void> | undefined {
    return this.loading;
  }

  /** The engine and rules, once loaded. */
  loaded(): { engine: typeof Engine; rules: ContextRules } | undefined {
    return this.engine && this.rules ? { engine: this.engine, rules: this.rules } : undefined;
  }

  /** The hover's context line for a mention on `line` ([start, end) in that line), or undefined when plain. */
  lineAt(document: vscode.TextDocument, line: number, start: number, end: number): string | undefined {
    const ready = this.loaded();
    if (!ready) return undefined;
    const before = document.getText(new vscode.Range(Math.max(0, line - HEADING_LINES), 0, line, 0));
    const text = before + document.lineAt(line).text;
    return ready.engine.contextLineAt(ready.rules, text, before.length + start, before.length + end);
  }
}
