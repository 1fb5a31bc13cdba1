/**
 * A clinic's dot phrase as a clinician uses it, in VS Code in a browser: the clinic's pack (written into
 * `.clinical-notes/`) offers `.clinicwu`; Enter expands it; F2 walks to the imaging list, which opens its
 * choices; two are ticked and Enter writes them joined with "and". Screenshot: docs/screenshots/phrase-list.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workbench } from './ui';

const PACK = {
  id: 'clinic-phrases',
  title: 'Clinic phrases',
  version: '1.0.0',
  sources: [{ id: 'H1', kind: 'reference', title: 'Clinic handbook', url: 'https://example.org/handbook' }],
  sections: [],
  entries: [],
  lists: [
    { id: 'clinic-imaging', title: 'Imaging', select: 'multi', required: true, joiner: 'and', choices: [{ text: 'plain radiography' }, { text: 'CT' }, { text: 'MRI' }, { text: 'ultrasound' }] },
  ],
  phrases: [
    { id: 'clinic-workup', trigger: 'clinicwu', title: 'Clinic workup', body: ['Clinic workup for @NAME@:', '- Imaging: {clinic-imaging}', '- Site: ***'] },
  ],
};

const QUICK_INPUT_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';

describe('e2e: dot phrases', () => {
  it('.clinicwu expands; F2 reaches the imaging list, its choices open, two ticked are written joined with "and"', async () => {
    const wb = workbench();
    const packDir = path.join(wb.server.workspaceDir, '.clinical-notes');
    fs.mkdirSync(packDir, { recursive: true });
    fs.writeFileSync(path.join(packDir, 'clinic-phrases.json'), JSON.stringify(PACK, null, 2));
    try {
      await wb.openFile('sample.note');
      await wb.waitForExtensionActivation();
      await wb.goToEndOfFile();
      await wb.press('Enter');
      // The pack loads in the background: ask again until its phrase is offered.
      await wb.type('.clinicwu');
      let labels: string[] = [];
      for (let i = 0; i < 40 && labels[0] !== '.clinicwu'; i++) {
        await wb.press('Escape');
        labels = await wb.triggerSuggest().catch(() => []);
        if (labels[0] !== '.clinicwu') await wb.page.waitForTimeout(500);
      }
      assert.equal(labels[0], '.clinicwu', `suggestions: ${labels.join(' | ')}`);
      await wb.acceptSuggestion();
      await wb.press('Escape');
      let lines = await wb.visibleLines();
      assert.ok(lines.includes('- Imaging: {clinic-imaging}'), `lines: ${JSON.stringify(lines)}`);

      // F2 from the top: the name blank (the note has no header), then the list, which opens its choices.
      await wb.press('Control+Home');
      const title = wb.page.locator('.quick-input-widget .quick-input-title');
      const listOpen = () => title.filter({ hasText: 'Imaging (required)' }).waitFor({ timeout: 3000 }).then(() => true, () => false);
      for (let i = 0; i < 4; i++) {
        await wb.press('F2');
        if (await listOpen()) break;
      }
      const qp = await wb.waitForQuickPick();
      assert.match(await qp.placeholder(), /Space ticks, Enter writes them joined with "and"/);
      for (const choice of ['CT', 'MRI']) {
        await qp.filter(choice);
        // The filtered list shows the choice (its row also holds a checkbox, so match the label, not the row's text).
        await wb.page.locator(QUICK_INPUT_ROW).locator('.label-name', { hasText: choice }).first().waitFor();
        await wb.press('ArrowDown');
        await wb.press('Space');
        await wb.page.locator('.quick-input-widget .quick-input-box input').fill('');
      }
      await title.filter({ hasText: 'Imaging (required): CT and MRI' }).waitFor();
      await wb.page.mouse.move(1100, 650, { steps: 5 });
      await wb.screenshot('phrase-list');
      await qp.accept();
      await qp.waitForClosed();
      lines = await wb.visibleLines();
      assert.ok(lines.includes('- Imaging: CT and MRI'), `lines: ${JSON.stringify(lines)}`);
    } finally {
      fs.rmSync(packDir, { recursive: true, force: true });
    }
  });
});
