/**
 * The web build's pack-thread.ts (esbuild.mjs swaps it in): a web worker extension host has no worker
 * threads, so packs load on its own thread.
 */
import type { OffThread } from './pack-thread';

export const OFF_THREAD_MIN_CHARS = Infinity;
export const offThread: OffThread | undefined = undefined;
