/**
 * The `extensionTestsPath` module of the Restricted Mode run: `runIntegration.js --untrusted` starts
 * code-server with workspace trust enabled and the folder untrusted, and the host awaits `run()` here.
 * Only this folder's tests run: the main suite (`test/integration/`) assumes a trusted folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { SpecWithoutCounts } from '../runner/specWithoutCounts';

export async function run(): Promise<void> {
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({ ui: 'bdd', reporter: SpecWithoutCounts, timeout: 60_000 });
  // Plain text: the host forwards console lines to the runner (the constructor ignores `color: false`).
  mocha.options.color = false;
  for (const name of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, name));
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 }));
  });
  // The runner reads this exact line to count tests.
  console.log(`${stats.passes} passed, ${stats.failures} failed, ${stats.pending} pending`);
  if (stats.failures > 0) throw new Error(`${stats.failures} restricted-mode test(s) failed`);
  if (stats.passes === 0) throw new Error('no restricted-mode test ran');
}
