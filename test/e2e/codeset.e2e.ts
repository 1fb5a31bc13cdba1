/**
 * An imported ICD-10-CM code set as a clinician meets it in VS Code in a browser: the clinic imports the
 * CMS order file into the workspace with the shipped CLI, then types a category and hovers a code.
 * Screenshots go to docs/screenshots/: `codeset-completion.png` and `codeset-hover.png`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../runner/codeServer';
import { workbench } from './ui';

describe('e2e: an imported ICD-10-CM code set', () => {
  it('typing a category lists its codes with official titles; hovering a code shows whether it is billable', async () => {
    const wb = workbench();
    const packDir = path.join(wb.server.workspaceDir, '.clinical-notes');
    const run = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'dist', 'cli.js'), 'import', 'icd10cm', path.join(REPO_ROOT, 'test', 'fixtures', 'icd10cm', 'icd10cm_order_sample.txt'), '--edition', '2025', '-o', path.join(packDir, 'icd10cm-2025.json')],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    try {
      await wb.openFile('sample.note');
      await wb.waitForExtensionActivation();
      await wb.goToEndOfFile();
      await wb.press('Enter');
      // The pack loads in the background: ask again until its codes are in the list.
      await wb.type('Dx: E83');
      let labels: string[] = [];
      for (let i = 0; i < 40 && !labels.includes('E83.51'); i++) {
        await wb.press('Escape');
        labels = await wb.triggerSuggest().catch(() => []);
        if (!labels.includes('E83.51')) await wb.page.waitForTimeout(500);
      }
      assert.ok(labels.includes('E83.51'), `suggestions: ${labels.join(' | ')}`);
      const rows = await wb.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').allInnerTexts();
      assert.ok(rows.some((r) => /E83\.51[\s\S]*Hypocalcemia/.test(r)), `rows: ${rows.join(' | ')}`);
      // Clinical entries come before the code set: the first row is a code a built-in entry carries (calciphylaxis
      // E83.59, hypercalcemia E83.52, …; they tie on the typed code, and the widget may keep an earlier answer's order).
      assert.ok(['E83.59', 'E83.52', 'E83.50', 'E83.30'].includes(labels[0]!), `suggestions: ${labels.join(' | ')}`);
      assert.ok(labels.indexOf('E83.52') < labels.indexOf('E83'), `suggestions: ${labels.join(' | ')}`);
      // A code the built-in entry carries is not offered again from the code set.
      for (const code of ['E83.52', 'E83.59']) assert.equal(labels.filter((l) => l === code).length, 1, `${code} once: ${labels.join(' | ')}`);
      await wb.screenshot('codeset-completion');
      await wb.press('Escape');

      await wb.press('End');
      await wb.press('Enter');
      await wb.type('Calcinosis cutis, L94.2, and vitamin D deficiency, E55.9');
      await wb.press('Escape');
      const billable = await wb.hoverWord('E55.9');
      assert.match(billable.text, /Vitamin D deficiency, unspecified \(billable\)/);
      await wb.dismissHover();
      const both = await wb.hoverWord('L94.2');
      assert.match(both.text, /calcinosis cutis/i);
      assert.match(both.text, /In ICD-10-CM 2025 \(icd10cm_order_sample\.txt\): L94\.2 Calcinosis cutis \(billable\)/);
      await wb.page.waitForTimeout(600); // let the card finish fading in
      await wb.screenshot('codeset-hover');
      await wb.dismissHover();
    } finally {
      fs.rmSync(packDir, { recursive: true, force: true });
    }
  });
});
