/**
 * Adds up the counts the suites wrote to `test-results/counts/` and prints `N passed, N failed` as
 * the last line of `npm test`, so CI counts every test, not only the last suite's.
 *
 *   node out/test/runner/summary.js unit integration e2e
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESULTS_DIR, type SuiteCounts } from './codeServer';

const suites = process.argv.slice(2);
let passed = 0;
let failed = 0;
const parts: string[] = [];
for (const suite of suites) {
  const file = path.join(RESULTS_DIR, 'counts', `${suite}.json`);
  if (!fs.existsSync(file)) {
    console.error(`[summary] no counts for the ${suite} suite (${path.relative(process.cwd(), file)}): did it run?`);
    process.exit(1);
  }
  const counts = JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteCounts;
  passed += counts.passed;
  failed += counts.failed;
  parts.push(`${suite} ${counts.passed}/${counts.passed + counts.failed}`);
}
console.log(`[summary] ${parts.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
