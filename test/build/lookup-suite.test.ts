/**
 * The clinician look-up suite (test/fixtures/lookups.json, written from the seed document and the clinical
 * reference): each query's expected entry (or an entry carrying its code) must be in the top 3. Run through
 * the core engine, through the CLI in-process with the shipped pack, and through the built dist/cli.js.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliIO } from '../../src/cli';
import { answers, loadLookupSuite, scoreSuite, type SuiteQuery } from '../../bench/lookup-suite';
import { BUILTIN, ROOT, loadBuiltin } from '../unit/helpers';

const GATE = 0.95;
/** The queries the issue names: every one must answer, in the engine and in the built CLI. */
const NAMED = ['warfarin calcinosis', 'MRI calcinosis', 'calciphylaxis icd', 'dermatomyositis calcinosis', 'calcinosis cutis treatment', 'warfarin calciphylaxis'];

function report(name: string, s: ReturnType<typeof scoreSuite>): void {
  console.log(`      ${name}: ${s.answered}/${s.total} answered in the top 3 (${(s.rate * 100).toFixed(1)}%)`);
  for (const m of s.missed) console.log(`        missed [${m.group}] "${m.query}" → ${m.expect ?? m.code}`);
}

/** Ids and codes of `clinical-notes search --json` hits, for the suite's scoring. */
type JsonHit = { id: string; codes: { code: string; system: 'ICD-10-CM'; title: string; sources: string[] }[] };

describe('clinician look-up suite', function () {
  this.timeout(60000);
  const suite = loadLookupSuite();

  it('has at least 130 queries across every kind of question', () => {
    assert.ok(suite.length >= 130, `${suite.length} queries`);
    const groups = new Set(suite.map((q) => q.group));
    for (const g of ['two-concept', 'facet', 'question', 'misspelling', 'abbreviation', 'british', 'code']) assert.ok(groups.has(g), `no ${g} queries`);
    for (const q of suite) assert.ok((q.expect ? 1 : 0) + (q.code ? 1 : 0) === 1, `"${q.query}" needs exactly one of expect or code`);
    const kb = loadBuiltin();
    for (const q of suite) {
      if (q.expect) assert.ok(kb.knowledge.get(q.expect), `"${q.query}" expects ${q.expect}, which the pack lacks`);
      else assert.ok(kb.knowledge.entries.some((e) => e.codes?.some((c) => c.code === q.code)), `"${q.query}" expects code ${q.code}, which no entry carries`);
    }
  });

  it(`the core look-up answers at least ${GATE * 100}% in the top 3, and every query the issue names`, () => {
    const kb = loadBuiltin();
    const s = scoreSuite(suite, (q) => kb.lookUp(q, { limit: 3 }).hits.map((h) => h.entry));
    report('look-up engine', s);
    assert.ok(s.rate >= GATE, `${s.answered}/${s.total}`);
    for (const q of NAMED) assert.ok(!s.missed.some((m) => m.query === q), `"${q}" missed`);
  });

  it('the CLI (in-process, the shipped pack) answers the same queries at the same rate', async () => {
    const kb = loadBuiltin();
    const engine = scoreSuite(suite, (q) => kb.lookUp(q, { limit: 3 }).hits.map((h) => h.entry));
    const results = new Map<string, JsonHit[]>();
    for (const q of suite) {
      const out: string[] = [];
      const io: CliIO = { out: (t) => out.push(t), err: () => undefined, readFile: (f) => fs.readFileSync(f, 'utf8'), writeFile: () => undefined, builtinPack: BUILTIN };
      const code = await runCli(['search', q.query, '--json', '--limit', '3'], io);
      results.set(q.query, code === 0 ? (JSON.parse(out.join('\n')) as JsonHit[]) : []);
    }
    const s = scoreSuite(suite, (q) => results.get(q)!);
    report('CLI (in-process)', s);
    assert.equal(s.answered, engine.answered);
  });

  it('the built dist/cli.js answers a representative subset (the issue\'s queries and one of every group)', function () {
    const bin = path.join(ROOT, 'dist', 'cli.js');
    if (!fs.existsSync(bin)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    // A process per query takes about a second on a busy two-core machine: the whole suite runs in-process
    // above; the bundle is checked on these.
    const subset: SuiteQuery[] = [...NAMED.map((n) => suite.find((q) => q.query === n)!)];
    for (const g of ['facet', 'question', 'misspelling', 'abbreviation', 'british', 'code']) subset.push(suite.find((q) => q.group === g)!);
    for (const q of subset) {
      const r = spawnSync(process.execPath, [bin, 'search', q.query, '--json', '--limit', '3'], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${q.query}: ${r.stderr}`);
      assert.ok(answers(q, JSON.parse(r.stdout) as JsonHit[]), `dist/cli.js: "${q.query}" → ${q.expect ?? q.code} not in the top 3`);
    }
  });

  it('the built dist/cli.js prints why each result matched, and "No entry … did you mean" on stderr with exit 1', function () {
    const bin = path.join(ROOT, 'dist', 'cli.js');
    const hit = spawnSync(process.execPath, [bin, 'search', 'warfarin calcinosis', '--limit', '2'], { encoding: 'utf8' });
    assert.equal(hit.status, 0, hit.stderr);
    assert.deepEqual(hit.stdout.split('\n').slice(0, 2), ['low-dose warfarin  — treatment', '    evidence: Level IB evidence against (Oxford CEBM): Do not use low-dose warfarin for calcinosis.']);
    const code = spawnSync(process.execPath, [bin, 'search', 'calcinosis cutis icd', '--limit', '1'], { encoding: 'utf8' });
    assert.match(code.stdout, /^calcinosis cutis {2}— condition {2}\[L94\.2\]\n {4}L94\.2 Calcinosis cutis · label: calcinosis cutis/);
    const none = spawnSync(process.execPath, [bin, 'search', 'calcinossisss'], { encoding: 'utf8' });
    assert.equal(none.status, 1);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^No entry for 'calcinossisss' — did you mean calcinosis/);
  });
});
