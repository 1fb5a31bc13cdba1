/**
 * The web build's pack-thread.ts (esbuild.mjs swaps it in). A web-worker extension host has no worker threads,
 * but VS Code lets it start Web Workers: a big load is parsed and indexed by dist/web/pack-worker.js in one
 * (src/host/pack-worker.web.ts), and this thread adopts the answer in 8 ms slices, as the Node host does.
 * Where no worker starts (no `Worker`, the script unreadable, no word from it within WORKER_READY_MS), the
 * load runs on this thread in parts with the event loop let run between them: the packs decoded, parsed and
 * checked (prepareEntries), the entries adopted in 8 ms slices, the index built (prepareIndex), each in its
 * own task. Completion and hover answer from the knowledge loaded before meanwhile.
 */
import type * as Engine from '../core/engine';
import type { LoadResultKb } from '../core/knowledge/knowledge-base';
import type { PreparedEntries, PreparedIndexPart } from '../core/knowledge/prepared';
import type { OffThread } from './pack-thread';
import { decodeSources, forTransfer, type PackSource } from './pack-sources';
import type { WebPackJob, WebPackWorkerMessage } from './pack-worker.web';
import { runInSlices } from './slices';
import { prepareEntries, prepareIndex } from '../core/knowledge/prepared';

export const OFF_THREAD_MIN_CHARS = 256 * 1024;

/** How long a started worker may take to say it is ready before the load runs in parts here instead. */
export const WORKER_READY_MS = 5000;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A Web Worker as far as this file uses it (the repo's tsconfig has no DOM lib). */
interface WebWorker {
  postMessage(message: WebPackJob, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: WebPackWorkerMessage }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}
type WebWorkerConstructor = new (url: string, options?: { name?: string }) => WebWorker;
interface BlobUrls {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
}

/** Starts the pack worker from its script's bytes; undefined when this host cannot, or it never says it is ready. */
async function startWorker(readScript: () => Promise<Uint8Array>): Promise<WebWorker | undefined> {
  const WorkerCtor = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
  if (typeof WorkerCtor !== 'function' || typeof Blob !== 'function') return undefined;
  let url: string | undefined;
  let worker: WebWorker | undefined;
  try {
    // From a blob of the script: the extension's own files may live on another origin (or a remote) the
    // browser would not start a worker from.
    const script = await readScript();
    url = (URL as unknown as BlobUrls).createObjectURL(new Blob([script], { type: 'text/javascript' }));
    const w = new WorkerCtor(url, { name: 'Clinical Notes pack worker' });
    worker = w;
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), WORKER_READY_MS);
      w.addEventListener('message', ({ data }) => 'ready' in data && (clearTimeout(timer), resolve(true)));
      w.addEventListener('error', () => (clearTimeout(timer), resolve(false)));
    });
    if (ready) return w;
  } catch {
    // No worker here: the load runs in parts.
  } finally {
    if (url) (URL as unknown as BlobUrls).revokeObjectURL(url);
  }
  worker?.terminate();
  return undefined;
}

/** The worker's answers in order: the knowledge, then its index; rejects on the worker's error. */
function answers(worker: WebWorker): { entries: Promise<PreparedEntries>; index: Promise<PreparedIndexPart> } {
  let fail: (err: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  let gotEntries: (p: PreparedEntries) => void = () => undefined;
  let gotIndex: (p: PreparedIndexPart) => void = () => undefined;
  const entries = Promise.race([new Promise<PreparedEntries>((resolve) => (gotEntries = resolve)), failed]);
  const index = Promise.race([new Promise<PreparedIndexPart>((resolve) => (gotIndex = resolve)), failed]);
  index.catch(() => undefined);
  worker.addEventListener('message', ({ data }) => {
    if ('entries' in data) gotEntries(data.entries);
    else if ('index' in data) gotIndex(data.index);
    else if ('error' in data) fail(new Error(`pack worker: ${data.error}`));
  });
  worker.addEventListener('error', (e) => fail(new Error(`pack worker: ${e.message ?? 'failed'}`)));
  return { entries, index };
}

async function inWorker(worker: WebWorker, inputs: readonly PackSource[], engine: typeof Engine): Promise<LoadResultKb> {
  const { entries, index } = answers(worker);
  const { sent, transfer } = forTransfer(inputs);
  worker.postMessage({ inputs: sent }, transfer);
  const adopted = await runInSlices(engine.KnowledgeBase.adoptEntriesSteps(await entries));
  return engine.KnowledgeBase.adoptIndex(adopted, await index);
}

async function inParts(inputs: readonly PackSource[], engine: typeof Engine): Promise<LoadResultKb> {
  const sources = decodeSources(inputs);
  await nextTask();
  const first = prepareEntries(sources);
  await nextTask();
  const adopted = await runInSlices(engine.KnowledgeBase.adoptEntriesSteps(first.part));
  await nextTask();
  const second = prepareIndex(first.loaded, sources);
  await nextTask();
  return engine.KnowledgeBase.adoptIndex(adopted, second.part);
}

export const offThread: OffThread | undefined = {
  kind: 'parts',
  async load(_workerFile, inputs, engine, _cacheDir, readWebWorker) {
    const worker = readWebWorker ? await startWorker(readWebWorker) : undefined;
    if (!worker) return { ...(await inParts(inputs, engine)), fromCache: false, kind: 'parts' };
    try {
      // A failure from here on rejects: the files' bytes went to the worker, so the caller reads them again.
      return { ...(await inWorker(worker, inputs, engine)), fromCache: false, kind: 'worker' };
    } finally {
      worker.terminate();
    }
  },
};
