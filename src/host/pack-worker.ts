/**
 * The pack worker (dist/pack-worker.js, a worker thread of the Node extension host): parses, checks and merges
 * the packs it is sent and builds the code sets' search index, so the extension host's thread is not held for
 * the best part of a second by a 74,000-code ICD-10-CM pack. It answers with what prepareLoad gives, the typed
 * arrays transferred, in two messages (the knowledge, then its index), and is ended by the host once it has answered.
 */
import { parentPort } from 'node:worker_threads';
import { prepareEntries, prepareIndex } from '../core/knowledge/prepared';
import type { PackInput } from '../core/knowledge/load';

parentPort?.on('message', (message: { inputs: Array<PackInput | { file: string; bytes: Uint8Array }> }) => {
  try {
    // As the host reads a pack: UTF-8, a byte-order mark dropped.
    const decoder = new TextDecoder('utf-8');
    const inputs = message.inputs.map((i) => ('bytes' in i ? { file: i.file, text: decoder.decode(i.bytes) } : i));
    // The knowledge first: the host adopts it while the index is built here.
    const first = prepareEntries(inputs);
    parentPort!.postMessage({ entries: first.part }, first.transfer);
    const second = prepareIndex(first.loaded, inputs);
    parentPort!.postMessage({ index: second.part }, second.transfer);
  } catch (err) {
    parentPort!.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
