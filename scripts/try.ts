/**
 * `npm start`: the packaged extension in a real VS Code (code-server on localhost), on a scratch copy of
 * the sample workspace, for a reader to try. Prints the URL and runs until Ctrl+C, then removes the
 * scratch copy (KEEP_TEST_TMP=1 keeps it). Nothing listens beyond 127.0.0.1.
 */
import * as path from 'node:path';
import { CODE_SERVER_VERSION, VSIX, checkPrerequisites, startCodeServer, stopServersOnSignals } from '../test/runner/codeServer';

async function main(): Promise<void> {
  checkPrerequisites();
  stopServersOnSignals();
  const server = await startCodeServer({ label: 'try', settings: { 'workbench.startupEditor': 'none' } });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out('');
  out(`Clinical Notes (${path.basename(VSIX)}) is running in a real VS Code (code-server ${CODE_SERVER_VERSION}) at:`);
  out('');
  out(`    ${server.workbenchUrl()}`);
  out('');
  out('Open it in a browser, click sample.note in the Explorer, and try:');
  out('  - type "calc" or "PTH" at the end of a line: completions with their cards;');
  out('  - hover "systemic sclerosis", "CREST" or "L94.2": the card with codes and sources;');
  out('  - type "workup" or "plan" and press Tab, or F1 → "Clinical Notes: Insert Workup Section";');
  out('  - F1 → "Clinical Notes: Search Knowledge Base…".');
  out('');
  out(`The workspace is a scratch copy in ${server.workspaceDir}; it is deleted when you stop (Ctrl+C).`);
  out('Desktop VS Code instead: code --install-extension clinical-notes.vsix');
  await new Promise<never>(() => undefined);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
