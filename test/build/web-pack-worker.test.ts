/**
 * The web host's big loads (src/host/pack-thread.web.ts): the shipped web pack worker, dist/web/pack-worker.js,
 * started from a blob of its bytes as the web-worker extension host starts it, answers as a load on the host's
 * own thread does; where no worker starts, or it fails before it is ready, the load runs in parts on the host's
 * thread; a worker that fails once it has the files rejects (the pack service then reads them again). The
 * browser's `Worker` is bench/web-worker-standin.ts here; test/e2e/browser.e2e.ts runs the same in Chromium.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as engine from '../../src/core/engine';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { icd10cmPackText, importIcd10cm } from '../../src/core/knowledge/icd10cm';
import { offThread } from '../../src/host/pack-thread.web';
import { withWebWorker } from '../../bench/web-worker-standin';
import { generateIcd10cmOrderFile } from '../generators/gen-icd10cm';
import { BUILTIN, ROOT, readPack } from '../unit/helpers';

const SCRIPT = path.join(ROOT, 'dist', 'web', 'pack-worker.js');
const encode = (s: string) => new TextEncoder().encode(s);

describe('the web host\'s pack worker (dist/web/pack-worker.js)', function () {
  this.timeout(60_000);
  const imported = importIcd10cm(generateIcd10cmOrderFile(2000, 13), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
  const text = icd10cmPackText(imported.pack);
  const builtin = readPack(BUILTIN);
  const direct = KnowledgeBase.load([builtin, { file: 'icd.json', text }]);
  const sameAsDirect = (kb: KnowledgeBase) => {
    assert.deepEqual(kb.entries.map((e) => e.id), direct.kb.entries.map((e) => e.id));
    for (const q of ['calc', 'L94', 'a0', 'sys scl', imported.pack.codeSet!.rows[7]![1]]) {
      assert.deepEqual(kb.search(q).map((h) => [h.entry.id, h.score, h.matched]), direct.kb.search(q).map((h) => [h.entry.id, h.score, h.matched]), q);
    }
  };

  before(function () {
    if (!fs.existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: run \`npm run build\` first (npm test does)`);
  });

  it('loads a code set in a Web Worker started from its script\'s bytes, the file handed over, answering as a load here does', async () => {
    const bytes = encode(text);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const loaded = await withWebWorker(() => offThread!.load('', [builtin, { file: 'icd.json', bytes }], engine, undefined, () => fs.promises.readFile(SCRIPT)));
    clearInterval(timer);
    assert.equal(loaded.kind, 'worker');
    assert.equal(bytes.byteLength, 0, 'the bytes were handed over, not copied');
    assert.ok(ticks >= 3, `timers ran during the load (${ticks})`);
    assert.deepEqual(loaded.problems, direct.problems);
    sameAsDirect(loaded.kb);
  });

  it('has no Node built-ins: it runs in a browser', () => {
    const code = fs.readFileSync(SCRIPT, 'utf8');
    assert.doesNotMatch(code, /require\(|["'`]node:[a-z_/]+["'`]|\bprocess\s*\.\s*[A-Za-z_$]|\bBuffer\b|\b__dirname\b/);
  });

  it('loads in parts on the host\'s thread where there is no Worker', async () => {
    assert.equal((globalThis as { Worker?: unknown }).Worker, undefined);
    const loaded = await offThread!.load('', [builtin, { file: 'icd.json', bytes: encode(text) }], engine, undefined, () => fs.promises.readFile(SCRIPT));
    assert.equal(loaded.kind, 'parts');
    sameAsDirect(loaded.kb);
  });

  it('loads in parts when the worker fails before it is ready, or its script cannot be read', async () => {
    const broken = await withWebWorker(() => offThread!.load('', [builtin, { file: 'icd.json', bytes: encode(text) }], engine, undefined, async () => encode('throw new Error("no worker here")')));
    assert.equal(broken.kind, 'parts');
    sameAsDirect(broken.kb);
    const unreadable = await withWebWorker(() => offThread!.load('', [builtin, { file: 'icd.json', bytes: encode(text) }], engine, undefined, () => Promise.reject(new Error('ENOENT'))));
    assert.equal(unreadable.kind, 'parts');
    sameAsDirect(unreadable.kb);
  });

  it('rejects when the worker fails once it has the files (the caller reads them again)', async () => {
    const failing = encode('self.onmessage = () => self.postMessage({ error: "boom" }); self.postMessage({ ready: true });');
    await assert.rejects(
      withWebWorker(() => offThread!.load('', [builtin, { file: 'icd.json', bytes: encode(text) }], engine, undefined, async () => failing)),
      /pack worker: boom/,
    );
  });
});
