/**
 * "Choose Workup Items…" / "Choose Treatment Options…": Epic's multi-select SmartLists. A QuickPick of the
 * pack's tests, imaging and procedures (or treatments), grouped by kind; the ticked ones are inserted at the
 * cursor(s) as one sentence, joined with the configured "and" / "or" / commas. Snippet choices pick one
 * item; this picks several.
 */
import * as vscode from 'vscode';
import { kindTitle } from '../core/cards/cards';
import { choiceListEntries, choicesSentence, type ChoiceListName, type Conjunction } from '../core/note/choice-lists';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import type { EntryKind, LoadedEntry } from '../core/types';
import type { ConfigSource } from '../host/config';
import { CommandId } from '../host/ids';
import { entryIcon, replaceSelections } from '../host/convert';

export interface ChooseDeps extends KnowledgeDeps {
  config: ConfigSource;
}

const TITLES: Record<ChoiceListName, string> = {
  workup: 'Choose Workup Items',
  treatment: 'Choose Treatment Options',
};

/** Group headings in the list. */
const GROUP_TITLES: Partial<Record<EntryKind, string>> = {
  test: 'Laboratory tests',
  imaging: 'Imaging',
  procedure: 'Procedures',
  treatment: 'Treatments',
};

interface EntryItem extends vscode.QuickPickItem {
  entry?: LoadedEntry;
}

/** What the headless command did: the sentence, and whether it went into an editor. */
export interface ChooseResult {
  sentence: string;
  inserted: boolean;
}

export function registerChooseCommands(deps: ChooseDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.chooseWorkup, afterLoad(deps, () => choose(deps, 'workup'))),
    vscode.commands.registerCommand(CommandId.chooseTreatment, afterLoad(deps, () => choose(deps, 'treatment'))),
    vscode.commands.registerCommand(CommandId.chooseHeadless, afterLoad(deps, (ids: unknown, conjunction?: unknown) => chooseHeadless(deps, ids, conjunction))),
  );
}

/** The same path as the QuickPick's Enter, for tests and automation: entry ids in, sentence inserted and returned. */
async function chooseHeadless(deps: ChooseDeps, ids: unknown, conjunction: unknown): Promise<ChooseResult> {
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) throw new Error('expected a list of entry ids');
  const knowledge = deps.kb();
  const entries = ids.map((id) => {
    const entry = knowledge.get(id);
    if (!entry) throw new Error(`unknown entry id "${id}"`);
    return entry;
  });
  const join = conjunction === 'and' || conjunction === 'or' || conjunction === 'comma' ? conjunction : deps.config.current.lists.conjunction;
  return insertChosen(entries, join);
}

async function insertChosen(entries: readonly LoadedEntry[], conjunction: Conjunction, editor = vscode.window.activeTextEditor): Promise<ChooseResult> {
  const sentence = choicesSentence(entries, conjunction);
  if (!sentence || !editor) return { sentence, inserted: false };
  const inserted = await replaceSelections(editor, sentence);
  return { sentence, inserted };
}

/** Shows the list; on Enter inserts the ticked entries (or the focused one, when none is ticked). */
async function choose(deps: ChooseDeps, list: ChoiceListName): Promise<ChooseResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Clinical Notes: put the cursor in a note first; the chosen items are inserted there.');
    return undefined;
  }
  const kb = deps.kb();
  const conjunction = deps.config.current.lists.conjunction;
  const items: EntryItem[] = [];
  for (const group of choiceListEntries(kb, list)) {
    items.push({ label: GROUP_TITLES[group.kind] ?? kindTitle({ kind: group.kind }), kind: vscode.QuickPickItemKind.Separator });
    for (const entry of group.entries) items.push(itemOf(entry));
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`Clinical Notes: the knowledge base has nothing for "${TITLES[list]}".`);
    return undefined;
  }

  const qp = vscode.window.createQuickPick<EntryItem>();
  qp.title = TITLES[list];
  qp.placeholder = `Space ticks, Enter inserts one sentence (joined with ${conjunction === 'comma' ? 'commas' : `"${conjunction}"`})`;
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = items;
  const chosen = (picked: readonly EntryItem[]) => picked.map((i) => i.entry).filter((e): e is LoadedEntry => e !== undefined);
  // The title previews the sentence as items are ticked.
  qp.onDidChangeSelection((picked) => {
    const sentence = choicesSentence(chosen(picked), conjunction);
    qp.title = sentence ? `${TITLES[list]}: ${sentence}` : TITLES[list];
  });

  const accepted = await new Promise<LoadedEntry[] | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const ticked = chosen(qp.selectedItems);
      resolve(ticked.length ? ticked : chosen(qp.activeItems.slice(0, 1)));
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!accepted?.length) return undefined;
  return insertChosen(accepted, conjunction, editor);
}

function itemOf(entry: LoadedEntry): EntryItem {
  const abbreviation = entry.abbreviations?.find((a) => !a.ambiguous && a.text.toLowerCase() !== entry.label.toLowerCase());
  const code = entry.codes?.[0];
  const ev = entry.evidence;
  const description = [
    kindTitle(entry),
    code ? `${code.system} ${code.code}` : undefined,
    ev ? `evidence level ${ev.level}${ev.scale ? ` (${ev.scale})` : ''}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    label: abbreviation ? `${entry.label} (${abbreviation.text})` : entry.label,
    description,
    detail: entry.definition,
    iconPath: entryIcon(entry.kind),
    entry,
  };
}
