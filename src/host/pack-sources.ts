/**
 * Packs as the pack threads pass them (pack-thread.ts, pack-thread.web.ts and their workers): a pack's text, or
 * its file's bytes, handed to a worker without a copy and decoded there.
 */
import type { PackInput } from '../core/knowledge/load';

/** A pack: its text, or its file's bytes (UTF-8; handed to the worker, decoded there). */
export type PackSource = PackInput | { file: string; bytes: Uint8Array };

/**
 * The packs to post to a worker and the buffers to transfer with them. A file's bytes are handed over, not
 * copied: cloning or copying 10 MB held the host 50-90 ms (fresh pages). They are the worker's from then on
 * (the caller's array is detached); a view into a larger buffer is copied.
 */
export function forTransfer(inputs: readonly PackSource[]): { sent: PackSource[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const sent = inputs.map((i) => {
    if (!('bytes' in i)) return { file: i.file, text: i.text };
    const whole = i.bytes.byteOffset === 0 && i.bytes.byteLength === i.bytes.buffer.byteLength && i.bytes.buffer instanceof ArrayBuffer;
    const bytes = whole ? i.bytes : i.bytes.slice();
    transfer.push(bytes.buffer as ArrayBuffer);
    return { file: i.file, bytes };
  });
  return { sent, transfer };
}

/** The packs as text, as the host reads a pack: UTF-8, a byte-order mark dropped. */
export function decodeSources(inputs: readonly PackSource[]): PackInput[] {
  const decoder = new TextDecoder('utf-8');
  return inputs.map((i) => ('bytes' in i ? { file: i.file, text: decoder.decode(i.bytes) } : i));
}
