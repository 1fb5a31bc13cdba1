/**
 * A load prepared on another thread (the Node host's pack worker, src/host/pack-worker.ts): the packs parsed,
 * checked and merged, the code sets' search index built, all handed over in a form the extension host adopts
 * without walking 74,000 entries in one go. A code set goes over as a few long strings and typed arrays (one
 * copy each, the arrays transferred), not as 74,000 row objects for the host to deserialize; the host then
 * rebuilds its entries in slices (KnowledgeBase.adoptSteps) and indexes only the clinical packs itself.
 * Adopting gives the same knowledge base as KnowledgeBase.load of the same inputs (test/unit/prepared.test.ts).
 */
import { codeSetParts, packCodeColumns, type CodeColumns, type PackedCodeColumns, type SetInfo } from './code-set';
import { loadPacks, type FileResult, type LoadResult, type PackInput } from './load';
import { pointerRanges, type ProblemRange } from './json-pointer';
import { SearchIndex, StringTable, type PackedStrings, type PreparedIndex } from '../search/prefix-index';
import type { LoadedEntry, Pack, Problem } from '../types';

/** One run of a code set's entries in load order, column by column. */
export interface PreparedCodeSet extends PackedCodeColumns {
  set: SetInfo;
}

/** The first part the worker sends: the knowledge without its index (the host adopts it while the index is built). */
export interface PreparedEntries {
  /** The packs, each code set's `rows` left empty (the host refills them from `codeSets`). */
  packs: Pack[];
  problems: Problem[];
  files: FileResult[];
  /** Every loaded entry that is not a code set's row, in load order. */
  objects: LoadedEntry[];
  /** The load order: so many of `objects`, or the whole of one of `codeSets`. */
  runs: Array<['objects', number] | ['codes', number]>;
  codeSets: PreparedCodeSet[];
  /** The ids of the code sets' entries, sorted, and each one's place in the load order: Knowledge.get reads them. */
  codeIds: PackedStrings;
  codeIdEntries: Int32Array;
}

/** The second part: the search index, and where each problem lies in its file. */
export interface PreparedIndexPart {
  index: PreparedIndex;
  /** Where each problem lies in its file (the host has not decoded the files the worker read). */
  ranges: ProblemRange[];
}

export type PreparedLoad = PreparedEntries & PreparedIndexPart;

/** Loads `inputs` as KnowledgeBase.load does and returns what the host adopts, with the buffers to transfer. */
export function prepareLoad(inputs: readonly PackInput[]): { prepared: PreparedLoad; transfer: ArrayBuffer[] } {
  const first = prepareEntries(inputs);
  const second = prepareIndex(first.loaded, inputs);
  return { prepared: { ...first.part, ...second.part }, transfer: [...first.transfer, ...second.transfer] };
}

function buffersOf(views: ReadonlyArray<ArrayBufferView | undefined>): ArrayBuffer[] {
  return [...new Set(views.flatMap((v) => (v ? [v.buffer as ArrayBuffer] : [])))];
}


/** The packs of `inputs` loaded (as KnowledgeBase.load loads them), without the index: the worker's first message. */
export function prepareEntries(inputs: readonly PackInput[]): { part: PreparedEntries; transfer: ArrayBuffer[]; loaded: LoadResult } {
  const loaded = loadPacks(inputs);
  const { knowledge, problems, files } = loaded;
  const objects: LoadedEntry[] = [];
  const runs: PreparedLoad['runs'] = [];
  const sets: Array<{ set: SetInfo; columns: CodeColumns; rows: number[] }> = [];
  let current: { set: SetInfo; columns: CodeColumns; rows: number[] } | undefined;
  const ids: Array<[string, number]> = [];
  knowledge.entries.forEach((e, i) => {
    const parts = codeSetParts(e);
    if (!parts) {
      objects.push(e);
      const last = runs[runs.length - 1];
      if (last?.[0] === 'objects') last[1]++;
      else runs.push(['objects', 1]);
      current = undefined;
      return;
    }
    if (current?.set !== parts.set || current.columns !== parts.columns) {
      sets.push((current = { set: parts.set, columns: parts.columns, rows: [] }));
      runs.push(['codes', sets.length - 1]);
    }
    current.rows.push(parts.row);
    ids.push([e.id, i]);
  });
  const codeSets = sets.map(({ set, columns, rows }): PreparedCodeSet => ({ set, ...packCodeColumns(columns, rows) }));
  // An ICD-10-CM order file lists its codes in order already, and so their ids: sort only when they are not.
  if (ids.some((x, i) => i > 0 && ids[i - 1]![0] >= x[0])) ids.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const codeIds = StringTable.of(ids.map((x) => x[0]));
  const codeIdEntries = Int32Array.from(ids, (x) => x[1]);
  const packs = knowledge.packs.map((p) => (p.codeSet ? { ...p, codeSet: { ...p.codeSet, rows: [] } } : p));
  const part: PreparedEntries = { packs, problems, files, objects, runs, codeSets, codeIds: { chars: codeIds.chars, ends: codeIds.ends }, codeIdEntries };
  return { part, transfer: entriesTransfer(part), loaded };
}

/** The buffers of a first part that can be transferred (not copied) to another thread. */
export function entriesTransfer(part: PreparedEntries): ArrayBuffer[] {
  const views: ArrayBufferView[] = [part.codeIds.chars, part.codeIds.ends, part.codeIdEntries];
  for (const c of part.codeSets) for (const t of [c.codes, c.titles, c.shorts, c.parents]) views.push(t.chars, t.ends);
  for (const c of part.codeSets) views.push(c.billable);
  return buffersOf(views);
}

/** The index of what prepareEntries loaded, and its problems' places: the worker's second message. */
export function prepareIndex(loaded: LoadResult, inputs: readonly PackInput[]): { part: PreparedIndexPart; transfer: ArrayBuffer[] } {
  const { knowledge, problems } = loaded;
  const index = new SearchIndex(knowledge.entries).prepare();
  // Each file with problems is parsed for their places once.
  const ranges = problems.map((): ProblemRange => [0, 0, 0, 0]);
  for (const input of inputs) {
    const mine = problems.flatMap((p, i) => (p.file === input.file ? [i] : []));
    if (mine.length) pointerRanges(input.text, mine.map((i) => problems[i]!.path)).forEach((r, k) => (ranges[mine[k]!] = r));
  }
  const part: PreparedIndexPart = { index, ranges };
  return { part, transfer: indexTransfer(part) };
}

/** The buffers of a second part that can be transferred (not copied) to another thread. */
export function indexTransfer({ index }: PreparedIndexPart): ArrayBuffer[] {
  const views: Array<ArrayBufferView | undefined> = [index.clinicalMembers];
  for (const p of [index.clinical, index.codes]) {
    if (!p) continue;
    views.push(p.recEntry, p.recField, p.recItem, p.recLength, p.recWordStart, p.recWords, p.postStart, p.postings, p.sorted, p.abbreviations);
    for (const [, keys, records] of p.packed) views.push(keys.chars, keys.ends, records);
  }
  return buffersOf(views);
}
