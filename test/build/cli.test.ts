import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIO } from '../../src/cli';
import { BUILTIN, MINI, ROOT, miniObject } from '../unit/helpers';

interface Run {
  code: number;
  out: string;
  err: string;
  written: Map<string, string>;
}

/** Runs the CLI in-process with the mini pack as the built-in one. */
async function cli(args: string[], files: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string>();
  const io: CliIO = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: (f) => {
      if (f in files) return files[f];
      return fs.readFileSync(f, 'utf8');
    },
    writeFile: (f, t) => written.set(f, t),
    builtinPack: MINI,
  };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n'), written };
}

describe('CLI (in-process)', () => {
  it('search lists ranked entries and exits 0', async () => {
    const r = await cli(['search', 'calc']);
    assert.equal(r.code, 0);
    assert.equal(r.out.split('\n')[0], 'calcinosis  — condition');
  });

  it('search --json carries every field and the score', async () => {
    const r = await cli(['search', 'calcinosis cutis', '--json', '--limit', '3']);
    const hits = JSON.parse(r.out);
    assert.equal(hits[0].id, 'calcinosis-cutis');
    assert.deepEqual(Object.keys(hits[0]).sort(), ['abbreviations', 'code', 'codes', 'definition', 'id', 'kind', 'label', 'matched', 'matchedField', 'matchedWords', 'pack', 'relation', 'score', 'sources', 'synonyms']);
    assert.equal(hits[0].matchedField, 'label');
    assert.deepEqual(hits[0].matchedWords, ['calcinosis', 'cutis']);
    assert.equal(hits[0].codes[0].code, 'L94.2');
    assert.equal(hits[0].sources[0].url, 'https://example.org/one');
    assert.ok(hits.length <= 3);
  });

  it('search exits 1 when nothing matches, 2 on bad usage', async () => {
    assert.equal((await cli(['search', 'zzzzqqqq'])).code, 1);
    assert.equal((await cli(['search'])).code, 2);
    assert.equal((await cli(['search', 'x', '--limit', '0'])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli([])).code, 2);
    assert.equal((await cli(['search', 'x', '--nope'])).code, 2);
  });

  it('search loads extra packs and reports broken ones without failing', async () => {
    const clinic = miniObject();
    clinic.id = 'clinic';
    clinic.entries = [{ ...clinic.entries[0], id: 'clinic-nodule-clinic', label: 'clinic nodule protocol' }];
    const r = await cli(['search', 'nodule protocol', '--pack', 'clinic.json', '--pack', 'broken.json'], {
      'clinic.json': JSON.stringify(clinic),
      'broken.json': '{',
    });
    assert.equal(r.code, 0);
    assert.match(r.out, /^clinic nodule protocol/);
    assert.match(r.err, /^broken\.json: \/: not valid JSON/);
  });

  it('an unreadable --pack file is a usage error', async () => {
    const r = await cli(['search', 'calc', '--pack', '/nonexistent/pack.json']);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read \/nonexistent\/pack\.json: ENOENT/);
  });

  it('card prints the card by term or id, in text or Markdown', async () => {
    const byTerm = await cli(['card', 'SSc']);
    assert.equal(byTerm.code, 0);
    assert.match(byTerm.out, /^systemic sclerosis\nCause/);
    const byId = await cli(['card', 'calcinosis-cutis', '--markdown']);
    assert.match(byId.out, /^#### calcinosis cutis/);
    assert.equal((await cli(['card', 'zzzzqqqq'])).code, 1);
  });

  it('validate: 0 when valid, 1 with one line per problem and the items skipped, 2 when unreadable', async () => {
    const ok = await cli(['validate', MINI]);
    assert.equal(ok.code, 0);
    assert.match(ok.out, /valid \(7 entries, 2 sources\)/);
    const p = miniObject();
    delete p.entries[1].label;
    p.entries[2].kind = 'drug';
    const bad = await cli(['validate', 'bad.json'], { 'bad.json': JSON.stringify(p) });
    assert.equal(bad.code, 1);
    assert.deepEqual(bad.out.split('\n'), [
      'bad.json: /entries/1/label: required property "label" is missing',
      'bad.json: /entries/2/kind: must be one of "condition", "type", "cause", "finding", "test", "imaging", "procedure", "treatment", "concept", "code" (got string "drug")',
      'bad.json: loads with 2 items skipped (5 entries, 2 sources)',
    ]);
    const missing = await cli(['validate', MINI, '/nonexistent.json']);
    assert.equal(missing.code, 2);
  });
});

describe('CLI (the built bundle, as a user runs it)', function () {
  this.timeout(30000);
  const bin = path.join(ROOT, 'dist', 'cli.js');
  before(function () {
    if (!fs.existsSync(bin)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  });
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

  it('validate exits 1 and names the path of a missing label', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cn-cli-'));
    const file = path.join(dir, 'pack.json');
    const p = miniObject();
    delete p.entries[0].label;
    fs.writeFileSync(file, JSON.stringify(p));
    const r = run('validate', file);
    assert.equal(r.status, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `${file}: /entries/0/label: required property "label" is missing`,
      `${file}: loads with 1 item skipped (6 entries, 2 sources)`,
    ]);
    fs.rmSync(dir, { recursive: true });
  });

  it('validate: a pack with one broken entry exits 1, naming the entry and counting it skipped; search still finds the valid one', () => {
    const partial = path.join(ROOT, 'test', 'fixtures', 'packs', 'partial.json');
    const r = run('validate', partial);
    assert.equal(r.status, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `${partial}: /entries/1/label: must be a string (got integer 42)`,
      `${partial}: loads with 1 item skipped (1 entries, 1 sources)`,
    ]);
    const s = run('search', 'quokka', '--json', '--pack', partial);
    assert.equal(s.status, 0);
    assert.equal(JSON.parse(s.stdout)[0].id, 'quokka-sign');
    assert.match(s.stderr, /partial\.json: \/entries\/1\/label: must be a string/);
  });

  it('validate: a dangling reference is a warning (exit 0); --strict exits 1 on it; the card leaves it out', () => {
    const dangling = path.join(ROOT, 'test', 'fixtures', 'packs', 'dangling.json');
    const warnings = [
      `warning: ${dangling}: /entries/0/facts/0/sources/1: unknown source "C9" (not in /sources)`,
      `warning: ${dangling}: /entries/0/related/1: related entry "no-such-entry" is not defined in any loaded pack`,
    ];
    const r = run('validate', dangling);
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(r.stdout.trim().split('\n'), [...warnings, `${dangling}: valid (1 entries, 1 sources)`]);
    assert.equal(run('validate', '--strict', dangling).status, 1);
    const card = run('card', 'wombat-reflex', '--pack', dangling);
    assert.equal(card.status, 0);
    // "calcinosis" is the built-in entry and resolves; the unknown id and source are left out.
    assert.match(card.stdout, /Related: calcinosis\n/);
    assert.doesNotMatch(card.stdout, /no-such-entry|C9/);
    assert.match(card.stdout, /- A made-up fact\. \[C1\]/);
  });

  it('validate accepts the shipped pack', () => {
    const r = run('validate', BUILTIN);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('search "calcinosis cutis" --json lists the L94.2 entry first', () => {
    const r = run('search', 'calcinosis cutis', '--json');
    assert.equal(r.status, 0, r.stderr);
    const [first] = JSON.parse(r.stdout);
    assert.equal(first.label, 'calcinosis cutis');
    assert.ok(first.codes.some((c: { system: string; code: string }) => c.system === 'ICD-10-CM' && c.code === 'L94.2'));
  });

  it('import -o into a workspace\'s .clinical-notes/ creates the folder when it is not there yet', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cn-cli-'));
    const out = path.join(dir, '.clinical-notes', 'icd10cm.json');
    const r = run('import', 'icd10cm', path.join(ROOT, 'test', 'fixtures', 'icd10cm', 'icd10cm_order_sample.txt'), '--edition', '2025', '-o', out);
    assert.equal(r.status, 0, r.stderr);
    // The fixture's 29 codes, one row each in the pack's code set.
    assert.equal(JSON.parse(fs.readFileSync(out, 'utf8')).codeSet.rows.length, 29);
    assert.equal(run('validate', out).status, 0);
    fs.rmSync(dir, { recursive: true });
  });

  it('exits 2 with usage on bad input', () => {
    const r = run('nonsense');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Usage:/);
  });
});

describe('CLI import icd10cm', () => {
  const fixture = path.join(ROOT, 'test', 'fixtures', 'icd10cm', 'icd10cm_order_sample.txt');

  it('writes a valid pack that loads beside the built-in one and finds L94.2', async () => {
    const r = await cli(['import', 'icd10cm', fixture, '--edition', '2025', '-o', 'codes.json']);
    assert.equal(r.code, 0, r.err);
    const pack = r.written.get('codes.json')!;
    assert.match(r.err, /codes\.json: \d+ codes \(\d+ billable, \d+ headers\)/);
    const validate = await cli(['validate', 'codes.json'], { 'codes.json': pack });
    assert.equal(validate.code, 0, validate.out);
    // The fixture's 29 codes are rows of the code set; validate counts them as the entries they load as.
    assert.match(validate.out, /codes\.json: valid \(29 entries, 1 sources\)/);
    const search = await cli(['search', 'L94.2', '--json', '--pack', 'codes.json'], { 'codes.json': pack });
    const hits = JSON.parse(search.out);
    assert.ok(hits.some((h: { pack: string; codes: Array<{ code: string }> }) => h.pack !== 'mini' && h.codes[0].code === 'L94.2'));
  });

  it('refuses a foreign file (exit 1) and bad usage (exit 2)', async () => {
    const foreign = await cli(['import', 'icd10cm', 'notes.txt'], { 'notes.txt': 'hello,world\nthis,is,csv\n'.repeat(10) });
    assert.equal(foreign.code, 1);
    assert.match(foreign.err, /not an ICD-10-CM order or codes file/);
    assert.equal((await cli(['import', 'snomed', fixture])).code, 2);
    assert.equal((await cli(['import', 'icd10cm'])).code, 2);
  });
});
