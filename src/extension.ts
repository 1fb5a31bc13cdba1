import * as vscode from 'vscode';
import { WorkspaceConfig } from './host/config';
import { registerBlankNavigation } from './features/blanks';
import { registerBrowser } from './features/browser';
import { registerCardView } from './features/card-view';
import { registerChooseCommands } from './features/choose';
import { registerCompletion } from './features/completion';
import { registerDiagnostics } from './features/diagnostics';
import { registerHover } from './features/hover';
import { registerInsertCommands } from './features/insert';
import { registerLookup } from './features/lookup';
import { registerOutline } from './features/outline';
import { registerPhrases } from './features/phrases';
import { KnowledgePacks } from './host/pack-service';
import { registerPackCommands } from './features/pack-commands';
import { registerQuickFixes } from './features/quick-fixes';
import { registerWalkthrough } from './features/walkthrough';
import { ContextService } from './host/context-service';
import { registerProblemsView } from './features/problems-view';
import { LazyOutputChannel } from './host/output';
import { OUTPUT_CHANNEL } from './host/ids';

/**
 * Wiring only: build the services, register each feature, hand every disposable to VS Code. Nothing here
 * reads a file or builds an index (`npm run bench -- --vscode` measures this in VS Code's Running Extensions).
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = new LazyOutputChannel(OUTPUT_CHANNEL);
  const config = new WorkspaceConfig();
  context.subscriptions.push(output, config);

  // The built-in pack and the clinic's own, reloaded when they change: features call `deps.kb()` each
  // time, so they use the knowledge of the last load. Loading starts here and is not awaited: a
  // feature asked before the built-in pack is in waits for it (`pending`).
  const personalPack = vscode.Uri.joinPath(context.globalStorageUri, 'personal-phrases.json');
  const packCache = vscode.Uri.joinPath(context.globalStorageUri, 'pack-cache');
  const packs = KnowledgePacks.start({ extension: context.extension, config, output, personalPack, packCache });
  context.subscriptions.push(packs);

  const deps = { kb: () => packs.kb(), pending: () => packs.pending(), config };
  const contextRules = ContextService.start({ extensionUri: context.extensionUri, output, config });
  context.subscriptions.push(contextRules);
  // The Problems view recomputes when the packs or the context rules change.
  const onDidChangeNoteReading: vscode.Event<unknown> = (listener, thisArgs, disposables) => {
    const both = vscode.Disposable.from(packs.onDidReload(listener, thisArgs), contextRules.onDidReload(listener, thisArgs));
    disposables?.push(both);
    return both;
  };
  context.subscriptions.push(
    registerCompletion(deps),
    registerHover({ ...deps, pending: () => packs.pending() ?? contextRules.pending(), contextLine: (d, l, s, e) => contextRules.lineAt(d, l, s, e) }),
    registerLookup({ ...deps, onDidChangeKnowledge: packs.onDidReload }),
    registerInsertCommands(deps),
    registerCardView(deps),
    registerPackCommands({ packs, output }),
    registerBrowser({ ...deps, onDidChangeKnowledge: packs.onDidReload }),
    registerWalkthrough({ ...deps, extensionUri: context.extensionUri }),
    registerDiagnostics({ ...deps, context: contextRules }),
    registerQuickFixes(deps),
    registerBlankNavigation(deps),
    registerOutline(deps),
    registerChooseCommands(deps),
    registerProblemsView({ ...deps, context: contextRules, onDidChangeKnowledge: onDidChangeNoteReading, languages: () => config.current.languages }),
    registerPhrases({ ...deps, personalPack }),
  );
}

export function deactivate(): void {}
