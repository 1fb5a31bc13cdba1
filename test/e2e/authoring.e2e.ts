/**
 * Authoring as a clinician does it, in VS Code in a browser: an unfilled *** blank is squiggled and listed
 * in Problems, F2 jumps to it, "Choose Workup Items…" inserts several ticked items as one sentence, and the
 * note's sections show in the Outline and the breadcrumbs. Screenshots go to docs/screenshots/.
 */
import * as assert from 'node:assert/strict';
import { workbench } from './ui';

/** The DOM calls made in the page (the repo has no DOM lib on purpose). */
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
};

const QUICK_INPUT_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';

/** Opens sample.note with the extension active and the cursor on its last line (empty: under "Treatment plan:"). */
async function openSampleAtEnd(): Promise<ReturnType<typeof workbench>> {
  const wb = workbench();
  await wb.openFile('sample.note');
  await wb.waitForExtensionActivation();
  await wb.goToEndOfFile();
  return wb;
}

describe('e2e: authoring', () => {
  it('an unfilled *** blank is squiggled and listed in Problems with a quick fix; F2 selects it, typing fills it', async () => {
    const wb = await openSampleAtEnd();
    await wb.type('- Physical therapy: joints and goals: ***');
    await wb.press('Escape');
    // The squiggle appears after the checks' short debounce.
    const squiggle = wb.activeEditor().locator('.squiggly-info').first();
    await squiggle.waitFor();
    await wb.page.keyboard.press('Control+Shift+M');
    const problems = wb.page.locator('.markers-panel .monaco-list-row');
    await problems.filter({ hasText: 'Unfilled blank' }).first().waitFor();
    const card = await wb.hoverWord('***');
    assert.match(card.text, /Unfilled blank \(\*\*\*\): fill it in or remove the line/);
    assert.match(card.text, /Clinical Notes/);
    await wb.page.waitForTimeout(600); // let the card finish fading in
    await wb.screenshot('checks');
    await wb.dismissHover();

    // F2 (Epic's key) from the top of the note selects the blank; typing replaces it.
    await wb.focusEditor();
    await wb.press('Control+Home');
    await wb.press('F2');
    // The command runs in the extension host: wait until the editor shows the blank selected.
    await wb.page.locator('.statusbar-item', { hasText: /\(3 selected\)/ }).first().waitFor();
    await wb.page.keyboard.type('both hands, grip strength');
    const lines = await wb.visibleLines();
    assert.ok(lines.includes('- Physical therapy: joints and goals: both hands, grip strength'), `lines: ${JSON.stringify(lines)}`);
    await squiggle.waitFor({ state: 'detached' });
    await wb.runCommand('View: Hide Panel');
  });

  it('"Choose Workup Items…" from F1: tick two items (Space and a click), Enter inserts one sentence', async () => {
    const wb = await openSampleAtEnd();
    await wb.press('Enter');
    await wb.type('Further workup: ');
    await wb.press('Escape');
    await wb.runCommand('Clinical Notes: Choose Workup Items…');
    const qp = await wb.waitForQuickPick();
    assert.match(await qp.placeholder(), /Space ticks, Enter inserts one sentence \(joined with "and"\)/);
    // Grouped by kind: the separators name the groups.
    await wb.page.waitForFunction(() => /Laboratory tests/.test(document.querySelector('.quick-input-list')?.textContent ?? ''));

    // Keyboard: filter, move into the list, Space ticks the focused item.
    await qp.filter('serum calcium');
    await wb.page.locator(QUICK_INPUT_ROW).filter({ hasText: 'serum calcium' }).first().waitFor();
    await wb.press('ArrowDown');
    await wb.press('Space');
    // Mouse: filter again and click the item's checkbox.
    const box = wb.page.locator('.quick-input-widget .quick-input-box input');
    await box.fill('');
    await qp.filter('radiography');
    const row = wb.page.locator(QUICK_INPUT_ROW).filter({ hasText: 'plain radiography' }).first();
    await row.waitFor();
    await row.locator('.quick-input-list-checkbox, .monaco-custom-toggle, input[type=checkbox]').first().click();
    await box.fill('');
    // The title previews the sentence as items are ticked.
    const title = wb.page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: 'Serum calcium; plain radiography' }).waitFor();
    // Off the widget, so no tooltip covers the title's preview.
    await wb.page.mouse.move(1100, 650, { steps: 5 });
    await wb.page.locator('.workbench-hover').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
    await wb.screenshot('choose');
    await qp.accept();
    await qp.waitForClosed();
    const lines = await wb.visibleLines();
    assert.ok(lines.includes('Further workup: Serum calcium; plain radiography'), `lines: ${JSON.stringify(lines)}`);
  });

  it('the Outline view and the breadcrumbs show the note sections', async () => {
    const wb = workbench();
    await wb.openFile('sample.note');
    await wb.waitForExtensionActivation();
    await wb.runCommand('Explorer: Focus on Outline View');
    const outline = wb.page.locator('.outline-pane .monaco-list-row');
    await outline.filter({ hasText: 'Treatment plan' }).first().waitFor();
    const names = (await outline.allInnerTexts()).map((n) => n.trim());
    assert.deepEqual(names, ['Presentation', 'Workup', 'Assessment', 'Treatment plan']);
    // Clicking a section in the Outline moves the cursor to it; the breadcrumbs name the section.
    await outline.filter({ hasText: 'Assessment' }).first().click();
    await wb.page.locator('.statusbar-item', { hasText: /Ln 10, Col 1\b/ }).first().waitFor();
    const crumbs = wb.page.locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item');
    await crumbs.filter({ hasText: 'Assessment' }).first().waitFor();
    await wb.page.mouse.move(1, 1);
    await wb.screenshot('outline');
  });
});
