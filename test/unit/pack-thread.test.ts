/**
 * The pack worker as the Node host runs it (src/host/pack-thread.ts → src/host/pack-worker.ts, here its
 * transpiled copy in out/): its two answers, adopted in slices, answer as a load on this thread does; a worker
 * that fails rejects both answers (the pack service then loads on its own thread).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as engine from '../../src/core/engine';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { icd10cmPackText, importIcd10cm } from '../../src/core/knowledge/icd10cm';
import { offThread, prepareOffThread } from '../../src/host/pack-thread';
import { generateIcd10cmOrderFile } from '../generators/gen-icd10cm';
import { BUILTIN, readPack } from './helpers';

const WORKER = path.join(__dirname, '..', '..', 'src', 'host', 'pack-worker.js');

describe('the pack worker thread', function () {
  this.timeout(60_000);

  it('answers as a load on this thread does, the code set sent as bytes', async () => {
    const imported = importIcd10cm(generateIcd10cmOrderFile(2000, 5), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
    const text = icd10cmPackText(imported.pack);
    const builtin = readPack(BUILTIN);
    const direct = KnowledgeBase.load([builtin, { file: 'icd.json', text }]);
    const bytes = new TextEncoder().encode(text);
    const viaWorker = await offThread!.load(WORKER, [builtin, { file: 'icd.json', bytes }], engine);
    assert.equal(bytes.byteLength, 0, 'the bytes were handed over, not copied');
    assert.deepEqual(viaWorker.problems, direct.problems);
    assert.deepEqual(viaWorker.kb.entries.map((e) => e.id), direct.kb.entries.map((e) => e.id));
    for (const q of ['calc', 'L94', 'a0', 'sys scl', imported.pack.codeSet!.rows[7]![1]]) {
      assert.deepEqual(viaWorker.kb.search(q).map((h) => [h.entry.id, h.score, h.matched]), direct.kb.search(q).map((h) => [h.entry.id, h.score, h.matched]), q);
    }
  });

  it('a worker that fails rejects both answers', async () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pack-worker-')), 'broken.js');
    fs.writeFileSync(broken, 'throw new Error("no worker here");');
    const answer = prepareOffThread(broken, [readPack(BUILTIN)]);
    await assert.rejects(answer.entries);
    await assert.rejects(answer.index);
  });
});
