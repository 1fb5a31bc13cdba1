/**
 * Problems in This Note, as a clinician meets it in VS Code in a browser: the note's conditions grouped by
 * status in the Clinical Notes view, and a hover that says a term is only possible. Screenshot:
 * docs/screenshots/problems.png.
 */
import * as assert from 'node:assert/strict';
import { workbench } from './ui';

const SIDEBAR = '.part.sidebar';
/** Rows of the Problems in This Note pane only (the Knowledge view shares the sidebar). */
const TREE_ROW = `${SIDEBAR} .pane:has(.pane-header:has-text("Problems in This Note")) .monaco-list-row`;

describe('e2e: problems in this note', () => {
  it('lists the sample note\'s conditions by status; a hover says "Possible" first', async () => {
    const wb = workbench();
    await wb.openFile('sample.note');
    await wb.waitForExtensionActivation();
    await wb.goToEndOfFile();
    await wb.type('\nRule out calciphylaxis.\n\nFamily history:\nMother with dermatomyositis.');
    await wb.press('Escape');

    const hover = await wb.hoverWord('calciphylaxis');
    assert.match(hover.text, /^Possible \('Rule out'\)/);
    await wb.dismissHover();

    await wb.runCommand('Clinical Notes: Show Problems in This Note');
    const rows = wb.page.locator(TREE_ROW);
    await rows.filter({ hasText: 'calciphylaxis' }).first().waitFor();
    const texts = await rows.allInnerTexts();
    const flat = texts.map((t) => t.replace(/\s+/g, ' ').trim());
    const at = (label: string) => flat.findIndex((t) => t.startsWith(label));
    // Groups in order, each condition under its group.
    assert.ok(at('Present') >= 0 && at('Present') < at('calcinosis cutis') && at('calcinosis cutis') < at('Possible'), flat.join(' | '));
    assert.ok(at('Possible') < at('calciphylaxis') && at('calciphylaxis') < at('Family'), flat.join(' | '));
    assert.ok(at('Family') < at('dermatomyositis'), flat.join(' | '));
    assert.match(flat[at('calcinosis cutis')]!, /L94\.2/);
    assert.doesNotMatch(flat[at('dermatomyositis')]!, /M33/, 'no code for the mother\'s condition');
    await wb.screenshot('problems');
  });

  // Back to the Explorer for the tests that follow (they open files from it), pass or fail.
  after(async () => {
    await workbench().runCommand('View: Show Explorer');
  });
});
