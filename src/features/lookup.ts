/**
 * "Clinical Notes: Search Knowledge Base…": a QuickPick over the core's search index. Accepting an item
 * inserts the term at the cursor; item buttons insert its definition sentence, copy its code or open its
 * card. The same actions run without the UI through an internal command (tests, automation).
 */
import * as vscode from 'vscode';
import { definitionSentence, kindTitle } from '../core/cards/cards';
import { noEntryLine, whyLine } from '../core/search/lookup-format';
import type { KnowledgeBase } from '../core/knowledge/knowledge-base';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import type { LoadedEntry } from '../core/types';
import { CommandId } from '../host/ids';
import { entryIcon, replaceSelections } from '../host/convert';


/** What accepting an item or pressing one of its buttons does. */
export type LookupAction = 'insert' | 'definition' | 'code' | 'card';

interface LookupItem extends vscode.QuickPickItem {
  entry?: LoadedEntry;
  /** A "did you mean" row: accepting it looks this term up instead. */
  suggestion?: string;
}

const RESULT_LIMIT = 50;
const BROWSE_LIMIT = 300;

const BUTTONS: Record<Exclude<LookupAction, 'insert'>, vscode.QuickInputButton> = {
  definition: { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Insert definition sentence' },
  code: { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy ICD-10-CM code' },
  card: { iconPath: new vscode.ThemeIcon('book'), tooltip: 'Open card' },
};

/**
 * VS Code re-sorts QuickPick items whose label matches the typed text (alphabetically among equals), and
 * turning that off (`sortByLabel`) is still a proposed API in 1.100. Items whose label does not match keep
 * the order given, so while a query is typed each label carries zero-width spaces between its characters:
 * it reads the same, VS Code's matcher finds nothing to re-sort by, and the core's ranking (sodium
 * thiosulfate first for "thiosulfate") is what Enter accepts.
 */
export function keepOrderLabel(label: string): string {
  return Array.from(label).join('\u200b');
}

/**
 * Items for a query: the core look-up's ranking as is, each row saying why it matched (the field or fact
 * sentence, the words that matched, the code when the query asked for one); when nothing matches, one
 * "No entry for … — did you mean …" row and a row per suggestion. With no query, the entries by section.
 */
export function lookupItems(kb: KnowledgeBase, query: string): LookupItem[] {
  if (query.trim()) {
    const result = kb.lookUp(query, { limit: RESULT_LIMIT });
    if (!result.hits.length) {
      return [
        { label: noEntryLine(query, result.didYouMean), iconPath: new vscode.ThemeIcon('info'), alwaysShow: true },
        ...result.didYouMean.map((term) => ({ label: keepOrderLabel(term), description: 'look this up', iconPath: new vscode.ThemeIcon('search'), alwaysShow: true, suggestion: term })),
      ];
    }
    return result.hits.map((h) => {
      const item = itemFor(h.entry);
      item.label = keepOrderLabel(h.entry.label);
      // VS Code cannot highlight words it did not match itself: the words that matched are named instead.
      const matched = h.words.length ? `✓ ${h.words.join(', ')}` : '';
      if (h.code) item.description = [kindTitle(h.entry), `${h.code.code} ${h.code.title}`, matched].filter(Boolean).join(' · ');
      else if (matched) item.description = `${item.description} · ${matched}`;
      if (h.why.field !== 'label') item.detail = whyLine(h, 160);
      return item;
    });
  }
  const items: LookupItem[] = [];
  const seen = new Set<string>();
  for (const section of kb.sections()) {
    const entries = kb.entriesInSection(section.id).filter((e) => !seen.has(e.id));
    if (!entries.length) continue;
    items.push({ label: section.title, kind: vscode.QuickPickItemKind.Separator });
    for (const e of entries) {
      seen.add(e.id);
      items.push(itemFor(e));
      if (seen.size >= BROWSE_LIMIT) return items;
    }
  }
  return items;
}

function itemFor(entry: LoadedEntry): LookupItem {
  const code = entry.codes?.[0];
  const buttons = [BUTTONS.definition, ...(code ? [{ ...BUTTONS.code, tooltip: `Copy ${code.code} (${code.title})` }] : []), BUTTONS.card];
  return {
    label: entry.label,
    description: [kindTitle(entry), ...(entry.codes ?? []).map((c) => c.code)].join(' · '),
    detail: entry.definition,
    iconPath: entryIcon(entry.kind),
    // The core has filtered already; the QuickPick must not hide what it found.
    alwaysShow: true,
    buttons,
    entry,
  };
}

function actionOfButton(button: vscode.QuickInputButton): LookupAction {
  if (button.iconPath === BUTTONS.definition.iconPath) return 'definition';
  if (button.iconPath === BUTTONS.code.iconPath) return 'code';
  return 'card';
}

/** What an action did, for the internal command's callers. */
export interface LookupOutcome {
  action: LookupAction;
  entryId: string;
  inserted?: string;
  copied?: string;
  card?: string;
}

/** Runs an action on an entry. `editor` is the editor that was active when the lookup started. */
export async function runAction(
  action: LookupAction,
  entry: LoadedEntry,
  editor: vscode.TextEditor | undefined,
): Promise<LookupOutcome> {
  const outcome: LookupOutcome = { action, entryId: entry.id };
  switch (action) {
    case 'insert':
    case 'definition': {
      const text = action === 'insert' ? entry.label : definitionSentence(entry);
      if (editor && (await insertText(editor, text))) {
        outcome.inserted = text;
        return outcome;
      }
      // No editor to write into: keep the text on the clipboard rather than lose the choice.
      await vscode.env.clipboard.writeText(text);
      outcome.copied = text;
      void vscode.window.showInformationMessage(`Clinical Notes: no editor open; copied "${shorten(text)}" to the clipboard.`);
      return outcome;
    }
    case 'code': {
      const code = await chooseCode(entry);
      if (code) {
        await vscode.env.clipboard.writeText(code);
        outcome.copied = code;
        vscode.window.setStatusBarMessage(`Copied ${code}`, 3000);
      }
      return outcome;
    }
    case 'card': {
      const uri = await vscode.commands.executeCommand<string | undefined>(CommandId.openCard, entry.id);
      if (uri) outcome.card = uri;
      return outcome;
    }
  }
}

async function chooseCode(entry: LoadedEntry): Promise<string | undefined> {
  const codes = entry.codes ?? [];
  if (codes.length <= 1) return codes[0]?.code;
  const pick = await vscode.window.showQuickPick(
    codes.map((c) => ({ label: c.code, description: c.title, detail: c.system })),
    { title: `Copy a code for ${entry.label}` },
  );
  return pick?.label;
}

async function insertText(editor: vscode.TextEditor, text: string): Promise<boolean> {
  if (editor.document.isClosed) return false;
  return replaceSelections(editor, text);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Arguments of the internal, UI-less lookup command. */
export interface HeadlessLookupArgs {
  query: string;
  /** Which result: its index (default 0) or its label. */
  pick?: number | string;
  /** What to do with it; `list` only returns the labels. Default `insert`. */
  action?: LookupAction | 'list';
}

/** How long after a load the look-up index starts building (the load's own index settles first). */
const WARM_DELAY_MS = 1000;
/** The longest the extension host is held by one slice of that build. */
const WARM_SLICE_MS = 8;

/**
 * Builds the look-up index of each load in idle time, a slice at a time, so the first palette query finds
 * it ready. A query that comes sooner builds the rest itself; a newer load stops the build of the one it
 * replaces. Knowledge without a code set is warmed after every load (0.1 s). A code set's index takes
 * about 3 s and 100 MB, so it is built only once the look-up has been opened in this window (from then on
 * after every load too): a clinician who never searches does not hold it.
 */
export function warmLookupAfterLoads(deps: KnowledgeDeps, onDidChangeKnowledge: vscode.Event<KnowledgeBase>): vscode.Disposable & { want(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wanted = false;
  const schedule = (kb: KnowledgeBase, delayMs = WARM_DELAY_MS) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!wanted && !kb.warmsLookupUnasked()) return;
    const step = () => {
      timer = undefined;
      if (deps.kb() !== kb) return;
      try {
        if (!kb.warmLookup(WARM_SLICE_MS)) timer = setTimeout(step, 0);
      } catch {
        // Nothing to warm with: the look-up reports its own failure when it is asked.
      }
    };
    timer = setTimeout(step, delayMs);
  };
  const subscription = onDidChangeKnowledge((kb) => schedule(kb));
  void Promise.resolve(deps.pending?.()).then(() => schedule(deps.kb()));
  return Object.assign(
    new vscode.Disposable(() => {
      subscription.dispose();
      if (timer) clearTimeout(timer);
      timer = undefined;
    }),
    {
      /** The look-up was opened: build what is missing now, while the person types. */
      want(): void {
        if (wanted) return;
        wanted = true;
        const kb = deps.kb();
        if (!kb.lookupReady()) schedule(kb, 0);
      },
    },
  );
}

export function registerLookup(deps: KnowledgeDeps & { onDidChangeKnowledge?: vscode.Event<KnowledgeBase> }): vscode.Disposable {
  const warmer = deps.onDidChangeKnowledge ? warmLookupAfterLoads(deps, deps.onDidChangeKnowledge) : undefined;
  return vscode.Disposable.from(
    ...(warmer ? [warmer] : []),
    vscode.commands.registerCommand(CommandId.search, afterLoad(deps, (initial?: unknown) => {
      warmer?.want();
      return showLookup(deps, typeof initial === 'string' ? initial : '');
    })),
    vscode.commands.registerCommand(CommandId.lookupHeadless, afterLoad(deps, async (args: HeadlessLookupArgs) => {
      const kb = deps.kb();
      // Read before the look-up runs (a look-up finishes the index itself): whether idle time had built it.
      const indexReady = kb.lookupReady();
      warmer?.want();
      const all = lookupItems(kb, args?.query ?? '');
      const items = all.filter((i) => i.entry);
      const labels = items.map((i) => i.label);
      if (args?.action === 'list') return { items: labels, indexReady, rows: all.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map((i) => ({ label: i.label, description: i.description ?? '', detail: i.detail ?? '' })) };
      const item = typeof args?.pick === 'string' ? items.find((i) => i.label === args.pick) : items[args?.pick ?? 0];
      if (!item?.entry) return { items: labels };
      const outcome = await runAction(args?.action ?? 'insert', item.entry, vscode.window.activeTextEditor);
      return { items: labels, ...outcome };
    })),
  );
}

/** Shows the QuickPick; resolves when it closes. */
function showLookup(deps: KnowledgeDeps, initial: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const pick = vscode.window.createQuickPick<LookupItem>();
  pick.title = 'Clinical Notes: Search Knowledge Base';
  pick.placeholder = 'A term, code or question, e.g. "warfarin calcinosis" — Enter inserts the term';
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  pick.value = initial;
  pick.items = lookupItems(deps.kb(), initial);

  const run = (action: LookupAction, item: LookupItem | undefined) => {
    if (item?.suggestion) {
      pick.value = item.suggestion;
      pick.items = lookupItems(deps.kb(), item.suggestion);
      return;
    }
    if (!item?.entry) return;
    pick.hide();
    void runAction(action, item.entry, editor);
  };
  return new Promise<void>((resolve) => {
    const subscriptions = [
      pick.onDidChangeValue((value) => {
        pick.items = lookupItems(deps.kb(), value);
      }),
      pick.onDidAccept(() => run('insert', pick.activeItems[0])),
      pick.onDidTriggerItemButton((e) => run(actionOfButton(e.button), e.item)),
      pick.onDidHide(() => {
        subscriptions.forEach((s) => s.dispose());
        pick.dispose();
        resolve();
      }),
    ];
    pick.show();
  });
}
