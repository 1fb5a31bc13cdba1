/**
 * A load prepared by the pack worker (prepareLoad, posted as the worker posts it) and adopted by the host
 * (KnowledgeBase.adoptSteps) answers exactly as the same packs loaded in one go on one thread.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { icd10cmPackText, importIcd10cm } from '../../src/core/knowledge/icd10cm';
import { prepareLoad } from '../../src/core/knowledge/prepared';
import { pointerRange } from '../../src/core/knowledge/json-pointer';
import type { PackInput } from '../../src/core/knowledge/load';
import type { LoadedEntry } from '../../src/core/types';
import { generateIcd10cmOrderFile } from '../generators/gen-icd10cm';
import { BUILTIN, MINI, readPack } from './helpers';

const CODES = 3000;

function inputs(): PackInput[] {
  const imported = importIcd10cm(generateIcd10cmOrderFile(CODES, 7), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
  // A second code set: the sample file's real codes (L94.2 …) and 20 of the synthetic set's, whose ids clash.
  const sample = importIcd10cm(readFileSync(join(process.cwd(), 'test', 'fixtures', 'icd10cm', 'icd10cm_order_sample.txt'), 'utf8'), { fileName: 'sample.txt' });
  const second = JSON.parse(icd10cmPackText(sample.pack)) as { id: string; title: string; codeSet: { rows: unknown[] } };
  second.codeSet.rows.push(...imported.pack.codeSet!.rows.slice(100, 120));
  second.id = 'icd10cm-sample';
  second.title = 'ICD-10-CM sample';
  return [
    readPack(BUILTIN),
    readPack(MINI),
    { file: 'icd10cm.json', text: icd10cmPackText(imported.pack) },
    { file: 'sample.json', text: JSON.stringify(second) },
  ];
}

/** As the worker posts it: a structured clone, the typed arrays transferred. */
function viaWorker(input: readonly PackInput[]) {
  const { prepared, transfer } = prepareLoad(input);
  return structuredClone(prepared, { transfer });
}

function view(e: LoadedEntry | undefined) {
  if (!e) return undefined;
  return { id: e.id, kind: e.kind, pack: e.pack, label: e.label, synonyms: e.synonyms, abbreviations: e.abbreviations, codes: e.codes, related: e.related, sections: e.sections, sources: e.sources, definition: e.definition };
}

describe('a load prepared off the thread and adopted', function () {
  this.timeout(60_000);
  const input = inputs();
  const direct = KnowledgeBase.load(input);
  const adopted = KnowledgeBase.adopt(viaWorker(input));
  const a = direct.kb;
  const b = adopted.kb;

  it('loads the same entries, in the same order, with the same content', () => {
    assert.ok(a.entries.length > CODES, `${a.entries.length} entries`);
    assert.equal(b.entries.length, a.entries.length);
    for (let i = 0; i < a.entries.length; i++) assert.deepEqual(view(b.entries[i]), view(a.entries[i]), `entry ${i}`);
    for (const e of a.entries) assert.equal(b.get(e.id)?.id, e.id);
  });

  it('reports the same problems and files (the clashing codes of the second code set included)', () => {
    assert.ok(direct.problems.some((p) => p.file === 'sample.json' && /already defined/.test(p.message)), 'the fixture has clashing codes');
    assert.deepEqual(adopted.problems, direct.problems);
    assert.deepEqual(adopted.files, direct.files);
    // Each problem's place in its file, found by the worker as the editor would find it in the text.
    const texts = new Map(input.map((i) => [i.file, i.text]));
    assert.deepEqual(adopted.ranges, direct.problems.map((p) => pointerRange(texts.get(p.file)!, p.path)));
    assert.ok(adopted.ranges!.some(([line]) => line > 0), 'the clashing rows are found below the first line');
  });

  it('has the same packs, sections and entries per section', () => {
    assert.deepEqual(b.packs.map((p) => [p.id, p.entries.length, p.sources.length]), a.packs.map((p) => [p.id, p.entries.length, p.sources.length]));
    assert.deepEqual(b.sections(), a.sections());
    for (const s of a.sections()) assert.deepEqual(b.entriesInSection(s.id).map((e) => e.id), a.entriesInSection(s.id).map((e) => e.id), s.id);
  });

  it('answers every search the same way, clinical terms and codes', () => {
    const queries = ['calc', 'calcinosis', 'L94', 'l942', 'L94.2', 'sys scl', 'ssc', 'SSc', 'CREST', 'fem', 'of cal', 'left', 'calcinossi', 'warfarin', 'sclero', 'pth', 'dm', 'a0', 'b', 'z99', 'infection of', 'thiosulfate'];
    for (const e of a.entries.filter((_, i) => i % 97 === 0)) queries.push(e.label, e.label.split(' ')[0]!.slice(0, 4), e.codes?.[0]?.code ?? e.id);
    for (const q of queries) {
      for (const opts of [{}, { limit: 5 }, { maxTier: 3 }, { kinds: ['code' as const] }]) {
        const hits = (kb: KnowledgeBase) => kb.search(q, opts).map((h) => ({ ...h, entry: h.entry.id }));
        assert.deepEqual(hits(b), hits(a), `${q} ${JSON.stringify(opts)}`);
      }
    }
  });

  it('spots the same terms in a line, codes of the code set included', () => {
    const codes = a.entries.filter((e) => e.kind === 'code').slice(0, 40).map((e) => e.codes![0]!.code);
    const lines = ['Calcinosis cutis in systemic sclerosis (SSc), L94.2, CREST; treated with sodium thiosulfate.', `Codes: ${codes.join(', ')}.`, 'DM with calcinosis; PTH normal.'];
    const spots = (kb: KnowledgeBase, line: string) => kb.termsIn(line).map((m) => ({ ...m, entry: m.entry.id, official: m.official?.id }));
    for (const line of lines) {
      assert.deepEqual(spots(b, line), spots(a, line), line);
      for (let o = 0; o < line.length; o += 3) assert.deepEqual(b.termAt(line, o)?.entry.id, a.termAt(line, o)?.entry.id, `${line} @${o}`);
    }
    assert.ok(spots(a, lines[1]!).length >= codes.length, 'the code set is spotted');
  });

  it('renders the same cards', () => {
    for (const e of a.entries.filter((_, i) => i % 211 === 0)) assert.equal(b.card(b.get(e.id)!), a.card(e), e.id);
  });

  it('adopts a code set in several steps, not one', () => {
    let steps = 0;
    const it = KnowledgeBase.adoptSteps(viaWorker(input));
    while (!it.next().done) steps++;
    assert.ok(steps >= 2, `${steps} steps`);
  });
});
