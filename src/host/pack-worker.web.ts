/**
 * The pack worker of the web build (dist/pack-worker.web.js, a Web Worker started from the web-worker extension
 * host through VS Code's nested-worker support): what src/host/pack-worker.ts does in a Node host, without the
 * cache folder (a browser host has no global storage on disk). It says it is ready first, so the host can tell a
 * worker that never started from one still working; then it answers with the knowledge, then its index, the
 * typed arrays transferred, then that it is done.
 */
import { prepareEntries, prepareIndex } from '../core/knowledge/prepared';
import { decodeSources, type PackSource } from './pack-sources';
import type { PackWorkerMessage } from './pack-worker';

export interface WebPackJob {
  inputs: PackSource[];
}
export type WebPackWorkerMessage = PackWorkerMessage | { ready: true };

/** The worker's global scope, as far as this file uses it (the repo's tsconfig has no DOM or WebWorker lib). */
declare const self: {
  postMessage(message: WebPackWorkerMessage, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: WebPackJob }) => void) | null;
};

self.onmessage = ({ data: { inputs: raw } }) => {
  try {
    const inputs = decodeSources(raw);
    const first = prepareEntries(inputs);
    self.postMessage({ entries: first.part, cached: false }, first.transfer);
    const second = prepareIndex(first.loaded, inputs);
    self.postMessage({ index: second.part }, second.transfer);
    self.postMessage({ done: { cached: false } });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
};
self.postMessage({ ready: true });
