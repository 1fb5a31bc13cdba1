/**
 * The `extensionTestsPath` module: VS Code's extension host awaits `run()` (code-server via
 * `test/runner/runIntegration.ts`, or @vscode/test-electron via `test/runner/runElectron.ts`).
 *
 * Runs every compiled `*.test.js` below this folder with mocha (bdd: `describe`/`it`). Mocha
 * comes from the repo's node_modules: this file runs from `out/test/integration/` inside the repo,
 * even when the extension under test is the installed vsix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { SpecWithoutCounts } from '../runner/specWithoutCounts';

export async function run(): Promise<void> {
  // Stack traces point into the .ts sources (the tests carry inline source maps).
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: SpecWithoutCounts,
    // Host calls (activation, providers) are slower than plain Node; durations are not asserted.
    timeout: 60_000,
  });
  // Plain text: the host forwards console lines to the runner (and CI logs). Passing
  // `color: false` to the constructor does nothing (it applies only truthy flags); run() reads this.
  mocha.options.color = false;
  for (const file of findTests(__dirname)) mocha.addFile(file);

  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
    } catch (err) {
      reject(err);
    }
  });
  // The runner reads this exact line to count tests.
  console.log(`${stats.passes} passed, ${stats.failures} failed, ${stats.pending} pending`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
  if (stats.passes === 0) throw new Error('no integration test ran');
}

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(p));
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
