import * as vscode from 'vscode';
import type { ConfigSource } from './config';

/**
 * Registers a provider for the languages in `clinicalNotes.languages`, and registers it again when that
 * setting changes (VS Code selectors are fixed at registration).
 */
export function registerForLanguages(
  config: ConfigSource,
  register: (selector: vscode.DocumentSelector) => vscode.Disposable,
): vscode.Disposable {
  let languages = key(config.current.languages);
  let current = register(selectorFor(config.current.languages));
  const listener = config.onDidChange((c) => {
    const next = key(c.languages);
    if (next === languages) return;
    languages = next;
    current.dispose();
    current = register(selectorFor(c.languages));
  });
  return new vscode.Disposable(() => {
    listener.dispose();
    current.dispose();
  });
}

function key(languages: readonly string[]): string {
  return [...languages].sort().join('\n');
}

function selectorFor(languages: readonly string[]): vscode.DocumentFilter[] {
  return languages.map((language) => ({ language }));
}
