/**
 * Mocha root hooks for the e2e run (`--require out/test/e2e/hooks.js`): one code-server and one
 * browser page for all e2e files (the workbench alone takes ~6 s to load), a clean window
 * between tests, and a screenshot of the window when a test fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Context } from 'mocha';
import { RESULTS_DIR, safeRead, stopServersOnSignals } from '../runner/codeServer';
import { currentSession, startSession } from './ui';

stopServersOnSignals();

export const mochaHooks = {
  async beforeAll(this: Context): Promise<void> {
    this.timeout(180_000);
    await startSession();
  },

  async afterEach(this: Context): Promise<void> {
    const session = currentSession();
    if (!session) return;
    const test = this.currentTest;
    if (test?.state === 'failed') {
      const dir = path.join(RESULTS_DIR, 'e2e-failures');
      fs.mkdirSync(dir, { recursive: true });
      const name = test.fullTitle().replace(/[^\w.-]+/g, '_').slice(0, 120);
      await session.browser.page.screenshot({ path: path.join(dir, `${name}.png`) }).catch(() => undefined);
    }
    await session.workbench.reset();
  },

  async afterAll(this: Context): Promise<void> {
    this.timeout(30_000);
    const session = currentSession();
    if (!session) return;
    // Keep the server's and extension host's logs for a failed run's post-mortem.
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'e2e-code-server.log'), safeRead(session.server.logFile));
    fs.writeFileSync(path.join(RESULTS_DIR, 'e2e-exthost.log'), session.workbench.extensionHostLog());
    await session.close();
  },
};
