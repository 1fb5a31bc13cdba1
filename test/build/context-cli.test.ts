import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../unit/helpers';

describe('CLI context, the built bundle', function () {
    this.timeout(30000);
  const bin = path.join(ROOT, 'dist', 'cli.js');
  before(function () {
    if (!fs.existsSync(bin)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  });

  it('context --jsonl reads stdin and writes one answer a line; exit 0, or 2 naming a bad line', () => {
    const input = '{"text":"Denies fever, chills or night sweats.","target":"night sweats"}\n{"text":"x","target":"calcinosis"}\n';
    const ok = spawnSync(process.execPath, [bin, 'context', '--jsonl'], { input, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    const [a, b] = ok.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual([a.assertion, a.temporality, a.experiencer, a.trigger.text, a.scope.text], ['absent', 'current', 'patient', 'Denies', 'fever, chills or night sweats']);
    assert.equal(b.found, false);
    const bad = spawnSync(process.execPath, [bin, 'context', '--jsonl'], { input: `${input}[1,2]\n{"text":"No rash.","target":"rash"}\n`, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /line 3: expected a JSON object/);
    const lines = bad.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 4);
    assert.equal(lines[3].assertion, 'absent');
  });

  it('context NOTE --json lists the sample note\'s conditions', () => {
    const r = spawnSync(process.execPath, [bin, 'context', path.join(ROOT, 'media', 'walkthrough', 'sample.note'), '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const ids = JSON.parse(r.stdout).map((p: { id: string; status: string }) => `${p.id}:${p.status}`);
    assert.ok(ids.includes('calcinosis-cutis:present'), ids.join(' '));
  });
});
