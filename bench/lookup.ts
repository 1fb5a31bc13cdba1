/**
 * The free-text look-up (KnowledgeBase.lookUp, src/core/search/lookup.ts) beside the old prefix index
 * (KnowledgeBase.search) and a plain MiniSearch over the same pack, on the clinician suite
 * (test/fixtures/lookups.json): hit rate in the top 3 and per-query time, on the built-in pack, with
 * 10,000 synthetic entries and with the 74,000 synthetic ICD-10-CM codes; and what the look-up index
 * costs to build. `npm run bench` runs it after the other scenarios (`node out/bench/lookup.js` alone).
 * Each size runs in a process of its own, one after the other; times are wall-clock on a shared machine.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MiniSearch from 'minisearch';
import { generateIcd10cmOrderFile } from '../test/generators/gen-icd10cm';
import { loadLookupSuite, scoreSuite } from './lookup-suite';
import { summarize, nowMs } from './stats';
import { syntheticPackText } from '../test/generators/synthetic';
import { icd10cmPackText, importIcd10cm } from '../src/core/knowledge/icd10cm';
import { loadPacks, type PackInput } from '../src/core/knowledge/load';
import { KnowledgeBase } from '../src/core/knowledge/knowledge-base';
import type { LoadedEntry } from '../src/core/types';

const ROOT = path.join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const REPEATS = quick ? 1 : 5;
/** `--engine-only`: the look-up alone (no old prefix index, no plain MiniSearch), for quick iterations. */
const engineOnly = process.argv.includes('--engine-only');

interface Row {
  size: string;
  buildMs: number;
  /** The same index built in 8 ms slices with a timer turn between them: wall time to ready, longest block. */
  slicedMs: number;
  longestBlockMs: number;
  lookupP50: number;
  lookupP95: number;
  rate: number;
  oldP95: number;
  oldRate: number;
  plainP95: number;
  plainRate: number;
  target: number;
}

/** A plain MiniSearch over the same fields with documented options only: what an off-the-shelf engine does. */
function plainMiniSearch(entries: readonly LoadedEntry[]): (q: string) => LoadedEntry[] {
  const ms = new MiniSearch<{ id: number; [k: string]: string | number }>({
    fields: ['label', 'synonyms', 'abbreviations', 'codes', 'definition', 'relation', 'facts'],
    searchOptions: { prefix: true, fuzzy: 0.2, boost: { label: 3, synonyms: 2, abbreviations: 2, codes: 2 } },
  });
  ms.addAll(
    entries.map((e, id) => ({
      id,
      label: e.label,
      synonyms: (e.synonyms ?? []).join(' ; '),
      abbreviations: (e.abbreviations ?? []).map((a) => a.text).join(' '),
      codes: (e.codes ?? []).map((c) => `${c.code} ${c.title}`).join(' ; '),
      definition: e.definition,
      relation: e.relation ?? '',
      facts: (e.facts ?? []).map((f) => f.text).join(' '),
    })),
  );
  return (q) => ms.search(q).slice(0, 3).map((r) => entries[r.id as number]!);
}

function timeQueries(queries: readonly string[], fn: (q: string) => unknown): { p50: number; p95: number } {
  for (const q of queries) fn(q); // warm-up: JIT, lazily built indexes
  const samples: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    for (const q of queries) {
      const t0 = nowMs();
      fn(q);
      samples.push(nowMs() - t0);
    }
  }
  const s = summarize(samples);
  return { p50: s.p50, p95: s.p95 };
}

/**
 * Builds the look-up index as the editor does after a load: `warmLookup(8)` slices with a timer turn
 * between them. The longest block is measured from outside (time between timer turns), so it includes all
 * the engine does in a slice.
 */
async function slicedBuild(inputs: PackInput[]): Promise<{ wallMs: number; longestBlockMs: number; slices: number }> {
  const kb = new KnowledgeBase(loadPacks(inputs).knowledge);
  const t0 = nowMs();
  let longest = 0;
  let slices = 0;
  for (;;) {
    const s0 = nowMs();
    const done = kb.warmLookup(8);
    longest = Math.max(longest, nowMs() - s0);
    slices++;
    if (done) break;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { wallMs: nowMs() - t0, longestBlockMs: longest, slices };
}

async function measure(size: string, inputs: PackInput[], target: number): Promise<Row> {
  const sliced = await slicedBuild(inputs);
  const suite = loadLookupSuite(ROOT);
  const queries = suite.map((q) => q.query);
  const { knowledge } = loadPacks(inputs);
  const kb = new KnowledgeBase(knowledge);
  const t0 = nowMs();
  kb.lookup().warm();
  const buildMs = nowMs() - t0;
  const look = timeQueries(queries, (q) => kb.lookUp(q, { limit: 50 }));
  const rate = scoreSuite(suite, (q) => kb.lookUp(q, { limit: 3 }).hits.map((h) => h.entry)).rate;
  if (engineOnly) return { size, buildMs, slicedMs: sliced.wallMs, longestBlockMs: sliced.longestBlockMs, lookupP50: look.p50, lookupP95: look.p95, rate, oldP95: NaN, oldRate: NaN, plainP95: NaN, plainRate: NaN, target };
  const old = timeQueries(queries, (q) => kb.search(q, { limit: 50 }));
  const plain = plainMiniSearch(knowledge.entries);
  const plainT = timeQueries(queries, plain);
  const oldRate = scoreSuite(suite, (q) => kb.search(q, { limit: 3 }).map((h) => h.entry)).rate;
  const plainRate = scoreSuite(suite, plain).rate;
  return { size, buildMs, slicedMs: sliced.wallMs, longestBlockMs: sliced.longestBlockMs, lookupP50: look.p50, lookupP95: look.p95, rate, oldP95: old.p95, oldRate, plainP95: plainT.p95, plainRate, target };
}

type Size = 'builtin' | 'synthetic' | 'icd';

/** One size measured in this process (`--child SIZE`): its row, and for the code set its load time. */
async function child(size: Size): Promise<{ row: Row; loadMs?: number }> {
  const builtin: PackInput = { file: 'calcinosis.json', text: fs.readFileSync(path.join(ROOT, 'knowledge', 'calcinosis.json'), 'utf8') };
  if (size === 'builtin') return { row: await measure('built-in pack', [builtin], 2) };
  if (size === 'synthetic') {
    const n = quick ? 300 : 10000;
    return { row: await measure(`+ ${n.toLocaleString('en-US')} synthetic entries`, [builtin, { file: 'synthetic.json', text: syntheticPackText(n, 1) }], 10) };
  }
  const codes = quick ? 600 : 74000;
  const imported = importIcd10cm(generateIcd10cmOrderFile(codes, 1), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
  const icd: PackInput = { file: 'icd10cm.json', text: icd10cmPackText(imported.pack) };
  // Load + index as the editor does it (the look-up index is not part of it: built on the first look-up).
  const t0 = nowMs();
  const { knowledge } = loadPacks([builtin, icd]);
  new KnowledgeBase(knowledge);
  const loadMs = nowMs() - t0;
  return { row: await measure(`+ ${codes.toLocaleString('en-US')} ICD-10-CM codes`, [builtin, icd], 20), loadMs };
}

/**
 * Each size runs in a process of its own (as `npm run bench` runs each scenario): one size's garbage and heap
 * do not land in the next one's times.
 */
async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    const result = await child(process.argv[at + 1] as Size);
    process.stdout.write(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? null : v)));
    return;
  }
  const rows: Row[] = [];
  let loadMs = NaN;
  const labels: Record<Size, string> = { builtin: 'built-in pack', synthetic: '+ 10,000 synthetic entries', icd: '+ ICD-10-CM code set' };
  for (const size of ['builtin', 'synthetic', 'icd'] as const) {
    process.stderr.write(`bench: look-up, ${labels[size]}\n`);
    const flags = process.argv.slice(2).filter((a) => a === '--quick' || a === '--engine-only');
    const text = execFileSync(process.execPath, [__filename, '--child', size, ...flags], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
    const result = JSON.parse(text, (_k, v: unknown) => (v === null ? NaN : v)) as { row: Row; loadMs?: number };
    rows.push(result.row);
    if (result.loadMs !== undefined) loadMs = result.loadMs;
  }

  // `--engine-only` leaves the other engines' columns unmeasured: "–".
  const f = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(0));
  const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`);
  const out = [
    '',
    '## Look-up (palette, CLI, browser filter) — clinician suite, top 3',
    '',
    `${loadLookupSuite(ROOT).length} queries (test/fixtures/lookups.json); times per query over ${REPEATS} rounds, after one warm-up round.`,
    '',
    '| knowledge | look-up p50 / p95 ms | target p95 | look-up hit rate | old prefix index p95 / hit rate | plain MiniSearch p95 / hit rate | look-up index build ms: at once / in 8 ms slices (longest block) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.size} | ${f(r.lookupP50)} / ${f(r.lookupP95)} | ≤ ${r.target} ${r.lookupP95 <= r.target ? '✓' : '✗'} | ${pct(r.rate)} | ${f(r.oldP95)} / ${pct(r.oldRate)} | ${f(r.plainP95)} / ${pct(r.plainRate)} | ${f(r.buildMs)} / ${f(r.slicedMs)} (${f(r.longestBlockMs)}) |`),
    '',
    `Code set load + index as the editor does it (no look-up index): ${f(loadMs)} ms.`,
    '',
  ];
  process.stdout.write(out.join('\n'));
}

void main();
