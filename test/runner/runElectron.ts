/**
 * The same extension-host suite under @vscode/test-electron, for machines that can download
 * VS Code (this project's machines and CI cannot: they use runIntegration.ts and code-server).
 *
 *   npm run test:electron
 *
 * Here the extension is the repo folder (the F5 loop: `dist/` from `npm run build`), not the
 * vsix; the suite's vsix-layout test skips itself accordingly. VS Code 1.100.3 is the version
 * code-server 4.100.3 ships, so both runners test the same VS Code.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { FIXTURE_WORKSPACE, REPO_ROOT } from './codeServer';

async function main(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinical-notes-electron-'));
  const workspace = path.join(tempDir, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out/test/integration/index'),
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions stay out; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', path.join(tempDir, 'user-data'),
      ],
    });
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('[electron] FAILED:', err);
  process.exit(1);
});
