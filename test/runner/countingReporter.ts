/**
 * Mocha's spec reporter (without its own count block) plus two things CI needs: a last line `N passed, N failed` (CI counts tests
 * from it) and `test-results/counts/<suite>.json`, which `summary.ts` adds up across suites.
 *
 *   mocha --reporter out/test/runner/countingReporter.js --reporter-option suite=unit
 */
import Mocha from 'mocha';
import { writeCounts } from './codeServer';
import { SpecWithoutCounts } from './specWithoutCounts';

class CountingReporter extends SpecWithoutCounts {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const suite = String((options?.reporterOptions as Record<string, unknown> | undefined)?.suite ?? 'mocha');
    // `once`: registered after Spec's own EVENT_RUN_END listener, so this prints after its epilogue.
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      writeCounts(suite, { passed: passes, failed: failures, pending });
      console.log(`${passes} passed, ${failures} failed`);
    });
  }
}

export = CountingReporter;
