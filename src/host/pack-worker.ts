/**
 * The pack worker (dist/pack-worker.js, a worker thread of the Node extension host): parses, checks and merges
 * the packs it is sent and builds the code sets' search index, so the extension host's thread is not held for
 * the best part of a second by a 74,000-code ICD-10-CM pack. It answers with what prepareLoad gives, the typed
 * arrays transferred, in two messages (the knowledge, then its index), then says it is done.
 *
 * Given a cache folder (the extension's global storage), it keeps what it prepared there, keyed by a hash of
 * the packs' names and contents and of this worker's own code, so the next start of the editor with the same
 * packs reads it back (~0.1 s) instead of parsing and indexing again (~0.9 s). Only the latest load is kept.
 * The cache holds the packs (knowledge files), never a note.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { entriesTransfer, indexTransfer, prepareEntries, prepareIndex, type PreparedEntries, type PreparedIndexPart } from '../core/knowledge/prepared';
import { decodeSources, type PackSource as Source } from './pack-sources';
export interface PackJob {
  inputs: Source[];
  /** Where prepared loads are kept between starts; none: nothing is read or written. */
  cacheDir?: string;
}
/** What the worker posts: the knowledge (and whether the cache answered), its index, that it is done, or why it failed. */
export type PackWorkerMessage = { entries: PreparedEntries; cached: boolean } | { index: PreparedIndexPart } | { done: { cached: boolean } } | { error: string };

const PREFIX = 'packs-';

function post(message: PackWorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}

/** The cache key: every pack's name and content, and this worker's code (a new version never reads an old file). */
function keyOf(inputs: readonly Source[]): string {
  const hash = crypto.createHash('sha256');
  try {
    hash.update(fs.readFileSync(__filename));
  } catch {
    hash.update(String(Date.now())); // no way to tell versions apart: never matches a kept file
  }
  for (const i of inputs) {
    hash.update(`\0${i.file}\0${'bytes' in i ? 'b' : 't'}${'bytes' in i ? i.bytes.byteLength : i.text.length}\0`);
    hash.update('bytes' in i ? i.bytes : i.text);
  }
  return hash.digest('hex').slice(0, 40);
}

/**
 * Every typed array in `x` given a buffer of its own: views the deserializer left inside the file's one buffer
 * (or in a shared pool) could not be transferred one by one.
 */
function ownBuffers<T>(x: T, seen = new Set<object>()): T {
  if (x === null || typeof x !== 'object') return x;
  if (ArrayBuffer.isView(x)) {
    if (x.byteOffset === 0 && x.byteLength === x.buffer.byteLength && x.buffer instanceof ArrayBuffer) return x;
    const view = x as unknown as Uint8Array;
    const copy = new (view.constructor as Uint8ArrayConstructor)(view.length);
    copy.set(view);
    return copy as unknown as T;
  }
  if (seen.has(x)) return x;
  seen.add(x);
  const o = x as Record<string, unknown>;
  if (Array.isArray(x)) for (let i = 0; i < x.length; i++) x[i] = ownBuffers(x[i], seen);
  else if (x instanceof Map) for (const [k, v] of x) x.set(k, ownBuffers(v, seen));
  else for (const k of Object.keys(o)) o[k] = ownBuffers(o[k], seen);
  return x;
}

/** The kept load for `key`, or undefined when there is none or it cannot be read (then it is made again). */
function readCache(file: string): { entries: PreparedEntries; index: PreparedIndexPart } | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const entriesLength = buf.readUInt32LE(0);
    const entries = ownBuffers(v8.deserialize(buf.subarray(4, 4 + entriesLength)) as PreparedEntries);
    const index = ownBuffers(v8.deserialize(buf.subarray(4 + entriesLength)) as PreparedIndexPart);
    if (!Array.isArray(entries.packs) || !index.index) return undefined;
    return { entries, index };
  } catch {
    return undefined;
  }
}

/** The kept load is written this much at a time, with a pause between: the host settles its new index meanwhile. */
const WRITE_CHUNK = 1024 * 1024;
const WRITE_PAUSE_MS = 4;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Keeps `parts` as the only prepared load in `dir` (written to a temporary name, then renamed). Written a
 * megabyte at a time: 30 MB in one go took memory and the disk from the host's thread just as it settled.
 */
async function writeCache(dir: string, file: string, parts: [Buffer, Buffer]): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    const head = Buffer.alloc(4);
    head.writeUInt32LE(parts[0].length, 0);
    const out = await fs.promises.open(tmp, 'w');
    try {
      for (const buf of [head, ...parts]) {
        for (let at = 0; at < buf.length; at += WRITE_CHUNK) {
          await out.write(buf, at, Math.min(WRITE_CHUNK, buf.length - at));
          await pause(WRITE_PAUSE_MS);
        }
      }
    } finally {
      await out.close();
    }
    await fs.promises.rename(tmp, file);
    for (const name of await fs.promises.readdir(dir)) {
      if (name.startsWith(PREFIX) && path.join(dir, name) !== file) await fs.promises.rm(path.join(dir, name), { force: true });
    }
  } catch {
    // A cache that cannot be written costs the next start its speed, nothing else.
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
  }
}

parentPort?.on('message', async ({ inputs: raw, cacheDir }: PackJob) => {
  try {
    const file = cacheDir ? path.join(cacheDir, `${PREFIX}${keyOf(raw)}.bin`) : undefined;
    const kept = file ? readCache(file) : undefined;
    if (kept) {
      post({ entries: kept.entries, cached: true }, entriesTransfer(kept.entries));
      post({ index: kept.index }, indexTransfer(kept.index));
      return post({ done: { cached: true } });
    }
    const inputs = decodeSources(raw);
    // The knowledge first: the host adopts it while the index is built here. Each part is serialized for the
    // cache before it is sent (sending hands its buffers over).
    const first = prepareEntries(inputs);
    const keptEntries = file ? v8.serialize(first.part) : undefined;
    post({ entries: first.part, cached: false }, first.transfer);
    const second = prepareIndex(first.loaded, inputs);
    const keptIndex = file ? v8.serialize(second.part) : undefined;
    post({ index: second.part }, second.transfer);
    if (file && keptEntries && keptIndex) await writeCache(cacheDir!, file, [keptEntries, keptIndex]);
    post({ done: { cached: false } });
  } catch (err) {
    post({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
