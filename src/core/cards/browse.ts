/**
 * The knowledge browser's tree, decided without an editor: packs → their sections → entries, in
 * pack order, optionally narrowed to what the core look-up finds for a filter. `src/features/browser.ts`
 * shows it in a VS Code TreeView.
 */
import { kindTitle } from './cards';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { LoadedEntry } from '../types';

/** A node of the tree. `key` is unique in the tree and stable across reloads of the same packs. */
export type BrowseNode =
  | { type: 'pack'; key: string; packId: string; title: string; version: string; count: number }
  | { type: 'section'; key: string; packId: string; sectionId: string; title: string; summary?: string; count: number }
  | { type: 'entry'; key: string; entry: LoadedEntry }
  /** Stands for children left out so the tree stays fast (an imported ICD-10-CM pack has ~70,000 entries). */
  | { type: 'more'; key: string; hidden: number };

export interface BrowseOptions {
  /** Narrows the tree to entries the core look-up (KnowledgeBase.lookUp) finds for this text. */
  filter?: string;
  /** Most entries a filter shows (default 500). */
  filterLimit?: number;
  /** Most children shown under one node (default 1000); the rest is one `more` node. */
  maxChildren?: number;
}

/** The heading of entries whose pack lists no section for them. */
export const NO_SECTION_TITLE = 'Other entries';
const NO_SECTION = '';

/** The tree for one knowledge base and filter; build a new one when either changes. */
export class BrowseTree {
  readonly filter: string;
  /** Entries shown (after the filter). */
  readonly entryCount: number;
  /** Nearest terms when the filter found nothing. */
  readonly didYouMean: readonly string[];
  private readonly packs: BrowseNode[] = [];
  private readonly children = new Map<string, BrowseNode[]>();
  private readonly maxChildren: number;

  constructor(kb: KnowledgeBase, opts: BrowseOptions = {}) {
    this.filter = (opts.filter ?? '').trim();
    this.maxChildren = Math.max(1, opts.maxChildren ?? 1000);
    const found = this.filter ? kb.lookUp(this.filter, { limit: Math.max(1, opts.filterLimit ?? 500) }) : undefined;
    this.didYouMean = found?.didYouMean ?? [];
    const wanted = found ? new Set(found.hits.map((h) => h.entry.id)) : undefined;
    const shown = new Set<string>();
    for (const pack of kb.knowledge.packs) {
      const packKey = `pack:${pack.id}`;
      const sectionNodes: BrowseNode[] = [];
      let packCount = 0;
      const bySection = new Map<string, LoadedEntry[]>();
      for (const e of kb.knowledge.entries) {
        if (e.pack !== pack.id || (wanted && !wanted.has(e.id))) continue;
        shown.add(e.id);
        packCount++;
        const ids = e.sections.length ? e.sections : [NO_SECTION];
        for (const s of ids) {
          let list = bySection.get(s);
          if (!list) bySection.set(s, (list = []));
          list.push(e);
        }
      }
      const sections = [...pack.sections.map((s) => ({ id: s.id, title: s.title, summary: s.summary })), { id: NO_SECTION, title: NO_SECTION_TITLE, summary: undefined }];
      for (const s of sections) {
        const entries = bySection.get(s.id);
        if (!entries?.length) continue;
        const key = `${packKey}/section:${s.id}`;
        sectionNodes.push({
          type: 'section',
          key,
          packId: pack.id,
          sectionId: s.id,
          title: s.title,
          ...(s.summary ? { summary: s.summary } : {}),
          count: entries.length,
        });
        this.children.set(key, this.capped(key, entries.map((entry) => ({ type: 'entry', key: `${key}/entry:${entry.id}`, entry }))));
      }
      if (wanted && packCount === 0) continue;
      this.packs.push({ type: 'pack', key: packKey, packId: pack.id, title: pack.title, version: pack.version, count: packCount });
      this.children.set(packKey, sectionNodes);
    }
    this.entryCount = shown.size;
  }

  private capped(key: string, nodes: BrowseNode[]): BrowseNode[] {
    if (nodes.length <= this.maxChildren) return nodes;
    return [...nodes.slice(0, this.maxChildren), { type: 'more', key: `${key}/more`, hidden: nodes.length - this.maxChildren }];
  }

  /** The packs (or, with a filter, the packs that have a match). */
  roots(): readonly BrowseNode[] {
    return this.packs;
  }

  /** A node's children; none for entries. */
  childrenOf(node: BrowseNode): readonly BrowseNode[] {
    return this.children.get(node.key) ?? [];
  }

  /** The parent of a node by its key (for TreeView.reveal). */
  parentOf(node: BrowseNode): BrowseNode | undefined {
    const cut = node.key.lastIndexOf('/');
    if (cut < 0) return undefined;
    const parentKey = node.key.slice(0, cut);
    if (!parentKey.includes('/')) return this.packs.find((p) => p.key === parentKey);
    return this.children.get(parentKey.slice(0, parentKey.lastIndexOf('/')))?.find((n) => n.key === parentKey);
  }
}

/** What the tree shows beside an entry's label: its kind and codes, e.g. "Condition · L94.2". */
export function entryDescription(entry: LoadedEntry): string {
  return [kindTitle(entry), ...(entry.codes ?? []).map((c) => c.code)].join(' · ');
}
