/**
 * The benchmark (bench/) still runs end to end, and its generated inputs are what it claims: the same
 * for the same seed, and valid packs. No timing is asserted here: timings belong to `npm run bench`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateSyntheticPack, syntheticPackText } from '../generators/synthetic';
import { completionQueries, generateNote } from '../../bench/workload';
import { loadPacks } from '../../src/core/knowledge/load';
import { ROOT, BUILTIN, MINI, readPack } from '../unit/helpers';

const RUN = path.join(ROOT, 'out', 'bench', 'run.js');
const builtinInput = () => readPack(fs.existsSync(BUILTIN) ? BUILTIN : MINI);

function bench(args: string[]) {
  return spawnSync(process.execPath, [RUN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('benchmark: synthetic packs', function () {
  this.timeout(60_000);

  it('are deterministic: same count and seed, same pack; another seed, another pack', () => {
    assert.equal(syntheticPackText(300, 7), syntheticPackText(300, 7));
    assert.deepEqual(generateSyntheticPack(300, 7), generateSyntheticPack(300, 7));
    assert.notEqual(syntheticPackText(300, 7), syntheticPackText(300, 8));
    assert.equal(generateSyntheticPack(0, 1).entries.length, 0);
  });

  for (const count of [1000, 10000]) {
    it(`of ${count.toLocaleString('en-US')} entries validate with loadPacks, alone and beside the built-in pack, with zero problems`, () => {
      const text = syntheticPackText(count, 1);
      const alone = loadPacks([{ file: 'synthetic.json', text }]);
      assert.deepEqual(alone.problems, []);
      assert.equal(alone.knowledge.entries.length, count);
      const merged = loadPacks([builtinInput(), { file: 'synthetic.json', text }]);
      assert.deepEqual(merged.problems, []);
      assert.equal(merged.knowledge.packs.length, 2);
    });
  }

  it('look clinical: every entry has a label and a definition, and the pack has synonyms, abbreviations and ICD-10-CM-shaped codes', () => {
    const pack = generateSyntheticPack(2000, 3);
    assert.equal(new Set(pack.entries.map((e) => e.label.toLowerCase())).size, pack.entries.length, 'labels are unique');
    assert.ok(pack.entries.every((e) => e.label.length > 3 && e.definition.length > 20));
    const withSynonyms = pack.entries.filter((e) => e.synonyms?.length).length;
    const abbreviations = pack.entries.flatMap((e) => e.abbreviations ?? []);
    const codes = pack.entries.flatMap((e) => e.codes ?? []);
    assert.ok(withSynonyms > 500, `${withSynonyms} entries with synonyms`);
    assert.ok(abbreviations.length > 200 && abbreviations.some((a) => a.ambiguous), `${abbreviations.length} abbreviations`);
    assert.ok(codes.length > 200, `${codes.length} codes`);
    for (const c of codes) assert.match(c.code, /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/);
  });
});

describe('benchmark: workload', () => {
  const { knowledge } = loadPacks([builtinInput(), { file: 'synthetic.json', text: syntheticPackText(500, 1) }]);
  const builtin = knowledge.entries.filter((e) => e.pack === knowledge.packs[0]!.id);
  const added = knowledge.entries.filter((e) => e.pack !== knowledge.packs[0]!.id);

  it('completion queries are deterministic, 1 to 6 characters, and include misspellings', () => {
    const a = completionQueries([builtin, added], 1000, 1);
    assert.deepEqual(a, completionQueries([builtin, added], 1000, 1));
    assert.equal(a.length, 1000);
    assert.ok(a.every((q) => q.length >= 1 && q.length <= 6), 'every query has 1–6 characters');
    for (let n = 1; n <= 6; n++) assert.ok(a.some((q) => q.length === n), `some queries have ${n} characters`);
    const terms = knowledge.entries.flatMap((e) => [e.label, ...(e.synonyms ?? []), ...(e.abbreviations ?? []).map((x) => x.text), ...(e.codes ?? []).map((c) => c.code)]);
    const typed = (q: string) => terms.some((t) => t.toLowerCase().includes(q.toLowerCase()));
    assert.ok(a.filter((q) => q.length >= 4 && !typed(q)).length > 20, 'some queries are misspelt');
  });

  it('notes are deterministic, at least the size asked for, and mention the entries', () => {
    const note = generateNote([builtin, added], 64 * 1024, 1);
    assert.equal(note, generateNote([builtin, added], 64 * 1024, 1));
    assert.ok(note.length >= 64 * 1024);
    assert.ok(note.includes(builtin[0]!.label.toLowerCase()) || builtin.some((e) => note.toLowerCase().includes(e.label.toLowerCase())));
  });
});

describe('benchmark: npm run bench -- --quick (smoke, no timings asserted)', function () {
  this.timeout(180_000);

  it('--json prints one well-formed report with every scenario, the bundles and a checked target list', () => {
    const r = bench(['--quick', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.meta.mode, 'quick');
    assert.deepEqual(report.errors, []);
    const expected = ['builtin', 'synthetic-1k', 'synthetic-10k', 'note-5mb', ...(report.meta.icd10cm ? ['icd10cm', 'codeset-load'] : [])];
    assert.deepEqual(Object.keys(report.scenarios).sort(), expected.sort());
    if (report.meta.icd10cm) {
      const load = report.scenarios['codeset-load'];
      assert.ok(load.codes > 0 && load.longestEventLoopBlockMs > 0 && load.codeSetAnswersAfterMs > 0 && load.settledAfterMs >= load.codeSetAnswersAfterMs);
      assert.ok(report.targets.some((t: { id: string }) => t.id === 'codeset-load-longest-block'));
    }
    for (const name of expected.filter((n) => n !== 'note-5mb' && n !== 'codeset-load')) {
      const s = report.scenarios[name];
      assert.equal(s.kind, 'size');
      assert.ok(s.entries > 0 && s.terms >= s.entries, name);
      assert.equal(s.problems, 0, `${name}: packs load without errors`);
      for (const lat of [s.completion, s.hover]) {
        for (const side of [lat.ours, lat.baseline]) {
          assert.ok(side.n > 0 && Number.isFinite(side.p50) && side.p50 >= 0 && side.p50 <= side.p95 && side.p95 <= side.p99, `${name}: well-formed percentiles`);
        }
        assert.ok(Number.isFinite(lat.ratio.p95) && lat.ratio.p95 > 0);
      }
      assert.ok(s.load.firstMs > 0 && s.build.firstMs > 0);
      assert.ok(s.memory.rssBytes > 0);
      assert.ok(s.heap === null || typeof s.heap.indexBytes === 'number');
    }
    if (report.meta.icd10cm) {
      const icd = report.scenarios.icd10cm.icd;
      assert.ok(icd.codes > 0 && icd.importMs > 0);
      assert.ok(icd.codeWorkload.completion.n > 0 && icd.codeWorkload.hover.n > 0);
      assert.equal(report.scenarios.icd10cm.workload, 'builtin', 'the ICD-10-CM row replays the built-in workload');
    }
    assert.ok(report.scenarios['note-5mb'].parseSections.sections > 0);
    // Every shipped bundle, the .vsix (or why it is missing) and the activation figures (or why not measured).
    const shipped = [...fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`), ...fs.readdirSync(path.join(ROOT, 'dist', 'web')).filter((f) => f.endsWith('.js')).map((f) => `dist/web/${f}`)];
    assert.deepEqual(report.bundles.map((b: { file: string }) => b.file).sort(), shipped.sort());
    assert.ok(report.bundles.every((b: { bytes: number }) => b.bytes > 0));
    assert.equal(report.vsix.file, 'clinical-notes.vsix');
    if (report.vsix.missing) assert.match(report.vsix.note, /npm run package/);
    else assert.ok(report.vsix.bytes > 0);
    assert.equal(report.activation.measured, false);
    assert.match(report.activation.note, /--vscode/);
    assert.ok(report.targets.length >= 10);
    for (const t of report.targets) {
      assert.ok(typeof t.what === 'string' && typeof t.goal === 'string' && typeof t.measured === 'string');
      assert.ok(t.ok === undefined || typeof t.ok === 'boolean');
    }
  });

  it('prints the tables and the targets with ✓/✗', () => {
    const r = bench(['--quick', '--only', 'builtin,note-5mb']);
    assert.equal(r.status, 0, r.stderr);
    for (const heading of ['## Load and index', '## Completion', '## Hover', '## Huge note', '## Bundles', '## Targets']) {
      assert.ok(r.stdout.includes(heading), `has ${heading}`);
    }
    const targets = r.stdout.slice(r.stdout.indexOf('## Targets'));
    const rows = targets.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| target'));
    assert.ok(rows.length >= 10);
    for (const row of rows) assert.match(row, /\| (✓|✗|–) +\|$/);
    assert.match(r.stdout, /\| built-in[^|]*\|\s+\d/);
  });

  it('refuses an unknown argument with a message and a non-zero exit', () => {
    const r = bench(['--frobnicate']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown argument --frobnicate/);
  });
});
