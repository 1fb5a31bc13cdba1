import * as assert from 'node:assert/strict';
import schemaJson from '../../knowledge/schema.json';
import { loadPacks, parsePack } from '../../src/core/knowledge/load';
import { SchemaChecker, type SchemaNode } from '../../src/core/knowledge/schema-check';
import { formatProblem } from '../../src/core/types';
import { miniObject, readPack, MINI } from './helpers';

function problemsOf(value: unknown, file = 'pack.json') {
  return parsePack({ file, text: typeof value === 'string' ? value : JSON.stringify(value) }).problems;
}

describe('pack validation', () => {
  it('accepts the mini fixture pack', () => {
    const { pack, problems } = parsePack(readPack(MINI));
    assert.deepEqual(problems, []);
    assert.equal(pack?.entries.length, 7);
  });

  it('names the file and JSON path of a missing label', () => {
    const p = miniObject();
    delete p.entries[2].label;
    const problems = problemsOf(p, 'clinic.json');
    assert.equal(problems.length, 1);
    assert.equal(formatProblem(problems[0]), 'clinic.json: /entries/2/label: required property "label" is missing');
  });

  it('reports wrong types, unknown properties and bad enum values, one line each', () => {
    const p = miniObject();
    p.entries[0].synonyms = 'calcium deposits';
    p.entries[1].colour = 'red';
    p.entries[3].kind = 'drug';
    const messages = problemsOf(p).map(formatProblem);
    assert.deepEqual(messages, [
      'pack.json: /entries/0/synonyms: must be an array (got string "calcium deposits")',
      'pack.json: /entries/1/colour: unknown property "colour"',
      'pack.json: /entries/3/kind: must be one of "condition", "type", "cause", "finding", "test", "imaging", "procedure", "treatment", "concept", "code" (got string "drug")',
    ]);
  });

  it('rejects malformed ICD-10-CM codes and ids', () => {
    const p = miniObject();
    p.entries[1].codes[0].code = 'L942';
    p.entries[0].id = 'Calcinosis Main';
    const paths = problemsOf(p).map((x) => x.path);
    assert.deepEqual(paths.sort(), ['/entries/0/id', '/entries/1/codes/0/code']);
  });

  it('skips a duplicate entry with an error, and warns about unknown source and section references', () => {
    const p = miniObject();
    p.entries[0].sources = ['S99'];
    p.entries[2].sections = ['nowhere'];
    p.entries[3].id = 'calcinosis';
    p.entries[2].facts[0].sources = ['seed:workup', 'S42'];
    const { knowledge, problems } = loadPacks([{ file: 'pack.json', text: JSON.stringify(p) }]);
    assert.deepEqual(
      problems.map((x) => `${x.severity} ${x.path}: ${x.message}`),
      [
        'error /entries/3/id: duplicate entry id "calcinosis"',
        'warning /entries/0/sources/0: unknown source "S99" (not in /sources)',
        'warning /entries/2/facts/0/sources/1: unknown source "S42" (not in /sources)',
        'warning /entries/2/sections/0: unknown section "nowhere" (not defined in any loaded pack)',
      ],
    );
    // Every other entry loads, the ones with dangling references among them.
    assert.equal(knowledge.entries.length, 6);
    assert.ok(knowledge.get(p.entries[0].id) && knowledge.get(p.entries[2].id));
  });

  it('skips a broken entry and loads every valid one of the same pack; the pointers stay those of the file', () => {
    const p = miniObject();
    p.entries[1].label = 42;
    p.entries[4].related = ['no-such-entry'];
    const { knowledge, problems, files } = loadPacks([{ file: 'clinic.json', text: JSON.stringify(p) }]);
    assert.deepEqual(problems.map((x) => `${x.severity} ${formatProblem(x)}`), [
      'error clinic.json: /entries/1/label: must be a string (got integer 42)',
      // Entry 4 is the fourth loaded entry; its warning still points at /entries/4.
      'warning clinic.json: /entries/4/related/0: related entry "no-such-entry" is not defined in any loaded pack',
    ]);
    assert.equal(knowledge.entries.length, 6);
    assert.equal(knowledge.get(p.entries[1].id), undefined);
    assert.deepEqual(files, [{ file: 'clinic.json', pack: 'mini', skipped: 1 }]);
  });

  it('still rejects the whole file for a file-level problem (missing id), and reports its items too', () => {
    const p = miniObject();
    delete p.id;
    p.entries[1].label = 42;
    const { pack, problems, skipped } = parsePack({ file: 'clinic.json', text: JSON.stringify(p) });
    assert.equal(pack, undefined);
    assert.equal(skipped, 0);
    assert.deepEqual(problems.map(formatProblem), [
      'clinic.json: /id: required property "id" is missing',
      'clinic.json: /entries/1/label: must be a string (got integer 42)',
    ]);
  });

  it('skips a broken source or section alone; what cited it gets a warning', () => {
    const p = miniObject();
    const cited = p.sources[0].id;
    delete p.sources[0].title;
    const { knowledge, problems } = loadPacks([{ file: 'pack.json', text: JSON.stringify(p) }]);
    assert.equal(problems[0]!.path, '/sources/0/title');
    assert.equal(problems[0]!.severity, 'error');
    assert.ok(problems.slice(1).every((x) => x.severity === 'warning' && x.message === `unknown source "${cited}" (not in /sources)`));
    assert.equal(knowledge.entries.length, 7);
  });

  it('gives line and column for JSON syntax errors, and a clear word for empty and truncated files', () => {
    const broken = '{\n  "id": "x",\n  "title": oops\n}';
    const [syntax] = problemsOf(broken);
    assert.equal(syntax.path, '');
    assert.match(syntax.message, /^not valid JSON: .* line 3, column \d+$/);
    assert.equal(problemsOf('')[0].message, 'the file is empty; expected a JSON knowledge pack');
    const text = JSON.stringify(miniObject());
    assert.match(problemsOf(text.slice(0, text.length / 2))[0].message, /^not valid JSON/);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const { pack, problems } = parsePack({ file: 'bom.json', text: '\ufeff' + JSON.stringify(miniObject()) });
    assert.deepEqual(problems, []);
    assert.ok(pack);
  });

  it('refuses a non-object document', () => {
    assert.equal(formatProblem(problemsOf([1, 2])[0]), 'pack.json: /: must be an object (got array)');
  });

  it('caps the number of problems per file', () => {
    const p = miniObject();
    p.entries = Array.from({ length: 500 }, () => ({}));
    assert.equal(problemsOf(p).length, 100);
  });

  it('does not run a pattern over an oversized string', () => {
    const p = miniObject();
    p.entries[0].definition = 'x'.repeat(5000);
    assert.deepEqual(problemsOf(p).map((x) => x.message), ['is 5000 characters long; at most 4000 allowed']);
  });
});

describe('merging packs', () => {
  it('keeps the built-in pack when an extra pack is broken', () => {
    const { knowledge, problems } = loadPacks([readPack(MINI), { file: 'broken.json', text: '{"id": ' }]);
    assert.equal(knowledge.entries.length, 7);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, 'broken.json');
  });

  it('reports a clashing pack id and clashing entry ids; the first definition wins', () => {
    const other = miniObject();
    const clinic = miniObject();
    clinic.id = 'clinic';
    clinic.entries = [{ ...clinic.entries[0], label: 'clinic calcinosis' }, { ...clinic.entries[0], id: 'clinic-extra', label: 'clinic extra' }];
    const { knowledge, problems } = loadPacks([
      readPack(MINI),
      { file: 'same-id.json', text: JSON.stringify(other) },
      { file: 'clinic.json', text: JSON.stringify(clinic) },
    ]);
    assert.deepEqual(problems.map(formatProblem), [
      `same-id.json: /id: pack id "mini" is already loaded from ${readPack(MINI).file}; this pack was skipped`,
      `clinic.json: /entries/0/id: entry id "calcinosis" is already defined in ${readPack(MINI).file}; this entry was skipped`,
    ]);
    assert.equal(knowledge.get('calcinosis')?.label, 'calcinosis');
    assert.equal(knowledge.get('clinic-extra')?.pack, 'clinic');
  });

  it('warns (not fails) about related ids no pack defines', () => {
    const p = miniObject();
    p.entries[0].related = ['nowhere'];
    const { knowledge, problems } = loadPacks([{ file: 'p.json', text: JSON.stringify(p) }]);
    assert.equal(knowledge.entries.length, 7);
    assert.deepEqual(problems.map((x) => [x.severity, x.path]), [['warning', '/entries/0/related/0']]);
  });

  it('resolves sources per pack and lists entries by section', () => {
    const { knowledge } = loadPacks([readPack(MINI)]);
    const e = knowledge.get('systemic-sclerosis')!;
    assert.equal(knowledge.source(e, 'S1')?.url, 'https://example.org/one');
    assert.deepEqual(knowledge.entriesInSection('etiology').map((x) => x.id), ['systemic-sclerosis']);
    assert.deepEqual(knowledge.sections().map((s) => s.id), ['workup', 'etiology']);
  });
});

describe('code sets (an imported ICD-10-CM file, one row per code)', () => {
  const codeSetPack = (rows: unknown[], extra: Record<string, unknown> = {}) => ({
    id: 'icd10cm-test',
    title: 'ICD-10-CM test',
    version: '2025',
    sources: [{ id: 'icd10cm-file', kind: 'file', title: 'icd10cm_order_2025.txt (ICD-10-CM 2025)' }],
    sections: [{ id: 'codes', title: 'ICD-10-CM codes' }],
    entries: [],
    codeSet: { system: 'ICD-10-CM', source: 'icd10cm-file', section: 'codes', rows },
    ...extra,
  });
  const load = (...packs: unknown[]) => loadPacks(packs.map((p, i) => ({ file: `p${i}.json`, text: JSON.stringify(p) })));

  it('loads each row as a code entry: title as label and official title, billable, parent as related', () => {
    const { knowledge, problems } = load(
      codeSetPack([
        ['L94', 'Other localized connective tissue disorders', null, false],
        ['L94.2', 'Calcinosis cutis', null, true, 'L94'],
        ['M34.1', 'CR(E)ST syndrome'],
        ['E21.1', 'Secondary hyperparathyroidism, not elsewhere classified', 'Secondary hyperparathyroidism NEC', true],
      ]),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(knowledge.entries.map((e) => e.id), ['icd10cm-l94', 'icd10cm-l94-2', 'icd10cm-m34-1', 'icd10cm-e21-1']);
    const e = knowledge.get('icd10cm-l94-2')!;
    assert.equal(e.kind, 'code');
    assert.equal(e.label, 'Calcinosis cutis');
    assert.equal(e.definition, 'ICD-10-CM L94.2: Calcinosis cutis (valid for submission).');
    assert.deepEqual(e.codes, [{ system: 'ICD-10-CM', code: 'L94.2', title: 'Calcinosis cutis', billable: true, sources: ['icd10cm-file'] }]);
    assert.deepEqual(e.related, ['icd10cm-l94']);
    assert.deepEqual(e.sources, ['icd10cm-file']);
    assert.deepEqual(e.sections, ['codes']);
    assert.equal(e.pack, 'icd10cm-test');
    assert.equal(knowledge.source(e, 'icd10cm-file')?.title, 'icd10cm_order_2025.txt (ICD-10-CM 2025)');
    assert.equal(knowledge.get('icd10cm-l94')!.definition, 'ICD-10-CM L94: Other localized connective tissue disorders (header, not valid for submission).');
    const unstated = knowledge.get('icd10cm-m34-1')!;
    assert.equal(unstated.codes![0].billable, undefined);
    assert.equal(unstated.definition, 'ICD-10-CM M34.1: CR(E)ST syndrome.');
    assert.deepEqual(knowledge.get('icd10cm-e21-1')!.synonyms, ['Secondary hyperparathyroidism NEC']);
    assert.equal(knowledge.entriesInSection('codes').length, 4);
  });

  it('names the row and column of every bad row, skips those rows and loads the others', () => {
    const problems = problemsOf(
      codeSetPack([
        ['L94.2', 'Calcinosis cutis', null, true, 'L94'],
        ['L942', 'Calcinosis cutis'],
        ['L94.3'],
        ['L94.4', '', null, 'yes'],
        ['L94.5', 'Fixture', null, true, 'L94', 'extra'],
        'L94.6',
        ['L94.2', 'Duplicate'],
        ['L94.7', 'Own parent', null, true, 'L94.7'],
      ]),
      'codes.json',
    ).map(formatProblem);
    assert.deepEqual(problems, [
      'codes.json: /codeSet/rows/1/0: "L942" does not match ^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$ (The code with its dot, e.g. L94.2.)',
      'codes.json: /codeSet/rows/2: must have at least 2 items',
      'codes.json: /codeSet/rows/3/1: must not be empty',
      'codes.json: /codeSet/rows/3/3: must be a boolean or null (got string "yes")',
      'codes.json: /codeSet/rows/4: has 6 items; at most 5 allowed',
      'codes.json: /codeSet/rows/5: must be an array (got string "L94.6")',
      'codes.json: /codeSet/rows/6/0: duplicate code L94.2 (listed in an earlier row)',
      'codes.json: /codeSet/rows/7/4: code L94.7 cannot be its own parent',
    ]);
    const { knowledge } = load(
      codeSetPack([
        ['L94.2', 'Calcinosis cutis', null, true, 'L94'],
        ['L942', 'Calcinosis cutis'],
        ['L94.3', 'Fixture three'],
      ]),
    );
    assert.deepEqual(knowledge.entries.map((e) => e.id), ['icd10cm-l94-2', 'icd10cm-l94-3']);
    const after = problemsOf(
      codeSetPack([
        ['L94.2', 'Calcinosis cutis', null, true, 'L94'],
        ['L94.2', 'Duplicate'],
        ['L94.7', 'Own parent', null, true, 'L94.7'],
      ]),
      'codes.json',
    ).map(formatProblem);
    assert.deepEqual(after, [
      'codes.json: /codeSet/rows/1/0: duplicate code L94.2 (listed in an earlier row)',
      'codes.json: /codeSet/rows/2/4: code L94.7 cannot be its own parent',
    ]);
  });

  it('checks rows as the schema does, row by row (the loader takes a short cut for rows that plainly pass)', () => {
    const long = 'x'.repeat(501);
    const variants: unknown[] = [
      ['L94.2', 'Calcinosis cutis'], ['L94.2', 'T', null], ['L94.2', 'T', 'S', true, 'L94'], ['A00', 'T', null, null, null],
      ['L94.2', 'T', null, false, null], ['S52.521A', 'T'], ['L94.2', long], ['L94.2', 'T', long], ['L94.2', 'T', ''],
      ['L94.2', 'T', 5], ['L94.2', 'T', null, 'no'], ['L94.2', 'T', null, 1], ['L94.2', 'T', null, true, 'l94'],
      ['L94.2', 'T', null, true, 94], ['L94.2', 'T', null, true, 'L94', null], ['L94.2'], [], 'L94.2', null, 7,
      { code: 'L94.2' }, ['l94.2', 'T'], [942, 'T'], ['L94.22222', 'T'], ['L94.2', null], ['L94.2', ''], ['L94.2', 'T', undefined, true],
    ];
    const pack = codeSetPack(variants);
    // Duplicate codes are the loader's own check (the schema cannot say it).
    const rowsOnly = (list: Array<{ path: string; message: string }>) =>
      list.filter((p) => p.path.startsWith('/codeSet/rows/') && !p.message.startsWith('duplicate code')).map((p) => `${p.path}: ${p.message}`);
    const walked = new SchemaChecker(schemaJson as SchemaNode, 1000).check(JSON.parse(JSON.stringify(pack)));
    assert.deepEqual(rowsOnly(problemsOf(pack)), rowsOnly(walked));
    assert.ok(rowsOnly(walked).length >= 20);
  });

  it('checks the code set source and section, and that a pack entry does not take a code id', () => {
    const bad = codeSetPack([['L94.2', 'Calcinosis cutis']]);
    bad.codeSet.source = 'S9';
    bad.codeSet.section = 'workup';
    assert.deepEqual(problemsOf(bad), []);
    assert.deepEqual(load(bad).problems.map((p) => `${p.severity} ${formatProblem(p)}`), [
      'warning p0.json: /codeSet/source: unknown source "S9" (not in /sources)',
      'warning p0.json: /codeSet/section: unknown section "workup" (not defined in any loaded pack)',
    ]);
    const clash = codeSetPack([['L94.2', 'Calcinosis cutis']], {
      entries: [{ id: 'icd10cm-l94-2', label: 'Calcinosis cutis', kind: 'code', definition: 'A code.', sections: ['codes'], sources: ['icd10cm-file'] }],
    });
    assert.deepEqual(problemsOf(clash).map(formatProblem), ['pack.json: /codeSet/rows/0/0: code L94.2 has the id "icd10cm-l94-2" of an entry in /entries']);
  });

  it('warns about a parent no loaded pack lists, and skips a code another pack defined first', () => {
    const first = codeSetPack([['L94.2', 'Calcinosis cutis', null, true, 'L94']]);
    const second = { ...codeSetPack([['L94.2', 'Calcinosis cutis (again)'], ['M34.1', 'CR(E)ST syndrome']]), id: 'icd10cm-second' };
    const { knowledge, problems } = load(first, second);
    assert.deepEqual(problems.map((p) => `${p.severity} ${formatProblem(p)}`), [
      'error p1.json: /codeSet/rows/0/0: entry id "icd10cm-l94-2" (code L94.2) is already defined in p0.json; this code was skipped',
      'warning p0.json: /codeSet/rows/0/4: parent code L94 is not a code of any loaded pack',
    ]);
    assert.equal(knowledge.get('icd10cm-l94-2')!.label, 'Calcinosis cutis');
    assert.equal(knowledge.get('icd10cm-m34-1')!.pack, 'icd10cm-second');
  });
});
