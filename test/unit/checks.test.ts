import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkNote, findBlanks, lineAround, nextBlank, previousBlank } from '../../src/core/note/checks';
import { compileContextRules } from '../../src/core/context/rules';
import { contextConflicts } from '../../src/core/context/conflicts';
import { problemsOf } from '../../src/core/context/problems';
import { parseSections } from '../../src/core/note/sections';
import { choicesSentence, joinNatural } from '../../src/core/note/choice-lists';
import { boostKindsForSection } from '../../src/core/note/section-boost';
import { ROOT, loadBuiltin } from './helpers';

describe('note checks', () => {
  it('finds every *** blank, a longer run once', () => {
    const text = 'Site: ***\nSize: ***** cm\nDone.';
    assert.deepEqual(findBlanks(text).map((b) => text.slice(b.start, b.end)), ['***', '*****']);
    assert.deepEqual(findBlanks('no blanks * ** here'), []);
  });

  it('flags a note with an Assessment but no Workup or Treatment plan, pointing at the Assessment', () => {
    const text = 'Presentation:\nnodules\n\nAssessment:\ndystrophic calcinosis\n';
    const issues = checkNote(text);
    assert.deepEqual(issues.map((i) => i.code), ['missing-workup', 'missing-plan']);
    assert.equal(text.slice(issues[0].start, issues[0].end), 'Assessment:');
    assert.equal(issues[0].missing?.insertAt, text.length);
  });

  it('accepts "Assessment and plan" as the plan, and a complete note', () => {
    assert.deepEqual(checkNote('Assessment and plan:\nx\nWorkup:\ny\n').map((i) => i.code), []);
    assert.deepEqual(checkNote('Assessment:\nx\nWorkup:\ny\nTreatment plan:\nz\n'), []);
    assert.deepEqual(checkNote('Just some text with no headings.'), []);
  });

  it('reports blanks with their offsets', () => {
    const text = 'Assessment:\n***\nWorkup:\nx\nPlan:\n***';
    const blanks = checkNote(text).filter((i) => i.code === 'unfilled-blank');
    assert.deepEqual(blanks.map((b) => [b.start, b.end]), [[12, 15], [text.length - 3, text.length]]);
  });

  it('jumps to the next and previous blank, wrapping around', () => {
    const text = 'a *** b *** c';
    assert.equal(nextBlank(text, 0)?.start, 2);
    assert.equal(nextBlank(text, 3)?.start, 8);
    assert.equal(nextBlank(text, 12)?.start, 2);
    assert.equal(previousBlank(text, 12)?.start, 8);
    assert.equal(previousBlank(text, 1)?.start, 8);
    assert.equal(nextBlank('nothing', 0), undefined);
  });

  it('gives the whole line around an offset, with its line break', () => {
    const text = '\nfirst\nsecond ***\nthird';
    assert.deepEqual(lineAround(text, 0), { start: 0, end: 1 });
    const r = lineAround(text, text.indexOf('***'));
    assert.equal(text.slice(r.start, r.end), 'second ***\n');
    const last = lineAround(text, text.length);
    assert.equal(text.slice(last.start, last.end), 'third');
  });
});

describe('multi-select lists', () => {
  it('joins naturally with and / or / commas', () => {
    assert.equal(joinNatural(['a']), 'a');
    assert.equal(joinNatural(['a', 'b']), 'a and b');
    assert.equal(joinNatural(['a', 'b', 'c'], 'or'), 'a, b or c');
    assert.equal(joinNatural(['a', 'b', 'c'], 'comma'), 'a, b, c');
    assert.equal(joinNatural([]), '');
  });

  it('groups chosen entries by kind into one sentence', () => {
    const kb = loadBuiltin();
    const pick = (q: string) => kb.search(q, { limit: 1 })[0].entry;
    const chosen = [pick('plain radiography'), pick('serum calcium'), pick('serum phosphate'), pick('PTH')];
    assert.equal(choicesSentence(chosen), 'Serum calcium, serum phosphate and parathyroid hormone; plain radiography');
    assert.equal(choicesSentence([pick('ultrasound'), pick('plain radiography')], 'or'), 'Ultrasound or plain radiography');
  });

  it('maps note sections to the kinds that rank first', () => {
    assert.deepEqual(boostKindsForSection(['workup']), ['test', 'imaging', 'procedure']);
    assert.deepEqual(boostKindsForSection(['assessment', 'plan']), ['treatment']);
    assert.deepEqual(boostKindsForSection(['assessment']), ['type', 'cause', 'condition']);
    assert.equal(boostKindsForSection([]), undefined);
  });
});

describe('context conflicts check (Assessment vs. the rest of the note)', () => {
  const kb = loadBuiltin();
  const rules = compileContextRules([{ file: 'context-rules.json', text: fs.readFileSync(path.join(ROOT, 'knowledge', 'context-rules.json'), 'utf8') }]).rules;
  const read = (t: string) => problemsOf(kb.knowledge, rules, t);
  const conflicts = (text: string) => contextConflicts(text, parseSections(text), read);
  const NOTE = [
    'Presentation:',
    'Hard lumps on both elbows.',
    '',
    'Workup:',
    'Radiographs: no evidence of calcinosis cutis. Calcium normal.',
    '',
    'Assessment:',
    'Calcinosis cutis of both elbows, dystrophic calcinosis in dermatomyositis.',
  ].join('\n');

  it('notes an Assessment that names a condition the Workup negates, on the Assessment\'s mention, naming the line and trigger', () => {
    const issues = conflicts(NOTE);
    assert.deepEqual(issues.map((i) => [i.code, NOTE.slice(i.start, i.end), i.message]), [
      ['context-conflict', 'Calcinosis cutis', "The Assessment names calcinosis cutis, which line 5 negates ('no evidence of'): check which is right."],
    ]);
  });

  it('is quiet when nothing is negated outside the Assessment, when the Assessment negates it too, and without an Assessment', () => {
    assert.deepEqual(conflicts(NOTE.replace('no evidence of calcinosis cutis', 'calcinosis cutis')), []);
    assert.deepEqual(conflicts(NOTE.replace('Calcinosis cutis of both elbows', 'No calcinosis cutis of the elbows')), []);
    assert.deepEqual(conflicts(NOTE.replace('Assessment:', 'Comment:')), []);
    // Another entry (dystrophic calcinosis) is not the negated one.
    assert.deepEqual(conflicts(NOTE.replace('Calcinosis cutis of both elbows, ', '')), []);
  });

  it('reads the negation in the rest of the note only: a family or possible mention is not a negation', () => {
    assert.deepEqual(conflicts(NOTE.replace('no evidence of calcinosis cutis', 'possible calcinosis cutis')), []);
    assert.deepEqual(conflicts(NOTE.replace('Radiographs: no evidence of calcinosis cutis.', 'Mother: calcinosis cutis.')), []);
  });
});
