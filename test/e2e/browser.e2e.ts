/**
 * The knowledge browser, the Getting Started walkthrough and the browser bundle, as a clinician meets
 * them in VS Code in a browser. Screenshots go to docs/screenshots/ for the README:
 * `browser.png` (the Clinical Notes view, filtered, with a card open), `walkthrough.png` (the Getting
 * Started page), `web.png` (completion from the extension running in code-server's web-worker extension
 * host) and `web-host.png` (the extension saying which host it runs in).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { icd10cmPackText, importIcd10cm } from '../../src/core/knowledge/icd10cm';
import { generateIcd10cmOrderFile } from '../generators/gen-icd10cm';
import { EXTENSION_ID, launchBrowser, startCodeServer, type BrowserSession, type CodeServer } from '../runner/codeServer';
import { UI_TIMEOUT_MS, Workbench, workbench } from './ui';

/** The one DOM call made in the page (the repo has no DOM lib on purpose). */
declare const document: { querySelectorAll(selector: string): Iterable<{ textContent: string | null }> };

const SIDEBAR = '.part.sidebar';
/** Rows of the Knowledge view only (Problems in This Note shares the sidebar, and lists the note's conditions). */
const TREE_ROW = `${SIDEBAR} .pane:has(.pane-header:has-text("Knowledge")) .monaco-list-row`;
const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/** The row of the sidebar's tree whose label is exactly `label`. */
function treeRow(wb: Workbench, label: string): Locator {
  return wb.page.locator(TREE_ROW).filter({ has: wb.labelIs(label) }).first();
}

/** Opens the Clinical Notes view from its activity-bar icon and waits for its tree. */
async function openKnowledgeView(wb: Workbench): Promise<void> {
  const icon = wb.page.locator('.part.activitybar .action-item .action-label[aria-label^="Clinical Notes"]').first();
  await icon.click();
  await wb.page.locator(`${SIDEBAR} .title-label`, { hasText: /Clinical Notes/i }).first().waitFor();
  await treeRow(wb, 'Calcinosis').waitFor();
}

/** Clicks a button of the sidebar's title bar by its title (the buttons show while the pointer is there). */
/**
 * A view's title action. With one view in the Clinical Notes container VS Code puts its actions in the
 * container's title; with several (Knowledge, Problems in This Note) each view's header holds its own.
 */
async function clickViewAction(wb: Workbench, title: string): Promise<void> {
  const header = wb.page.locator(`${SIDEBAR} .pane-header`, { hasText: /Knowledge/ }).first();
  await (await header.isVisible() ? header : wb.page.locator(`${SIDEBAR} .composite.title`)).hover();
  await wb.page.locator(`${SIDEBAR} .action-label[aria-label^="${title}"]`).first().click();
}

describe('e2e: the knowledge browser', () => {
  it('shows the pack in the activity bar view, filters it, inserts an entry and opens its card', async () => {
    const wb = workbench();
    await wb.openFile('sample.note');
    await wb.waitForExtensionActivation();
    await wb.goToEndOfFile();
    await wb.press('Enter');
    await wb.type('Plan: ');

    await openKnowledgeView(wb);
    const sections = await wb.page.locator(TREE_ROW).allInnerTexts();
    assert.ok(sections.some((t) => /^Workup/.test(t.trim())), `rows: ${sections.join(' | ')}`);

    await clickViewAction(wb, 'Filter Knowledge Browser');
    await wb.page.locator(QUICK_INPUT).waitFor();
    await wb.page.keyboard.type('thiosulfate', { delay: 20 });
    await treeRow(wb, 'sodium thiosulfate').waitFor();
    await wb.press('Enter');
    await wb.page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
    await wb.page.locator(SIDEBAR, { hasText: /\d+ entries match "thiosulfate"/ }).first().waitFor();
    assert.equal(await treeRow(wb, 'calcinosis cutis').count(), 0, 'the filter hides what does not match');

    // Right-click → Insert at Cursor: the term goes into the note where its cursor was.
    await treeRow(wb, 'sodium thiosulfate').click({ button: 'right' });
    const menuItem = wb.page.locator('.context-view .action-label', { hasText: /^Insert at Cursor$/ }).first();
    await menuItem.hover();
    await menuItem.click();
    // A menu that has just opened can miss a click; the hovered item then runs on Enter, as by keyboard.
    const menu = wb.page.locator('.context-view .monaco-menu').first();
    if (!(await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(() => true, () => false))) await wb.press('Enter');
    await expectLine(wb, 'Plan: sodium thiosulfate');

    // A click opens the card beside the note.
    await treeRow(wb, 'sodium thiosulfate').click();
    await wb.page.locator('.tabs-container .tab', { hasText: /sodium thiosulfate/ }).first().waitFor();
    const card = await webviewText(wb, /Sources/);
    assert.match(card, /sodium thiosulfate/i);
    await wb.screenshot('browser');

    await clickViewAction(wb, 'Clear Knowledge Browser Filter');
    await treeRow(wb, 'Calcinosis').waitFor();
    await wb.page.locator(SIDEBAR, { hasText: /matches "thiosulfate"/ }).first().waitFor({ state: 'detached' });
  });

  // Back to the Explorer for the tests that follow (they open files from it), pass or fail.
  after(async () => {
    await workbench().runCommand('View: Show Explorer');
  });
});

describe('e2e: Getting Started walkthrough', () => {
  it('opens from the palette and its first step opens the sample note as an untitled Clinical Note', async () => {
    const wb = workbench();
    const qp = await wb.openPalette();
    await qp.filter('Welcome: Open Walkthrough');
    await qp.select('Welcome: Open Walkthrough...');
    await wb.page.locator(QUICK_INPUT).waitFor();
    await wb.page.keyboard.type('Clinical Notes', { delay: 10 });
    const item = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: /Get Started with Clinical Notes/ }).first();
    await item.click();
    const page = wb.page.locator('.gettingStartedContainer');
    await page.locator('.getting-started-category .category-title, h2', { hasText: /Get Started with Clinical Notes/ }).first().waitFor();
    for (const step of ['Open a sample note', 'Complete a term', 'Hover a term for its card', 'Insert a section', 'Search the knowledge']) {
      await page.locator('.step-title', { hasText: step }).first().waitFor();
    }
    await page.locator('.button-link, .monaco-button', { hasText: /^Open Sample Note$/ }).first().click();
    const untitled = wb.page.locator('.tabs-container .tab', { hasText: /Untitled/ }).first();
    await untitled.waitFor();
    await wb.page.waitForFunction(
      () => [...document.querySelectorAll('.monaco-editor .view-lines')].some((e) => (e.textContent ?? '').includes('Presentation:')),
    );
    await wb.page.waitForTimeout(800);
    await wb.screenshot('walkthrough');
  });
});

/** The text of the webview (the Markdown preview showing a card) whose text matches `pattern`, once rendered. */
async function webviewText(wb: Workbench, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const frame of wb.page.frames().filter((f) => f !== wb.page.mainFrame())) {
      const body = await frame
        .evaluate(() => (globalThis as unknown as { document: { body?: { innerText: string } } }).document.body?.innerText ?? '')
        .catch(() => '');
      if (pattern.test(body)) return body;
    }
    await wb.page.waitForTimeout(200);
  }
  return assert.fail(`no webview shows ${pattern}`);
}

async function expectLine(wb: Workbench, text: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let lines: string[] = [];
  while (Date.now() < deadline) {
    lines = await wb.visibleLines();
    if (lines.some((l) => l.trim() === text)) return;
    await wb.page.waitForTimeout(100);
  }
  assert.fail(`no line "${text}" in: ${JSON.stringify(lines)}`);
}

describe('e2e: the browser bundle in the web-worker extension host', () => {
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('with remote.extensionKind = ui, completion and hover work, the host is the web worker, and a big code set loads in a Web Worker', async function () {
    this.timeout(240_000);
    // Its own code-server: the setting must be there before the window loads.
    server = await startCodeServer({ label: 'e2e-web', settings: { 'remote.extensionKind': { [EXTENSION_ID]: ['ui'] } } });
    // A code set big enough to load off the host's thread (over 256 KB), in the workspace before the window opens.
    const imported = importIcd10cm(generateIcd10cmOrderFile(4000, 11), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
    const packText = icd10cmPackText(imported.pack);
    assert.ok(packText.length > 256 * 1024, `${packText.length} chars`);
    fs.mkdirSync(path.join(server.workspaceDir, '.clinical-notes'), { recursive: true });
    fs.writeFileSync(path.join(server.workspaceDir, '.clinical-notes', 'icd10cm-synthetic.json'), packText);
    browser = await launchBrowser();
    browser.page.setDefaultTimeout(UI_TIMEOUT_MS);
    const wb = new Workbench(browser.page, server);
    await wb.load();
    await wb.openFile('sample.note');

    // Completion: the web worker loads the extension asynchronously, so ask until it answers.
    await wb.goToEndOfFile();
    await wb.press('Enter');
    await wb.type('calc');
    // A multi-word term: the editor's own word suggestions ("calcinosis" is in the note) cannot offer it.
    const labels = await suggestUntil(wb, browser.page, (l) => l.includes('calcinosis cutis'));
    assert.ok(labels.includes('calcinosis cutis'), `suggestions: ${labels.join(' | ')}`);
    await wb.page.waitForTimeout(500);
    await wb.screenshot('web');
    await wb.press('Escape');

    const card = await wb.hoverWord('sclerosis');
    assert.match(card.text, /systemic sclerosis/i);
    assert.match(card.text, /Sources/);
    await wb.dismissHover();

    // Which host answered: the extension says so, and the server's Node host never activated it. The code set
    // was parsed and indexed by the pack worker (a Web Worker), not on the host's thread; ask until it is in.
    const title = wb.page.locator('.quick-input-widget .quick-input-title');
    let said = '';
    for (let i = 0; i < 30 && !/big packs:/.test(said); i++) {
      if (i) await wb.press('Escape'), await wb.page.waitForTimeout(1000);
      await wb.runCommand('Clinical Notes: Show Loaded Knowledge Packs');
      await title.filter({ hasText: /extension host:/ }).first().waitFor();
      said = await title.first().innerText();
    }
    assert.match(said, /extension host: web worker \(browser bundle\) · big packs: loaded by a pack worker/);
    await wb.page.waitForTimeout(300);
    await wb.screenshot('web-host');
    await wb.press('Escape');
    assert.doesNotMatch(wb.extensionHostLog(), new RegExp(`_doActivateExtension ${EXTENSION_ID.replace('.', '\\.')},`));
  });
});

/** Ctrl+Space until the suggestions satisfy `ok` (the extension may still be loading in its host). */
async function suggestUntil(wb: Workbench, page: Page, ok: (labels: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  let labels: string[] = [];
  while (Date.now() < deadline) {
    labels = await wb.triggerSuggest().catch(() => []);
    if (ok(labels)) return labels;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  return labels;
}
