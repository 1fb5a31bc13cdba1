import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatIcd10cmCode,
  icd10cmEntryId,
  Icd10cmImportError,
  icd10cmPackText,
  importIcd10cm,
  type Icd10cmImportResult,
} from '../../src/core/knowledge/icd10cm';
import { codeSetEntries } from '../../src/core/knowledge/code-set';
import { loadPacks, parsePack } from '../../src/core/knowledge/load';
import type { LoadedEntry } from '../../src/core/types';
import { generateIcd10cmCodeList, generateIcd10cmCodesFile, generateIcd10cmOrderFile } from '../generators/gen-icd10cm';

// Tests run from out/test/unit; fixtures and the schema are read from the repository root.
const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'icd10cm');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

interface SchemaDefs {
  definitions: Record<string, { pattern?: string; maxLength?: number; required?: string[]; properties?: Record<string, unknown> }>;
}
const schema = JSON.parse(readFileSync(join(ROOT, 'knowledge', 'schema.json'), 'utf8')) as SchemaDefs & {
  required: string[];
  properties: Record<string, unknown>;
};
const ID_RE = new RegExp(schema.definitions.id.pattern!);
const CODE_RE = new RegExp(schema.definitions.codeValue.pattern!);
const SOURCE_REF_RE = new RegExp(schema.definitions.sourceRef.pattern!);
const TEXT_MAX = schema.definitions.text.maxLength!;
const LONG_TEXT_MAX = schema.definitions.longText.maxLength!;

/** The entries the pack's code set stands for, as the loader makes them. */
function entriesOf(r: Icd10cmImportResult): LoadedEntry[] {
  return codeSetEntries(r.pack);
}

function byCode(r: Icd10cmImportResult, code: string): LoadedEntry {
  const e = entriesOf(r).find((x) => x.codes?.[0].code === code);
  assert.ok(e, `no entry for ${code}`);
  return e;
}

/** An entry's fields as a plain object, unset ones left out. */
function plain(e: LoadedEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['id', 'label', 'kind', 'synonyms', 'definition', 'codes', 'related', 'sections', 'sources'] as const) {
    if (e[k] !== undefined) out[k] = k === 'codes' ? e.codes!.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined))) : e[k];
  }
  return out;
}

/**
 * The pack as the loader sees it: valid against knowledge/schema.json (the loader's own check), no problem
 * when loaded, and every entry it stands for within the schema's limits, with unique ids and parents present.
 */
function assertSchemaValid(r: Icd10cmImportResult): void {
  const text = icd10cmPackText(r.pack);
  assert.deepEqual(parsePack({ file: 'pack.json', text }).problems, []);
  assert.deepEqual(loadPacks([{ file: 'pack.json', text }]).problems, []);
  const pack = r.pack as unknown as Record<string, unknown>;
  for (const k of schema.required) assert.ok(k in pack, `pack lacks ${k}`);
  for (const k of Object.keys(pack)) assert.ok(k in schema.properties, `pack has extra key ${k}`);
  assert.ok(r.pack.description!.length <= LONG_TEXT_MAX);
  const sourceIds = new Set(r.pack.sources.map((s) => s.id));
  for (const s of r.pack.sources) assert.match(s.id, SOURCE_REF_RE);
  const sectionIds = new Set(r.pack.sections.map((s) => s.id));
  const ids = new Set<string>();
  for (const e of entriesOf(r)) {
    assert.match(e.id, ID_RE);
    assert.ok(e.id.length <= 120);
    assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
    ids.add(e.id);
    assert.equal(e.kind, 'code');
    assert.ok(e.label.length >= 1 && e.label.length <= TEXT_MAX, `${e.id} label length`);
    assert.ok(e.definition.length >= 1 && e.definition.length <= LONG_TEXT_MAX);
    for (const syn of e.synonyms ?? []) assert.ok(syn.length >= 1 && syn.length <= TEXT_MAX);
    assert.ok(e.sources.length >= 1 && e.sources.every((s) => sourceIds.has(s)));
    assert.ok(e.sections.every((s) => sectionIds.has(s)));
    assert.equal(e.codes?.length, 1);
    for (const c of e.codes!) {
      assert.equal(c.system, 'ICD-10-CM');
      assert.match(c.code, CODE_RE);
      assert.ok(c.title.length >= 1 && c.title.length <= TEXT_MAX);
      assert.ok(c.sources.every((s) => sourceIds.has(s)));
    }
  }
  for (const e of entriesOf(r)) for (const rel of e.related ?? []) assert.ok(ids.has(rel), `${e.id} relates to missing ${rel}`);
}

function refusal(fn: () => unknown): Icd10cmImportError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Icd10cmImportError, `expected Icd10cmImportError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the import to be refused');
}

describe('ICD-10-CM importer', () => {
  describe('code helpers', () => {
    it('puts the dot after the 3rd character only for codes longer than 3', () => {
      assert.equal(formatIcd10cmCode('A00'), 'A00');
      assert.equal(formatIcd10cmCode('L942'), 'L94.2');
      assert.equal(formatIcd10cmCode('M3301'), 'M33.01');
      assert.equal(formatIcd10cmCode('S52521A'), 'S52.521A');
      for (const c of ['A00', 'L942', 'M3301', 'S52521A']) assert.match(formatIcd10cmCode(c), CODE_RE);
    });

    it('derives kebab-case entry ids from codes with or without the dot', () => {
      assert.equal(icd10cmEntryId('L94.2'), 'icd10cm-l94-2');
      assert.equal(icd10cmEntryId('L942'), 'icd10cm-l94-2');
      assert.equal(icd10cmEntryId('A00'), 'icd10cm-a00');
      assert.equal(icd10cmEntryId('S52521A'), 'icd10cm-s52-521a');
      assert.match(icd10cmEntryId('S52521A'), ID_RE);
    });
  });

  describe('order file', () => {
    const r = importIcd10cm(fixture('icd10cm_order_sample.txt'), { fileName: 'test/fixtures/icd10cm/icd10cm_order_sample.txt' });

    it('parses every line of the sample with no problems', () => {
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.stats, { lines: 29, codes: 29, billable: 18, headers: 11, skipped: 0, format: 'order' });
      assert.equal(r.pack.codeSet!.rows.length, 29);
      assert.deepEqual(r.pack.entries, []);
    });

    it('builds the pack metadata from the file name and edition', () => {
      assert.equal(r.pack.id, 'icd10cm-order-sample');
      assert.equal(r.pack.version, 'unknown');
      assert.equal(r.pack.title, 'ICD-10-CM (icd10cm_order_sample.txt)');
      assert.equal(r.pack.subject, 'ICD-10-CM codes');
      assert.deepEqual(r.pack.sources, [{ id: 'icd10cm-file', kind: 'file', title: 'icd10cm_order_sample.txt (ICD-10-CM)' }]);
      assert.deepEqual(r.pack.sections, [{ id: 'codes', title: 'ICD-10-CM codes' }]);

      const ed = importIcd10cm(fixture('icd10cm_order_sample.txt'), { fileName: 'icd10cm_order_sample.txt', edition: '2025' });
      assert.equal(ed.pack.id, 'icd10cm-2025');
      assert.equal(ed.pack.version, '2025');
      assert.equal(ed.pack.title, 'ICD-10-CM 2025 (icd10cm_order_sample.txt)');
      assert.equal(ed.pack.sources[0].title, 'icd10cm_order_sample.txt (ICD-10-CM 2025)');

      const named = importIcd10cm(fixture('icd10cm_order_sample.txt'), { fileName: '/data/icd10cm_order_2025.txt' });
      assert.equal(named.pack.id, 'icd10cm-2025');
      assert.equal(named.pack.version, '2025');
      assert.equal(named.pack.title, 'ICD-10-CM 2025 (icd10cm_order_2025.txt)');
      const spaced = importIcd10cm(fixture('icd10cm_order_sample.txt'), { fileName: 'x.txt', edition: ' FY2026 April update ' });
      assert.equal(spaced.pack.id, 'icd10cm-fy2026-april-update');
      assert.equal(spaced.pack.version, 'FY2026 April update');
    });

    it('builds a billable entry from the file text only', () => {
      const e = byCode(r, 'L94.2');
      assert.deepEqual(r.pack.codeSet!.rows.find((row) => row[0] === 'L94.2'), ['L94.2', 'Calcinosis cutis', null, true, 'L94']);
      assert.deepEqual(plain(e), {
        id: 'icd10cm-l94-2',
        label: 'Calcinosis cutis',
        kind: 'code',
        definition: 'ICD-10-CM L94.2: Calcinosis cutis (valid for submission).',
        codes: [{ system: 'ICD-10-CM', code: 'L94.2', title: 'Calcinosis cutis', billable: true, sources: ['icd10cm-file'] }],
        sections: ['codes'],
        sources: ['icd10cm-file'],
        related: ['icd10cm-l94'],
      });
    });

    it('marks headers as not valid for submission', () => {
      const h = byCode(r, 'L94');
      assert.equal(h.id, 'icd10cm-l94');
      assert.equal(h.codes![0].billable, false);
      assert.equal(h.definition, 'ICD-10-CM L94: Fixture category L94 (header, not valid for submission).');
      assert.equal(h.related, undefined);
      assert.equal(byCode(r, 'E83.5').codes![0].billable, false);
      assert.equal(byCode(r, 'M34.1').codes![0].billable, true);
    });

    it('links each code to its longest proper prefix present in the file', () => {
      assert.deepEqual(byCode(r, 'E83.51').related, ['icd10cm-e83-5']);
      assert.deepEqual(byCode(r, 'E83.5').related, ['icd10cm-e83']);
      assert.deepEqual(byCode(r, 'N25.81').related, ['icd10cm-n25-8']);
      assert.deepEqual(byCode(r, 'N25.0').related, ['icd10cm-n25']);
      // Without the subcategory N25.8 in the file, N25.81 falls back to the category.
      const lines = fixture('icd10cm_order_sample.txt').split('\n').filter((l) => !l.startsWith('00028'));
      const gap = importIcd10cm(lines.join('\n'), { fileName: 'gap.txt' });
      assert.deepEqual(gap.problems, []);
      assert.deepEqual(byCode(gap, 'N25.81').related, ['icd10cm-n25']);
    });

    it('adds a short description that differs from the long one as a synonym', () => {
      const e = byCode(r, 'E21.1');
      assert.equal(e.label, 'Secondary hyperparathyroidism, not elsewhere classified');
      assert.deepEqual(e.synonyms, ['Fixture short text E21.1']);
      assert.equal(byCode(r, 'E21.0').synonyms, undefined);
    });

    it('keeps the file order and produces schema-valid, unique ids', () => {
      assert.deepEqual(
        entriesOf(r).slice(0, 3).map((e) => e.codes![0].code),
        ['E21', 'E21.0', 'E21.1'],
      );
      assertSchemaValid(r);
    });
  });

  describe('codes file', () => {
    const r = importIcd10cm(fixture('icd10cm_codes_sample.txt'), { fileName: 'icd10cm_codes_2025.txt' });

    it('parses every line and leaves billable status unknown', () => {
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.stats, { lines: 18, codes: 18, billable: 0, headers: 0, skipped: 0, format: 'codes' });
      const e = byCode(r, 'M34.1');
      assert.equal(e.label, 'CR(E)ST syndrome');
      assert.equal(e.definition, 'ICD-10-CM M34.1: CR(E)ST syndrome.');
      assert.equal(e.codes![0].billable, undefined);
      assert.deepEqual(r.pack.codeSet!.rows.find((row) => row[0] === 'M34.1'), ['M34.1', 'CR(E)ST syndrome']);
      assert.equal(e.synonyms, undefined);
      assert.equal(r.pack.id, 'icd10cm-2025');
      assertSchemaValid(r);
    });

    it('agrees with the order file on codes and titles', () => {
      const order = importIcd10cm(fixture('icd10cm_order_sample.txt'), { fileName: 'o.txt' });
      for (const e of entriesOf(r)) {
        const o = byCode(order, e.codes![0].code);
        assert.equal(o.id, e.id);
        assert.equal(o.label, e.label);
        assert.equal(o.codes![0].billable, true);
      }
    });

    it('accepts a code followed by a single space and 7-character codes', () => {
      const x = importIcd10cm('L942 Calcinosis cutis\nM349    Systemic sclerosis, unspecified\nS52521A Fixture text S52.521A\n', { fileName: 'c.txt' });
      assert.deepEqual(x.problems, []);
      assert.deepEqual(entriesOf(x).map((e) => e.id), ['icd10cm-l94-2', 'icd10cm-m34-9', 'icd10cm-s52-521a']);
      assert.equal(byCode(x, 'S52.521A').label, 'Fixture text S52.521A');
    });

    it('links to a parent only when the parent is in the file', () => {
      const x = importIcd10cm('M330    Fixture text M33.0\nM3301   Fixture text M33.01\nM3310   Fixture text M33.10\n', { fileName: 'c.txt' });
      assert.deepEqual(byCode(x, 'M33.01').related, ['icd10cm-m33-0']);
      assert.equal(byCode(x, 'M33.10').related, undefined);
      const y = importIcd10cm('M33    Fixture text M33\nM3301   Fixture text M33.01\n', { fileName: 'c.txt' });
      assert.deepEqual(byCode(y, 'M33.01').related, ['icd10cm-m33']);
    });
  });

  describe('line endings and padding', () => {
    for (const name of ['icd10cm_order_sample.txt', 'icd10cm_codes_sample.txt']) {
      it(`gives the same pack for ${name} with CRLF, a BOM, trailing spaces and blank lines`, () => {
        const plain = importIcd10cm(fixture(name), { fileName: name });
        const lines = fixture(name).split('\n');
        const messy = '\uFEFF\r\n' + lines.map((l, i) => (i % 3 === 0 ? l + '   ' : l)).join('\r\n\r\n') + '\r\n  \r\n';
        const r = importIcd10cm(messy, { fileName: name });
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.pack, plain.pack);
        assert.equal(r.stats.codes, plain.stats.codes);
        assert.equal(r.stats.skipped, 0);
      });
    }

    it('accepts old-Mac CR line endings', () => {
      const r = importIcd10cm(fixture('icd10cm_codes_sample.txt').replace(/\n/g, '\r'), { fileName: 'c.txt' });
      assert.deepEqual(r.problems, []);
      assert.equal(r.stats.codes, 18);
    });
  });

  describe('bad lines', () => {
    const r = importIcd10cm(fixture('icd10cm_order_bad.txt'), { fileName: 'icd10cm_order_bad.txt' });

    it('reports each bad line by its number and skips it', () => {
      assert.deepEqual(
        r.problems.map((p) => p.line),
        [4, 5, 9, 10, 11, 14],
      );
      const msg = (line: number): string => r.problems.find((p) => p.line === line)!.message;
      assert.match(msg(4), /column 15 .*flag 0 .* or 1 .*found "2"/);
      assert.match(msg(5), /contains a dot/);
      assert.match(msg(9), /long description should start at column 78/);
      assert.match(msg(10), /duplicate code L94\.2 \(first on line 8\)/);
      assert.match(msg(11), /long description of L94\.4 is 530 characters; .* at most 500/);
      assert.match(msg(14), /columns 1-5 should be the zero-padded order number/);
      assert.deepEqual(r.stats, { lines: 15, codes: 8, billable: 4, headers: 4, skipped: 6, format: 'order' });
    });

    it('imports the good lines and truncates nothing', () => {
      assert.deepEqual(
        entriesOf(r).map((e) => e.codes![0].code),
        ['E83', 'E83.5', 'E83.51', 'L94', 'L94.2', 'M34', 'M34.0', 'M34.9'],
      );
      assert.ok(!entriesOf(r).some((e) => e.codes![0].code === 'L94.4'));
      assertSchemaValid(r);
    });

    it('reports codes-file lines with an invalid code or no description', () => {
      const x = importIcd10cm(
        [
          'L942    Calcinosis cutis',
          'L943',
          'l944    Fixture lower-case code',
          'L943    Sclerodactyly',
          'L94.4   Fixture dotted code',
          'M340    Progressive systemic sclerosis',
          'M341    CR(E)ST syndrome',
          'M349    Systemic sclerosis, unspecified',
        ].join('\n'),
        { fileName: 'c.txt' },
      );
      assert.deepEqual(x.problems.map((p) => p.line), [2, 3, 5]);
      assert.match(x.problems[0].message, /no description after the code L943/);
      assert.match(x.problems[1].message, /"l944" is not an ICD-10-CM code/);
      assert.match(x.problems[2].message, /contains a dot/);
      assert.equal(x.stats.codes, 5);
      assert.equal(x.stats.skipped, 3);
    });
  });

  describe('refusals', () => {
    it('refuses an empty or blank file with a clear message', () => {
      for (const text of ['', '\uFEFF', '\n\n   \r\n\t\n']) {
        const e = refusal(() => importIcd10cm(text, { fileName: 'dir/empty.txt' }));
        assert.equal(e.reason, 'empty');
        assert.equal(e.message, 'empty.txt is not an ICD-10-CM order or codes file: the file is empty (no non-blank lines).');
        assert.deepEqual(e.problems, [{ line: 0, message: e.message }]);
      }
    });

    it('refuses a CSV file', () => {
      const csv = 'code,description\nL94.2,Calcinosis cutis\nL94.3,Sclerodactyly\nM34.0,Progressive systemic sclerosis\n';
      const e = refusal(() => importIcd10cm(csv, { fileName: 'codes.csv' }));
      assert.equal(e.reason, 'foreign');
      assert.match(e.message, /^codes\.csv is not an ICD-10-CM order or codes file: none of the first 4 non-blank lines parses as either format \(line 1: /);
      assert.equal(e.problems[0].line, 0);
      assert.deepEqual(e.problems.slice(1).map((p) => p.line), [1, 2, 3, 4]);
    });

    it('refuses a README text', () => {
      const readme = '# Clinical Notes\n\nCompletions and hover cards for clinical notes.\n\n## Install\n\nRun the installer.\n';
      const e = refusal(() => importIcd10cm(readme, { fileName: 'README.md' }));
      assert.equal(e.reason, 'foreign');
      assert.match(e.message, /^README\.md is not an ICD-10-CM order or codes file: /);
      assert.match(e.message, /Expected the CMS\/NCHS order file/);
    });

    it('refuses a file whose first lines mostly fail even if a few parse', () => {
      const text = ['L942    Calcinosis cutis', 'some prose', 'more prose', 'L943    Sclerodactyly', 'prose again'].join('\n');
      const e = refusal(() => importIcd10cm(text, { fileName: 'mixed.txt' }));
      assert.equal(e.reason, 'foreign');
      assert.match(e.message, /3 of the first 5 non-blank lines do not parse/);
    });

    it('refuses an invalid edition label', () => {
      for (const edition of ['', '   ', 'x'.repeat(65)]) {
        const e = refusal(() => importIcd10cm(fixture('icd10cm_codes_sample.txt'), { fileName: 'c.txt', edition }));
        assert.equal(e.reason, 'bad-option');
      }
    });
  });

  describe('the pack text the CLI writes', () => {
    const r = importIcd10cm(fixture('icd10cm_order_sample.txt'), { fileName: 'icd10cm_order_sample.txt', edition: '2025' });
    const text = icd10cmPackText(r.pack);

    it('parses back to the same pack and loads without a problem', () => {
      assert.deepEqual(JSON.parse(text), r.pack);
      const { problems } = loadPacks([{ file: 'icd10cm.json', text }]);
      assert.deepEqual(problems, []);
    });

    it('puts one code on each line, so two editions diff code by code', () => {
      const lines = text.trimEnd().split('\n');
      const rows = r.pack.codeSet!.rows;
      assert.equal(lines.length, rows.length + 2);
      assert.match(lines[0]!, /^\{"id":"icd10cm-2025",.*"entries":\[\],"codeSet":\{"system":"ICD-10-CM","source":"icd10cm-file","section":"codes","rows":\[$/);
      rows.forEach((row, i) => assert.equal(lines[i + 1]!.replace(/,$/, ''), JSON.stringify(row)));
      assert.equal(lines[1], '["E21","Fixture category E21",null,false],');
      assert.equal(lines[lines.length - 1], ']}}');
    });
  });

  describe('synthetic full-size files (test/generators/gen-icd10cm)', () => {
    it('generates deterministic, valid, unique codes with about 85% billable', () => {
      assert.equal(generateIcd10cmOrderFile(500, 7), generateIcd10cmOrderFile(500, 7));
      assert.notEqual(generateIcd10cmOrderFile(500, 7), generateIcd10cmOrderFile(500, 8));
      const list = generateIcd10cmCodeList(5000, 3);
      assert.equal(list.length, 5000);
      assert.equal(new Set(list.map((c) => c.code)).size, 5000);
      for (const c of list) {
        assert.match(formatIcd10cmCode(c.code), CODE_RE);
        assert.ok(c.short.length <= 60 && c.long.startsWith('Synthetic '));
      }
      const share = list.filter((c) => c.billable).length / list.length;
      assert.ok(share > 0.8 && share < 0.9, `billable share ${share}`);
    });

    it('imports a generated 74,000-code order file completely', function () {
      this.timeout(60000);
      const text = generateIcd10cmOrderFile(74000, 1);
      const r = importIcd10cm(text, { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
      assert.deepEqual(r.problems, []);
      assert.equal(r.stats.codes, 74000);
      assert.equal(r.stats.billable + r.stats.headers, 74000);
      assert.equal(new Set(entriesOf(r).map((e) => e.id)).size, 74000);
      // Every header has a child, every child's parent is a header. (Its time is in npm run bench.)
      const billable = new Map(entriesOf(r).map((e) => [e.id, e.codes![0].billable]));
      for (const e of entriesOf(r)) for (const p of e.related ?? []) assert.equal(billable.get(p), false);
    });

    it('generates a codes file of exactly the requested size that imports cleanly', () => {
      const text = generateIcd10cmCodesFile(3000, 2);
      const r = importIcd10cm(text, { fileName: 'icd10cm_codes_synthetic.txt' });
      assert.deepEqual(r.problems, []);
      assert.equal(r.stats.format, 'codes');
      assert.equal(r.stats.codes, 3000);
    });
  });
});
