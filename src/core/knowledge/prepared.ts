/**
 * A load prepared on another thread (the Node host's pack worker, src/host/pack-worker.ts): the packs parsed,
 * checked and merged, the code sets' search index built, all handed over in a form the extension host adopts
 * without walking 74,000 entries in one go. A code set goes over as a few long strings and typed arrays (one
 * copy each, the arrays transferred), not as 74,000 row objects for the host to deserialize; the host then
 * rebuilds its entries in slices (KnowledgeBase.adoptSteps) and indexes only the clinical packs itself.
 * Adopting gives the same knowledge base as KnowledgeBase.load of the same inputs (test/unit/prepared.test.ts).
 */
import { codeSetParts, type SetInfo } from './code-set';
import { loadPacks, type FileResult, type PackInput } from './load';
import { SearchIndex, StringTable, type PreparedIndex } from '../search/prefix-index';
import type { CodeRow, LoadedEntry, Pack, Problem } from '../types';

/** One code set's rows in load order, column by column (a column's strings as one string and end offsets). */
export interface PreparedCodeSet {
  set: SetInfo;
  codes: { text: string; ends: Int32Array };
  titles: { text: string; ends: Int32Array };
  /** Empty: no short title. */
  shorts: { text: string; ends: Int32Array };
  /** Empty: no parent. */
  parents: { text: string; ends: Int32Array };
  /** -1 not said, 0 header, 1 valid for submission. */
  billable: Int8Array;
}

export interface PreparedLoad {
  /** The packs, each code set's `rows` left empty (the host refills them from `codeSets`). */
  packs: Pack[];
  problems: Problem[];
  files: FileResult[];
  /** Every loaded entry that is not a code set's row, in load order. */
  objects: LoadedEntry[];
  /** The load order: so many of `objects`, or the whole of one of `codeSets`. */
  runs: Array<['objects', number] | ['codes', number]>;
  codeSets: PreparedCodeSet[];
  index: PreparedIndex;
}

/** Loads `inputs` as KnowledgeBase.load does and returns what the host adopts, with the buffers to transfer. */
export function prepareLoad(inputs: readonly PackInput[]): { prepared: PreparedLoad; transfer: ArrayBuffer[] } {
  const { knowledge, problems, files } = loadPacks(inputs);
  const index = new SearchIndex(knowledge.entries);
  const objects: LoadedEntry[] = [];
  const runs: PreparedLoad['runs'] = [];
  const sets: Array<{ set: SetInfo; rows: Array<Readonly<CodeRow>> }> = [];
  let current: { set: SetInfo; rows: Array<Readonly<CodeRow>> } | undefined;
  for (const e of knowledge.entries) {
    const parts = codeSetParts(e);
    if (!parts) {
      objects.push(e);
      const last = runs[runs.length - 1];
      if (last?.[0] === 'objects') last[1]++;
      else runs.push(['objects', 1]);
      current = undefined;
      continue;
    }
    if (current?.set !== parts.set) {
      sets.push((current = { set: parts.set, rows: [] }));
      runs.push(['codes', sets.length - 1]);
    }
    current.rows.push(parts.row);
  }
  const codeSets = sets.map(({ set, rows }): PreparedCodeSet => {
    const billable = new Int8Array(rows.length);
    rows.forEach((r, i) => (billable[i] = r[3] === true ? 1 : r[3] === false ? 0 : -1));
    return {
      set,
      codes: StringTable.of(rows.map((r) => r[0])),
      titles: StringTable.of(rows.map((r) => r[1])),
      shorts: StringTable.of(rows.map((r) => r[2] ?? '')),
      parents: StringTable.of(rows.map((r) => r[4] ?? '')),
      billable,
    };
  });
  const packs = knowledge.packs.map((p) => (p.codeSet ? { ...p, codeSet: { ...p.codeSet, rows: [] } } : p));
  const prepared: PreparedLoad = { packs, problems, files, objects, runs, codeSets, index: index.prepare() };
  const buffers = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView) => buffers.add(a.buffer as ArrayBuffer);
  for (const c of codeSets) for (const a of [c.codes.ends, c.titles.ends, c.shorts.ends, c.parents.ends, c.billable]) add(a);
  add(prepared.index.clinical);
  const p = prepared.index.codes;
  if (p) {
    for (const a of [p.recEntry, p.recField, p.recText.ends, p.recLength, p.recWordStart, p.recWords, p.postStart, p.postings, p.sorted, p.abbreviations]) add(a);
    for (const [, keys, records] of p.packed) (add(keys.ends), add(records));
  }
  return { prepared, transfer: [...buffers] };
}
