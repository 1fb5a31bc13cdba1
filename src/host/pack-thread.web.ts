/**
 * The web build's pack-thread.ts (esbuild.mjs swaps it in): a web worker extension host has no worker
 * threads, so a big load runs on its own thread, but in parts with the event loop let run between them: the
 * packs decoded, parsed and checked (prepareEntries), the entries adopted in 8 ms slices, the index built
 * (prepareIndex), each in its own task. Completion and hover answer from the knowledge loaded before between
 * the parts; the longest part (the parse, or the index) is about half of a load in one block.
 */
import type { OffThread } from './pack-thread';
import { runInSlices } from './slices';
import { prepareEntries, prepareIndex } from '../core/knowledge/prepared';

export const OFF_THREAD_MIN_CHARS = 256 * 1024;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export const offThread: OffThread | undefined = {
  kind: 'parts',
  async load(_workerFile, inputs, engine) {
    // As the host reads a pack: UTF-8, a byte-order mark dropped.
    const decoder = new TextDecoder('utf-8');
    const sources = inputs.map((i) => ('bytes' in i ? { file: i.file, text: decoder.decode(i.bytes) } : i));
    await nextTask();
    const first = prepareEntries(sources);
    await nextTask();
    const adopted = await runInSlices(engine.KnowledgeBase.adoptEntriesSteps(first.part));
    await nextTask();
    const second = prepareIndex(first.loaded, sources);
    await nextTask();
    return { ...engine.KnowledgeBase.adoptIndex(adopted, second.part), fromCache: false };
  },
};
