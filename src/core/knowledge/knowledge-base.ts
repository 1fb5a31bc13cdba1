/**
 * The knowledge base the editor features and the CLI use: the merged packs, their search index and
 * their term spotter, built once per load. Rebuild by loading again (packs change rarely; keystrokes
 * never rebuild anything). Features reach the knowledge only through this class.
 */
import { ambiguityBanner, officialCodeLine, renderCard, renderCardText, type CardOptions } from '../cards/cards';
import { Knowledge, loadPacks, type FileResult, type PackInput } from './load';
import { codeSetEntry, isCodeSetEntry, TableColumns } from './code-set';
import type { PreparedEntries, PreparedIndexPart, PreparedLoad } from './prepared';
import type { ProblemRange } from './json-pointer';
import type { LookupEngine, LookupOptions, LookupResult } from '../search/lookup';
import { SearchIndex, StringTable, type SearchHit, type SearchOptions } from '../search/prefix-index';
import { TermSpotter, type TermMatch } from '../search/term-spotter';
import type { Abbreviation, CodeRow, LoadedEntry, Pack, Problem, Section, Source } from '../types';

/** The first part of a worker's load, adopted: all but the index. */
export interface AdoptedEntries {
  knowledge: Knowledge;
  spotter: TermSpotter;
  problems: Problem[];
  files: FileResult[];
}

/** What a load gives: the knowledge base, every problem, and what became of each file. */
export interface LoadResultKb {
  kb: KnowledgeBase;
  problems: Problem[];
  files: FileResult[];
  /** From a pack worker: where each problem lies in its file (ProblemRange), so the host need not decode the file. */
  ranges?: ProblemRange[];
}

export class KnowledgeBase {
  readonly index: SearchIndex;
  readonly spotter: TermSpotter;
  private lookupEngine: LookupEngine | undefined;

  /** `parts`: an index and spotter already built for this knowledge (the pack worker's hand-over). */
  constructor(
    readonly knowledge: Knowledge,
    parts?: { index: SearchIndex; spotter: TermSpotter },
  ) {
    this.index = parts?.index ?? new SearchIndex(knowledge.entries);
    this.spotter = parts?.spotter ?? new TermSpotter(knowledge.entries, (id) => knowledge.get(id));
  }

  static load(inputs: readonly PackInput[]): LoadResultKb {
    const { knowledge, problems, files } = loadPacks(inputs);
    return { kb: new KnowledgeBase(knowledge), problems, files };
  }

  /**
   * A load a pack worker prepared (prepared.ts), adopted a slice at a time: each `next()` does about 2,048
   * entries' work, so a caller can stop after a few milliseconds and let the event loop run. Completes with
   * what KnowledgeBase.load of the same inputs gives.
   */
  static *adoptSteps(p: PreparedLoad): Generator<void, LoadResultKb, void> {
    const adopted = yield* KnowledgeBase.adoptEntriesSteps(p);
    yield;
    return KnowledgeBase.adoptIndex(adopted, p);
  }

  /** The worker's first part (the knowledge), adopted in slices while the worker still builds the index. */
  static *adoptEntriesSteps(p: PreparedEntries): Generator<void, AdoptedEntries, void> {
    const entries: LoadedEntry[] = [];
    const byId = new Map<string, LoadedEntry>();
    const bySection = new Map<string, LoadedEntry[]>();
    // Code set entries are found by id through the worker's sorted table, not put in the map one by one.
    const add = (e: LoadedEntry, code = false) => {
      entries.push(e);
      if (!code) byId.set(e.id, e);
      for (const s of e.sections) {
        const list = bySection.get(s);
        if (list) list.push(e);
        else bySection.set(s, [e]);
      }
    };
    let o = 0;
    for (const [kind, n] of p.runs) {
      if (kind === 'objects') {
        for (let k = 0; k < n; k++) {
          add(p.objects[o++]!);
          if ((k & 255) === 255) yield;
        }
        continue;
      }
      const c = p.codeSets[n]!;
      const columns = new TableColumns(c);
      for (let i = 0; i < columns.length; i++) {
        add(codeSetEntry(columns, i, c.set), true);
        if ((i & 255) === 255) yield;
      }
      const pack = p.packs.find((x) => x.id === c.set.pack);
      // The file's rows, should anything read them: made on first read, from the columns.
      if (pack?.codeSet) {
        let rows: CodeRow[] | undefined;
        Object.defineProperty(pack.codeSet, 'rows', { get: () => (rows ??= columns.rows()), enumerable: true, configurable: true });
      }
    }
    yield;
    const ids = StringTable.from(p.codeIds);
    const codeEntry = (id: string): LoadedEntry | undefined => {
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ids.at(mid)! < id) lo = mid + 1;
        else hi = mid;
      }
      return lo < ids.length && ids.at(lo) === id ? entries[p.codeIdEntries[lo]!] : undefined;
    };
    const knowledge = new Knowledge(p.packs, entries, byId, bySection, codeEntry);
    yield;
    const spotter = new TermSpotter(p.objects, (id) => knowledge.get(id), entries.length > p.objects.length);
    return { knowledge, spotter, problems: p.problems, files: p.files };
  }

  /** The worker's second part (the index, adopted as it is) completes the knowledge base. */
  static adoptIndex(a: AdoptedEntries, p: PreparedIndexPart): LoadResultKb {
    const index = new SearchIndex(a.knowledge.entries, p.index);
    return { kb: new KnowledgeBase(a.knowledge, { index, spotter: a.spotter }), problems: a.problems, files: a.files, ranges: p.ranges };
  }

  /** adoptSteps at once (tests, a host without an event loop to keep free). */
  static adopt(p: PreparedLoad): LoadResultKb {
    const steps = KnowledgeBase.adoptSteps(p);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
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

  /**
   * Builds the look-up's index until `budgetMs` have passed; true when it is complete. The editor calls it
   * in slices in idle time after a load, so the first look-up finds the index ready.
   */
  warmLookup(budgetMs: number): boolean {
    return this.lookup().warmSlice(budgetMs);
  }

  /**
   * Whether the editor builds the look-up's index after a load without being asked: yes for clinical packs
   * (0.1 s, a few MB); not for a code set (about 3 s and 100 MB), whose index waits until the look-up is opened.
   */
  warmsLookupUnasked(): boolean {
    return !this.knowledge.packs.some((p) => p.codeSet);
  }

  /** True once the look-up's index is complete (it is not built by asking). */
  lookupReady(): boolean {
    return this.lookupEngine?.ready() ?? false;
  }

  /** The look-up engine (built on first use). */
  lookup(): LookupEngine {
    if (!this.lookupEngine) {
      // Required here, not imported: the Node build keeps the look-up (MiniSearch, the facet words) in a
      // chunk of its own (dist/lookup.js) that loads with the first look-up, not with the first pack.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { LookupEngine: Engine, builtinFacets, builtinEquivalents } = require('../search/lookup') as typeof import('../search/lookup');
      const titles = new Map<string, Map<string, string>>();
      for (const p of this.knowledge.packs) titles.set(p.id, new Map(p.sections.map((s) => [s.id, s.title])));
      this.lookupEngine = new Engine(
        this.knowledge.entries,
        {
          sectionTitles: (e) => e.sections.map((id) => titles.get(e.pack)?.get(id) ?? '').filter(Boolean),
          isCodeSet: isCodeSetEntry,
        },
        builtinFacets(),
        builtinEquivalents(),
      );
    }
    return this.lookupEngine;
  }

  /** The term at `offset` of `text`; pass a line (or a window), not a whole note. */
  termAt(text: string, offset: number): TermMatch | undefined {
    return this.spotter.at(text, offset);
  }

  /** Every term written in `text` (a line), left to right. */
  termsIn(text: string): TermMatch[] {
    return this.spotter.all(text);
  }

  card(entry: LoadedEntry, opts?: CardOptions): string {
    return renderCard(entry, this.knowledge, opts);
  }

  /** The card as plain text, for a terminal. */
  cardText(entry: LoadedEntry): string {
    return renderCardText(entry, this.knowledge);
  }

  /** The official line of the code written as `written`, from the code set entry `official`. */
  officialCodeLine(official: LoadedEntry, written: string): string {
    return officialCodeLine(official, written, this.knowledge);
  }

  /** "DM — Usually means diabetes mellitus; in calcinosis notes it can mean dermatomyositis …" (Markdown). */
  ambiguityBanner(abbreviation: Abbreviation, entry: LoadedEntry): string {
    return ambiguityBanner(abbreviation, entry, this.knowledge);
  }

  /** An entry by id. */
  get(id: string): LoadedEntry | undefined {
    return this.knowledge.get(id);
  }

  /** An entry by id, or the best search hit for a term. */
  resolve(termOrId: string): LoadedEntry | undefined {
    return this.knowledge.get(termOrId) ?? this.search(termOrId, { limit: 1 })[0]?.entry;
  }

  get entries(): readonly LoadedEntry[] {
    return this.knowledge.entries;
  }

  get packs(): readonly Pack[] {
    return this.knowledge.packs;
  }

  pack(id: string): Pack | undefined {
    return this.knowledge.pack(id);
  }

  /** Sections of every pack, first pack first. */
  sections(): readonly Section[] {
    return this.knowledge.sections();
  }

  entriesInSection(sectionId: string): readonly LoadedEntry[] {
    return this.knowledge.entriesInSection(sectionId);
  }

  /** A source as cited by `entry` (sources are per pack). */
  source(entry: Pick<LoadedEntry, 'pack'>, sourceId: string): Source | undefined {
    return this.knowledge.source(entry, sourceId);
  }

  /** Finishes the index in slices after a load; true when complete (see SearchIndex.settle). */
  settle(budgetMs: number): boolean {
    return this.index.settle(budgetMs);
  }
}
