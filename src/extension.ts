import * as vscode from 'vscode';

/** Wiring only: build the services, register each feature, hand every disposable to VS Code. */
export async function activate(_context: vscode.ExtensionContext): Promise<void> {
  // Features are registered here as they land.
}

export function deactivate(): void {}
