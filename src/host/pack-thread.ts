/**
 * Loading packs off the extension host's thread (Node hosts): a worker thread (dist/pack-worker.js) parses
 * and indexes them, and this thread adopts the result a few milliseconds at a time, so completion, hover and
 * every other extension in the host keep answering while a code set loads. The web build replaces this module
 * with pack-thread.web.ts (no worker threads there): a web host loads on its own thread.
 */
import { Worker } from 'node:worker_threads';
import type * as Engine from '../core/engine';
import type { PackInput } from '../core/knowledge/load';
import type { LoadResultKb } from '../core/knowledge/knowledge-base';
import type { PreparedEntries, PreparedIndexPart } from '../core/knowledge/prepared';

/** Packs smaller than this together load on the host's thread: starting a worker costs more than they do. */
export const OFF_THREAD_MIN_CHARS = 256 * 1024;
/** The longest the host's thread adopts a prepared load before it lets the event loop run. */
export const SLICE_MS = 8;

/** A pack for the worker: its text, or its file's bytes (UTF-8; handed to the worker, decoded there). */
export type PackSource = PackInput | { file: string; bytes: Uint8Array };

export interface OffThread {
  /**
   * Loads `inputs` as KnowledgeBase.load does, parsed and indexed by the worker in `workerFile`, adopted on
   * this thread in slices of `SLICE_MS`. Rejects when the worker cannot start or fails (the caller then
   * loads on its own thread).
   */
  load(workerFile: string, inputs: readonly PackSource[], engine: typeof Engine): Promise<LoadResultKb>;
}

/** The worker's two answers, before adoption: the knowledge, then its index. */
export interface WorkerAnswer {
  entries: Promise<PreparedEntries>;
  index: Promise<PreparedIndexPart>;
}

/** Starts a worker on `inputs`; both promises reject when it cannot start or fails. */
export function prepareOffThread(workerFile: string, inputs: readonly PackSource[]): WorkerAnswer {
  let worker: Worker | undefined;
  let failure: Error | undefined;
  const waiting: Array<{ key: 'entries' | 'index'; resolve: (v: never) => void; reject: (e: Error) => void }> = [];
  const got: { entries?: PreparedEntries; index?: PreparedIndexPart } = {};
  const settle = () => {
    for (const w of [...waiting]) {
      const value = got[w.key];
      if (value === undefined && !failure) continue;
      waiting.splice(waiting.indexOf(w), 1);
      if (value !== undefined) w.resolve(value as never);
      else w.reject(failure!);
    }
    if ((got.entries && got.index) || failure) void worker?.terminate();
  };
  const fail = (err: unknown) => {
    failure ??= err instanceof Error ? err : new Error(String(err));
    settle();
  };
  const wait = <K extends 'entries' | 'index'>(key: K) =>
    new Promise<NonNullable<(typeof got)[K]>>((resolve, reject) => {
      waiting.push({ key, resolve: resolve as (v: never) => void, reject });
      settle();
    });
  try {
    worker = new Worker(workerFile);
    worker.on('message', (m: { entries?: PreparedEntries; index?: PreparedIndexPart; error?: string }) => {
      if (m.error !== undefined) return fail(new Error(`the pack worker failed: ${m.error}`));
      Object.assign(got, m);
      settle();
    });
    worker.once('error', fail);
    worker.once('exit', (code) => {
      if (!(got.entries && got.index)) fail(new Error(`the pack worker stopped (exit code ${code})`));
    });
    // A file's bytes are handed over, not copied: cloning or copying 10 MB held the host 50-90 ms (fresh pages).
    // They are the worker's from then on (the caller's array is detached); a view into a larger buffer is copied.
    const transfer: ArrayBuffer[] = [];
    const sent = inputs.map((i) => {
      if (!('bytes' in i)) return { file: i.file, text: i.text };
      const whole = i.bytes.byteOffset === 0 && i.bytes.byteLength === i.bytes.buffer.byteLength && i.bytes.buffer instanceof ArrayBuffer;
      const bytes = whole ? i.bytes : i.bytes.slice();
      transfer.push(bytes.buffer as ArrayBuffer);
      return { file: i.file, bytes };
    });
    worker.postMessage({ inputs: sent }, transfer);
  } catch (err) {
    fail(err);
  }
  return { entries: wait('entries'), index: wait('index') };
}

/** Runs `steps` to its end, `budgetMs` at a time, letting the event loop run between slices. */
export async function runInSlices<T>(steps: Iterator<void, T>, budgetMs = SLICE_MS): Promise<T> {
  for (;;) {
    const deadline = performance.now() + budgetMs;
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() >= deadline) break;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

export const offThread: OffThread | undefined = {
  async load(workerFile, inputs, engine) {
    const answer = prepareOffThread(workerFile, inputs);
    answer.index.catch(() => undefined); // awaited below; a failure is reported through `entries` first
    const adopted = await runInSlices(engine.KnowledgeBase.adoptEntriesSteps(await answer.entries));
    return engine.KnowledgeBase.adoptIndex(adopted, await answer.index);
  },
};
