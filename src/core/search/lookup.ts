/**
 * Free-text look-up: the engine behind the palette search, `clinical-notes search` and the knowledge
 * browser's filter (a question typed by a person), not per-keystroke completion (src/core/search/prefix-index.ts).
 *
 * MiniSearch does the retrieval (BM25+ with field boosts, prefix and fuzzy matching, OR of the query words)
 * over every field that carries meaning: label, synonyms, abbreviations, codes and their titles,
 * definition, relation, facts, evidence, sections and kind. Around it this module adds what a clinician's
 * question needs:
 *   - one term normaliser for the pack and the query: accents, British/US spelling (oedema, haem-,
 *     -aemia, -ise, -our, sulph-), plurals, ICD-10-CM codes written with or without their dot;
 *   - question words (knowledge/lookup-facets.json `stopWords`) left out, and facet words ("icd",
 *     "prevalence", "stain", "side effect"…, same file) that lift the entries holding what they ask for;
 *   - an entry matching more of the query's words ranks higher (coverage, then BM25 score);
 *   - why each hit matched: the field or fact sentence with most of the query's words, and those words;
 *   - never an empty answer: nearest terms ("did you mean") when nothing matches.
 * A code set's 74,000 rows get their own MiniSearch index (code and title only), built on the first
 * look-up, so loading a code set is not slowed by an index only the look-up reads.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import facetsJson from '../../../knowledge/lookup-facets.json';
import { parseLookupFacets, type LookupFacet, type LookupFacets } from './lookup-facets';
import equivalentsJson from '../../../knowledge/lookup-equivalents.json';
import { parseLookupEquivalents, type LookupEquivalents } from './lookup-equivalents';
import { normalize } from '../text';
import type { Code, LoadedEntry } from '../types';

/** Where a look-up hit matched. */
export type LookupField =
  | 'label'
  | 'synonym'
  | 'abbreviation'
  | 'code'
  | 'definition'
  | 'relation'
  | 'fact'
  | 'evidence'
  | 'section'
  | 'kind';

export interface LookupWhy {
  field: LookupField;
  /** The text that matched, as the pack writes it (a fact sentence, a synonym, "L94.2 Calcinosis cutis"). */
  text: string;
  /** Where the query's words are in `text`: [start, end) pairs, for highlighting. */
  ranges: [number, number][];
}

export interface LookupHit {
  entry: LoadedEntry;
  /** Higher is better (only comparable within one look-up). */
  score: number;
  /** How many of the query's words the entry matched. */
  matchedWords: number;
  why: LookupWhy;
  /** The query's words as they appear in `why.text`. */
  words: string[];
  /** The code to show: set when the query asked for one (a facet with `showCode`) and the entry has codes. */
  code?: Code;
}

export interface LookupResult {
  query: string;
  hits: LookupHit[];
  /** Nearest labels and synonyms when nothing matched; empty otherwise. */
  didYouMean: string[];
  /** Ids of the facets the query used. */
  facets: string[];
}

export interface LookupOptions {
  /** Most hits (default 50). */
  limit?: number;
}

/** What the engine needs of the knowledge besides its entries. */
export interface LookupContext {
  /** Titles of an entry's sections (for the `sections` field). */
  sectionTitles(entry: LoadedEntry): string[];
  /**
   * True for an entry a code set's row stands for (code and title only; indexed apart). Passed in rather
   * than imported: the Node build bundles this module on its own, and `isCodeSetEntry` is an instanceof
   * test of the engine bundle's own class.
   */
  isCodeSet(entry: LoadedEntry): boolean;
}

/** Field boosts: label > synonym/abbreviation > code > definition > facts (the issue's order). */
const BOOST: Record<string, number> = {
  label: 6,
  synonyms: 4,
  abbreviations: 4,
  codes: 3,
  codeTitles: 2.5,
  definition: 1.6,
  relation: 1.1,
  facts: 1,
  evidence: 1.2,
  sections: 0.8,
  kind: 0.8,
};
const FIELDS = Object.keys(BOOST);
const CODE_FIELDS = ['codes', 'label'];
const CODE_BOOST: Record<string, number> = { codes: 3, label: 6 };

/** A query word that is a code, compacted ("l942", "m33"). */
const CODE_TERM = /^[a-z]\d[0-9a-z]{1,5}$/;

/** A code as written in a note or a pack ("L94.2", "l942", "M33.1"), found before words are split. */
const CODE_IN_TEXT = /\b([A-Za-z]\d[0-9A-Za-z])(?:\.([0-9A-Za-z]{1,4}))?\b/g;

/**
 * British → US and plural folding of one lower-case, accent-free word, applied to the pack and the query
 * alike (so over-folding a rare word costs nothing: both sides fold the same way).
 */
export function foldTerm(word: string): string {
  let w = word;
  if (w.length > 3) {
    // haem-, -aemia, oedema, oesophageal, aetiology, paediatric
    w = w.replace(/([a-z]?)ae(?=[bcdfghjklmnpqrstvwxz])/g, '$1e').replace(/oe(?=[dsnt][a-z])/g, 'e');
    w = w.replace(/sulph/g, 'sulf');
    if (w === 'aluminium') w = 'aluminum';
    else if (w === 'centre' || w === 'fibre' || w === 'litre') w = w.slice(0, -2) + 'er';
    w = w.replace(/^(\w{3,})is(e|ed|es|ing|ation|ations)$/, '$1iz$2');
    if (w.length > 5) w = w.replace(/our$/, 'or').replace(/ours$/, 'ors');
  }
  // Plurals: antibodies → antibody, stains → stain, NSAIDs → nsaid; not -ss, -us, -is (calcinosis).
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|as|os)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** Words of a text as the index stores them: codes compacted ("L94.2" → "l942"), then normalised and folded. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const w of normalize(compactCodes(text)).split(' ')) if (w) out.push(w);
  return out;
}

/** A word of a why-text, a code (group 1) first so "L94.2" is one word as the index has it. */
const TOKEN = /\b([A-Za-z]\d[0-9A-Za-z](?:\.[0-9A-Za-z]{1,4})?)\b|[\p{L}\p{N}\p{M}]+/gu;

function compactCodes(text: string): string {
  return text.replace(CODE_IN_TEXT, (_m, head: string, tail?: string) => (tail ? `${head}${tail}` : head));
}

/** A code's index text: the code compacted and its category, so "M33" finds M33.10 … M33.19. */
function codeTerms(code: string): string {
  const compact = code.replace('.', '');
  return compact.length > 3 ? `${compact} ${compact.slice(0, 3)}` : compact;
}

interface Doc {
  id: number;
  [field: string]: string | number;
}

interface Candidate {
  field: LookupField;
  text: string;
  /** Its words as the index has them, with where each is in `text`. */
  tokens: { term: string; start: number; end: number; alt?: string }[];
  /**
   * Runs of tokens the index also holds as one word: a hyphenated word compacted ("U1-RNP" → u1rnp) or an
   * equivalent phrase ("calcium deposits" → calcinosis). `from`/`to`: the tokens it covers, [from, to).
   */
  spans?: { term: string; start: number; end: number; from: number; to: number }[];
  /** The folded words joined, with a space at each end, to find a facet's phrase in. */
  joined: string;
}

/** How a query's words came out of the normaliser, facets and stop words. */
interface ParsedQuery {
  /** Folded words searched for, in order. */
  terms: string[];
  facets: LookupFacet[];
  /** True when the query ends inside a word (the last one may be unfinished: it matches as a prefix). */
  open: boolean;
}

/** A result before it is explained. */
interface Scored {
  entry: LoadedEntry;
  candidates: Candidate[];
  docTerms: Set<string>;
  favoured: LookupFacet[];
  score: number;
  matchedWords: number;
}

/** An index being built, one entry at a time (in slices in idle time, or all at once when a look-up needs it). */
interface Build {
  index: MiniSearch<Doc>;
  /** The next entry to add. */
  next: number;
  total: number;
  add(index: MiniSearch<Doc>, id: number): void;
}

function finish(b: Build): MiniSearch<Doc> {
  while (b.next < b.total) b.add(b.index, b.next++);
  return b.index;
}

/** Adds entries until `deadline` (checked after each entry); true when the index is complete. */
function step(b: Build, deadline: number): boolean {
  while (b.next < b.total) {
    b.add(b.index, b.next++);
    if (now() >= deadline) break;
  }
  return b.next >= b.total;
}

function now(): number {
  return performance.now();
}

/** What the scoring reads of a MiniSearch result (a `SearchResult`, or the same made by `ClinicalScorer`). */
interface Found {
  id: number | string;
  /** MiniSearch's score: its BM25+ sum times the number of query words matched. */
  score: number;
  /** The index words matched (the query's words, their prefixes and typos as found). */
  terms: string[];
  /** The query's words matched, in query order. */
  queryTerms: string[];
  /** How many: `queryTerms.length`, known before they are listed. */
  matched: number;
}

/** A search result waiting to be scored, with the most its score can be. */
interface Pending {
  r: Found;
  /** 0: the clinical entries; 1: a code set's rows. */
  partition: 0 | 1;
  /** Its place in the results as found (ties keep it). */
  order: number;
  bound: number;
}

const FIELD_ORDER: readonly LookupField[] = ['label', 'synonym', 'abbreviation', 'code', 'definition', 'relation', 'fact', 'evidence', 'section', 'kind'];

export class LookupEngine {
  private readonly clinical: LoadedEntry[] = [];
  private readonly codeSet: LoadedEntry[] = [];
  private clinicalBuilding: Build | undefined;
  private codeBuilding: Build | undefined;
  private suggester: MiniSearch<{ id: number; term: string }> | undefined;
  private suggestTerms: string[] = [];
  private readonly stop: Set<string>;
  /** Facet phrases as folded word sequences, longest first. */
  private readonly phrases: { words: string[]; facet: LookupFacet }[] = [];
  /** Each facet's `textWords`, folded and space-delimited (" raises the risk "). */
  private readonly facetPhrases = new Map<LookupFacet, string[]>();
  /** Each entry's explainable texts, by entry number (plain arrays: the scoring loop reads them per result). */
  private clinicalCandidates: Candidate[][] = [];
  /** Each entry's name words as `nameCompleteness` reads them (tokens, the words they stand for, spans). */
  private clinicalNameTerms: Set<string>[] = [];
  private readonly codeCandidateCache: (Candidate[] | undefined)[] = [];

  private readonly same: Equivalence;

  constructor(
    entries: readonly LoadedEntry[],
    private readonly context: LookupContext,
    facets: LookupFacets,
    equivalents: LookupEquivalents = { groups: [] },
  ) {
    this.same = new Equivalence(equivalents);
    for (const e of entries) (context.isCodeSet(e) ? this.codeSet : this.clinical).push(e);
    this.stop = new Set(facets.stopWords.flatMap((w) => words(w)));
    for (const facet of facets.facets) {
      for (const phrase of facet.words) {
        const ws = words(phrase).map(foldTerm);
        if (ws.length) this.phrases.push({ words: ws, facet });
      }
    }
    this.phrases.sort((a, b) => b.words.length - a.words.length);
    for (const facet of facets.facets) {
      const folded = (facet.favour.textWords ?? []).map((w) => words(w).map(foldTerm).join(' ')).filter(Boolean);
      this.facetPhrases.set(facet, folded.map((w) => ` ${w} `));
    }
  }

  /** Builds both indexes now rather than on the first look-up (the bench measures it). */
  warm(): void {
    this.clinicalSearch();
    this.codeSearch();
  }

  /**
   * Builds the indexes a slice at a time, until `budgetMs` have passed; true when they are complete. The
   * editor calls it in idle time after a load, so the first look-up finds them ready; a look-up that comes
   * sooner builds what is left itself (the slices so far are kept, not redone).
   */
  /** True once both indexes are complete (warmed in slices or built by a look-up). */
  ready(): boolean {
    const done = (b: Build | undefined) => b !== undefined && b.next >= b.total;
    return done(this.clinicalBuilding) && done(this.codeBuilding);
  }

  warmSlice(budgetMs: number): boolean {
    const deadline = now() + budgetMs;
    return step(this.clinicalBuild(), deadline) && step(this.codeBuild(), deadline);
  }

  lookUp(query: string, opts: LookupOptions = {}): LookupResult {
    const limit = Math.max(1, opts.limit ?? 50);
    const parsed = this.parse(query);
    const result: LookupResult = { query, hits: [], didYouMean: [], facets: [...new Set(parsed.facets.map((f) => f.id))] };
    if (!parsed.terms.length) {
      if (query.trim()) result.didYouMean = this.suggest(query);
      return result;
    }
    // Each result's score has an upper bound known before it is scored (its BM25 score times the most the
    // facets, the name and the coverage can add): results are scored best bound first, and scoring stops
    // once no bound left can reach the `limit` best so far. The answer is the one scoring them all gives.
    const n = parsed.terms.length;
    let maxBoost = 1;
    for (const f of parsed.facets) if (f.boost > maxBoost) maxBoost = f.boost;
    const pending: Pending[] = [];
    // A clinical entry none of whose names holds a word it matched gets nothing from the name: its bound
    // leaves that factor out (most entries holding a common word hold it in a fact, not in a name). The
    // bounds are raised by a millionth so a rounding step apart can never prune an equal score.
    const collect = (results: readonly Found[], partition: 0 | 1) => {
      const weight = (partition ? CODE_SET_WEIGHT : 1) * maxBoost * (1 + 1e-6);
      for (const r of results) {
        const share = r.matched / n;
        const names = partition || !(r instanceof ScoredDoc) || r.holdsAny(this.clinicalNameTerms[r.id as number]!) ? 1 + NAME_WEIGHT : 1;
        pending.push({ r, partition, order: pending.length, bound: r.score * weight * names * share * share });
      }
    };
    collect(this.clinicalScorer().search(parsed.terms, this.runOptions(parsed)), 0);
    if (this.codeSet.length && this.codeSetMayHold(parsed)) {
      const found = this.run(this.codeSearch(), parsed, true).slice(0, limit * 2);
      collect(found.map((r) => ({ id: r.id as number, score: r.score, terms: r.terms, queryTerms: r.queryTerms, matched: r.queryTerms.length })), 1);
    }
    pending.sort((a, b) => b.bound - a.bound);
    // The best `limit` so far, best first (ties: the earlier result first, as a stable sort of all would).
    const scored: (Scored & { order: number })[] = [];
    for (const p of pending) {
      if (scored.length >= limit && p.bound < scored[limit - 1]!.score) break;
      const id = p.r.id as number;
      const entry = p.partition ? this.codeSet[id]! : this.clinical[id]!;
      const s = this.scoreOf(entry, p.partition ? this.codeCandidates(id) : this.clinicalCandidates[id]!, p.r, parsed) as Scored & { order: number };
      // Every query word counts: the score shrinks with the square of the share of words left unmatched.
      // A code set's hits weigh half: its index has its own word statistics, and a clinical entry that
      // answers as well should come first.
      const share = s.matchedWords / n;
      s.score *= share * share * (p.partition ? CODE_SET_WEIGHT : 1);
      s.order = p.order;
      let at = scored.length;
      while (at > 0 && (scored[at - 1]!.score < s.score || (scored[at - 1]!.score === s.score && scored[at - 1]!.order > s.order))) at--;
      if (at >= limit) continue;
      scored.splice(at, 0, s);
      if (scored.length > limit) scored.pop();
    }
    // Only the hits returned are explained.
    result.hits = scored.slice(0, limit).map((s) => this.explain(s, parsed));
    if (!result.hits.length) result.didYouMean = this.suggest(query);
    return result;
  }

  /** Normalises the query, finds its facet words and drops question words. */
  private parse(query: string): ParsedQuery {
    // Equivalent words and phrases are looked up as the word they stand for ("sarcoid" → sarcoidosis).
    const raw = this.same.canonical(words(query.slice(0, 200)).map(foldTerm));
    const facets: LookupFacet[] = [];
    const terms: string[] = [];
    for (let i = 0; i < raw.length; ) {
      const found = this.phrases.find((p) => p.words.every((w, j) => raw[i + j] === w));
      if (found) {
        facets.push(found.facet);
        if (found.facet.search !== false) for (const w of found.words) if (!this.stop.has(w)) terms.push(w);
        i += found.words.length;
        continue;
      }
      if (!this.stop.has(raw[i]!)) terms.push(raw[i]!);
      i++;
    }
    // Only facet words ("icd codes"): look those words up rather than nothing.
    if (!terms.length && facets.length) for (const w of raw) if (!this.stop.has(w)) terms.push(w);
    return { terms: [...new Set(terms)], facets, open: /[\p{L}\p{N}]$/u.test(query) };
  }

  /** `codeSet`: a code set's 74,000 titles are searched for all the words, without typos, the last word as a prefix. */
  private run(index: MiniSearch<Doc>, q: ParsedQuery, codeSet = false): SearchResult[] {
    return index.search(q.terms.join(' '), this.runOptions(q, codeSet));
  }

  private runOptions(q: ParsedQuery, codeSet = false): RunOptions {
    const last = q.terms.length - 1;
    return {
      // In a code set every word must be in the title: "other … calcinosis" would otherwise gather thousands
      // of titles holding "other" for every look-up, and the clinical entries answer partial matches.
      combineWith: codeSet ? 'AND' : 'OR',
      prefix: (term, i) => (i === last && q.open && term.length >= 2) || (!codeSet && term.length >= 6),
      // A code is exact or a prefix (M33 → M33.10), never a typo of its neighbour (L94.2 is not L94.3).
      // A word the knowledge holds as written is no typo: looking for its neighbours cost most of a look-up
      // at 10,000 entries and only added near-misses below the exact matches.
      fuzzy: (term) => (codeSet || CODE_TERM.test(term) || this.vocabulary.has(term) ? false : term.length >= 7 ? 0.25 : term.length >= 4 ? 1 : false),
      maxFuzzy: 2,
      weights: { fuzzy: 0.4, prefix: 0.6 },
    };
  }

  private clinicalScorer(): ClinicalScorer {
    const index = this.clinicalSearch();
    if (this.scorer?.index !== index) this.scorer = new ClinicalScorer(index, BOOST);
    return this.scorer;
  }
  private scorer: ClinicalScorer | undefined;

  private clinicalSearch(): MiniSearch<Doc> {
    return finish(this.clinicalBuild());
  }

  private codeSearch(): MiniSearch<Doc> {
    return finish(this.codeBuild());
  }

  private clinicalBuild(): Build {
    return (this.clinicalBuilding ??= {
      index: this.newIndex(FIELDS, BOOST),
      next: 0,
      total: this.clinical.length,
      add: (index, id) => {
        const e = this.clinical[id]!;
        index.add(this.docOf(e, id));
        // Each hit is scored and explained from its entry's tokenised fields: made here for the clinical
        // entries, so no look-up pays for them. A code set's are made for the hits it gets.
        const candidates = candidatesOf(e, this.context, this.same);
        this.clinicalCandidates[id] = candidates;
        this.clinicalNameTerms[id] = nameTerms(candidates);
      },
    });
  }

  private codeBuild(): Build {
    return (this.codeBuilding ??= {
      index: this.newIndex(CODE_FIELDS, CODE_BOOST, this.codeVocabulary),
      next: 0,
      total: this.codeSet.length,
      add: (index, id) => {
        const e = this.codeSet[id]!;
        index.add({ id, label: e.label, codes: (e.codes ?? []).map((c) => codeTerms(c.code)).join(' ') });
      },
    });
  }

  /** Every indexed word, as the index holds it (folded): a query word found here is not looked up as a typo. */
  private readonly vocabulary = new Set<string>();
  /** The code set's words (codes and title words), and the same sorted, to test a prefix. */
  private readonly codeVocabulary = new Set<string>();
  private codeWordsSorted: string[] | undefined;

  /**
   * False when some query word is in no code title (and no code starts with it, for the word being typed):
   * the code set is searched with every word required, so it cannot answer, and asking MiniSearch would
   * still gather every title holding the other words ("calcinosis" is in thousands).
   */
  private codeSetMayHold(q: ParsedQuery): boolean {
    this.codeSearch();
    const last = q.terms.length - 1;
    for (let i = 0; i <= last; i++) {
      const t = q.terms[i]!;
      if (this.codeVocabulary.has(t)) continue;
      if (i === last && q.open && t.length >= 2 && this.codeHasPrefix(t)) continue;
      return false;
    }
    return true;
  }

  private codeHasPrefix(prefix: string): boolean {
    const sorted = (this.codeWordsSorted ??= [...this.codeVocabulary].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo]!.startsWith(prefix);
  }

  private newIndex(fields: string[], boost: Record<string, number>, vocabulary: Set<string> = this.vocabulary): MiniSearch<Doc> {
    return new MiniSearch<Doc>({
      fields,
      idField: 'id',
      // Folded here, with the words the index also holds them as (equivalents, hyphenated words compacted).
      tokenize: (text) => this.same.indexWords(text),
      processTerm: (t) => {
        if (this.stop.has(t)) return null;
        this.vocabulary.add(t);
        vocabulary.add(t);
        return t;
      },
      searchOptions: {
        boost,
        tokenize: (text) => text.split(' '),
        processTerm: (t) => t,
      },
    });
  }

  private docOf(e: LoadedEntry, id: number): Doc {
    return {
      id,
      label: e.label,
      synonyms: (e.synonyms ?? []).join(' ; '),
      abbreviations: (e.abbreviations ?? []).map((a) => a.text).join(' ; '),
      codes: (e.codes ?? []).map((c) => codeTerms(c.code)).join(' '),
      codeTitles: (e.codes ?? []).map((c) => c.title).join(' ; '),
      definition: e.definition,
      relation: e.relation ?? '',
      facts: (e.facts ?? []).map((f) => f.text).join(' \n '),
      evidence: e.evidence ? evidenceText(e.evidence) : '',
      sections: this.context.sectionTitles(e).join(' ; '),
      kind: e.kind,
    };
  }

  /** A MiniSearch result scored: how much of the query it covers, how fully it names it, the facets it answers. */
  private scoreOf(entry: LoadedEntry, candidates: Candidate[], r: Found, q: ParsedQuery): Scored {
    const docTerms = new Set(r.terms);
    // Coverage: an exact word counts 1, a prefix or typo match less, so "hypocalcemia" (a code title)
    // beats a clinical "hypercalcemia" found through a typo.
    let covered = 0;
    for (const qt of r.queryTerms) covered += docTerms.has(qt) ? 1 : r.terms.some((t) => t.startsWith(qt)) ? 0.8 : 0.5;
    let boost = 1;
    const favoured: LookupFacet[] = [];
    for (const f of q.facets) {
      if (this.favours(f, entry, candidates)) {
        favoured.push(f);
        boost = Math.max(boost, f.boost);
      }
    }
    // A word still being typed ("calc") is a completion: the names it starts fit better the shorter they
    // are (calcinosis before calciphylaxis), and an entry that only mentions a longer word drops back.
    let fit = 1;
    const last = q.terms[q.terms.length - 1]!;
    if (q.open && !docTerms.has(last) && r.terms.some((t) => t.startsWith(last))) {
      // The label decides when it holds such a word; a synonym or abbreviation only otherwise.
      let best = 0;
      for (const field of ['label', 'other'] as const) {
        for (const c of candidates) {
          if (field === 'label' ? c.field !== 'label' : c.field !== 'synonym' && c.field !== 'abbreviation') continue;
          for (const t of c.tokens) if (t.term.startsWith(last)) best = Math.max(best, last.length / t.term.length);
        }
        if (best) break;
      }
      fit = Math.max(best, 0.2) ** 2;
    }
    return {
      entry,
      candidates,
      docTerms,
      favoured,
      // A name reached through a typo counts half: an exact code title ("Hypocalcemia") beats a clinical
      // name one typo away ("hypercalcemia").
      score: fit * r.score * boost * (1 + NAME_WEIGHT * (covered / r.queryTerms.length) * nameCompleteness(candidates, docTerms, q.terms.length)),
      matchedWords: Math.round(covered * 10) / 10,
    };
  }

  /** Why a scored result matched, and the code to show. */
  private explain(s: Scored, q: ParsedQuery): LookupHit {
    const phrases = s.favoured.flatMap((f) => this.facetPhrases.get(f) ?? []);
    const why = bestCandidate(s.candidates, s.docTerms, phrases);
    const hit: LookupHit = { entry: s.entry, score: s.score, matchedWords: s.matchedWords, why: why.why, words: why.words };
    if (q.facets.some((f) => f.showCode) && s.entry.codes?.length) hit.code = bestCode(s.entry.codes, s.docTerms);
    return hit;
  }

  private codeCandidates(id: number): Candidate[] {
    return (this.codeCandidateCache[id] ??= candidatesOf(this.codeSet[id]!, this.context, this.same));
  }

  private favours(f: LookupFacet, entry: LoadedEntry, candidates: Candidate[]): boolean {
    const fav = f.favour;
    if (fav.hasCode && entry.codes?.length) return true;
    if (fav.hasEvidence && entry.evidence) return true;
    if (fav.kinds?.includes(entry.kind)) return true;
    if (fav.sections?.some((s) => entry.sections.includes(s))) return true;
    if (fav.textWords) {
      const phrases = this.facetPhrases.get(f) ?? [];
      for (const c of candidates) {
        if (c.field === 'section' || c.field === 'kind') continue;
        if (phrases.some((p) => c.joined.includes(p))) return true;
        // "%" is no word: it is looked for in the text as written.
        if (fav.textWords.includes('%') && c.text.includes('%')) return true;
      }
    }
    return false;
  }

  /**
   * Nearest labels, synonyms and abbreviations for a query that found nothing: a small MiniSearch over the
   * names alone, with looser typos (40% of a word) than the look-up allows.
   */
  private suggest(query: string): string[] {
    if (!this.suggester) {
      const terms = new Set<string>();
      for (const e of this.clinical) {
        terms.add(e.label);
        for (const s of e.synonyms ?? []) terms.add(s);
        for (const a of e.abbreviations ?? []) terms.add(a.text);
      }
      this.suggestTerms = [...terms];
      this.suggester = new MiniSearch({ fields: ['term'], tokenize: words, processTerm: (t) => foldTerm(t) });
      this.suggester.addAll(this.suggestTerms.map((term, id) => ({ id, term })));
    }
    const q = words(query.slice(0, 64)).map(foldTerm).filter((w) => !this.stop.has(w) && w.length >= 2);
    const out: string[] = [];
    for (const r of this.suggester.search(q.join(' '), { combineWith: 'OR', fuzzy: 0.4, prefix: true, tokenize: (t) => t.split(' '), processTerm: (t) => t })) {
      const term = this.suggestTerms[r.id as number]!;
      // One spelling per entry name: "X-ray" and "X-rays" are one suggestion.
      if (!out.some((o) => foldedText(o) === foldedText(term))) out.push(term);
      if (out.length >= 3) break;
    }
    return out;
  }
}

/** The options a look-up searches an index with (MiniSearch's `SearchOptions`, the ones used). */
export interface RunOptions {
  combineWith: 'OR' | 'AND';
  prefix: (term: string, i: number) => boolean;
  fuzzy: (term: string) => number | false;
  maxFuzzy: number;
  weights: { fuzzy: number; prefix: number };
}

/** A term's postings as MiniSearch keeps them: field id → (document short id → term frequency). */
type Postings = Map<number, Map<number, number>>;

/** The parts of a built MiniSearch index the clinical scorer reads (MiniSearch 7.2; checked by a unit test). */
interface IndexData {
  _index: { get(term: string): Postings | undefined; atPrefix(prefix: string): Iterable<[string, Postings]>; fuzzyGet(term: string, distance: number): Map<string, [Postings, number]> };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, number | string>;
  _nextId: number;
}

/** A clinical result as `ClinicalScorer` makes it: the matched words are listed only for the results scored. */
class ScoredDoc implements Found {
  private listed: { terms: string[]; queryTerms: string[] } | undefined;
  constructor(
    readonly id: number | string,
    readonly score: number,
    readonly matched: number,
    private readonly doc: number,
    private readonly derived: readonly { term: string; query: string; postings: Postings }[],
  ) {}
  get terms(): string[] {
    return this.list().terms;
  }
  get queryTerms(): string[] {
    return this.list().queryTerms;
  }
  /** True when the entry matched one of `terms` (read for the few index words a query found, not per field). */
  holdsAny(terms: ReadonlySet<string>): boolean {
    for (const d of this.derived) {
      if (!terms.has(d.term)) continue;
      for (const freqs of d.postings.values()) if (freqs.has(this.doc)) return true;
    }
    return false;
  }

  private list(): { terms: string[]; queryTerms: string[] } {
    if (this.listed) return this.listed;
    const terms: string[] = [];
    const queryTerms: string[] = [];
    for (const d of this.derived) {
      let has = false;
      for (const freqs of d.postings.values()) if (freqs.has(this.doc)) has = true;
      if (!has) continue;
      if (!terms.includes(d.term)) terms.push(d.term);
      if (!queryTerms.includes(d.query)) queryTerms.push(d.query);
    }
    return (this.listed = { terms, queryTerms });
  }
}

/**
 * MiniSearch's OR search over the clinical index (`MiniSearch#search` with the same options gives the same
 * results, scores and order: a unit test compares them), without what MiniSearch makes for every matching
 * entry: a result object, its match map and term lists. A word most entries hold ("calcinosis" beside
 * 10,000 entries) matched thousands of them on every look-up, and that garbage was a third of the time.
 * Scores add up per entry in typed arrays, in MiniSearch's order of terms and fields, so the sums are the same
 * to the last bit; the words an entry matched are listed only for the few the look-up goes on to score.
 */
export class ClinicalScorer {
  private readonly data: IndexData;
  private readonly total: Float64Array;
  private readonly termScore: Float64Array;
  private readonly count: Int32Array;
  private readonly seen: Int32Array;
  private readonly termSeen: Int32Array;
  private stamp = 0;
  private readonly fields: { id: number; boost: number }[];

  constructor(
    readonly index: MiniSearch<Doc>,
    boost: Record<string, number>,
  ) {
    this.data = index as unknown as IndexData;
    const size = this.data._nextId;
    this.total = new Float64Array(size);
    this.termScore = new Float64Array(size);
    this.count = new Int32Array(size);
    this.seen = new Int32Array(size);
    this.termSeen = new Int32Array(size);
    this.fields = Object.keys(boost).map((f) => ({ id: this.data._fieldIds[f]!, boost: boost[f] || 1 }));
  }

  search(terms: readonly string[], opts: RunOptions): Found[] {
    const data = this.data;
    const queryStamp = ++this.stamp;
    const touched: number[] = [];
    const derived: { term: string; query: string; postings: Postings }[] = [];
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      const termStamp = ++this.stamp;
      const termTouched: number[] = [];
      const add = (found: string, weight: number, postings: Postings | undefined) => {
        if (!postings) return;
        derived.push({ term: found, query: term, postings });
        for (const f of this.fields) {
          const freqs = postings.get(f.id);
          if (!freqs) continue;
          const matching = freqs.size;
          const avg = data._avgFieldLength[f.id]!;
          const idf = Math.log(1 + (data._documentCount - matching + 0.5) / (matching + 0.5));
          for (const [doc, tf] of freqs) {
            const length = data._fieldLength.get(doc)![f.id]!;
            // MiniSearch's calcBM25Score (k 1.2, b 0.7, d 0.5) and weighting, operation for operation.
            const raw = idf * (0.5 + (tf * (1.2 + 1)) / (tf + 1.2 * (1 - 0.7 + (0.7 * length) / avg)));
            const w = weight * 1 * f.boost * 1 * raw;
            if (this.termSeen[doc] !== termStamp) {
              this.termSeen[doc] = termStamp;
              this.termScore[doc] = w;
              termTouched.push(doc);
            } else this.termScore[doc] += w;
          }
        }
      };
      add(term, 1, data._index.get(term));
      const fuzzy = opts.fuzzy(term);
      const prefix = opts.prefix(term, i);
      let fuzzyMatches: Map<string, [Postings, number]> | undefined;
      if (fuzzy) {
        const distance = fuzzy < 1 ? Math.min(opts.maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
        if (distance) fuzzyMatches = data._index.fuzzyGet(term, distance);
      }
      if (prefix) {
        for (const [found, postings] of data._index.atPrefix(term)) {
          const distance = found.length - term.length;
          if (!distance) continue;
          fuzzyMatches?.delete(found);
          add(found, (opts.weights.prefix * found.length) / (found.length + 0.3 * distance), postings);
        }
      }
      if (fuzzyMatches) {
        for (const [found, [postings, distance]] of fuzzyMatches) {
          if (!distance) continue;
          add(found, (opts.weights.fuzzy * found.length) / (found.length + distance), postings);
        }
      }
      for (const doc of termTouched) {
        if (this.seen[doc] !== queryStamp) {
          this.seen[doc] = queryStamp;
          this.total[doc] = this.termScore[doc]!;
          this.count[doc] = 1;
          touched.push(doc);
        } else {
          this.total[doc] = this.total[doc]! + this.termScore[doc]!;
          this.count[doc]!++;
        }
      }
    }
    const out: ScoredDoc[] = touched.map((doc) => new ScoredDoc(data._documentIds.get(doc)!, this.total[doc]! * this.count[doc]!, this.count[doc]!, doc, derived));
    // MiniSearch's order: best score first, ties in the order the entries were first matched (a stable sort).
    out.sort((a, b) => b.score - a.score);
    return out;
  }
}

/** A hyphenated word as written: "U1-RNP", "anti-Scl-70", "X-ray". */
const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;

/**
 * The word equivalences (knowledge/lookup-equivalents.json) and hyphenated words, as the look-up uses
 * them: a query's equivalent word or phrase is replaced by the word it stands for; the index holds every
 * text's words as written plus the words they stand for and each hyphenated run compacted, so both meet.
 */
class Equivalence {
  /** A folded word → the word it stands for. */
  private readonly single = new Map<string, string>();
  /** Phrases by their first folded word, longest first. */
  private readonly phrases = new Map<string, { words: string[]; to: string }[]>();

  constructor(data: LookupEquivalents) {
    for (const g of data.groups) {
      const to = words(g.words[0]!).map(foldTerm).join('');
      for (const w of g.words.slice(1)) {
        const ws = words(w).map(foldTerm);
        if (!ws.length) continue;
        if (ws.length === 1) {
          if (ws[0] !== to) this.single.set(ws[0]!, to);
          continue;
        }
        const list = this.phrases.get(ws[0]!) ?? [];
        list.push({ words: ws, to });
        list.sort((a, b) => b.words.length - a.words.length);
        this.phrases.set(ws[0]!, list);
      }
    }
  }

  private phraseAt(ws: readonly string[], i: number): { words: string[]; to: string } | undefined {
    return this.phrases.get(ws[i]!)?.find((p) => p.words.every((w, j) => ws[i + j] === w));
  }

  /** The query's folded words, each equivalent word or phrase replaced by the word it stands for. */
  canonical(ws: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < ws.length; ) {
      const p = this.phraseAt(ws, i);
      if (p) {
        out.push(p.to);
        i += p.words.length;
        continue;
      }
      out.push(this.single.get(ws[i]!) ?? ws[i]!);
      i++;
    }
    return out;
  }

  /** A text's words as the index holds them: folded, then the words they stand for and hyphenated runs compacted. */
  indexWords(text: string): string[] {
    const ws = words(text).map(foldTerm);
    const n = ws.length;
    for (let i = 0; i < n; i++) {
      const to = this.single.get(ws[i]!);
      if (to) ws.push(to);
      if (this.phrases.has(ws[i]!)) {
        const p = this.phraseAt(ws.slice(0, n), i);
        if (p) ws.push(p.to);
      }
    }
    if (text.includes('-')) for (const m of text.matchAll(HYPHENATED)) for (const c of compactions(m[0])) ws.push(c.term);
    return ws;
  }

  alt(term: string): string | undefined {
    return this.single.get(term);
  }

  /** The spans of a text (tokens found in it already) the index holds as one word. */
  spans(text: string, tokens: Candidate['tokens']): NonNullable<Candidate['spans']> {
    const out: NonNullable<Candidate['spans']> = [];
    if (text.includes('-')) {
      for (const m of text.matchAll(HYPHENATED)) {
        for (const c of compactions(m[0])) {
          const start = m.index! + c.start;
          const end = m.index! + c.end;
          const from = tokens.findIndex((t) => t.start >= start);
          let to = from;
          while (to >= 0 && to < tokens.length && tokens[to]!.end <= end) to++;
          if (from >= 0 && to > from) out.push({ term: c.term, start, end, from, to });
        }
      }
    }
    const terms = tokens.map((t) => t.term);
    for (let i = 0; i < terms.length; i++) {
      if (!this.phrases.has(terms[i]!)) continue;
      const p = this.phraseAt(terms, i);
      if (p) out.push({ term: p.to, start: tokens[i]!.start, end: tokens[i + p.words.length - 1]!.end, from: i, to: i + p.words.length });
    }
    return out;
  }
}

/**
 * Each run of two or more parts of a hyphenated word, compacted and folded, with where it is in the word:
 * "anti-U1-RNP" → antiu1, antiu1rnp, u1rnp, so "u1rnp" and "scl70" find what the pack writes with hyphens.
 */
function compactions(word: string): { term: string; start: number; end: number }[] {
  const parts: { text: string; start: number }[] = [];
  let at = 0;
  for (const p of word.split('-')) {
    parts.push({ text: normalize(p).replace(/ /g, ''), start: at });
    at += p.length + 1;
  }
  const out: { term: string; start: number; end: number }[] = [];
  for (let a = 0; a < parts.length - 1; a++) {
    for (let b = a + 1; b < parts.length; b++) {
      const term = foldTerm(parts.slice(a, b + 1).map((p) => p.text).join(''));
      if (term) out.push({ term, start: parts[a]!.start, end: parts[b]!.start + word.split('-')[b]!.length });
    }
  }
  return out;
}

let equivalents: LookupEquivalents | undefined;

/** The word equivalences shipped beside the pack (knowledge/lookup-equivalents.json), checked once. */
export function builtinEquivalents(): LookupEquivalents {
  return (equivalents ??= parseLookupEquivalents(equivalentsJson, 'knowledge/lookup-equivalents.json'));
}

let facets: LookupFacets | undefined;

/** The facet words shipped beside the pack (knowledge/lookup-facets.json), checked once. */
export function builtinFacets(): LookupFacets {
  return (facets ??= parseLookupFacets(facetsJson, 'knowledge/lookup-facets.json'));
}

const CODE_SET_WEIGHT = 0.5;

/** How much a name matching the whole of itself counts ("calciphylaxis" over "calciphylaxis management"). */
const NAME_WEIGHT = 4;

/**
 * How completely a label, synonym or abbreviation is named by the query: the share of the name's words
 * the hit matched times the share of the query's words the name holds (squared), so the entry the query
 * names outright ranks above the many that mention it.
 */
function nameCompleteness(candidates: readonly Candidate[], docTerms: ReadonlySet<string>, queryTerms: number): number {
  let best = 0;
  for (const c of candidates) {
    // The names come first (candidatesOf adds label, synonyms, abbreviations, then the rest).
    if (c.field !== 'label' && c.field !== 'synonym' && c.field !== 'abbreviation') break;
    if (!c.tokens.length) continue;
    let matched = 0;
    for (const t of c.tokens) if (docTerms.has(t.term) || (t.alt !== undefined && docTerms.has(t.alt))) matched++;
    if (c.spans) {
      for (const sp of c.spans) {
        if (!docTerms.has(sp.term)) continue;
        for (let i = sp.from; i < sp.to; i++) {
          const t = c.tokens[i]!;
          if (!docTerms.has(t.term) && !(t.alt !== undefined && docTerms.has(t.alt))) matched++;
        }
      }
      matched = Math.min(matched, c.tokens.length);
    }
    const share = (matched / c.tokens.length) * (matched / Math.max(queryTerms, matched));
    if (share > best) best = share;
  }
  return best * best;
}

/** The words `nameCompleteness` can count in an entry's names: none of them matched means it is 0. */
function nameTerms(candidates: readonly Candidate[]): Set<string> {
  const out = new Set<string>();
  for (const c of candidates) {
    if (c.field !== 'label' && c.field !== 'synonym' && c.field !== 'abbreviation') break;
    for (const t of c.tokens) {
      out.add(t.term);
      if (t.alt !== undefined) out.add(t.alt);
    }
    for (const sp of c.spans ?? []) out.add(sp.term);
  }
  return out;
}

function evidenceText(ev: NonNullable<LoadedEntry['evidence']>): string {
  // "Level IB evidence against (Oxford CEBM): Do not use low-dose warfarin for calcinosis." reads as a card does.
  const rec = ev.recommendation === 'against' ? ' against' : ev.recommendation === 'for' ? ' for' : '';
  const head = `Level ${ev.level} evidence${rec}${ev.scale ? ` (${ev.scale})` : ''}`;
  return ev.summary ? `${head}: ${ev.summary}` : `${head}.`;
}

/** Every text of an entry a hit can be explained by, in field order, split into words once. */
function candidatesOf(e: LoadedEntry, context: LookupContext, same: Equivalence): Candidate[] {
  const out: Candidate[] = [];
  const add = (field: LookupField, text: string) => {
    const tokens: Candidate['tokens'] = [];
    for (const m of text.matchAll(TOKEN)) {
      const term = m[1] ? m[1].replace('.', '').toLowerCase() : foldTerm(normalize(m[0]));
      if (!term) continue;
      const alt = same.alt(term);
      tokens.push(alt ? { term, start: m.index!, end: m.index! + m[0].length, alt } : { term, start: m.index!, end: m.index! + m[0].length });
    }
    const c: Candidate = { field, text, tokens, joined: ` ${tokens.map((t) => t.term).join(' ')} ` };
    const spans = same.spans(text, tokens);
    if (spans.length) c.spans = spans;
    out.push(c);
  };
  add('label', e.label);
  for (const s of e.synonyms ?? []) add('synonym', s);
  for (const a of e.abbreviations ?? []) add('abbreviation', a.text);
  for (const c of e.codes ?? []) add('code', `${c.code} ${c.title}`);
  if (!context.isCodeSet(e)) {
    add('definition', e.definition);
    if (e.relation) add('relation', e.relation);
    for (const f of e.facts ?? []) add('fact', f.text);
    if (e.evidence) add('evidence', evidenceText(e.evidence));
    for (const s of context.sectionTitles(e)) add('section', s);
    add('kind', e.kind);
  }
  return out;
}

function foldedText(text: string): string {
  return words(text).map(foldTerm).join(' ');
}

/** Above any count of matched words a label can reach: the facet's sentence is what was asked. */
const FACET_WHY_BONUS = 3;

/**
 * The candidate holding most of the matched words (a fact sentence that also holds a facet's words wins a
 * tie-break over a label), and where those words are in it.
 */
function bestCandidate(candidates: readonly Candidate[], docTerms: ReadonlySet<string>, facetPhrases: readonly string[]): { why: LookupWhy; words: string[] } {
  let best: { c: Candidate; value: number; ranges: [number, number][] } | undefined;
  for (const c of candidates) {
    const ranges: [number, number][] = [];
    const seen = new Set<string>();
    for (const t of c.tokens) {
      if (docTerms.has(t.term)) {
        ranges.push([t.start, t.end]);
        seen.add(t.term);
      } else if (t.alt !== undefined && docTerms.has(t.alt)) {
        ranges.push([t.start, t.end]);
        seen.add(t.alt);
      }
    }
    if (c.spans) {
      for (const sp of c.spans) {
        if (!docTerms.has(sp.term) || seen.has(sp.term)) continue;
        // The span's own tokens' ranges give way to the span's one.
        for (let i = ranges.length - 1; i >= 0; i--) if (ranges[i]![0] >= sp.start && ranges[i]![1] <= sp.end) ranges.splice(i, 1);
        ranges.push([sp.start, sp.end]);
        seen.add(sp.term);
      }
      ranges.sort((a, b) => a[0] - b[0]);
    }
    // A sentence holding what a facet asks for ("adverse effects" for "side effects") is the answer to show,
    // even when it repeats none of the query's other words.
    const facetBonus = facetPhrases.some((p) => c.joined.includes(p)) ? FACET_WHY_BONUS : 0;
    if (!seen.size && !facetBonus) continue;
    // Ties go to the text the words fill most ("PTH" over "PTH level"), then to the earlier field.
    const value = seen.size + facetBonus + (0.3 * ranges.length) / c.tokens.length - FIELD_ORDER.indexOf(c.field) * 0.01;
    if (!best || value > best.value) best = { c, value, ranges };
  }
  if (!best) {
    const label = candidates[0]!;
    return { why: { field: label.field, text: label.text, ranges: [] }, words: [] };
  }
  const text = best.c.text;
  return { why: { field: best.c.field, text, ranges: best.ranges }, words: [...new Set(best.ranges.map(([s, e]) => text.slice(s, e)))] };
}

function bestCode(codes: readonly Code[], docTerms: ReadonlySet<string>): Code {
  let best = codes[0]!;
  let bestCount = -1;
  for (const c of codes) {
    const n = words(`${c.code} ${c.title}`).map(foldTerm).filter((t) => docTerms.has(t)).length;
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
