/**
 * `npm run bench` — completion, hover, load and memory at 1× to ~1,000× the built-in knowledge, against
 * a plain baseline in the same run; the size of every shipped bundle and of the .vsix, and activation when
 * measured (--vscode); targets with ✓/✗ (reported, never failed on).
 *
 *   npm run bench                 full run, Markdown tables (a few minutes on 2 cores)
 *   npm run bench -- --json       the same as JSON
 *   npm run bench -- --quick      tiny sizes and iterations: proves the bench runs (CI)
 *   npm run bench -- --out F      also write the JSON to F (bench/results/ is git-ignored)
 *   npm run bench -- --only builtin,synthetic-10k   a subset of scenarios
 *   npm run bench -- --seed N     another deterministic workload (default 1)
 *   npm run bench -- --vscode     only the real-VS-Code numbers (activate(), first completion, keystroke →
 *                                 suggest widget vs. word completion) in code-server; needs `npm run package`
 *                                 and `bash scripts/setup-test-vscode.sh`; add --only to run scenarios too
 *
 * Each scenario runs in its own `node --expose-gc` process (heap and RSS per scenario, no JIT carry-over);
 * the parent collects their JSON. Exit code 0 unless a scenario crashes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { activationFigures, computeTargets, renderText, type BundleInfo, type Meta, type Report, type VscodeResult, type VsixInfo } from './report';
import { runCodeSetLoad } from './codeset-load';
import { ROOT, builtinPackFile, icdAvailable, runScenario, type ScenarioName, type ScenarioResult } from './scenario';

interface Args {
  json: boolean;
  quick: boolean;
  vscode: boolean;
  seed: number;
  child?: ScenarioName;
  only?: ScenarioName[];
  out?: string;
}

const SCENARIOS: ScenarioName[] = ['builtin', 'synthetic-1k', 'synthetic-10k', 'icd10cm', 'note-5mb', 'codeset-load'];

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, quick: false, vscode: false, seed: 1 };
  const scenario = (s: string): ScenarioName => {
    if (!(SCENARIOS as string[]).includes(s)) throw new Error(`unknown scenario "${s}" (one of ${SCENARIOS.join(', ')})`);
    return s as ScenarioName;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') a.json = true;
    else if (arg === '--quick') a.quick = true;
    else if (arg === '--vscode') a.vscode = true;
    else if (arg === '--seed') a.seed = Number(value());
    else if (arg === '--child') a.child = scenario(value());
    else if (arg === '--only') a.only = value().split(',').map(scenario);
    else if (arg === '--out') a.out = value();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]!.replace(/^\/\*\*?|^ \* ?/gm, '') + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(a.seed)) throw new Error('--seed must be an integer');
  return a;
}

function gitCommit(): string {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
  return r.stdout.trim() + (dirty.stdout.trim() ? ' (+ uncommitted changes)' : '');
}

function newestMtime(dir: string): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p);
      else newest = Math.max(newest, st.mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

/** Builds the bundles when a node bundle is missing (the codeset-load scenario runs dist/pack-worker.js). */
function ensureBundles(): void {
  if (!['extension', 'engine', 'pack-worker'].every((b) => fs.existsSync(path.join(ROOT, `dist/${b}.js`)))) {
    process.stderr.write('building the bundles (node esbuild.mjs)\n');
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) process.stderr.write('the bundle build failed; bundle sizes are left out\n');
  }
}

/** Every shipped bundle (dist/*.js, dist/web/*.js) with its size. */
function bundles(): BundleInfo[] {
  ensureBundles();
  const src = newestMtime(path.join(ROOT, 'src'));
  const inDir = (dir: string) =>
    fs.existsSync(path.join(ROOT, dir))
      ? fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.js')).sort().map((f) => `${dir}/${f}`)
      : [];
  return [...inDir('dist'), ...inDir('dist/web')].map((f) => {
    const p = path.join(ROOT, f);
    const buf = fs.readFileSync(p);
    return { file: f, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length, stale: fs.statSync(p).mtimeMs < src };
  });
}

/** The packaged extension as users install it (`npm run package`), or why its size is missing. */
function vsixInfo(): VsixInfo {
  const file = 'clinical-notes.vsix';
  const p = path.join(ROOT, file);
  if (!fs.existsSync(p)) return { file, missing: true, note: 'clinical-notes.vsix is missing: run `npm run package` to measure it' };
  const st = fs.statSync(p);
  return { file, bytes: st.size, missing: false, stale: st.mtimeMs < newestMtime(path.join(ROOT, 'src')) };
}

/**
 * A private copy of the transpiled bench and core for the scenario processes: `node esbuild.mjs --tests`
 * (run by anyone's `npm run test:unit`) empties out/, and a run takes minutes. Every scenario then also
 * measures the same code. Undefined when the copy fails (the scenarios then run from out/).
 */
function snapshot(): string | undefined {
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinical-notes-bench-'));
    for (const sub of ['bench', 'src', 'knowledge', 'test/generators']) fs.cpSync(path.join(__dirname, '..', sub), path.join(dir, 'out', sub), { recursive: true });
    const script = path.join(dir, 'out', 'bench', 'run.js');
    if (!fs.existsSync(script) || !fs.existsSync(path.join(dir, 'out', 'src', 'core', 'engine.js'))) throw new Error('incomplete copy');
    return dir;
  } catch (e) {
    process.stderr.write(`bench: could not copy out/ (${(e as Error).message}); running from out/\n`);
    return undefined;
  }
}

let current: ChildProcess | undefined;

function runChild(name: ScenarioName, args: Args, snap: string | undefined): Promise<ScenarioResult> {
  const script = snap ? path.join(snap, 'out', 'bench', 'run.js') : __filename;
  const childArgs = ['--expose-gc', script, '--child', name, '--seed', String(args.seed)];
  if (args.quick) childArgs.push('--quick');
  // From the copy, `fuse.js` and `jsonc-parser` still resolve from the repo's node_modules.
  const env = { ...process.env, CLINICAL_NOTES_BENCH_ROOT: ROOT, NODE_PATH: path.join(ROOT, 'node_modules') };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    current = child;
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      current = undefined;
      if (code !== 0) return reject(new Error(`exited with ${code ?? signal}`));
      const last = Buffer.concat(chunks).toString('utf8').trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ScenarioResult);
      } catch (e) {
        reject(new Error(`printed no JSON result: ${(e as Error).message}`));
      }
    });
  });
}

async function vscodeResult(args: Args): Promise<VscodeResult> {
  const harness = path.join(__dirname, 'vscode.js');
  if (!args.vscode) {
    return {
      status: 'not-run',
      note: 'Not run: `npm run bench -- --vscode` measures activate(), the first completion and the keystroke → suggest-widget ratio in code-server with the packaged extension (after `npm run package`).',
    };
  }
  if (!fs.existsSync(harness)) return { status: 'unavailable', note: '--vscode: out/bench/vscode.js is missing; run `node esbuild.mjs --tests`.' };
  const mod = require(harness) as { measureVscode(opts: { quick: boolean }): Promise<VscodeResult> };
  return mod.measureVscode({ quick: args.quick });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) {
    const cfg = { quick: args.quick, seed: args.seed };
    const result = args.child === 'codeset-load' ? await runCodeSetLoad(cfg) : runScenario(args.child, cfg);
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }

  const started = Date.now();
  const builtin = builtinPackFile();
  const cpus = os.cpus();
  const meta: Meta = {
    mode: args.quick ? 'quick' : 'full',
    seed: args.seed,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus[0]?.model.trim() ?? 'unknown CPU',
    cpuCount: cpus.length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    loadAvgAtStart: os.loadavg(),
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commit: gitCommit(),
    builtinPack: path.relative(ROOT, builtin.file),
    builtinFallback: builtin.fallback,
    icd10cm: icdAvailable(),
  };

  // --vscode alone measures only the real VS Code (and the bundles); with --only, those scenarios too.
  const wanted = (args.only ?? (args.vscode ? [] : SCENARIOS)).filter((s) => (s !== 'icd10cm' && s !== 'codeset-load') || meta.icd10cm);
  const scenarios: Report['scenarios'] = {};
  const errors: Report['errors'] = [];
  if (wanted.includes('codeset-load')) ensureBundles();
  const snap = snapshot();
  // Ctrl-C or a kill stops the scenario process and removes the copy, rather than leaving them behind.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      current?.kill('SIGTERM');
      if (snap) fs.rmSync(snap, { recursive: true, force: true });
      process.exit(130);
    });
  }
  try {
    for (const name of wanted) {
      process.stderr.write(`bench: ${name}\n`);
      try {
        scenarios[name] = await runChild(name, args, snap);
      } catch (e) {
        errors.push({ scenario: name, message: (e as Error).message });
        process.stderr.write(`bench: ${name} crashed: ${(e as Error).message}\n`);
      }
    }
  } finally {
    if (snap) fs.rmSync(snap, { recursive: true, force: true });
  }
  const vscode = await vscodeResult(args);
  const partial = { meta, scenarios, errors, bundles: bundles(), vsix: vsixInfo(), activation: activationFigures(vscode), vscode };
  meta.durationMs = Date.now() - started;
  const report: Report = { ...partial, targets: computeTargets(partial) };

  const json = JSON.stringify(report, null, 2) + '\n';
  if (args.out) {
    fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    fs.writeFileSync(args.out, json);
  }
  process.stdout.write(args.json ? json : renderText(report));
  // The free-text look-up beside the old index and a plain MiniSearch (bench/lookup.ts), in its own process.
  if (!args.json && !args.vscode && !args.only) {
    process.stderr.write('bench: look-up\n');
    const look = spawnSync(process.execPath, [path.join(__dirname, 'lookup.js'), ...(args.quick ? ['--quick'] : [])], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(look.status === 0 ? look.stdout : `\nbench: look-up failed (exit ${look.status})\n`);
    if (look.status !== 0) return 1;
  }
  return errors.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
