import * as vscode from 'vscode';
import { WorkspaceConfig } from './config';
import { KnowledgeBase } from './core/service';
import { formatProblem, type Problem } from './core/types';
import { registerBlankNavigation } from './features/blanks';
import { registerCardView } from './features/card-view';
import { registerChooseCommands } from './features/choose';
import { registerCompletion } from './features/completion';
import { registerDiagnostics } from './features/diagnostics';
import { registerHover } from './features/hover';
import { registerInsertCommands } from './features/insert';
import { registerLookup } from './features/lookup';
import { registerOutline } from './features/outline';
import { registerQuickFixes } from './features/quick-fixes';
import { OUTPUT_CHANNEL } from './ids';

/** Wiring only: build the services, register each feature, hand every disposable to VS Code. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL);
  const config = new WorkspaceConfig();
  context.subscriptions.push(output, config);

  // workspace.fs reads the bundled pack on desktop, in code-server and in VS Code for the Web alike.
  const packFile = 'knowledge/calcinosis.json';
  const packUri = vscode.Uri.joinPath(context.extensionUri, packFile);
  const readError: Problem[] = [];
  const text = await vscode.workspace.fs.readFile(packUri).then(
    (bytes) => new TextDecoder().decode(bytes),
    (err: unknown) => {
      readError.push({ file: packFile, path: '', message: `cannot be read: ${String(err)}`, severity: 'error' });
      return undefined;
    },
  );
  const loaded = KnowledgeBase.load(text === undefined ? [] : [{ file: packFile, text }]);
  const kb = loaded.kb;
  const problems = [...readError, ...loaded.problems];
  if (problems.length) {
    for (const p of problems) output.appendLine(`${p.severity}: ${formatProblem(p)}`);
    void vscode.window
      .showWarningMessage(`Clinical Notes: ${problems.length} problem(s) in the knowledge base.`, 'Show Details')
      .then((choice) => choice && output.show(true));
  }

  const deps = { kb: () => kb, config };
  context.subscriptions.push(
    registerCompletion(deps),
    registerHover(deps),
    registerLookup(deps),
    registerInsertCommands(deps),
    registerCardView(deps),
    registerDiagnostics(deps),
    registerQuickFixes(deps),
    registerBlankNavigation(),
    registerOutline(deps),
    registerChooseCommands(deps),
  );
}

export function deactivate(): void {}
