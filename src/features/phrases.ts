/**
 * Dot phrases in the editor (Epic SmartPhrases and SmartLists): `.` + trigger offers the packs' phrases with
 * their body as the preview; a list slot left in the note opens its choices (F2 lands on it, "Choose from
 * List" or the light bulb), and the choice replaces the slot joined as the list says; Finalize Note turns the
 * note into EHR-ready text, or lists what is still open. The core (`core/phrases`) decides; this translates.
 */
import * as vscode from 'vscode';
import { draftFromSelection, phraseId } from '../core/note/phrase-author';
import { loadEngine } from '../host/pack-service';
import type { Phrase } from '../core/types';
import { fieldValues, finalize, findSlots, joinChoices, parseHeader, phraseBook, phraseSnippet, phraseText, type OpenPlace, type ResolvedList } from '../core/note/phrases';
import type { ConfigSource } from '../host/config';
import { CommandId, NOTE_LANGUAGE } from '../host/ids';
import { offsetRange } from '../host/convert';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import { registerForLanguages } from '../host/languages';

export interface PhraseDeps extends KnowledgeDeps {
  config: ConfigSource;
  /** The personal pack's file (in the extension's global storage); loaded as a pack when it exists. */
  personalPack?: vscode.Uri;
}

/** `.` then a trigger being typed, at the end of the text before the cursor (not inside a word: `e.g`). */
const DOT_TRIGGER = /(?:^|[^\p{L}\p{N}.])(\.[a-z0-9_-]*)$/iu;

export function registerPhrases(deps: PhraseDeps): vscode.Disposable {
  const completion = new PhraseCompletionProvider(deps);
  const actions = new ListCodeActions(deps);
  return vscode.Disposable.from(
    registerForLanguages(deps.config, (selector) => vscode.languages.registerCompletionItemProvider(selector, completion, '.')),
    registerForLanguages(deps.config, (selector) =>
      vscode.languages.registerCodeActionsProvider(selector, actions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    ),
    vscode.commands.registerCommand(CommandId.chooseFromList, afterLoad(deps, () => chooseAtCursor(deps))),
    vscode.commands.registerCommand(CommandId.chooseFromListHeadless, afterLoad(deps, (texts: unknown) => chooseHeadless(deps, texts))),
    vscode.commands.registerCommand(CommandId.finalizeNote, afterLoad(deps, () => finalizeNote(deps))),
    vscode.commands.registerCommand(CommandId.newPhraseFromSelection, afterLoad(deps, () => newPhraseFromSelection(deps))),
    vscode.commands.registerCommand(CommandId.newPhraseHeadless, afterLoad(deps, (args: unknown) => newPhraseHeadless(deps, args))),
  );
}

function modeOf(doc: vscode.TextDocument): 'note' | 'prose' {
  return doc.languageId === NOTE_LANGUAGE ? 'note' : 'prose';
}

class PhraseCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly deps: PhraseDeps) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.ProviderResult<vscode.CompletionItem[]> {
    const before = document.lineAt(position.line).text.slice(0, position.character);
    const m = DOT_TRIGGER.exec(before);
    if (!m) return undefined;
    return afterLoad(this.deps, () => this.items(document, position, m[1]!.length))();
  }

  private items(document: vscode.TextDocument, position: vscode.Position, typedLength: number): vscode.CompletionItem[] {
    const book = phraseBook(this.deps.kb());
    if (book.phrases.length === 0) return [];
    const range = new vscode.Range(position.line, position.character - typedLength, position.line, position.character);
    const values = fieldValues(parseHeader(document.getText()), new Date());
    return book.phrases
      .filter((p) => !p.languages || p.languages.includes(document.languageId))
      .map((p) => {
        const item = new vscode.CompletionItem({ label: `.${p.trigger}`, description: p.title }, vscode.CompletionItemKind.Snippet);
        item.filterText = `.${p.trigger}`;
        // Before every term the word provider offers for the same letters.
        item.sortText = `\u0000${p.trigger}`;
        item.range = range;
        item.insertText = new vscode.SnippetString(phraseSnippet(p.body, book.lookup, values));
        item.detail = `${p.title} — phrase of ${p.pack}`;
        const preview = new vscode.MarkdownString();
        if (p.description) preview.appendText(`${p.description}\n\n`);
        preview.appendCodeblock(phraseText(p.body, book.lookup, values), 'text');
        item.documentation = preview;
        return item;
      });
  }
}

/** The list slot at or around the selection, if any. */
function listAt(deps: PhraseDeps, editor: vscode.TextEditor): { list: ResolvedList; range: vscode.Range; raw: string } | undefined {
  const doc = editor.document;
  const line = doc.lineAt(editor.selection.start.line);
  const book = phraseBook(deps.kb());
  const from = editor.selection.start.character;
  const to = editor.selection.isSingleLine ? editor.selection.end.character : from;
  for (const s of findSlots(line.text, book.lookup)) {
    if (s.kind === 'list' && s.start <= from && to <= s.end) {
      return { list: s.list, range: new vscode.Range(line.lineNumber, s.start, line.lineNumber, s.end), raw: line.text.slice(s.start, s.end) };
    }
  }
  return undefined;
}

/** What filling a list did: the text written in place of the slot. */
export interface ChooseListResult {
  text: string;
}

async function fill(editor: vscode.TextEditor, at: { range: vscode.Range; raw: string }, text: string): Promise<ChooseListResult | undefined> {
  // The note may have changed while the list was open: write only over the slot it was opened for.
  if (editor.document.getText(at.range) !== at.raw) return undefined;
  const ok = await editor.edit((e) => e.replace(at.range, text));
  if (!ok) return undefined;
  const end = at.range.start.translate(0, text.length);
  editor.selection = new vscode.Selection(end, end);
  return { text };
}

/** The same path as the QuickPick's Enter, for tests and automation: choice texts in, slot filled. */
async function chooseHeadless(deps: PhraseDeps, texts: unknown): Promise<ChooseListResult | undefined> {
  if (!Array.isArray(texts) || !texts.every((t): t is string => typeof t === 'string')) throw new Error('expected a list of choice texts');
  const editor = vscode.window.activeTextEditor;
  const at = editor && listAt(deps, editor);
  if (!editor || !at) throw new Error('the cursor is not on a list slot');
  for (const t of texts) if (!at.list.choices.includes(t)) throw new Error(`"${t}" is not a choice of the list "${at.list.title}"`);
  if (!at.list.multi && texts.length > 1) throw new Error(`the list "${at.list.title}" takes one choice`);
  return fill(editor, at, joinChoices(at.list, texts));
}

/** Opens the choices of the list at the cursor; the choice replaces the slot. */
export async function chooseAtCursor(deps: PhraseDeps): Promise<ChooseListResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  const at = editor && listAt(deps, editor);
  if (!editor || !at) {
    void vscode.window.showInformationMessage('Clinical Notes: put the cursor on a list slot such as {imaging} first (F2 goes to the next one).');
    return undefined;
  }
  const { list } = at;
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  const title = `${list.title}${list.required ? ' (required)' : ' (optional)'}`;
  qp.title = title;
  qp.canSelectMany = list.multi;
  qp.placeholder = list.multi
    ? `Space ticks, Enter writes them joined with ${list.joiner === 'comma' ? 'commas' : `"${list.joiner}"`}`
    : 'Enter writes the choice in place of the list';
  qp.items = list.choices.map((label) => ({ label, ...(list.defaults.includes(label) ? { description: 'default' } : {}) }));
  if (list.multi) qp.selectedItems = qp.items.filter((i) => list.defaults.includes(i.label));
  else {
    const def = qp.items.find((i) => list.defaults.includes(i.label));
    if (def) qp.activeItems = [def];
  }
  qp.onDidChangeSelection((picked) => {
    if (list.multi) qp.title = picked.length ? `${title}: ${joinChoices(list, picked.map((p) => p.label))}` : title;
  });
  const chosen = await new Promise<string[] | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const picked = list.multi && qp.selectedItems.length ? qp.selectedItems : qp.activeItems.slice(0, 1);
      resolve(picked.map((p) => p.label));
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!chosen?.length) return undefined;
  return fill(editor, at, joinChoices(list, chosen));
}

class ListCodeActions implements vscode.CodeActionProvider {
  constructor(private readonly deps: PhraseDeps) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const line = document.lineAt(range.start.line).text;
    const book = phraseBook(this.deps.kb());
    const slot = findSlots(line, book.lookup).find((s) => s.kind === 'list' && s.start <= range.start.character && range.start.character <= s.end);
    if (!slot || slot.kind !== 'list') return [];
    const action = new vscode.CodeAction(`Choose from list "${slot.list.title}"…`, vscode.CodeActionKind.QuickFix);
    action.command = { command: CommandId.chooseFromList, title: action.title };
    action.isPreferred = true;
    return [action];
  }
}

/** What Finalize Note did: the text (also in a new editor and on the clipboard), or what is still open. */
export type FinalizeOutcome =
  | { ok: true; text: string; removedLines: number }
  | { ok: false; open: Array<{ kind: OpenPlace['kind']; line: number; text: string; message: string }> };

async function finalizeNote(deps: PhraseDeps): Promise<FinalizeOutcome | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Clinical Notes: open a note to finalize first.');
    return undefined;
  }
  const doc = editor.document;
  const book = phraseBook(deps.kb());
  const result = finalize(doc.getText(), book.lookup, { mode: modeOf(doc) });
  if (!result.ok) {
    const open = result.open.map((p) => ({ kind: p.kind, line: doc.positionAt(p.start).line, text: doc.getText(offsetRange(doc, p.start, p.end)), message: p.message }));
    void vscode.window.showWarningMessage(`Clinical Notes: ${open.length} required item${open.length === 1 ? ' is' : 's are'} still open; fill ${open.length === 1 ? 'it' : 'them'} before finalizing.`);
    // Not awaited: the command answers at once (tests, automation); the list stays open for the user.
    void pickOpenPlace(editor, result.open);
    return { ok: false, open };
  }
  const out = await vscode.workspace.openTextDocument({ language: 'plaintext', content: result.text });
  await vscode.window.showTextDocument(out, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  await vscode.env.clipboard.writeText(result.text);
  const removed = result.removedLines ? ` (${result.removedLines} unchosen optional line${result.removedLines === 1 ? '' : 's'} left out)` : '';
  void vscode.window.showInformationMessage(`Clinical Notes: finalized text copied to the clipboard${removed}. The note itself is unchanged.`);
  return { ok: true, text: result.text, removedLines: result.removedLines };
}

/** Each open item a click away: choosing one selects it in the note. */
async function pickOpenPlace(editor: vscode.TextEditor, open: readonly OpenPlace[]): Promise<void> {
  const doc = editor.document;
  const items = open.map((p) => {
    const range = offsetRange(doc, p.start, p.end);
    return { label: `$(warning) Line ${range.start.line + 1}: ${doc.getText(range)}`, detail: p.message, range };
  });
  const picked = await vscode.window.showQuickPick(items, { title: 'Finalize Note: required items still open', placeHolder: 'Enter goes to the item' });
  if (!picked) return;
  const shown = await vscode.window.showTextDocument(doc, editor.viewColumn);
  shown.selection = new vscode.Selection(picked.range.start, picked.range.end);
  shown.revealRange(picked.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

// ---- New Phrase from Selection… ----

const TRIGGER = /^[a-z0-9][a-z0-9_-]*$/;

/** What New Phrase from Selection wrote, and what it turned into slots. */
export interface NewPhraseResult {
  file: string;
  trigger: string;
  conversions: string[];
}

function draftPhrase(deps: PhraseDeps, editor: vscode.TextEditor, trigger: string, title: string): { phrase: Phrase; conversions: string[] } {
  const { body, conversions } = draftFromSelection(editor.document.getText(editor.selection), editor.document.getText(), phraseBook(deps.kb()).lookup);
  return { phrase: { id: phraseId(trigger), trigger, title, body }, conversions };
}

async function writePhrase(uri: vscode.Uri, phrase: Phrase): Promise<void> {
  let text: string | undefined;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    text = undefined; // a new pack file
  }
  // The pack editor (jsonc-parser) lives in the engine, which activation does not load.
  const { addPhraseToPackText, emptyPhrasePack } = await loadEngine();
  const next = addPhraseToPackText(text, phrase, () => emptyPhrasePack(phraseId(`personal-${baseName(uri).replace(/\.json$/i, '')}`), 'My phrases'));
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(next));
  await vscode.commands.executeCommand(CommandId.reloadPacks);
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** For tests and automation: `{ trigger, title, file }` (an absolute path or URI the caller chose). */
async function newPhraseHeadless(deps: PhraseDeps, args: unknown): Promise<NewPhraseResult> {
  const a = args as { trigger?: unknown; title?: unknown; file?: unknown } | undefined;
  if (typeof a?.trigger !== 'string' || !TRIGGER.test(a.trigger) || typeof a.title !== 'string' || typeof a.file !== 'string') {
    throw new Error('expected { trigger, title, file }');
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) throw new Error('select the text of the phrase first');
  const uri = a.file.includes('://') ? vscode.Uri.parse(a.file) : vscode.Uri.file(a.file);
  const { phrase, conversions } = draftPhrase(deps, editor, a.trigger, a.title);
  await writePhrase(uri, phrase);
  return { file: uri.toString(), trigger: a.trigger, conversions };
}

async function newPhraseFromSelection(deps: PhraseDeps): Promise<NewPhraseResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Clinical Notes: select the text that should become a phrase first.');
    return undefined;
  }
  const taken = new Set(phraseBook(deps.kb()).phrases.map((p) => p.trigger));
  const trigger = await vscode.window.showInputBox({
    title: 'New Phrase from Selection (1/3): trigger',
    prompt: 'What you will type after the dot, e.g. mywu for .mywu',
    validateInput: (v) => (!TRIGGER.test(v) ? 'lower-case letters, digits, - and _' : taken.has(v) ? `.${v} is already a phrase of a loaded pack` : undefined),
  });
  if (!trigger) return undefined;
  const title = await vscode.window.showInputBox({ title: 'New Phrase from Selection (2/3): title', prompt: 'Shown beside the trigger in the suggestions', value: trigger });
  if (!title) return undefined;
  const targets: Array<vscode.QuickPickItem & { uri: vscode.Uri }> = [];
  if (deps.personalPack) targets.push({ label: '$(account) Personal pack', description: 'only you, in every workspace', detail: deps.personalPack.fsPath || deps.personalPack.toString(), uri: deps.personalPack });
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const dir = vscode.Uri.joinPath(folder.uri, '.clinical-notes');
    let names: string[] = [];
    try {
      names = (await vscode.workspace.fs.readDirectory(dir)).filter(([n, t]) => (t & vscode.FileType.File) !== 0 && n.endsWith('.json')).map(([n]) => n).sort();
    } catch {
      // no pack folder yet
    }
    for (const n of names) targets.push({ label: `$(organization) ${n}`, description: `workspace pack of ${folder.name}`, detail: vscode.workspace.asRelativePath(vscode.Uri.joinPath(dir, n)), uri: vscode.Uri.joinPath(dir, n) });
    if (!names.includes('phrases.json')) targets.push({ label: '$(new-file) New workspace pack: .clinical-notes/phrases.json', description: folder.name, uri: vscode.Uri.joinPath(dir, 'phrases.json') });
  }
  const target = await vscode.window.showQuickPick(targets, { title: 'New Phrase from Selection (3/3): which pack?', placeHolder: 'The phrase is written into the pack you choose' });
  if (!target) return undefined;
  const { phrase, conversions } = draftPhrase(deps, editor, trigger, title);
  try {
    await writePhrase(target.uri, phrase);
  } catch (err) {
    void vscode.window.showErrorMessage(`Clinical Notes: could not add .${trigger} to ${target.uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  const said = conversions.length ? ` Converted: ${conversions.join('; ')}.` : '';
  void vscode.window.showInformationMessage(`Clinical Notes: .${trigger} added to ${baseName(target.uri)}.${said}`);
  return { file: target.uri.toString(), trigger, conversions };
}
