/**
 * Loading packs off the extension host's thread (Node hosts): a worker thread (dist/pack-worker.js) parses
 * and indexes them, and this thread adopts the result a few milliseconds at a time, so completion, hover and
 * every other extension in the host keep answering while a code set loads. The web build replaces this module
 * with pack-thread.web.ts (no worker threads there): a web host loads on its own thread.
 */
import { Worker } from 'node:worker_threads';
import type * as Engine from '../core/engine';
import type { LoadResultKb } from '../core/knowledge/knowledge-base';
import type { PreparedEntries, PreparedIndexPart } from '../core/knowledge/prepared';
import type { PackJob, PackWorkerMessage } from './pack-worker';
import { forTransfer, type PackSource } from './pack-sources';
import { runInSlices } from './slices';

/** Packs smaller than this together load on the host's thread: starting a worker costs more than they do. */
export const OFF_THREAD_MIN_CHARS = 256 * 1024;
export { runInSlices, SLICE_MS } from './slices';

export type { PackSource } from './pack-sources';

export interface OffThread {
  /** How a big load runs: on a worker thread (Node hosts), or in parts on the host's own thread (web hosts). */
  readonly kind: 'worker' | 'parts';
  /**
   * Loads `inputs` as KnowledgeBase.load does, parsed and indexed by the worker in `workerFile`, adopted on
   * this thread in slices of `SLICE_MS`. Rejects when the worker cannot start or fails (the caller then
   * loads on its own thread). With `cacheDir`, a load kept there for the same packs is read back instead.
   */
  load(
    workerFile: string,
    inputs: readonly PackSource[],
    engine: typeof Engine,
    cacheDir?: string,
    /** The web build's worker script (dist/web/pack-worker.js): a web host starts a Web Worker from it. */
    readWebWorker?: () => Promise<Uint8Array>,
  ): Promise<LoadResultKb & { fromCache: boolean; kind?: 'worker' | 'parts' }>;
}

/** The worker's two answers, before adoption: the knowledge, then its index. */
export interface WorkerAnswer {
  entries: Promise<PreparedEntries>;
  index: Promise<PreparedIndexPart>;
  /** With the knowledge: whether the answers come from a load kept in the cache folder. */
  fromCache: Promise<boolean>;
  /** Once the worker is done (with a cache folder, after keeping its load there). */
  done: Promise<{ cached: boolean }>;
}

/**
 * Starts a worker on `inputs`; the promises reject when it fails (and `new Worker` throws when it cannot start).
 * With `cacheDir` the worker reads a load it kept there for the same packs, or keeps this one (see pack-worker.ts).
 */
export function prepareOffThread(workerFile: string, inputs: readonly PackSource[], cacheDir?: string): WorkerAnswer {
  const worker = new Worker(workerFile);
  let fail: (err: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const part = <K extends 'entries' | 'cached' | 'index' | 'done'>(key: K) =>
    Promise.race([
      new Promise<Extract<PackWorkerMessage, Record<K, unknown>>[K]>((resolve) =>
        worker.on('message', (m: PackWorkerMessage) => key in m && resolve((m as unknown as Record<K, never>)[key])),
      ),
      failed,
    ]);
  // The worker is ended once it is done (its answers sent and, with a cache folder, the load kept) or failed.
  worker.on('message', (m: PackWorkerMessage) => {
    if ('error' in m) fail(new Error(`pack worker: ${m.error}`));
    if ('error' in m || 'done' in m) void worker.terminate();
  });
  worker.once('error', (err) => (fail(err), void worker.terminate()));
  // After its answers this rejects nothing anyone still waits for.
  worker.once('exit', (code) => fail(new Error(`pack worker exited (${code})`)));
  const { sent, transfer } = forTransfer(inputs);
  worker.postMessage({ inputs: sent, cacheDir } satisfies PackJob, transfer);
  const done = part('done');
  done.catch(() => undefined);
  const fromCache = part('cached');
  fromCache.catch(() => undefined);
  return { entries: part('entries'), index: part('index'), fromCache, done };
}

export const offThread: OffThread | undefined = {
  kind: 'worker',
  async load(workerFile, inputs, engine, cacheDir) {
    const answer = prepareOffThread(workerFile, inputs, cacheDir);
    answer.index.catch(() => undefined); // awaited below; a failure is reported through `entries` first
    const adopted = await runInSlices(engine.KnowledgeBase.adoptEntriesSteps(await answer.entries));
    return { ...engine.KnowledgeBase.adoptIndex(adopted, await answer.index), fromCache: await answer.fromCache };
  },
};
