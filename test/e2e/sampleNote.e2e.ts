/**
 * The harness as a user sees it: the packaged extension installed in VS Code, a clinical note
 * opened from the Explorer, typed into, and shown in a screenshot.
 */
import * as assert from 'node:assert/strict';
import { workbench } from './ui';

describe('e2e: a clinical note in VS Code', () => {
  it('opens sample.note from the Explorer and types into it', async () => {
    const wb = workbench();
    await wb.openFile('sample.note');
    assert.equal((await wb.visibleLines())[0], 'Presentation:');

    await wb.goToEndOfFile();
    await wb.type('Start physical therapy for hand function; follow up in 3 months.');
    const lines = await wb.visibleLines();
    assert.ok(
      lines.some((l) => l.includes('follow up in 3 months.')),
      `typed text not shown; lines: ${JSON.stringify(lines)}`,
    );
    await wb.screenshot('sample-note');
  });
});
