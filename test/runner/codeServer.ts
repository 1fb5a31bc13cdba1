/**
 * A real VS Code for tests, with no download: code-server 4.100.3 (VS Code 1.100.3, installed by
 * `scripts/setup-test-vscode.sh` into `.vscode-test/code-server`) driven by Debian's Chromium
 * through playwright-core. Shared by the integration runner and the e2e suite.
 *
 * Each session gets a fresh temp folder holding the user data, the extensions folder (into which
 * the packaged `.vsix` is installed, as a user would) and a copy of `test/fixtures/workspace/`.
 * code-server runs in its own process group, which is always stopped as a whole: it forks file
 * watchers, the extension host and language servers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The repo root: this file runs from `out/test/runner/`, and is type-checked from `test/runner/`. */
export const REPO_ROOT = findRepoRoot(__dirname);
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_BIN = path.join(REPO_ROOT, '.vscode-test/code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Written by `npm run package`. */
export const VSIX = path.join(REPO_ROOT, 'clinical-notes.vsix');
export const EXTENSION_ID = 'clinical-notes.clinical-notes';
export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/workspace');
/** Test output (screenshots, logs, counts); git ignores it. */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

/** The flags the shared testing doc gives: no sandbox as root, and no calls home on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.mjs'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repo root above ${from}`);
  }
}

/** Thrown for a missing prerequisite: the message says what to run. */
export class SetupError extends Error {}

/**
 * Fails loudly (never skips) when the real-VS-Code tests cannot run here, naming the command that
 * fixes it.
 */
export function checkPrerequisites(): void {
  const fix = 'run: bash scripts/setup-test-vscode.sh';
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    throw new SetupError(`code-server ${CODE_SERVER_VERSION} is not installed in .vscode-test/code-server; ${fix}`);
  }
  const installed = readJson(path.join(REPO_ROOT, '.vscode-test/code-server/node_modules/code-server/package.json'))?.version;
  if (installed !== CODE_SERVER_VERSION) {
    throw new SetupError(`.vscode-test/code-server has code-server ${installed}, not ${CODE_SERVER_VERSION}; ${fix}`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new SetupError(`Chromium is not installed at ${CHROMIUM}; ${fix}`);
  if (!fs.existsSync(VSIX)) throw new SetupError(`${path.basename(VSIX)} is missing; run: npm run package`);
  warnIfVsixIsStale();
}

/**
 * A warning, not a failure: the tests run what the vsix holds, which may predate the working
 * tree (others edit it concurrently; CI packages right before testing).
 */
function warnIfVsixIsStale(): void {
  const built = fs.statSync(VSIX).mtimeMs;
  const newer = ['package.json', 'src', 'knowledge', 'snippets', 'syntaxes', 'media']
    .flatMap((p) => listFiles(path.join(REPO_ROOT, p)))
    .find((f) => fs.statSync(f).mtimeMs > built);
  if (newer) {
    console.warn(`[vsix] warning: ${path.basename(VSIX)} is older than ${path.relative(REPO_ROOT, newer)}; run \`npm run package\` to test the latest sources`);
  }
}

function listFiles(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs.readdirSync(p).flatMap((name) => listFiles(path.join(p, name)));
}

function readJson(file: string): { version?: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Options for {@link startCodeServer}. */
export interface CodeServerOptions {
  /** Prefix of the temp folder's name, to tell runs apart in /tmp. */
  label: string;
  /** Extra environment for the server and so for its extension host. */
  env?: Record<string, string>;
  /** User settings written to `User/settings.json` before start. */
  settings?: Record<string, unknown>;
  /**
   * `off` (default): workspace trust disabled, every folder trusted (`--disable-workspace-trust`).
   * `untrusted`: trust enabled and the folder left untrusted, with no startup prompt: Restricted Mode.
   */
  workspaceTrust?: 'off' | 'untrusted';
  /** Further .vsix files installed beside ours (the bench's empty reference extension). */
  extraExtensions?: readonly string[];
}

/** A running code-server with its own fresh folders. */
export interface CodeServer {
  /** `127.0.0.1:PORT`: also the authority of its `vscode-remote://` URIs. */
  readonly authority: string;
  readonly baseUrl: string;
  /** The temp folder holding everything below; removed by {@link CodeServer.stop}. */
  readonly tempDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The temp copy of `test/fixtures/workspace/` that the window opens. */
  readonly workspaceDir: string;
  /** Where the packaged extension was installed (`<extensionsDir>/clinical-notes.clinical-notes-<version>`). */
  readonly installedExtensionDir: string;
  /** The server's own stdout/stderr. */
  readonly logFile: string;
  /** A `vscode-remote://` URI for an absolute path on the server's machine. */
  remoteUri(absPath: string): string;
  /** The workbench URL for the workspace, with an optional `payload` (list of string pairs). */
  workbenchUrl(payload?: ReadonlyArray<readonly [string, string]>): string;
  /** Stops the whole process group, then removes the temp folder (kept when KEEP_TEST_TMP=1). */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks; the tiny race until code-server binds is accepted). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Installs the packaged `.vsix` into a fresh extensions folder and starts code-server on the
 * workspace copy; resolves once it answers `/healthz`.
 */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `clinical-notes-${opts.label}-`));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  const workspaceDir = path.join(tempDir, 'workspace');
  const logFile = path.join(tempDir, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir);
  fs.cpSync(FIXTURE_WORKSPACE, workspaceDir, { recursive: true });
  const settings = {
    // Quiet, deterministic windows: no tours, no release notes, no "restore what was open".
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'update.showReleaseNotes': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': opts.workspaceTrust === 'untrusted',
    // Restricted Mode without the modal that asks (nobody would answer it); the banner says so.
    ...(opts.workspaceTrust === 'untrusted' ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
    ...opts.settings,
  };
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));

  // XDG_*: code-server otherwise writes ~/.config/code-server/config.yaml and reads the user's own.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tempDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(tempDir, 'xdg-data'),
    ...opts.env,
  };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const install = spawnSync(CODE_SERVER_BIN, [...common, '--install-extension', VSIX], { env, encoding: 'utf8' });
  const installedExtensionDir = fs
    .readdirSync(extensionsDir)
    .map((name) => path.join(extensionsDir, name))
    .find((dir) => path.basename(dir).startsWith(`${EXTENSION_ID}-`) && fs.statSync(dir).isDirectory());
  if (install.status !== 0 || !installedExtensionDir) {
    throw new Error(`code-server --install-extension ${VSIX} failed (${install.status}):\n${install.stdout}${install.stderr}`);
  }
  for (const vsix of opts.extraExtensions ?? []) {
    const extra = spawnSync(CODE_SERVER_BIN, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (extra.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${extra.status}):\n${extra.stdout}${extra.stderr}`);
  }

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const log = fs.openSync(logFile, 'w');
  // detached: a new process group (setsid), so stop() can signal the server and all it forked.
  const child: ChildProcess = spawn(
    CODE_SERVER_BIN,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', authority,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.workspaceTrust === 'untrusted' ? [] : ['--disable-workspace-trust']),
      workspaceDir,
    ],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killGroup(child, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
    // The leader may be gone while children linger; SIGKILL the group either way (ESRCH is fine).
    killGroup(child, 'SIGKILL');
    if (!done) await Promise.race([exited, delay(2000)]);
    if (process.env.KEEP_TEST_TMP !== '1') fs.rmSync(tempDir, { recursive: true, force: true });
  };
  activeServers.add(stop);
  exited.then(() => activeServers.delete(stop));

  const baseUrl = `http://${authority}`;
  try {
    await waitForHealthz(baseUrl, child, 30_000, logFile);
  } catch (e) {
    await stop();
    throw e;
  }

  const remoteUri = (absPath: string) => `vscode-remote://${authority}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
  return {
    authority,
    baseUrl,
    tempDir,
    userDataDir,
    extensionsDir,
    workspaceDir,
    installedExtensionDir,
    logFile,
    remoteUri,
    workbenchUrl(payload) {
      const q = new URLSearchParams({ folder: workspaceDir });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${baseUrl}/?${q.toString()}`;
    },
    stop,
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function waitForHealthz(baseUrl: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited (${child.exitCode}) before answering; its log:\n${safeRead(logFile)}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get(`${baseUrl}/healthz`, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await delay(200);
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs / 1000} s; its log:\n${safeRead(logFile)}`);
}

export function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stops every server still running: for signal handlers and crashes. */
const activeServers = new Set<() => Promise<void>>();
export async function stopAllServers(): Promise<void> {
  await Promise.all([...activeServers].map((stop) => stop()));
}

/**
 * On Ctrl+C or a kill of the runner, stop the servers first (they live in their own process
 * groups, so the terminal's signal does not reach them).
 */
export function stopServersOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      void stopAllServers().finally(() => process.exit(128 + (os.constants.signals[signal] ?? 1)));
    });
  }
}

/** A headless Chromium page, sized like a laptop screen so screenshots read well in the README. */
export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Launches Debian's Chromium (never a downloaded browser) with the flags this machine needs. */
export async function launchBrowser(): Promise<BrowserSession> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/** Counts that each suite writes to `test-results/counts/<suite>.json`; `summary.ts` adds them up. */
export interface SuiteCounts {
  passed: number;
  failed: number;
  pending?: number;
}

export function writeCounts(suite: string, counts: SuiteCounts): void {
  const dir = path.join(RESULTS_DIR, 'counts');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${suite}.json`), JSON.stringify(counts) + '\n');
}
