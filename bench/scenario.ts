/**
 * One benchmark scenario, run in its own Node process (started by run.ts with --expose-gc) so that heap
 * and RSS figures belong to that scenario alone and JIT state does not leak from one size to the next.
 *
 * Scenarios: the built-in pack; built-in + synthetic N (1,000 and 10,000); built-in + the full-size
 * ICD-10-CM pack (generated, imported, serialised, then loaded like any pack file); and the 5 MB note.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPacks, type PackInput } from '../src/core/knowledge/load';
import { SearchIndex } from '../src/core/search/prefix-index';
import { parseSections } from '../src/core/note/sections';
import { compileContextRules } from '../src/core/context/rules';
import { contextLineAt, problemsOf } from '../src/core/context/problems';
import { KnowledgeBase } from '../src/core/knowledge/knowledge-base';
import { TermSpotter } from '../src/core/search/term-spotter';
import type { LoadedEntry, Pack } from '../src/core/types';
import { NaiveHover, naiveComplete, naiveHoverAt } from './baseline';
import { median, nowMs, stride, summarize, timeEach, timeRepeated, type Summary } from './stats';
import { syntheticPackText } from '../test/generators/synthetic';
import { COMPLETION_LIMIT, completeAt, completeQuery, completionQueries, generateNote, hoverAt, offsets } from './workload';

/**
 * The repo (for the pack files). Scenarios run from a private copy of the transpiled code (see run.ts),
 * so the parent passes the repo root; otherwise this file runs from `out/bench/`.
 */
export const ROOT = process.env.CLINICAL_NOTES_BENCH_ROOT || path.resolve(__dirname, '..', '..');
const BUILTIN_PACK = path.join(ROOT, 'knowledge', 'calcinosis.json');
const FALLBACK_PACK = path.join(ROOT, 'test', 'fixtures', 'packs', 'mini.json');
/** Beside this file's transpiled copy, so a scenario uses the same snapshot of the code as the rest. */
const ICD_IMPORTER = path.join(__dirname, '..', 'src', 'core', 'knowledge', 'icd10cm.js');
const ICD_GENERATOR = path.join(__dirname, '..', 'test', 'generators', 'gen-icd10cm.js');

/** The built-in pack, or the mini test fixture while knowledge/calcinosis.json is not written yet. */
export function builtinPackFile(): { file: string; fallback: boolean } {
  return fs.existsSync(BUILTIN_PACK) ? { file: BUILTIN_PACK, fallback: false } : { file: FALLBACK_PACK, fallback: true };
}

export function icdAvailable(): boolean {
  return fs.existsSync(ICD_IMPORTER) && fs.existsSync(ICD_GENERATOR);
}

export type ScenarioName = 'builtin' | 'synthetic-1k' | 'synthetic-10k' | 'icd10cm' | 'note-5mb' | 'codeset-load';

export interface BenchConfig {
  quick: boolean;
  seed: number;
}

/** Sizes and iteration counts: full, and a quick mode that only proves the bench still runs. */
export function plan(quick: boolean) {
  return quick
    ? { synthetic: { 'synthetic-1k': 100, 'synthetic-10k': 300 }, icdCodes: 600, queries: 60, offsets: 60, noteChars: 32 * 1024, bigNoteChars: 128 * 1024, repeats: 2, baselineQueries: 10, baselineOffsets: 10, icdCodeQueries: 30 }
    : { synthetic: { 'synthetic-1k': 1000, 'synthetic-10k': 10000 }, icdCodes: 74000, queries: 1200, offsets: 1200, noteChars: 1024 * 1024, bigNoteChars: 5 * 1024 * 1024, repeats: 5, baselineQueries: 1200, baselineOffsets: 1200, icdCodeQueries: 300 };
}

/** Untimed calls before timing (JIT, lazy fuse.js index): the first queries or offsets of the set. */
const WARMUP = 200;

/** Baseline calls are capped where one call takes long (a new Fuse over 74,000 entries per keystroke). */
function baselineCap(entries: number, wanted: number, perCallCostly: boolean): number {
  if (entries > 50000) return Math.min(wanted, perCallCostly ? 30 : 100);
  if (entries > 5000) return Math.min(wanted, 400);
  return wanted;
}

export interface PackInfo {
  file: string;
  entries: number;
  bytes: number;
}

export interface LatencyResult {
  /** Distinct queries (or offsets) in the set. */
  unique: number;
  ours: Summary;
  baseline: Summary;
  /** ours / baseline, per percentile (lower is better). */
  ratio: { p50: number; p95: number; p99: number };
}

export interface HoverResult extends LatencyResult {
  noteChars: number;
  noteLines: number;
  /** Offsets where a term was found, by ours and by the baseline (a sanity check, not a score). */
  hits: { ours: number; baseline: number };
}

export interface SizeResult {
  kind: 'size';
  name: ScenarioName;
  title: string;
  packs: PackInfo[];
  entries: number;
  /** Labels, synonyms, abbreviations and codes: what completion and hover match. */
  terms: number;
  problems: number;
  /** Where queries and note sentences come from: half built-in / half added pack, or the built-in pack only. */
  workload: 'mixed' | 'builtin';
  /** loadPacks (JSON.parse + schema validation + merge) of all the scenario's packs. */
  load: { firstMs: number; medianMs: number; runs: number };
  /** new KnowledgeBase: SearchIndex + TermSpotter. */
  /** settleMs: SearchIndex.settle after the cold build (the editor runs it in slices after a load). */
  build: { firstMs: number; medianMs: number; settleMs: number; searchIndexMs: number; termSpotterMs: number; runs: number };
  /** Retained heap (needs --expose-gc): the merged knowledge, the index after building, the fuse.js index built on the first fuzzy query. */
  heap: { knowledgeBytes: number; indexBytes: number; fuzzyBytes: number } | null;
  /** process.memoryUsage() with the knowledge and index loaded and the pack texts released. */
  memory: { rssBytes: number; heapUsedBytes: number };
  completion: LatencyResult & { queries: number; baselineQueries: number };
  hover: HoverResult & { offsets: number; baselineOffsets: number };
  icd?: IcdResult;
}

export interface IcdResult {
  codes: number;
  fileBytes: number;
  packBytes: number;
  importProblems: number;
  generateMs: number;
  importMs: number;
  /** Queries drawn from the code pack only (titles, short titles, codes such as "L94.2"), and a note citing codes and titles. */
  codeWorkload: { completion: Summary; unique: number; hover: Summary };
}

export interface BigNoteResult {
  kind: 'note';
  name: 'note-5mb';
  noteChars: number;
  noteLines: number;
  entries: number;
  hover: Summary;
  completion: Summary;
  parseSections: { firstMs: number; medianMs: number; runs: number; sections: number };
  /**
   * Context (issue 17): a hover's context decision (the core's contextLineAt on the hovered line and up to 200
   * lines above it, as the editor passes them) at offsets where a term is; the problems list of a 1 MB note.
   */
  context?: { hover: Summary; problems: { firstMs: number; medianMs: number; runs: number; noteChars: number; problems: number } };
}

/**
 * A code set loaded as the editor loads it (src/host/pack-service.ts: parsed and indexed by the pack worker, adopted
 * and the index settled in 8 ms slices between tasks), with a 1 ms timer probing the event loop: the longest stretch it could not run is
 * how long a completion or hover asked then would have waited.
 */
export interface CodeSetLoadResult {
  kind: 'codeset-load';
  name: 'codeset-load';
  codes: number;
  /** The longest gap between two runs of the 1 ms probe timer while the code set loaded. */
  longestEventLoopBlockMs: number;
  /** From the start of the load until the code set answers searches. */
  codeSetAnswersAfterMs: number;
  /** Until the index is settled too (the 8 ms slices after the answers). */
  settledAfterMs: number;
  /** Until the pack worker's index arrived (its knowledge came before and was adopted in 8 ms slices meanwhile). */
  workerAnsweredAfterMs: number;
  /** Completions asked (every 20 ms) while the worker ran, answered from the built-in knowledge. */
  completionsDuringLoad: number;
  /** dist/pack-worker.js, the worker's bundle (not part of the activation bundles). */
  workerBundleBytes: number;
  /** The same load on the host's own thread (decode + KnowledgeBase.load: the web host's path, and the Node host's before the worker), run after it. */
  inThreadLongestBlockMs: number;
  inThreadAnswersAfterMs: number;
  /** The first start of the editor with a code set: the worker also keeps its load in the global storage. */
  firstStartWritingCache?: { longestEventLoopBlockMs: number; codeSetAnswersAfterMs: number };
  /** Every later start with the same packs: the worker reads its kept load back instead of parsing and indexing. */
  laterStartFromCache?: { longestEventLoopBlockMs: number; codeSetAnswersAfterMs: number; cacheFileBytes: number };
  /** The web host (no worker threads): the load in parts on the host's own thread. */
  /** The web host where a Web Worker cannot start: the load in parts on its own thread. */
  webHostInParts?: { longestEventLoopBlockMs: number; codeSetAnswersAfterMs: number };
  /** The web host with its pack worker (dist/web/pack-worker.js behind a browser-like Worker). */
  webHostWorker?: { longestEventLoopBlockMs: number; codeSetAnswersAfterMs: number };
}

export type ScenarioResult = SizeResult | BigNoteResult | CodeSetLoadResult;

const gc = (globalThis as { gc?: () => void }).gc;
/** JS heap plus ArrayBuffer backing stores (the index keeps its postings in typed arrays, outside the heap). */
function heapNow(): number | undefined {
  if (!gc) return undefined;
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

let sinkValue = 0;
const sink = (v: unknown) => {
  sinkValue += v === undefined ? 0 : typeof v === 'number' ? v : 1;
};

function countTerms(entries: readonly LoadedEntry[]): number {
  let n = 0;
  for (const e of entries) n += 1 + (e.synonyms?.length ?? 0) + (e.abbreviations?.length ?? 0) + (e.codes?.length ?? 0);
  return n;
}

function ratio(a: Summary, b: Summary): { p50: number; p95: number; p99: number } {
  return { p50: a.p50 / b.p50, p95: a.p95 / b.p95, p99: a.p99 / b.p99 };
}

function log(msg: string): void {
  process.stderr.write(`  ${msg}\n`);
}

interface IcdModules {
  importIcd10cm(text: string, opts: { fileName: string; edition?: string }): { pack: Pack; problems: unknown[]; stats: { codes: number } };
  icd10cmPackText(pack: Pack): string;
  generateIcd10cmOrderFile(count: number, seed: number): string;
}

export function loadIcdModules(): IcdModules {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const importer = require(ICD_IMPORTER) as Pick<IcdModules, 'importIcd10cm' | 'icd10cmPackText'>;
  const generator = require(ICD_GENERATOR) as Pick<IcdModules, 'generateIcd10cmOrderFile'>;
  return { importIcd10cm: importer.importIcd10cm, icd10cmPackText: importer.icd10cmPackText, generateIcd10cmOrderFile: generator.generateIcd10cmOrderFile };
}

export function readInput(file: string): PackInput {
  return { file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') };
}

/** Completion over a query set: ours warmed by one untimed pass, the baseline on an evenly spread subset. */
function measureCompletion(kb: KnowledgeBase, entries: readonly LoadedEntry[], queries: string[], baselineMax: number) {
  for (const q of queries.slice(0, WARMUP)) sink(completeQuery(kb, q));
  const ours = summarize(timeEach(queries, (q) => completeQuery(kb, q), sink));
  const subset = stride(queries, baselineCap(entries.length, baselineMax, true));
  for (const q of subset.slice(0, 3)) sink(naiveComplete(entries, q, COMPLETION_LIMIT));
  const baseline = summarize(timeEach(subset, (q) => naiveComplete(entries, q, COMPLETION_LIMIT), sink));
  return { queries: queries.length, baselineQueries: subset.length, unique: new Set(queries).size, ours, baseline, ratio: ratio(ours, baseline) };
}

function measureHover(kb: KnowledgeBase, entries: readonly LoadedEntry[], note: string, at: number[], baselineMax: number) {
  for (const o of at.slice(0, WARMUP)) sink(hoverAt(kb, note, o));
  let oursHits = 0;
  const ours = summarize(timeEach(at, (o) => hoverAt(kb, note, o), (m) => (oursHits += m ? 1 : 0)));
  const naive = new NaiveHover(entries);
  const subset = stride(at, baselineCap(entries.length, baselineMax, false));
  for (const o of subset.slice(0, 3)) sink(naiveHoverAt(naive, note, o));
  let baseHits = 0;
  const baseline = summarize(timeEach(subset, (o) => naiveHoverAt(naive, note, o), (m) => (baseHits += m ? 1 : 0)));
  // Hit counts are comparable only on the same offsets: scale the baseline's to the full set.
  return {
    offsets: at.length,
    baselineOffsets: subset.length,
    unique: new Set(at).size,
    noteChars: note.length,
    noteLines: countLines(note),
    ours,
    baseline,
    ratio: ratio(ours, baseline),
    hits: { ours: oursHits, baseline: Math.round((baseHits * at.length) / Math.max(1, subset.length)) },
  };
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function runSize(name: Exclude<ScenarioName, 'note-5mb'>, cfg: BenchConfig): SizeResult {
  const p = plan(cfg.quick);
  const builtin = builtinPackFile();
  let inputs: PackInput[] | undefined = [readInput(builtin.file)];
  let title = `built-in${builtin.fallback ? ' (mini fixture)' : ''}`;
  let icdPrep: { codes: number; fileBytes: number; packBytes: number; importProblems: number; generateMs: number; importMs: number } | undefined;

  if (name === 'synthetic-1k' || name === 'synthetic-10k') {
    const n = p.synthetic[name];
    log(`generating synthetic pack of ${n} entries`);
    inputs.push({ file: `synthetic-${n}.json`, text: syntheticPackText(n, cfg.seed) });
    title = `built-in + ${n.toLocaleString('en-US')} synthetic`;
  } else if (name === 'icd10cm') {
    const icd = loadIcdModules();
    log(`generating a synthetic ICD-10-CM order file of ${p.icdCodes} codes`);
    let t0 = nowMs();
    let file: string | undefined = icd.generateIcd10cmOrderFile(p.icdCodes, cfg.seed);
    const generateMs = nowMs() - t0;
    const fileBytes = Buffer.byteLength(file);
    log('importing it');
    t0 = nowMs();
    let imported: ReturnType<IcdModules['importIcd10cm']> | undefined = icd.importIcd10cm(file, { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
    const importMs = nowMs() - t0;
    const text = icd.icd10cmPackText(imported.pack); // the bytes the CLI writes
    icdPrep = { codes: imported.stats.codes, fileBytes, packBytes: Buffer.byteLength(text), importProblems: imported.problems.length, generateMs, importMs };
    file = undefined;
    imported = undefined;
    inputs.push({ file: 'icd10cm_order_synthetic.json', text });
    title = `built-in + ICD-10-CM (${icdPrep.codes.toLocaleString('en-US')} codes)`;
  }

  // Cold load and build in this fresh process, with retained heap measured around each step.
  log('loading and indexing');
  const h0 = heapNow();
  let t0 = nowMs();
  const loaded = loadPacks(inputs);
  const loadFirst = nowMs() - t0;
  const h1 = heapNow();
  t0 = nowMs();
  const kb = new KnowledgeBase(loaded.knowledge);
  const buildFirst = nowMs() - t0;
  // The editor then finishes the index in 8 ms slices (the posting lists no query has read yet): timed apart,
  // and counted in the load + index target. Every query below runs on the finished index.
  t0 = nowMs();
  kb.index.settle(Infinity);
  const settleFirst = nowMs() - t0;
  const h2 = heapNow();
  for (const q of ['calcinossi', 'sclerodrema', 'hyprparathyroid']) sink(kb.search(q).length); // builds fuse.js lazily
  const h3 = heapNow();
  const problems = loaded.problems.filter((x) => x.severity === 'error').length;
  if (problems) log(`WARNING: ${problems} pack errors, first: ${loaded.problems[0]?.path} ${loaded.problems[0]?.message}`);
  const packs: PackInfo[] = loaded.knowledge.packs.map((pk, i) => ({
    file: inputs![i]?.file ?? pk.id,
    bytes: Buffer.byteLength(inputs![i]?.text ?? ''),
    entries: loaded.knowledge.entries.filter((e) => e.pack === pk.id).length,
  }));

  // What the extension holds once the packs are loaded: knowledge + index, the pack texts released.
  const inputFiles = inputs.map((i) => i.file);
  inputs = undefined;
  gc?.();
  const mem = process.memoryUsage();

  // Warm timings of the same work. The texts are re-made from the parsed packs (same JSON).
  log('repeating load and index build');
  const again: PackInput[] = loaded.knowledge.packs.map((pk, i) => (i === 0 ? readInput(builtin.file) : { file: inputFiles[i]!, text: JSON.stringify(pk) }));
  const reps = name === 'icd10cm' ? Math.min(2, p.repeats) : p.repeats;
  const loadRuns = [loadFirst, ...timeRepeated(reps - 1, () => loadPacks(again), (r) => sink(r.knowledge.entries.length))];
  const indexRuns = timeRepeated(reps - 1 || 1, () => new SearchIndex(loaded.knowledge.entries), sink);
  const spotterRuns = timeRepeated(reps - 1 || 1, () => new TermSpotter(loaded.knowledge.entries, (id) => loaded.knowledge.get(id)), sink);
  const buildRuns = [buildFirst, ...timeRepeated(reps - 1, () => new KnowledgeBase(loaded.knowledge), sink)];
  again.length = 0;

  const entries = loaded.knowledge.entries;
  const builtinEntries = entries.filter((e) => e.pack === loaded.knowledge.packs[0]!.id);
  const added = entries.filter((e) => e.pack !== loaded.knowledge.packs[0]!.id);
  // Synthetic rows: half the queries and sentences from the built-in pack, half from the synthetic one.
  // The ICD-10-CM row: the built-in row's exact queries and note with the code pack loaded (issue 7 compares
  // the two); queries and a note drawn from the code pack are measured on the side (result.icd).
  const groups = added.length && name !== 'icd10cm' ? [builtinEntries, added] : [builtinEntries];

  log(`completion: ${p.queries} queries`);
  const queries = completionQueries(groups, p.queries, cfg.seed);
  const completion = measureCompletion(kb, entries, queries, p.baselineQueries);

  log(`hover: ${p.offsets} offsets of a ${(p.noteChars / 1048576).toFixed(2)} MB note`);
  const note = generateNote(groups, p.noteChars, cfg.seed);
  const hover = measureHover(kb, entries, note, offsets(note.length, p.offsets, cfg.seed), p.baselineOffsets);

  const result: SizeResult = {
    kind: 'size',
    name,
    title,
    packs,
    entries: entries.length,
    terms: countTerms(entries),
    problems,
    workload: groups.length > 1 ? 'mixed' : 'builtin',
    load: { firstMs: loadFirst, medianMs: median(loadRuns), runs: loadRuns.length },
    build: { firstMs: buildFirst, medianMs: median(buildRuns), settleMs: settleFirst, searchIndexMs: median(indexRuns), termSpotterMs: median(spotterRuns), runs: buildRuns.length },
    heap: h0 !== undefined && h1 !== undefined && h2 !== undefined && h3 !== undefined ? { knowledgeBytes: h1 - h0, indexBytes: h2 - h1, fuzzyBytes: h3 - h2 } : null,
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
    completion,
    hover,
  };

  if (icdPrep) {
    const n = Math.min(p.queries, p.icdCodeQueries);
    log(`ICD-10-CM: ${n} queries and a note from the code pack`);
    const codeQueries = completionQueries([added], n, cfg.seed + 1);
    for (const q of codeQueries.slice(0, 20)) sink(completeQuery(kb, q));
    const cc = summarize(timeEach(codeQueries, (q) => completeQuery(kb, q), sink));
    const codeNote = generateNote([builtinEntries, added], p.noteChars, cfg.seed + 1);
    const at = offsets(codeNote.length, p.offsets, cfg.seed + 1);
    for (const o of at.slice(0, WARMUP)) sink(hoverAt(kb, codeNote, o));
    const ch = summarize(timeEach(at, (o) => hoverAt(kb, codeNote, o), sink));
    result.icd = { ...icdPrep, codeWorkload: { completion: cc, unique: new Set(codeQueries).size, hover: ch } };
  }
  return result;
}

export function runBigNote(cfg: BenchConfig): BigNoteResult {
  const p = plan(cfg.quick);
  const builtin = builtinPackFile();
  const { kb } = KnowledgeBase.load([readInput(builtin.file)]);
  const entries = kb.knowledge.entries;
  log(`generating a ${(p.bigNoteChars / 1048576).toFixed(2)} MB note`);
  const note = generateNote([entries], p.bigNoteChars, cfg.seed + 5);
  const at = offsets(note.length, p.offsets, cfg.seed + 5);
  for (const o of at.slice(0, WARMUP)) sink(hoverAt(kb, note, o));
  const hover = summarize(timeEach(at, (o) => hoverAt(kb, note, o), sink));
  for (const o of at.slice(0, WARMUP)) sink(completeAt(kb, note, o));
  const completion = summarize(timeEach(at, (o) => completeAt(kb, note, o), sink));

  let sections = 0;
  const runs = timeRepeated(p.repeats + 1, () => parseSections(note), (r) => (sections = r.length));
  const sectionsResult = { firstMs: runs[0]!, medianMs: median(runs), runs: runs.length, sections };
  const context = measureContext(kb, note, at);
  return { kind: 'note', name: 'note-5mb', noteChars: note.length, noteLines: countLines(note), entries: entries.length, hover, completion, parseSections: sectionsResult, context };
}

function measureContext(kb: KnowledgeBase, note: string, at: readonly number[]): NonNullable<BigNoteResult['context']> {
  const { rules } = compileContextRules([readInput(path.join(ROOT, 'knowledge', 'context-rules.json'))]);
  // What the hover adapter hands the core: the hovered line with up to 200 lines above it, and the term's span.
  const inputs: Array<{ text: string; start: number; end: number }> = [];
  for (const o of at) {
    const lineStart = note.lastIndexOf('\n', o - 1) + 1;
    let lineEnd = note.indexOf('\n', o);
    if (lineEnd < 0) lineEnd = note.length;
    const m = kb.spotter.at(note.slice(lineStart, lineEnd), o - lineStart);
    if (!m) continue;
    let from = lineStart;
    for (let n = 0; n < 200 && from > 0; n++) from = note.lastIndexOf('\n', from - 2) + 1;
    inputs.push({ text: note.slice(from, lineEnd), start: lineStart - from + m.start, end: lineStart - from + m.end });
  }
  for (const x of inputs.slice(0, WARMUP)) sink(contextLineAt(rules, x.text, x.start, x.end)?.length ?? 0);
  const hover = summarize(timeEach(inputs, (x) => contextLineAt(rules, x.text, x.start, x.end)?.length ?? 0, sink));
  // A 1 MB note: the first megabyte of the big one, cut at a line end.
  const cut = note.indexOf('\n', 1048576);
  const mb = note.slice(0, cut < 0 ? note.length : cut);
  let problems = 0;
  const runs = timeRepeated(6, () => problemsOf(kb.knowledge, rules, mb), (r) => (problems = r.length));
  return { hover, problems: { firstMs: runs[0]!, medianMs: median(runs), runs: runs.length, noteChars: mb.length, problems } };
}

export function runScenario(name: Exclude<ScenarioName, 'codeset-load'>, cfg: BenchConfig): ScenarioResult {
  const r = name === 'note-5mb' ? runBigNote(cfg) : runSize(name, cfg);
  if (sinkValue === -1) log('unreachable'); // keeps the sink observable
  return r;
}
