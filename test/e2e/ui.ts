/**
 * Helpers for UI tests that use VS Code as a clinician would: a real VS Code 1.100.3 (code-server)
 * with the packaged extension installed from the `.vsix`, in headless Chromium.
 *
 * One session (server + browser + page) serves the whole e2e run; `hooks.ts` starts it before
 * the first test and resets the window after each one. A test gets it with {@link workbench}:
 *
 * ```ts
 * import { workbench } from './ui';
 *
 * describe('completion', () => {
 *   it('offers calcinosis terms', async () => {
 *     const wb = workbench();
 *     await wb.openFile('sample.note');
 *     await wb.waitForExtensionActivation();
 *     await wb.goToEndOfFile();
 *     await wb.type('\ncalci');
 *     const labels = await wb.triggerSuggest();
 *     // ...assert on labels, then:
 *     await wb.screenshot('completion');
 *   });
 * });
 * ```
 *
 * Every helper waits for what a person would see (a tab, a widget, a row) rather than sleeping.
 * Selectors are VS Code 1.100's own class names; they live here only, so a VS Code upgrade is
 * fixed in one file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  EXTENSION_ID,
  FIXTURE_WORKSPACE,
  REPO_ROOT,
  RESULTS_DIR,
  checkPrerequisites,
  delay,
  launchBrowser,
  safeRead,
  startCodeServer,
  type BrowserSession,
  type CodeServer,
} from '../runner/codeServer';

/** How long to wait for anything a person would wait for (the workbench alone takes ~6 s). */
export const UI_TIMEOUT_MS = 30_000;
/** Screenshots meant for the README (committed); each is also copied to `test-results/screenshots/`. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs/screenshots');

/*
 * Minimal shapes of the DOM, for the functions that run in the page (page.evaluate and friends).
 * The repo's tsconfig has no DOM lib on purpose (src/ must not see browser globals); these
 * module-local declarations type the page code without leaking into other files.
 */
interface PageElement {
  textContent: string | null;
  value?: string;
  offsetParent: unknown;
  style: { top: string; display: string };
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
}
interface PageRange {
  setStart(node: unknown, offset: number): void;
  setEnd(node: unknown, offset: number): void;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  createTreeWalker(root: PageElement, whatToShow: number): { nextNode(): { textContent: string | null } | null };
  createRange(): PageRange;
};
declare const NodeFilter: { SHOW_TEXT: number };

const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  activeEditor: '.editor-group-container.active .editor-container .monaco-editor',
  tab: '.tabs-container .tab',
  suggestRow: '.editor-widget.suggest-widget.visible .monaco-list-row',
  hover: '.monaco-hover:not(.hidden)',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  dialog: '.monaco-dialog-box',
  notification: '.notifications-toasts .notification-toast',
} as const;

/** Options for {@link startSession}. */
export interface SessionOptions {
  /** Extra user settings, e.g. `{ "remote.extensionKind": { "clinical-notes.clinical-notes": ["ui"] } }` for the browser bundle. */
  settings?: Record<string, unknown>;
  /** Further .vsix files installed beside ours. */
  extraExtensions?: readonly string[];
}

/** A running code-server and the browser page showing its workbench. */
export interface Session {
  readonly server: CodeServer;
  readonly browser: BrowserSession;
  readonly workbench: Workbench;
  /** Stops the browser and the server's whole process group. */
  close(): Promise<void>;
}

let current: Session | undefined;

/** The shared session's workbench; throws outside an e2e run (hooks.ts not loaded). */
export function workbench(): Workbench {
  if (!current) throw new Error('no e2e session: run the e2e tests with `npm run test:e2e` (it loads out/test/e2e/hooks.js)');
  return current.workbench;
}

/** The shared session, if started. */
export function currentSession(): Session | undefined {
  return current;
}

/**
 * Starts code-server with the packaged extension installed from the vsix (a plain user install),
 * opens a fresh copy of `test/fixtures/workspace/` in Chromium and waits until the Explorer shows
 * it. Becomes the session that {@link workbench} returns.
 */
export async function startSession(opts: SessionOptions = {}): Promise<Session> {
  checkPrerequisites();
  const server = await startCodeServer({ label: 'e2e', ...(opts.settings ? { settings: opts.settings } : {}), ...(opts.extraExtensions ? { extraExtensions: opts.extraExtensions } : {}) });
  let browser: BrowserSession | undefined;
  try {
    browser = await launchBrowser();
    browser.page.setDefaultTimeout(UI_TIMEOUT_MS);
    const wb = new Workbench(browser.page, server);
    await wb.load();
    const session: Session = {
      server,
      browser,
      workbench: wb,
      async close() {
        if (current === session) current = undefined;
        await browser?.close();
        await server.stop();
      },
    };
    current = session;
    return session;
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw e;
  }
}

/** What a hover card showed. */
export interface HoverCard {
  /** The card's text as rendered (Markdown already turned into text). */
  text: string;
  /** The card element, for further checks. */
  locator: Locator;
}

/** The VS Code window in the page: everything a user does, as helpers. */
export class Workbench {
  constructor(
    /** The Playwright page; use it directly for anything the helpers lack. */
    readonly page: Page,
    readonly server: CodeServer,
  ) {}

  /** A label (`.label-name`: Explorer rows, tabs, list rows) whose whole text is `text`. */
  labelIs(text: string): Locator {
    return labelIs(this.page, text);
  }

  /** Navigates to the workspace and waits for the Explorer to list its files. */
  async load(): Promise<void> {
    await this.page.goto(this.server.workbenchUrl([['skipWelcome', 'true']]));
    await this.page.locator(SEL.workbench).waitFor();
    await this.page.locator(SEL.explorerRow).first().waitFor({ timeout: 60_000 });
  }

  // ---- files and editors ------------------------------------------------------------------

  /** The Explorer row of a file or folder (by its name as shown, e.g. `sample.note`). */
  explorerRow(name: string): Locator {
    return this.page.locator(SEL.explorerRow).filter({ has: this.labelIs(name) });
  }

  /**
   * Opens a workspace file by clicking its row in the Explorer, as a user does. `relPath` may
   * name folders (`sub/dir/file.note`): each is expanded first. Resolves once the file's tab is
   * active and its editor has the keyboard focus.
   */
  async openFile(relPath: string): Promise<Locator> {
    const parts = relPath.split('/');
    await this.showExplorer();
    for (const [i, name] of parts.entries()) {
      const row = this.explorerRow(name).first();
      await row.waitFor();
      const isFolder = i < parts.length - 1;
      if (isFolder) {
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      } else {
        // A single click opens a preview tab; double-click pins it, as a user keeping it open would.
        await row.dblclick();
      }
    }
    const file = parts[parts.length - 1] ?? relPath;
    await this.page.locator(`${SEL.tab}.active`).filter({ has: this.labelIs(file) }).waitFor();
    const editor = this.activeEditor();
    await editor.locator('.view-lines').waitFor();
    await this.focusEditor();
    return editor;
  }

  /** Shows the Explorer in the sidebar if another view (the Clinical Notes views, Search, …) holds it. */
  async showExplorer(): Promise<void> {
    if (await this.page.locator(SEL.explorerRow).first().isVisible()) return;
    await this.runCommand('View: Show Explorer');
    await this.page.locator(SEL.explorerRow).first().waitFor();
  }

  /** The active editor (the text editor of the active group). */
  activeEditor(): Locator {
    return this.page.locator(SEL.activeEditor).first();
  }

  /** Clicks into the active editor's text so the keyboard goes there. Keeps the cursor where the click lands. */
  async focusEditor(): Promise<void> {
    const editor = this.activeEditor();
    if (await editor.evaluate((el) => (el as PageElement).classList.contains('focused'))) return;
    await editor.locator('.view-lines').click();
    await this.page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('focused') ?? false, SEL.activeEditor);
  }

  /** Moves the cursor to the end of the document (Ctrl+End). */
  async goToEndOfFile(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+End');
  }

  /** Moves the cursor to a 1-based line and column with "Go to Line" (Ctrl+G), as a user would. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
  }

  /**
   * Types text into the focused editor key by key (a `\n` presses Enter). Editor features react
   * as they do to a person: auto-closing pairs, suggestions popping up, snippets' tab stops.
   */
  async type(text: string, opts: { delayMs?: number } = {}): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.type(text, { delay: opts.delayMs ?? 20 });
  }

  /** Presses a key or chord in the page, e.g. `Enter`, `Escape`, `Control+Space`, `Tab`. */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /**
   * The rendered lines of the active editor, top to bottom, as plain text. Only lines in the
   * viewport are rendered: scroll (or goToLine) first for lines further down.
   */
  async visibleLines(): Promise<string[]> {
    return this.activeEditor().evaluate((editor) => {
      const lines = [...(editor as PageElement).querySelectorAll('.view-lines .view-line')];
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
    });
  }

  /** Saves the active editor (Ctrl+S) and waits until its tab is no longer marked dirty. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator(`${SEL.tab}.active.dirty`).waitFor({ state: 'detached' });
  }

  // ---- suggestions ------------------------------------------------------------------------

  /**
   * Opens the suggest widget with Ctrl+Space and waits for real rows (the widget first shows
   * "Loading..."). Returns the labels in the order shown.
   */
  async triggerSuggest(): Promise<string[]> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+Space');
    return this.waitForSuggestions();
  }

  /** Waits for the suggest widget to list at least one row; returns the visible rows' labels. */
  async waitForSuggestions(): Promise<string[]> {
    await this.page.locator(SEL.suggestRow).first().waitFor();
    return this.suggestionLabels();
  }

  /** The labels of the suggest widget's rendered rows (empty when it is closed). */
  async suggestionLabels(): Promise<string[]> {
    return this.page.locator(SEL.suggestRow).evaluateAll((rows) =>
      rows
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((r) => (r.querySelector('.label-name')?.textContent ?? r.textContent ?? '').trim()),
    );
  }

  /** The row of the suggest widget showing `label`. */
  suggestion(label: string): Locator {
    return this.page.locator(SEL.suggestRow).filter({ has: this.labelIs(label) });
  }

  /**
   * Accepts a suggestion: the focused one with Enter when `label` is omitted, else the row
   * showing `label` (clicked). Waits for the widget to close.
   */
  async acceptSuggestion(label?: string): Promise<void> {
    if (label === undefined) await this.page.keyboard.press('Enter');
    else await this.suggestion(label).first().click();
    await this.page.locator(SEL.suggestRow).first().waitFor({ state: 'hidden' });
  }

  // ---- hovers -----------------------------------------------------------------------------

  /**
   * Hovers a word of the active editor and waits for the hover card.
   *
   * A rendered line is often a single span, so hovering "the span" lands mid-line; instead this
   * finds the word's text node, measures a DOM Range over its first few characters and moves the
   * mouse there in a few steps (VS Code shows the card after its hover delay, ~300 ms).
   * `occurrence` picks the n-th (0-based) visible occurrence; matching is case-sensitive.
   */
  async hoverWord(word: string, opts: { occurrence?: number } = {}): Promise<HoverCard> {
    const point = await this.activeEditor().evaluate(
      (editor, { word, occurrence }) => {
        const root = (editor as PageElement).querySelector('.view-lines');
        if (!root) return undefined;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            if (seen++ < occurrence) continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + Math.min(word.length, 3));
            const r = range.getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          }
        }
        return undefined;
      },
      { word, occurrence: opts.occurrence ?? 0 },
    );
    if (!point) throw new Error(`"${word}" is not among the rendered lines of the active editor`);
    // Start off to the side, so the move is a real mouse-over of the word.
    await this.page.mouse.move(point.x + 60, point.y + 40);
    await this.page.mouse.move(point.x, point.y, { steps: 5 });
    const card = this.page.locator(SEL.hover).filter({ visible: true }).first();
    await card.waitFor();
    return { text: (await card.innerText()).trim(), locator: card };
  }

  /** Moves the mouse away and waits for any hover card to go. */
  async dismissHover(): Promise<void> {
    await this.page.mouse.move(1, 1, { steps: 2 });
    await this.page.keyboard.press('Escape');
    await this.page.locator(SEL.hover).filter({ visible: true }).first().waitFor({ state: 'hidden' });
  }

  // ---- command palette and quick picks ------------------------------------------------------

  /**
   * Runs a command from the palette (F1) by its title as the palette shows it, e.g.
   * `"Clinical Notes: Search"` (category: title) or just the title. Picks the row whose label
   * matches exactly (falling back to one that contains it), not merely the first.
   */
  async runCommand(title: string): Promise<void> {
    const qp = await this.openPalette();
    await qp.filter(title);
    await qp.select(title);
  }

  /** Opens the command palette (F1) and returns it as a quick pick, filter at `>`. */
  async openPalette(): Promise<QuickPick> {
    await this.page.keyboard.press('Escape'); // close a suggest widget or hover that would eat F1's focus
    await this.page.keyboard.press('F1');
    const qp = new QuickPick(this.page);
    await qp.waitForOpen();
    // The palette shows its box before it puts its `>` in; keys typed before that are lost.
    await this.page.waitForFunction((sel) => (document.querySelector(sel)?.value ?? '').startsWith('>'), SEL.quickInputBox);
    return qp;
  }

  /** The open quick pick (a command's own QuickPick, Go to File, …), once visible. */
  async waitForQuickPick(): Promise<QuickPick> {
    const qp = new QuickPick(this.page);
    await qp.waitForOpen();
    return qp;
  }

  // ---- extension, notifications, screenshots ----------------------------------------------

  /**
   * Waits until the extension host has activated an extension (default: this one), read from
   * the host's own log, which records every activation and its event. Use it before typing:
   * keys typed before activation reach no provider.
   */
  async waitForExtensionActivation(extensionId = EXTENSION_ID, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    const needle = `ExtensionService#_doActivateExtension ${extensionId},`;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.extensionHostLog().includes(needle)) return;
      await delay(100);
    }
    throw new Error(`${extensionId} was not activated within ${timeoutMs / 1000} s (see the extension host log: ${this.extensionHostLogFiles().join(', ')})`);
  }

  /** The extension host log files of this session (`…/logs/<time>/exthost<n>/remoteexthost.log`). */
  extensionHostLogFiles(): string[] {
    const logs = path.join(this.server.userDataDir, 'logs');
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'remoteexthost.log' || e.name === 'exthost.log') out.push(p);
      }
    };
    walk(logs);
    return out;
  }

  /** The extension hosts' log text (all hosts of this session). */
  extensionHostLog(): string {
    return this.extensionHostLogFiles().map(safeRead).join('\n');
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator(SEL.notification).allInnerTexts();
  }

  /**
   * Saves a PNG of the whole window to `test-results/screenshots/<name>.png`, and with
   * `UPDATE_SCREENSHOTS=1` also to `docs/screenshots/<name>.png` for the README (so an ordinary test run
   * leaves the committed screenshots alone). Returns the path written under test-results.
   */
  async screenshot(name: string): Promise<string> {
    const file = path.join(RESULTS_DIR, 'screenshots', `${name}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      fs.copyFileSync(file, path.join(SCREENSHOT_DIR, `${name}.png`));
    }
    return file;
  }

  /**
   * Back to a clean window between tests: closes widgets, closes every editor without saving
   * (answering "Don't Save"), and restores the workspace files from `test/fixtures/workspace/`.
   */
  async reset(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    await this.page.mouse.move(1, 1);
    if ((await this.page.locator(SEL.tab).count()) > 0) {
      await this.runCommand('View: Close All Editors');
      const dialog = this.page.locator(SEL.dialog);
      const tabsGone = this.page.locator(SEL.tab).first().waitFor({ state: 'detached' });
      const asked = dialog.waitFor().then(() => true);
      if (await Promise.race([tabsGone.then(() => false), asked])) {
        await dialog.getByRole('button', { name: /Don.t Save/ }).click();
        await tabsGone;
      }
      asked.catch(() => undefined);
    }
    fs.cpSync(FIXTURE_WORKSPACE, this.server.workspaceDir, { recursive: true });
  }
}

function labelIs(page: Page, text: string): Locator {
  return page.locator('.label-name', { hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) });
}

/** The quick input widget: the command palette, or a QuickPick an extension shows. */
export class QuickPick {
  constructor(private readonly page: Page) {}

  /** The widget. */
  get locator(): Locator {
    return this.page.locator(SEL.quickInput);
  }

  async waitForOpen(): Promise<void> {
    await this.page.locator(SEL.quickInputBox).waitFor();
  }

  async waitForClosed(): Promise<void> {
    await this.locator.waitFor({ state: 'hidden' });
  }

  /** The text in the filter box (the palette's starts with `>`). */
  async value(): Promise<string> {
    return this.page.locator(SEL.quickInputBox).inputValue();
  }

  /** The placeholder or title text shown, useful to check which pick is open. */
  async placeholder(): Promise<string> {
    return (await this.page.locator(SEL.quickInputBox).getAttribute('placeholder')) ?? '';
  }

  /**
   * Types into the filter box after what is there (the palette keeps its `>`), as a user would,
   * and waits for the list to settle on at least one row (or on "No matching results").
   */
  async filter(text: string): Promise<void> {
    const box = this.page.locator(SEL.quickInputBox);
    await box.focus();
    const before = await box.inputValue();
    await box.press('End');
    await this.page.keyboard.type(text, { delay: 10 });
    try {
      await this.settled(text, 10_000);
    } catch {
      // A key can be lost while the workbench moves focus (seen on a loaded 2-core CI machine): the box then
      // holds part of the text. Put the whole text in once more, as a user retyping would, and wait again.
      await box.focus();
      await box.fill(before + text);
      await this.settled(text, 20_000);
    }
  }

  /** Waits until the box ends with `text` and the list shows at least one row or says nothing matches. */
  private async settled(text: string, timeout: number): Promise<void> {
    await this.page.waitForFunction(
      ({ rows, widget, text }) => {
        const w = document.querySelector(widget);
        if (!w) return false;
        const input = w.querySelector('input');
        if (!input || !(input.value ?? '').endsWith(text)) return false;
        return document.querySelectorAll(rows).length > 0 || /No matching|No results/i.test(w.textContent ?? '');
      },
      { rows: SEL.quickInputRow, widget: SEL.quickInput, text },
      { timeout },
    );
  }

  /** Labels of the rendered rows, top to bottom (for the palette: `Category: Title`). */
  async items(): Promise<string[]> {
    return this.page.locator(SEL.quickInputRow).evaluateAll((rows) =>
      rows
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((r) => (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim()),
    );
  }

  /**
   * Picks the row whose label is `label` (exactly; else the first containing it) and waits for
   * the widget to close or move on to its next step.
   */
  async select(label: string): Promise<void> {
    const labels = await this.items();
    let index = labels.findIndex((l) => l === label);
    if (index < 0) index = labels.findIndex((l) => l.includes(label));
    if (index < 0) throw new Error(`no quick pick item "${label}" among: ${labels.join(' | ') || '(none)'}`);
    const rows = this.page.locator(SEL.quickInputRow);
    const row = rows.filter({ has: labelIs(this.page, labels[index] ?? label) }).first();
    const box = this.page.locator(SEL.quickInputBox);
    const before = await box.inputValue();
    await row.click();
    // Closed, or a multi-step pick cleared its box for the next step.
    await this.page.waitForFunction(
      ({ widget, before }) => {
        const w = document.querySelector(widget);
        if (!w || w.style.display === 'none' || w.offsetParent === null) return true;
        return (w.querySelector('input')?.value ?? '') !== before;
      },
      { widget: SEL.quickInput, before },
    );
  }

  /** Accepts the focused row with Enter. */
  async accept(): Promise<void> {
    await this.page.keyboard.press('Enter');
  }

  /** Closes the pick with Escape. */
  async cancel(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.waitForClosed();
  }
}
