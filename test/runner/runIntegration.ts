/**
 * Runs the extension-host mocha suite (`test/integration/**\/*.test.ts`, compiled to
 * `out/test/integration/`) inside a real VS Code 1.100.3 (code-server), against the PACKAGED
 * extension: `npm run package && node out/test/runner/runIntegration.js`.
 *
 * How the shipped bits are what runs: the `.vsix` is installed with `code-server --install-extension`
 * into a fresh extensions folder, exactly as a user installs it, and `extensionDevelopmentPath`
 * points at THAT installed folder (not at the repo). A development path is what puts the window
 * in extension-test mode (the `extensionTestsPath` contract); pointing it at the installed copy
 * means the host loads the vsix's own `package.json` and `dist/` bundle, so a file missing from
 * the vsix (.vscodeignore), a broken manifest or an unbundled import fails here and not in a
 * user's editor. Loading the repo folder instead would test `dist/` beside `src/` and
 * `node_modules/`, i.e. not what ships. `CLINICAL_NOTES_TEST_VSIX=1` tells the suite so (it
 * checks the layout then; under @vscode/test-electron the development path is the repo).
 *
 * The suite module itself (`extensionTestsPath`) stays in the repo's `out/`, so its
 * `require('mocha')` resolves from the repo's `node_modules` (the vsix has none).
 *
 * With `--untrusted`, the Restricted Mode suite (`test/integration-untrusted/`) runs instead, in a
 * workspace that is not trusted (workspace trust enabled, no startup prompt), and counts as the
 * `integration-untrusted` suite.
 *
 * Exits with the suite's code; prints `N passed, N failed` last.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import {
  REPO_ROOT,
  RESULTS_DIR,
  SetupError,
  checkPrerequisites,
  launchBrowser,
  safeRead,
  startCodeServer,
  stopServersOnSignals,
  writeCounts,
  type BrowserSession,
  type CodeServer,
} from './codeServer';

/** The whole suite, workbench load included; override with INTEGRATION_TIMEOUT_MS. */
const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS) || 10 * 60_000;
const UNTRUSTED = process.argv.includes('--untrusted');
const SUITE = UNTRUSTED ? 'integration-untrusted' : 'integration';
const SUITE_INDEX = path.join(REPO_ROOT, `out/test/${SUITE}/index`);
/** The line `test/integration/index.ts` prints when mocha is done. */
const COUNTS_LINE = /^(\d+) passed, (\d+) failed(?:, (\d+) pending)?$/;

async function main(): Promise<number> {
  checkPrerequisites();
  if (!fs.existsSync(`${SUITE_INDEX}.js`)) {
    throw new SetupError(`${path.relative(REPO_ROOT, SUITE_INDEX)}.js is missing; run: npm run build:tests`);
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.rmSync(path.join(RESULTS_DIR, `counts/${SUITE}.json`), { force: true });

  const started = Date.now();
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let counts: { passed: number; failed: number; pending: number } | undefined;
  try {
    server = await startCodeServer({
      label: SUITE,
      env: {
        CLINICAL_NOTES_TEST_VSIX: '1',
        // Wraps Node's network entry points in every process of the run before any extension loads
        // (test/integration/0-privacy.test.ts asserts the extension never used them).
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(REPO_ROOT, 'out/test/integration/network-guard.js')}`.trim(),
      },
      ...(UNTRUSTED ? { workspaceTrust: 'untrusted' as const } : {}),
    });
    const srv = server;
    console.log(`[integration] code-server ${srv.baseUrl}; extension installed from the vsix at ${srv.installedExtensionDir}`);
    browser = await launchBrowser();
    const { page } = browser;

    let resolveExit!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      const text = formatLogArgs(args);
      // VS Code logs a CodeExpectedError (an error it expects, such as a cancelled dialog) with its stack;
      // it says nothing about the tests. The count line is read here and printed once, at the end.
      if (isExpectedWorkbenchError(text)) return;
      if (type !== 'error' && isWorkbenchChatter(text)) return;
      const m = COUNTS_LINE.exec(text.trim());
      if (m) {
        counts = { passed: Number(m[1]), failed: Number(m[2]), pending: Number(m[3] ?? 0) };
        return;
      }
      (type === 'error' ? console.error : console.log)(text);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => resolveExit(Number(code)));
    page.on('pageerror', (err) => console.error(`[integration] page error: ${err.message}`));

    await page.goto(
      srv.workbenchUrl([
        ['extensionDevelopmentPath', srv.remoteUri(srv.installedExtensionDir)],
        ['extensionTestsPath', srv.remoteUri(SUITE_INDEX)],
        ['skipWelcome', 'true'],
      ]),
    );

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)));
    const result = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      await saveFailureArtifacts(browser, srv);
      console.error(
        `[integration] FAILED: the suite did not finish within ${TIMEOUT_MS / 1000} s ` +
          `(no codeAutomationExit). Screenshot and logs: ${path.relative(REPO_ROOT, RESULTS_DIR)}/${SUITE}-*`,
      );
      return 1;
    }
    if (result !== 0) await saveFailureArtifacts(browser, srv);
    console.log(`[integration] finished with code ${result} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!counts) {
      console.error('[integration] FAILED: the suite never reported its counts (did run() load? see the log above)');
      return 1;
    }
    return result;
  } finally {
    await browser?.close();
    await server?.stop();
    if (counts) {
      writeCounts(SUITE, counts);
      // Last line, for CI to count.
      console.log(`${counts.passed} passed, ${counts.failed} failed`);
    }
  }
}

/** A workbench log entry that is VS Code's own expected error (`CodeExpectedError` and its stack). */
function isExpectedWorkbenchError(text: string): boolean {
  return /^CodeExpectedError\b/.test(text.trimStart());
}

/**
 * The workbench's own start-up lines (connection token, sockets, service worker, caches, chat storage): how
 * the browser reached code-server, not what the tests did. Errors are never dropped.
 */
const WORKBENCH_CHATTER = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore:)/;
function isWorkbenchChatter(text: string): boolean {
  return WORKBENCH_CHATTER.test(text.trimStart());
}

/** The workbench hands over the host's console arguments unformatted (mocha logs `'%s  %d passing', …`). */
function formatLogArgs(args: unknown): string {
  if (Array.isArray(args)) return util.format(...args);
  return typeof args === 'string' ? args : util.inspect(args);
}

async function saveFailureArtifacts(browser: BrowserSession, server: CodeServer): Promise<void> {
  await browser.page.screenshot({ path: path.join(RESULTS_DIR, `${SUITE}-failure.png`) }).catch(() => undefined);
  fs.writeFileSync(path.join(RESULTS_DIR, `${SUITE}-code-server.log`), safeRead(server.logFile));
}

stopServersOnSignals();
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SetupError) console.error(`[integration] ${err.message}`);
    else console.error('[integration] FAILED:', err);
    process.exit(1);
  },
);
