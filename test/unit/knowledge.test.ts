import * as assert from 'node:assert/strict';
import { loadPacks, parsePack } from '../../src/core/knowledge';
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

  it('reports unknown source and section references and duplicate ids', () => {
    const p = miniObject();
    p.entries[0].sources = ['S99'];
    p.entries[2].sections = ['nowhere'];
    p.entries[3].id = 'calcinosis';
    p.entries[2].facts[0].sources = ['seed:workup', 'S42'];
    const messages = problemsOf(p).map((x) => `${x.path}: ${x.message}`);
    assert.deepEqual(messages, [
      '/entries/0/sources/0: unknown source "S99" (not in /sources)',
      '/entries/2/sections/0: unknown section "nowhere" (not in /sections)',
      '/entries/2/facts/0/sources/1: unknown source "S42" (not in /sources)',
      '/entries/3/id: duplicate entry id "calcinosis"',
    ]);
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
