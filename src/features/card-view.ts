/**
 * The card in a readable, read-only view: a virtual Markdown document (`clinical-notes-card:` scheme)
 * shown in the Markdown preview beside the note. Pack text is escaped by the core, so the preview shows
 * no HTML from a pack; nothing is fetched.
 */
import * as vscode from 'vscode';
import { TIER_TYPO } from '../core/search/tiers';
import type { KnowledgeBase } from '../core/knowledge/knowledge-base';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import type { LoadedEntry } from '../core/types';
import { CARD_SCHEME, CommandId } from '../host/ids';


/** The virtual document's address: the label names the tab, the query holds the entry id. */
export function cardUri(entry: LoadedEntry): vscode.Uri {
  const name = entry.label.replace(/[\\/:*?"<>|#%]/g, ' ').trim() || entry.id;
  return vscode.Uri.from({ scheme: CARD_SCHEME, path: `/${name}.md`, query: new URLSearchParams({ id: entry.id }).toString() });
}

function entryIdOf(uri: vscode.Uri): string | undefined {
  return new URLSearchParams(uri.query).get('id') ?? undefined;
}

class CardContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly deps: KnowledgeDeps) {}

  provideTextDocumentContent(uri: vscode.Uri): vscode.ProviderResult<string> {
    return afterLoad(this.deps, () => this.content(uri))();
  }

  private content(uri: vscode.Uri): string {
    const kb = this.deps.kb();
    const id = entryIdOf(uri);
    const entry = id ? kb.get(id) : undefined;
    if (!entry) return `The knowledge base has no entry "${(id ?? '').replace(/[^\w -]/g, '')}" (was its pack removed?).`;
    return kb.card(entry);
  }
}

/** Opens an entry's card; returns the virtual document's address. */
export async function showCard(entry: LoadedEntry): Promise<vscode.Uri> {
  const uri = cardUri(entry);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // Without the built-in Markdown extension, the read-only document itself is still readable.
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
  return uri;
}

export function registerCardView(deps: KnowledgeDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(CARD_SCHEME, new CardContentProvider(deps)),
    vscode.commands.registerCommand(CommandId.openCard, afterLoad(deps, async (id: unknown) => {
      const entry = typeof id === 'string' ? deps.kb().get(id) : undefined;
      if (!entry) {
        void vscode.window.showWarningMessage('Clinical Notes: no such knowledge-base entry.');
        return undefined;
      }
      return (await showCard(entry)).toString();
    })),
    vscode.commands.registerCommand(CommandId.showCardAtCursor, afterLoad(deps, async () => {
      const editor = vscode.window.activeTextEditor;
      const entry = editor ? entryAtCursor(deps.kb(), editor) : undefined;
      if (!entry) {
        void vscode.window.showInformationMessage(
          'Clinical Notes: no knowledge-base term at the cursor. Try "Clinical Notes: Search Knowledge Base…".',
        );
        return undefined;
      }
      return (await showCard(entry)).toString();
    })),
  );
}

/** The term under the cursor, or the one the selected text names. */
function entryAtCursor(kb: KnowledgeBase, editor: vscode.TextEditor): LoadedEntry | undefined {
  const { document, selection } = editor;
  if (!selection.isEmpty && selection.isSingleLine) {
    const selected = document.getText(selection).trim();
    const hit = selected ? kb.search(selected, { limit: 1 })[0] : undefined;
    if (hit && hit.tier < TIER_TYPO) return hit.entry;
  }
  const pos = selection.active;
  const line = document.lineAt(pos.line).text;
  return kb.termAt(line, pos.character)?.entry;
}
