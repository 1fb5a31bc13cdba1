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
import { offThread, prepareOffThread, runInSlices } from '../../src/host/pack-thread';
import { offThread as inParts } from '../../src/host/pack-thread.web';
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

  it('the web host\'s load in parts (no worker threads there) answers as a load in one block does, letting timers run between its parts', async () => {
    const imported = importIcd10cm(generateIcd10cmOrderFile(2000, 6), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
    const text = icd10cmPackText(imported.pack);
    const builtin = readPack(BUILTIN);
    const direct = KnowledgeBase.load([builtin, { file: 'icd.json', text }]);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const parts = await inParts!.load('', [builtin, { file: 'icd.json', bytes: new TextEncoder().encode(text) }], engine);
    clearInterval(timer);
    assert.equal(inParts!.kind, 'parts');
    assert.ok(ticks >= 3, `timers ran between the parts (${ticks})`);
    assert.deepEqual(parts.problems, direct.problems);
    assert.deepEqual(parts.kb.entries.map((e) => e.id), direct.kb.entries.map((e) => e.id));
    for (const q of ['calc', 'L94', 'a0', 'sys scl', imported.pack.codeSet!.rows[7]![1]]) {
      assert.deepEqual(parts.kb.search(q).map((h) => [h.entry.id, h.score, h.matched]), direct.kb.search(q).map((h) => [h.entry.id, h.score, h.matched]), q);
    }
  });

  it('a worker that fails rejects both answers', async () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pack-worker-')), 'broken.js');
    fs.writeFileSync(broken, 'throw new Error("no worker here");');
    const answer = prepareOffThread(broken, [readPack(BUILTIN)]);
    await assert.rejects(answer.entries);
    await assert.rejects(answer.index);
  });

  describe('with a cache folder (the extension\'s global storage)', () => {
    const imported = importIcd10cm(generateIcd10cmOrderFile(1500, 9), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
    const text = icd10cmPackText(imported.pack);
    const builtin = readPack(BUILTIN);
    const direct = KnowledgeBase.load([builtin, { file: 'icd.json', text }]);
    const same = (kb: KnowledgeBase) => {
      assert.deepEqual(kb.entries.map((e) => e.id), direct.kb.entries.map((e) => e.id));
      for (const q of ['calc', 'L94', 'a0', 'sys scl', imported.pack.codeSet!.rows[11]![1]]) {
        assert.deepEqual(kb.search(q).map((h) => [h.entry.id, h.score, h.matched]), direct.kb.search(q).map((h) => [h.entry.id, h.score, h.matched]), q);
      }
      assert.equal(kb.get(imported.pack.codeSet!.rows[11]![0] as string)?.label, direct.kb.get(imported.pack.codeSet!.rows[11]![0] as string)?.label);
    };
    const load = async (dir: string, packText = text) => {
      const answer = prepareOffThread(WORKER, [builtin, { file: 'icd.json', bytes: new TextEncoder().encode(packText) }], dir);
      const adopted = await runInSlices(engine.KnowledgeBase.adoptEntriesSteps(await answer.entries));
      const { kb } = engine.KnowledgeBase.adoptIndex(adopted, await answer.index);
      return { kb, cached: (await answer.done).cached };
    };

    it('keeps the first load and answers the next from it, the same as a load on this thread', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-cache-'));
      const first = await load(dir);
      assert.equal(first.cached, false);
      same(first.kb);
      assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('packs-')).length, 1, 'the load is kept');
      const second = await load(dir);
      assert.equal(second.cached, true, 'the second load is read back');
      same(second.kb);
    });

    it('a changed pack is loaded afresh and replaces the kept load; a damaged file is made again', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-cache-'));
      await load(dir);
      const [kept] = fs.readdirSync(dir);
      const changed = text.replace(imported.pack.codeSet!.rows[3]![1] as string, 'A title changed by the clinic');
      assert.notEqual(changed, text);
      const again = await load(dir, changed);
      assert.equal(again.cached, false, 'a changed pack is not answered from the old load');
      assert.ok(again.kb.search('changed by the clinic').length > 0);
      const files = fs.readdirSync(dir);
      assert.equal(files.length, 1, 'only the latest load is kept');
      assert.notEqual(files[0], kept);
      fs.writeFileSync(path.join(dir, files[0]!), Buffer.from([200, 0, 0, 0, 1, 2, 3]));
      const repaired = await load(dir, changed);
      assert.equal(repaired.cached, false, 'a damaged file is not read as a load');
      assert.ok(repaired.kb.search('changed by the clinic').length > 0);
      assert.equal((await load(dir, changed)).cached, true, 'and it is kept again');
    });
  });
});
