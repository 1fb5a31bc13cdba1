/**
 * The knowledge base the editor features and the CLI use: the merged packs, their search index and
 * their term spotter, built once per load. Rebuild by loading again (packs change rarely; keystrokes
 * never rebuild anything).
 */
import { renderCard, type CardOptions } from './cards';
import { isCodeSetEntry } from './code-set';
import { Knowledge, loadPacks, type PackInput } from './knowledge';
import type { LookupEngine, LookupOptions, LookupResult } from './lookup';
import { SearchIndex, type SearchHit, type SearchOptions } from './search';
import { TermSpotter, type TermMatch } from './terms';
import type { LoadedEntry, Problem } from './types';

export class KnowledgeBase {
  readonly index: SearchIndex;
  readonly spotter: TermSpotter;
  private lookupEngine: LookupEngine | undefined;

  constructor(readonly knowledge: Knowledge) {
    this.index = new SearchIndex(knowledge.entries);
    this.spotter = new TermSpotter(knowledge.entries, (id) => knowledge.get(id));
  }

  static load(inputs: readonly PackInput[]): { kb: KnowledgeBase; problems: Problem[] } {
    const { knowledge, problems } = loadPacks(inputs);
    return { kb: new KnowledgeBase(knowledge), problems };
  }

  search(query: string, opts?: SearchOptions): SearchHit[] {
    return this.index.search(query, opts);
  }

  /**
   * A free-text look-up (the palette, the CLI, the browser filter): every word counts, facet words steer,
   * each hit says why it matched. Its index is built on the first look-up, not with the knowledge base:
   * completion and hover never need it, and a 74,000-code set loads no slower for it.
   */
  lookUp(query: string, opts?: LookupOptions): LookupResult {
    return this.lookup().lookUp(query, opts);
  }

  /** The look-up engine (built on first use). */
  lookup(): LookupEngine {
    if (!this.lookupEngine) {
      // Required here, not imported: the Node build keeps the look-up (MiniSearch, the facet words) in a
      // chunk of its own (dist/lookup.js) that loads with the first look-up, not with the first pack.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { LookupEngine: Engine, builtinFacets } = require('./lookup') as typeof import('./lookup');
      const titles = new Map<string, Map<string, string>>();
      for (const p of this.knowledge.packs) titles.set(p.id, new Map(p.sections.map((s) => [s.id, s.title])));
      this.lookupEngine = new Engine(
        this.knowledge.entries,
        {
          sectionTitles: (e) => e.sections.map((id) => titles.get(e.pack)?.get(id) ?? '').filter(Boolean),
          isCodeSet: isCodeSetEntry,
        },
        builtinFacets(),
      );
    }
    return this.lookupEngine;
  }

  /** The term at `offset` of `text`; pass a line (or a window), not a whole note. */
  termAt(text: string, offset: number): TermMatch | undefined {
    return this.spotter.at(text, offset);
  }

  card(entry: LoadedEntry, opts?: CardOptions): string {
    return renderCard(entry, this.knowledge, opts);
  }

  /** An entry by id, or the best search hit for a term. */
  resolve(termOrId: string): LoadedEntry | undefined {
    return this.knowledge.get(termOrId) ?? this.search(termOrId, { limit: 1 })[0]?.entry;
  }
}
