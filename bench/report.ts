/**
 * Turns the scenario results into the targets check and the printed report (Markdown tables, so the
 * same text goes into docs/performance.md). Reporting only: a missed target is a ✗, never a failure.
 */
import type { BigNoteResult, CodeSetLoadResult, ScenarioName, ScenarioResult, SizeResult } from './scenario';
import type { Summary } from './stats';

export interface BundleInfo {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** True when a source file is newer than the bundle (rebuild with `node esbuild.mjs`). */
  stale: boolean;
}

/** The packaged extension (clinical-notes.vsix): its size, or why it is missing. */
export type VsixInfo = { file: string; missing: false; bytes: number; stale: boolean } | { file: string; missing: true; note: string };

/**
 * Activation in a real VS Code, under names that say what each figure is; `measured: false` with the reason
 * when this run did not measure it (only `--vscode` does).
 */
export type ActivationFigures =
  | {
      measured: true;
      /** Median activate() time VS Code shows, window opened and settled before the file. */
      activateMedianMsSettledWindow?: number;
      /** Median when the file is opened while the window is still starting. */
      activateMedianMsBusyWindow?: number;
      /** An empty extension on the same event in the same windows: VS Code's own floor. */
      emptyExtensionActivateMedianMs?: number;
      /** Median, window by window, of ours minus the empty extension's. */
      activateMedianMsAboveEmptyExtension?: number;
      /** Ctrl+Space at "calc" → suggest widget painted, right after activation. */
      firstCompletionMs?: number;
    }
  | { measured: false; note: string };

export function activationFigures(v: VscodeResult): ActivationFigures {
  if (v.status !== 'measured') return { measured: false, note: v.note };
  return {
    measured: true,
    activateMedianMsSettledWindow: v.activateMs,
    activateMedianMsBusyWindow: v.activateBusyMs,
    emptyExtensionActivateMedianMs: v.activateFloorMs,
    activateMedianMsAboveEmptyExtension: v.activateExcessMs,
    firstCompletionMs: v.firstCompletionMs,
  };
}

export interface Meta {
  mode: 'full' | 'quick';
  seed: number;
  node: string;
  platform: string;
  cpus: string;
  cpuCount: number;
  memoryGB: number;
  loadAvgAtStart: number[];
  date: string;
  commit: string;
  builtinPack: string;
  builtinFallback: boolean;
  icd10cm: boolean;
  durationMs?: number;
}

export interface VscodeResult {
  status: 'measured' | 'not-run' | 'unavailable' | 'failed';
  /** What was measured and how, or why nothing was (printed as is). */
  note: string;
  /** Median activation in settled windows (the target's figure). */
  activateMs?: number;
  /** Median activation when the file is opened while the window is still starting. */
  activateBusyMs?: number;
  /** Median activation of an empty extension on the same event in the same windows (VS Code's own floor). */
  activateFloorMs?: number;
  /** Median, window by window, of ours minus the empty extension's. */
  activateExcessMs?: number;
  firstCompletionMs?: number;
  warmCompletionMs?: number;
  suggestRatio?: number;
  suggest?: { extension: Summary; wordsOnly: Summary };
}

export interface Target {
  id: string;
  what: string;
  measured: string;
  goal: string;
  /** undefined: not measured in this run. */
  ok: boolean | undefined;
}

export interface Report {
  meta: Meta;
  scenarios: Partial<Record<ScenarioName, ScenarioResult>>;
  errors: Array<{ scenario: string; message: string }>;
  /** Every shipped bundle: dist/*.js and dist/web/*.js. */
  bundles: BundleInfo[];
  vsix: VsixInfo;
  activation: ActivationFigures;
  vscode: VscodeResult;
  targets: Target[];
}

export const KB = 1024;
export const MB = 1024 * 1024;

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 100) return ms.toFixed(2);
  return ms.toFixed(0);
}

function fmtMB(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? '–' : (bytes / MB).toFixed(1);
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

/** ours/baseline, and how many times faster that is. */
export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return '–';
  const faster = 1 / r;
  const digits = r < 0.001 ? 5 : r < 0.01 ? 4 : 3;
  return `${r.toFixed(digits)} (${faster >= 10 ? faster.toFixed(0) : faster.toFixed(1)}×)`;
}

function mark(ok: boolean | undefined): string {
  return ok === undefined ? '–' : ok ? '✓' : '✗';
}

const SIZE_ORDER: ScenarioName[] = ['builtin', 'synthetic-1k', 'synthetic-10k', 'icd10cm'];

function sizes(report: Report): SizeResult[] {
  return SIZE_ORDER.map((n) => report.scenarios[n]).filter((r): r is SizeResult => r?.kind === 'size');
}

function size(report: Report, name: ScenarioName): SizeResult | undefined {
  const r = report.scenarios[name];
  return r?.kind === 'size' ? r : undefined;
}

export function computeTargets(report: Omit<Report, 'targets'>): Target[] {
  const r = report as Report;
  const builtin = size(r, 'builtin');
  const tenK = size(r, 'synthetic-10k');
  const icd = size(r, 'icd10cm');
  const note = r.scenarios['note-5mb'] as BigNoteResult | undefined;
  // The Node extension is two files: what activate() loads, and the pack engine loaded with the first pack.
  const nodeFiles = r.bundles.filter((b) => b.file === 'dist/extension.js' || b.file === 'dist/engine.js');
  const node = nodeFiles.length ? { bytes: nodeFiles.reduce((n, b) => n + b.bytes, 0), stale: nodeFiles.some((b) => b.stale), parts: nodeFiles } : undefined;
  const t: Target[] = [];
  const le = (id: string, what: string, value: number | undefined, goal: number, unit: string, fmt = fmtMs) =>
    t.push({ id, what, measured: value === undefined ? 'not measured' : `${fmt(value)} ${unit}`, goal: `≤ ${goal} ${unit}`, ok: value === undefined ? undefined : value <= goal });

  le('completion-p95-builtin', 'completion p95, built-in pack', builtin?.completion.ours.p95, 1, 'ms');
  le('completion-p95-10k', 'completion p95, built-in + 10,000 entries', tenK?.completion.ours.p95, 5, 'ms');
  const speedup = tenK ? tenK.completion.baseline.p95 / tenK.completion.ours.p95 : undefined;
  t.push({
    id: 'completion-vs-baseline-10k',
    what: 'completion p95 vs. baseline at 10,000 (new Fuse per keystroke)',
    measured: speedup === undefined ? 'not measured' : `${speedup.toFixed(speedup >= 10 ? 0 : 1)}× better`,
    goal: '≥ 10× better',
    ok: speedup === undefined ? undefined : speedup >= 10,
  });
  le('hover-p95-builtin', 'hover p95, 1 MB note, built-in pack', builtin?.hover.ours.p95, 1, 'ms');
  le('context-hover-p95', "hover's context decision p95 (negated / possible / historical / family)", note?.context?.hover.p95, 0.2, 'ms');
  le('problems-1mb', 'problems of a 1 MB note (median)', note?.context?.problems.medianMs, 50, 'ms');
  le('hover-p95-10k', 'hover p95, 1 MB note, built-in + 10,000 entries', tenK?.hover.ours.p95, 1, 'ms');
  t.push({
    id: 'node-bundle',
    what: 'node bundle, minified (dist/extension.js + dist/engine.js)',
    measured: node ? `${(node.bytes / KB).toFixed(1)} KB (${node.parts.map((b) => (b.bytes / KB).toFixed(1)).join(' + ')})${node.stale ? ' (stale build)' : ''}` : 'not built',
    goal: '≤ 150 KB',
    ok: node ? node.bytes <= 150 * KB : undefined,
  });
  if (icd?.icd) {
    const b = builtin;
    le('icd-load-index', 'ICD-10-CM: pack load + index build + settle (cold, beside built-in)', icd.load.firstMs + icd.build.firstMs + icd.build.settleMs, 1000, 'ms');
    const cr = b ? icd.completion.ours.p95 / b.completion.ours.p95 : undefined;
    const hr = b ? icd.hover.ours.p95 / b.hover.ours.p95 : undefined;
    t.push({ id: 'icd-completion-2x', what: 'ICD-10-CM loaded: completion p95 vs. built-in only (same queries)', measured: cr === undefined ? 'not measured' : `${cr.toFixed(2)}× (${fmtMs(icd.completion.ours.p95)} vs ${fmtMs(b?.completion.ours.p95)} ms)`, goal: '≤ 2×', ok: cr === undefined ? undefined : cr <= 2 });
    t.push({ id: 'icd-hover-2x', what: 'ICD-10-CM loaded: hover p95 vs. built-in only (same note)', measured: hr === undefined ? 'not measured' : `${hr.toFixed(2)}× (${fmtMs(icd.hover.ours.p95)} vs ${fmtMs(b?.hover.ours.p95)} ms)`, goal: '≤ 2×', ok: hr === undefined ? undefined : hr <= 2 });
    // What the extension adds to the extension host: the knowledge and index it retains (JS heap + the index's
    // typed arrays). The bench process's RSS is printed beside it: it adds Node itself (~40 MB) and heap V8
    // keeps after parsing the pack, which the extension host shares with every other extension.
    const retained = icd.heap ? (icd.heap.knowledgeBytes + icd.heap.indexBytes + icd.heap.fuzzyBytes) / MB : undefined;
    t.push({
      id: 'icd-memory',
      what: 'ICD-10-CM loaded: memory retained by knowledge + index (heap + array buffers)',
      measured: retained === undefined ? 'not measured' : `${retained.toFixed(0)} MB (process RSS ${(icd.memory.rssBytes / MB).toFixed(0)} MB)`,
      goal: '≤ 150 MB',
      ok: retained === undefined ? undefined : retained <= 150,
    });
  } else {
    for (const [id, what] of [['icd-load-index', 'ICD-10-CM: pack load + index build + settle'], ['icd-completion-2x', 'ICD-10-CM loaded: completion p95 vs. built-in'], ['icd-hover-2x', 'ICD-10-CM loaded: hover p95 vs. built-in'], ['icd-memory', 'ICD-10-CM loaded: memory retained by knowledge + index (heap + array buffers)']] as const) {
      t.push({ id, what, measured: r.meta.icd10cm ? 'not run' : 'not measured (no importer)', goal: id === 'icd-memory' ? '≤ 150 MB' : id === 'icd-load-index' ? '≤ 1000 ms' : '≤ 2×', ok: undefined });
    }
  }
  const mb = note ? (note.noteChars / MB).toFixed(1) : '5';
  // Issue 15: a completion asked while a code set loads waits for the longest block; the answers' arrival beside it.
  const codeSetLoad = r.scenarios['codeset-load'] as CodeSetLoadResult | undefined;
  le('codeset-load-longest-block', 'longest event-loop block while the ICD-10-CM code set loads (pack worker, cold, no cache folder)', codeSetLoad?.longestEventLoopBlockMs, 50, 'ms');
  le('codeset-load-longest-block-first-start', 'the same at the editor\'s first start (the worker keeps its load in global storage)', codeSetLoad?.firstStartWritingCache?.longestEventLoopBlockMs, 50, 'ms');
  le('codeset-load-longest-block-later-start', 'the same at a later start (the kept load read back)', codeSetLoad?.laterStartFromCache?.longestEventLoopBlockMs, 50, 'ms');
  le('codeset-load-longest-block-web-worker', 'the same in the web host, its pack worker a Web Worker (Node stand-in)', codeSetLoad?.webHostWorker?.longestEventLoopBlockMs, 50, 'ms');
  le('codeset-load-answers-later-start', 'code-set answers at a later start (kept load) vs. the host\'s own thread (ratio)', codeSetLoad?.laterStartFromCache && codeSetLoad.laterStartFromCache.codeSetAnswersAfterMs / codeSetLoad.inThreadAnswersAfterMs, 1, '×', (x) => (x ?? 0).toFixed(2));
  le('note5-hover', `hover p95, ${mb} MB note`, note?.hover.p95, 50, 'ms');
  le('note5-completion', `completion p95, ${mb} MB note`, note?.completion.p95, 50, 'ms');
  le('note5-sections', `parseSections, ${mb} MB note (median)`, note?.parseSections.medianMs, 50, 'ms');
  const v = r.vscode;
  le('activate', 'activate() in code-server, settled window (median; Running Extensions)', v.activateMs, 50, 'ms');
  t.push({
    id: 'suggest-ratio',
    what: 'keystroke → suggest widget, extension vs. word completion (median ratio)',
    measured: v.suggestRatio === undefined ? 'not measured' : v.suggestRatio.toFixed(2),
    goal: '≤ 1.2',
    ok: v.suggestRatio === undefined ? undefined : v.suggestRatio <= 1.2,
  });
  return t;
}

/** A Markdown table with padded columns; `right` lists the right-aligned columns. */
export function table(headers: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const width = headers.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(width[i]! - [...s].length);
    return right.has(i) ? fill + s : s + fill;
  };
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, i)).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

const nums = (from: number, to: number) => new Set(Array.from({ length: to - from + 1 }, (_, i) => from + i));

function pcts(s: Summary, keys: Array<'p50' | 'p95' | 'p99'> = ['p50', 'p95', 'p99']): string[] {
  return keys.map((k) => fmtMs(s[k]));
}

export function renderText(report: Report): string {
  const m = report.meta;
  const out: string[] = [];
  out.push(`# Clinical Notes benchmark (${m.mode}${m.mode === 'quick' ? ': tiny sizes, numbers meaningless' : ''})`);
  out.push('');
  out.push(`node ${m.node} · ${m.platform} · ${m.cpuCount} × ${m.cpus} · ${m.memoryGB} GB RAM · load average ${m.loadAvgAtStart.map((x) => x.toFixed(2)).join(' ')} at start · commit ${m.commit} · seed ${m.seed} · ${m.date}${m.durationMs ? ` · ${(m.durationMs / 1000).toFixed(0)} s` : ''}`);
  out.push(`built-in pack: ${m.builtinPack}${m.builtinFallback ? ' (knowledge/calcinosis.json not written yet: the mini test fixture stands in)' : ''}. Times in ms; KB = 1,024 bytes; MB = 1,048,576 bytes.`);
  for (const e of report.errors) out.push(`\n**scenario ${e.scenario} crashed:** ${e.message}`);

  const all = sizes(report);
  if (all.length) {
    out.push('\n## Load and index\n');
    out.push(
      table(
        ['knowledge', 'entries', 'terms', 'load cold', 'load median', 'index cold', 'index median', 'SearchIndex', 'TermSpotter', 'heap knowledge MB', 'heap index MB', 'heap +fuse MB', 'RSS MB', 'heap used MB'],
        all.map((s) => [
          s.title, fmtInt(s.entries), fmtInt(s.terms), fmtMs(s.load.firstMs), fmtMs(s.load.medianMs), fmtMs(s.build.firstMs), fmtMs(s.build.medianMs),
          fmtMs(s.build.searchIndexMs), fmtMs(s.build.termSpotterMs), fmtMB(s.heap?.knowledgeBytes), fmtMB(s.heap?.indexBytes), fmtMB(s.heap?.fuzzyBytes),
          fmtMB(s.memory.rssBytes), fmtMB(s.memory.heapUsedBytes),
        ]),
        nums(1, 13),
      ),
    );
    out.push('\nload = loadPacks (JSON.parse + schema validation + merge) of every pack of the row; index = new KnowledgeBase (SearchIndex + TermSpotter); cold = first call in a fresh process, median over repeats. Heap = retained after gc (`--expose-gc`): JS heap + ArrayBuffer backing stores (the typed arrays of the index); fuse.js is built on the first fuzzy query. RSS/heap used: the process with the knowledge and index loaded, pack texts released.');

    const c0 = all[0]!.completion;
    out.push(`\n## Completion: ${fmtInt(c0.queries)} queries of 1–6 characters (typos included), limit ${31}\n`);
    out.push(
      table(
        ['knowledge', 'unique', 'ours p50', 'ours p95', 'ours p99', 'baseline p50', 'baseline p95', 'baseline p99', 'baseline n', 'ours/baseline p50', 'ours/baseline p95'],
        all.map((s) => [s.title, fmtInt(s.completion.unique), ...pcts(s.completion.ours), ...pcts(s.completion.baseline), fmtInt(s.completion.baselineQueries), fmtRatio(s.completion.ratio.p50), fmtRatio(s.completion.ratio.p95)]),
        nums(1, 10),
      ),
    );
    out.push('\nours = SearchIndex.search (one call per keystroke, as the provider makes for the word typed); baseline = new Fuse over all entries (label, synonyms, abbreviations, codes) + search, per keystroke, on an evenly spread subset of the same queries where it is slow. Ratio: ours/baseline (× = times faster).');

    const h0 = all[0]!.hover;
    out.push(`\n## Hover: ${fmtInt(h0.offsets)} random offsets of a ${(h0.noteChars / MB).toFixed(1)} MB note\n`);
    out.push(
      table(
        ['knowledge', 'ours p50', 'ours p95', 'ours p99', 'baseline p50', 'baseline p95', 'baseline p99', 'baseline n', 'ours/baseline p50', 'ours/baseline p95', 'terms found ours / baseline'],
        all.map((s) => [s.title, ...pcts(s.hover.ours), ...pcts(s.hover.baseline), fmtInt(s.hover.baselineOffsets), fmtRatio(s.hover.ratio.p50), fmtRatio(s.hover.ratio.p95), `${fmtInt(s.hover.hits.ours)} / ${fmtInt(s.hover.hits.baseline)}`]),
        nums(1, 10),
      ),
    );
    out.push('\nBoth paths take the line holding the offset (as `document.lineAt`), then ours = TermSpotter.at on the line, baseline = every term of every entry tried at the offset. Each synthetic row\'s queries and note mention that row\'s terms (half built-in, half added pack); the ICD-10-CM row replays the built-in row\'s queries and note with the code pack loaded (issue 7\'s comparison), code-pack queries are in the ICD-10-CM section.');
  }

  const icd = size(report, 'icd10cm');
  const builtin = size(report, 'builtin');
  if (icd?.icd) {
    const x = icd.icd;
    out.push(`\n## ICD-10-CM (issue 7): ${fmtInt(x.codes)} codes, synthetic full-size order file\n`);
    out.push(
      table(
        ['measure', 'value'],
        [
          ['order file generated (test/generators/gen-icd10cm.ts)', `${fmtMB(x.fileBytes)} MB in ${fmtMs(x.generateMs)} ms`],
          ['import (importIcd10cm)', `${fmtMs(x.importMs)} ms, ${x.importProblems} problems`],
          ['pack JSON', `${fmtMB(x.packBytes)} MB`],
          ['pack load beside built-in, cold / median', `${fmtMs(icd.load.firstMs)} / ${fmtMs(icd.load.medianMs)} ms`],
          ['index build, cold / median', `${fmtMs(icd.build.firstMs)} / ${fmtMs(icd.build.medianMs)} ms`],
          ['index settle (lists no query read yet, sorted in 8 ms slices after load)', `${fmtMs(icd.build.settleMs)} ms`],
          ['load + index + settle, cold', `${fmtMs(icd.load.firstMs + icd.build.firstMs + icd.build.settleMs)} ms`],
          ['completion p50 / p95 / p99, built-in queries, ICD loaded', `${pcts(icd.completion.ours).join(' / ')} ms (built-in only: ${builtin ? pcts(builtin.completion.ours).join(' / ') : '–'})`],
          ['hover p50 / p95 / p99, built-in note, ICD loaded', `${pcts(icd.hover.ours).join(' / ')} ms (built-in only: ${builtin ? pcts(builtin.hover.ours).join(' / ') : '–'})`],
          [`completion p50 / p95 / p99, ${fmtInt(x.codeWorkload.completion.n)} code-pack queries`, `${pcts(x.codeWorkload.completion).join(' / ')} ms (${fmtInt(x.codeWorkload.unique)} unique)`],
          ['hover p50 / p95 / p99, note citing codes and titles', `${pcts(x.codeWorkload.hover).join(' / ')} ms`],
          ['process RSS / heap used, loaded', `${fmtMB(icd.memory.rssBytes)} / ${fmtMB(icd.memory.heapUsedBytes)} MB`],
          ['retained (heap + array buffers): knowledge / index / +fuse', `${fmtMB(icd.heap?.knowledgeBytes)} / ${fmtMB(icd.heap?.indexBytes)} / ${fmtMB(icd.heap?.fuzzyBytes)} MB`],
        ],
      ),
    );
  }

  const codeSetLoad = report.scenarios['codeset-load'] as CodeSetLoadResult | undefined;
  if (codeSetLoad) {
    out.push(`\n## A code set loading as the editor loads it: ${fmtInt(codeSetLoad.codes)} codes, cold\n`);
    out.push(
      table(
        ['', ''],
        [
          ['longest event-loop block (1 ms probe timer)', `${fmtMs(codeSetLoad.longestEventLoopBlockMs)} ms`],
          ['code-set answers arrive after', `${fmtMs(codeSetLoad.codeSetAnswersAfterMs)} ms`],
          ['index settled after', `${fmtMs(codeSetLoad.settledAfterMs)} ms`],
          ['the pack worker\'s index arrived after (its knowledge before, adopted in 8 ms slices meanwhile)', `${fmtMs(codeSetLoad.workerAnsweredAfterMs)} ms`],
          ['completions answered from the built-in knowledge during the load (one per 20 ms)', `${codeSetLoad.completionsDuringLoad ?? '–'}`],
          ['worker bundle (dist/pack-worker.js)', `${fmtInt(codeSetLoad.workerBundleBytes)} bytes`],
          ['for comparison, on the host\'s own thread in one block (before the worker): longest block / answers after', `${fmtMs(codeSetLoad.inThreadLongestBlockMs)} / ${fmtMs(codeSetLoad.inThreadAnswersAfterMs)} ms`],
          ...(codeSetLoad.webHostWorker
            ? [['the web host with its pack worker (a Web Worker; dist/web/pack-worker.js behind a Node stand-in): longest block / answers after', `${fmtMs(codeSetLoad.webHostWorker.longestEventLoopBlockMs)} / ${fmtMs(codeSetLoad.webHostWorker.codeSetAnswersAfterMs)} ms`]]
            : []),
          ...(codeSetLoad.webHostInParts
            ? [['the web host where no Web Worker starts, in parts on its own thread: longest block / answers after', `${fmtMs(codeSetLoad.webHostInParts.longestEventLoopBlockMs)} / ${fmtMs(codeSetLoad.webHostInParts.codeSetAnswersAfterMs)} ms`]]
            : []),
          ...(codeSetLoad.firstStartWritingCache && codeSetLoad.laterStartFromCache
            ? [
                ['first start with a code set, the worker keeping its load in the global storage: longest block / answers after', `${fmtMs(codeSetLoad.firstStartWritingCache.longestEventLoopBlockMs)} / ${fmtMs(codeSetLoad.firstStartWritingCache.codeSetAnswersAfterMs)} ms`],
                [`every later start, the kept load read back (${(codeSetLoad.laterStartFromCache.cacheFileBytes / MB).toFixed(1)} MB file): longest block / answers after`, `${fmtMs(codeSetLoad.laterStartFromCache.longestEventLoopBlockMs)} / ${fmtMs(codeSetLoad.laterStartFromCache.codeSetAnswersAfterMs)} ms`],
              ]
            : []),
        ],
      ),
    );
  }

  const note = report.scenarios['note-5mb'] as BigNoteResult | undefined;
  if (note) {
    out.push(`\n## Huge note (issue 6): ${(note.noteChars / MB).toFixed(1)} MB, ${fmtInt(note.noteLines)} lines, built-in pack\n`);
    out.push(
      table(
        ['path', 'p50', 'p95', 'p99', 'n'],
        [
          ['hover (line + TermSpotter.at)', ...pcts(note.hover), fmtInt(note.hover.n)],
          ['completion (line + word + search)', ...pcts(note.completion), fmtInt(note.completion.n)],
          [`parseSections (${fmtInt(note.parseSections.sections)} sections), cold / median of ${note.parseSections.runs}`, fmtMs(note.parseSections.firstMs), fmtMs(note.parseSections.medianMs), '', ''],
          ...(note.context
            ? [
                ["hover's context decision (contextLineAt: line + 200 lines above)", ...pcts(note.context.hover), fmtInt(note.context.hover.n)],
                [`problems of a ${(note.context.problems.noteChars / MB).toFixed(1)} MB note (${fmtInt(note.context.problems.problems)} listed), cold / median of ${note.context.problems.runs}`, fmtMs(note.context.problems.firstMs), fmtMs(note.context.problems.medianMs), '', ''],
              ]
            : []),
        ],
        nums(1, 4),
      ),
    );
  }

  if (report.bundles.length) {
    out.push('\n## Bundles\n');
    out.push(table(['file', 'bytes', 'KB', 'gzip KB', ''], report.bundles.map((b) => [b.file, fmtInt(b.bytes), (b.bytes / KB).toFixed(1), (b.gzipBytes / KB).toFixed(1), b.stale ? 'older than src/: rebuild' : '']), nums(1, 3)));
  }
  const vsix = report.vsix;
  out.push(vsix.missing ? `\n${vsix.note}` : `\n${vsix.file}: ${fmtInt(vsix.bytes)} bytes (${(vsix.bytes / KB).toFixed(1)} KB)${vsix.stale ? ', older than src/: run npm run package' : ''}`);

  out.push('\n## Extension host (real VS Code)\n');
  out.push(report.vscode.note);

  out.push('\n## Targets (reported, never failed on)\n');
  out.push(table(['target', 'measured', 'goal', 'ok'], report.targets.map((t) => [t.what, t.measured, t.goal, mark(t.ok)])));
  return out.join('\n') + '\n';
}
