/**
 * The knowledge base the editor features and the CLI use: the merged packs, their search index and
 * their term spotter, built once per load. Rebuild by loading again (packs change rarely; keystrokes
 * never rebuild anything).
 */
import { renderCard, type CardOptions } from './cards';
import { Knowledge, loadPacks, type FileResult, type PackInput } from './knowledge';
import { SearchIndex, type SearchHit, type SearchOptions } from './search';
import { TermSpotter, type TermMatch } from './terms';
import type { LoadedEntry, Problem } from './types';

export class KnowledgeBase {
  readonly index: SearchIndex;
  readonly spotter: TermSpotter;

  constructor(readonly knowledge: Knowledge) {
    this.index = new SearchIndex(knowledge.entries);
    this.spotter = new TermSpotter(knowledge.entries, (id) => knowledge.get(id));
  }

  static load(inputs: readonly PackInput[]): { kb: KnowledgeBase; problems: Problem[]; files: FileResult[] } {
    const { knowledge, problems, files } = loadPacks(inputs);
    return { kb: new KnowledgeBase(knowledge), problems, files };
  }

  search(query: string, opts?: SearchOptions): SearchHit[] {
    return this.index.search(query, opts);
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
