/**
 * The knowledge browser: a view of its own in the activity bar showing the loaded packs → their
 * sections → entries (the tree itself is decided by the core, `src/core/cards/browse.ts`). A filter narrows
 * it through the core search as you type; clicking an entry opens its card (the card view's command);
 * the context menu inserts the term at the cursor or copies its code (the lookup's actions).
 */
import * as vscode from 'vscode';
import { noEntryLine } from '../core/search/lookup-format';
import { BrowseTree, entryDescription, type BrowseNode } from '../core/cards/browse';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';
import { BROWSER_FILTERED_CONTEXT, CommandId, KNOWLEDGE_VIEW } from '../host/ids';
import { entryIcon } from '../host/convert';
import { runAction } from './lookup';

export interface BrowserDeps extends KnowledgeDeps {
  /** Fires when the packs were reloaded. */
  onDidChangeKnowledge: vscode.Event<unknown>;
}

/** The tree as the view shows it, for the internal snapshot command (tests, automation). */
export interface TreeSnapshot {
  description?: string;
  message?: string;
  filter: string;
  roots: SnapshotNode[];
}
export interface SnapshotNode {
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  command?: { command: string; arguments?: unknown[] };
  children?: SnapshotNode[];
}

class KnowledgeTreeProvider implements vscode.TreeDataProvider<BrowseNode> {
  private readonly changed = new vscode.EventEmitter<BrowseNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tree: BrowseTree | undefined;
  private filterText = '';

  constructor(private readonly deps: BrowserDeps) {}

  get filter(): string {
    return this.filterText;
  }

  setFilter(filter: string): void {
    this.filterText = filter.trim();
    this.refresh();
  }

  refresh(): void {
    this.tree = undefined;
    this.changed.fire(undefined);
  }

  current(): BrowseTree {
    this.tree ??= new BrowseTree(this.deps.kb(), { filter: this.filterText });
    return this.tree;
  }

  // A view left open is asked for its rows as soon as the extension starts: before the first load, wait for it.
  getChildren(node?: BrowseNode): vscode.ProviderResult<BrowseNode[]> {
    return afterLoad(this.deps, () => this.childrenNow(node))();
  }

  /** The rows under `node` (the roots without one), for callers that already waited for the first load. */
  childrenNow(node?: BrowseNode): BrowseNode[] {
    const tree = this.current();
    return [...(node ? tree.childrenOf(node) : tree.roots())];
  }

  getParent(node: BrowseNode): vscode.ProviderResult<BrowseNode> {
    return afterLoad(this.deps, () => this.current().parentOf(node))();
  }

  getTreeItem(node: BrowseNode): vscode.TreeItem {
    const filtered = this.filterText !== '';
    // With a filter every match is shown open; the id changes with the filter so VS Code does not
    // keep the collapsed state the user left the unfiltered tree in.
    const id = filtered ? `${node.key}?${this.filterText}` : node.key;
    switch (node.type) {
      case 'pack': {
        const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.Expanded);
        item.id = id;
        item.description = `${node.count} ${node.count === 1 ? 'entry' : 'entries'}`;
        item.tooltip = `${node.title} — pack ${node.packId}, version ${node.version}`;
        item.iconPath = new vscode.ThemeIcon('package');
        item.contextValue = 'pack';
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(
          node.title,
          filtered ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = id;
        item.description = String(node.count);
        if (node.summary) item.tooltip = node.summary;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'section';
        return item;
      }
      case 'entry': {
        const { entry } = node;
        const item = new vscode.TreeItem(entry.label, vscode.TreeItemCollapsibleState.None);
        item.id = id;
        item.description = entryDescription(entry);
        item.tooltip = entry.definition;
        item.iconPath = entryIcon(entry.kind);
        item.contextValue = entry.codes?.length ? 'entry.coded' : 'entry';
        item.command = { command: CommandId.openCard, title: 'Open Card', arguments: [entry.id] };
        item.accessibilityInformation = { label: `${entry.label}, ${item.description}` };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`${node.hidden} more…`, vscode.TreeItemCollapsibleState.None);
        item.id = id;
        item.description = 'filter to find them';
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: CommandId.browserFilter, title: 'Filter' };
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerBrowser(deps: BrowserDeps): vscode.Disposable {
  const provider = new KnowledgeTreeProvider(deps);
  const view = vscode.window.createTreeView(KNOWLEDGE_VIEW, { treeDataProvider: provider, showCollapseAll: true });

  const applyFilter = (text: string) => {
    provider.setFilter(text);
    const tree = provider.current();
    const { filter } = provider;
    view.description = filter ? `filter: ${filter} (${tree.entryCount})` : undefined;
    // A view alone in its container shows no description in its title; the message line always shows.
    view.message = !filter
      ? undefined
      : tree.entryCount === 0
        ? noEntryLine(filter, tree.didYouMean)
        : `${tree.entryCount} ${tree.entryCount === 1 ? 'entry matches' : 'entries match'} "${filter}".`;
    void vscode.commands.executeCommand('setContext', BROWSER_FILTERED_CONTEXT, provider.filter !== '');
  };

  const entryOf = (node: unknown): BrowseNode | undefined => {
    const n = (node ?? view.selection[0]) as BrowseNode | undefined;
    return n?.type === 'entry' ? n : undefined;
  };

  return vscode.Disposable.from(
    provider,
    view,
    deps.onDidChangeKnowledge(() => applyFilter(provider.filter)),
    vscode.commands.registerCommand(CommandId.browserFilter, afterLoad(deps, async (text?: unknown) => {
      if (typeof text === 'string') {
        applyFilter(text);
        return snapshotOf(provider, view);
      }
      await filterInteractively(provider.filter, applyFilter);
      return undefined;
    })),
    vscode.commands.registerCommand(CommandId.browserClearFilter, () => applyFilter('')),
    vscode.commands.registerCommand(CommandId.browserInsert, async (node?: unknown) => {
      const n = entryOf(node);
      if (n?.type !== 'entry') return undefined;
      return runAction('insert', n.entry, vscode.window.activeTextEditor);
    }),
    vscode.commands.registerCommand(CommandId.browserCopyCode, async (node?: unknown) => {
      const n = entryOf(node);
      if (n?.type !== 'entry') return undefined;
      return runAction('code', n.entry, vscode.window.activeTextEditor);
    }),
    vscode.commands.registerCommand(CommandId.browserOpenCard, async (node?: unknown) => {
      const n = entryOf(node);
      if (n?.type !== 'entry') return undefined;
      return runAction('card', n.entry, vscode.window.activeTextEditor);
    }),
    vscode.commands.registerCommand(CommandId.browserSnapshot, afterLoad(deps, (opts?: { depth?: number }) => snapshotOf(provider, view, opts?.depth ?? 3))),
    // Runs an entry's click or context action as the view would, given the labels on the way to it.
    vscode.commands.registerCommand(CommandId.browserRun, afterLoad(deps, async (args: { path: string[]; action: 'insert' | 'code' | 'card' | 'click' }) => {
      const node = findByLabels(provider, args?.path ?? []);
      if (!node || node.type !== 'entry') return { found: false };
      if (args.action === 'click') {
        const cmd = provider.getTreeItem(node).command;
        const result = cmd ? await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? [])) : undefined;
        return { found: true, result };
      }
      const id = args.action === 'insert' ? CommandId.browserInsert : args.action === 'code' ? CommandId.browserCopyCode : CommandId.browserOpenCard;
      return { found: true, result: await vscode.commands.executeCommand(id, node) };
    })),
  );
}

/** An InputBox that filters the tree as the user types; Escape puts the previous filter back. */
function filterInteractively(previous: string, apply: (filter: string) => void): Promise<void> {
  const box = vscode.window.createInputBox();
  box.title = 'Filter the Knowledge Browser';
  box.placeholder = 'Term, synonym, abbreviation or ICD-10-CM code (empty shows everything)';
  box.value = previous;
  let accepted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<void>((resolve) => {
    const subscriptions = [
      box.onDidChangeValue((value) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => apply(value), 120);
      }),
      box.onDidAccept(() => {
        accepted = true;
        if (timer) clearTimeout(timer);
        apply(box.value);
        box.hide();
      }),
      box.onDidHide(() => {
        if (timer) clearTimeout(timer);
        if (!accepted) apply(previous);
        subscriptions.forEach((s) => s.dispose());
        box.dispose();
        resolve();
      }),
    ];
    box.show();
  });
}

function findByLabels(provider: KnowledgeTreeProvider, labels: readonly string[]): BrowseNode | undefined {
  let nodes = provider.childrenNow();
  let found: BrowseNode | undefined;
  for (const label of labels) {
    found = nodes.find((n) => labelOf(provider.getTreeItem(n)) === label);
    if (!found) return undefined;
    nodes = provider.childrenNow(found);
  }
  return found;
}

function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

function snapshotOf(provider: KnowledgeTreeProvider, view: vscode.TreeView<BrowseNode>, depth = 3): TreeSnapshot {
  const walk = (nodes: readonly BrowseNode[], level: number): SnapshotNode[] =>
    nodes.map((n) => {
      const item = provider.getTreeItem(n);
      const out: SnapshotNode = { label: labelOf(item) };
      if (typeof item.description === 'string') out.description = item.description;
      if (typeof item.tooltip === 'string') out.tooltip = item.tooltip;
      if (item.contextValue) out.contextValue = item.contextValue;
      if (item.command) out.command = { command: item.command.command, ...(item.command.arguments ? { arguments: item.command.arguments } : {}) };
      if (level < depth && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) out.children = walk(provider.childrenNow(n), level + 1);
      return out;
    });
  return {
    filter: provider.filter,
    ...(view.description ? { description: view.description } : {}),
    ...(view.message ? { message: view.message } : {}),
    roots: walk(provider.childrenNow(), 1),
  };
}
