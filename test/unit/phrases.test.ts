import * as assert from 'node:assert/strict';
import { loadPacks } from '../../src/core/knowledge/load';
import {
  fieldValues,
  finalize,
  findSlots,
  joinChoices,
  openPlaces,
  parseHeader,
  parseListSlot,
  phraseBook,
  phraseSnippet,
  phraseText,
  type ListLookup,
  type ResolvedList,
} from '../../src/core/note/phrases';
import { miniObject } from './helpers';

const IMAGING: ResolvedList = { id: 'imaging', title: 'Imaging', choices: ['plain radiography', 'CT', 'MRI'], multi: true, required: true, defaults: [], joiner: 'and' };
const lookup: ListLookup = (id) => (id === 'imaging' ? IMAGING : undefined);
const TODAY = new Date(2026, 11, 4); // 2026-12-04, local time

/** The mini pack with phrases and lists added; `edit` breaks it for the error cases. */
function packWith(edit: (p: any) => void = () => {}): string {
  const p = miniObject();
  p.lists = [
    { id: 'imaging', title: 'Imaging', select: 'multi', required: true, joiner: 'and', choices: [{ text: 'plain radiography' }, { text: 'CT' }, { text: 'MRI' }] },
    { id: 'side', title: 'Side', choices: [{ text: 'left' }, { text: 'right' }], defaults: ['left'] },
  ];
  p.phrases = [
    { id: 'workup', trigger: 'wu', title: 'Workup', body: ['Patient: @NAME@, @AGE@', 'Imaging: {imaging}, site: ***', 'Side: {side}', 'Stain: {optional: H&E | von Kossa}'] },
  ];
  edit(p);
  return JSON.stringify(p);
}

describe('core/phrases: body notation', () => {
  it('finds blanks, pack lists, inline lists and known fields in order; other braces and @words@ are text', () => {
    const text = 'A: *** {imaging} {multi required or: x | +y} @NAME@ @FOO@ {not a list} {unknown-id} {single: z}';
    const slots = findSlots(text, lookup);
    assert.deepEqual(slots.map((s) => s.kind), ['blank', 'list', 'list', 'field', 'list']);
    const inline = slots[2]!;
    assert.ok(inline.kind === 'list');
    assert.deepEqual(inline.list, { title: 'x / y', choices: ['x', 'y'], multi: true, required: true, defaults: ['y'], joiner: 'or' });
    assert.equal(text.slice(slots[3]!.start, slots[3]!.end), '@NAME@');
  });

  it('reports malformed inline lists with the reason', () => {
    assert.deepEqual(parseListSlot('single multi: a | b', lookup), { error: 'a list is single or multi, not both' });
    assert.deepEqual(parseListSlot('single: +a | +b', lookup), { error: 'a single-select list has at most one default (+)' });
    assert.deepEqual(parseListSlot('multi: | ', lookup), { error: 'the list has no choices (separate them with |)' });
    assert.equal(parseListSlot('note: this', lookup), undefined, 'a colon after ordinary words is text');
  });

  it('joins chosen items as the list says', () => {
    assert.equal(joinChoices({ joiner: 'and' }, ['CT', 'MRI', 'ultrasound']), 'CT, MRI and ultrasound');
    assert.equal(joinChoices({ joiner: 'or' }, ['CT', 'MRI']), 'CT or MRI');
    assert.equal(joinChoices({ joiner: 'comma' }, ['CT', 'MRI', 'US']), 'CT, MRI, US');
    assert.equal(joinChoices({ joiner: 'and' }, ['CT']), 'CT');
  });

  it('expands to a snippet: blanks, unknown fields and lists are tab stops in order; known fields written in', () => {
    const s = phraseSnippet(['Name: @NAME@ MRN: @MRN@', 'Imaging: {imaging}, cost $5 {single: a | b}', 'Site: ***'], lookup, { NAME: 'Jane Doe' });
    assert.equal(s, 'Name: Jane Doe MRN: ${1:***}\nImaging: ${2:{imaging\\}}, cost \\$5 ${3:{single: a | b\\}}\nSite: ${4:***}\n$0');
  });

  it('for snippet files, single lists become native choices (default first), but an optional one-choice list stays a choice to make', () => {
    const s = phraseSnippet(['{single required: a | b, c}', '{single: x | +y}', '{single: p | q}', '{single: +kept}', '{single: only}', '{imaging}'], lookup, {}, { nativeChoices: true });
    assert.equal(s, '${1|a,b\\, c|}\n${2|y,x|}\n${3|p,q|}\n${4:kept}\n${5:{single: only\\}}\n${6:{imaging\\}}\n$0');
  });

  it('expands to plain text for previews: known fields in, unknown ones ***, lists as written', () => {
    assert.equal(phraseText(['@NAME@ (@MRN@): {imaging}'], lookup, { NAME: 'J' }), 'J (***): {imaging}');
  });
});

describe('core/phrases: note header and fields', () => {
  it('reads YAML front matter, any key case, quotes dropped', () => {
    const h = parseHeader('---\nName: "Jane Doe"\nmrn: 12345\ndob: 1970-12-05\nprovider: Dr Smith\nother: x\n---\nBody @NAME@\n');
    assert.deepEqual(h.values, { NAME: 'Jane Doe', MRN: '12345', DOB: '1970-12-05', PROVIDER: 'Dr Smith' });
    assert.equal(h.frontMatter, true);
    assert.equal('---\nName: "Jane Doe"\nmrn: 12345\ndob: 1970-12-05\nprovider: Dr Smith\nother: x\n---\n'.length, h.bodyStart);
  });

  it('reads Key: value lines at the top until the first other line', () => {
    const h = parseHeader('Patient: Jane Doe\nSex: F\nMRN: ***\nPresentation:\nAge: 40\n');
    assert.deepEqual(h.values, { NAME: 'Jane Doe', SEX: 'F' });
    assert.equal(h.bodyStart, 0);
  });

  it('an unclosed front matter is not a header', () => {
    assert.deepEqual(parseHeader('---\nname: X\nno end').values, {});
  });

  it('AGE comes from an Age line or the DOB only; TODAY from the clock; nothing else is invented', () => {
    assert.equal(fieldValues(parseHeader('DOB: 1970-12-05\n'), TODAY).AGE, '55 y.o.');
    assert.equal(fieldValues(parseHeader('DOB: 12/04/1970\n'), TODAY).AGE, '56 y.o.');
    assert.equal(fieldValues(parseHeader('Age: 54\nDOB: 1970-01-01\n'), TODAY).AGE, '54');
    assert.equal(fieldValues(parseHeader('DOB: early seventies\n'), TODAY).AGE, undefined);
    assert.deepEqual(fieldValues(parseHeader('Hello\n'), TODAY), { TODAY: '2026-12-04' });
  });
});

describe('core/phrases: open places and Finalize Note', () => {
  const note = ['---', 'name: Jane Doe', '---', 'Assessment: ***', 'Imaging: {imaging}', 'Stain: {optional: H&E | von Kossa}', 'Side: {single: left | +right}', 'Seen @TODAY@ for @NAME@, MRN @MRN@', ''].join('\n');

  it('lists every open place: blanks, lists (required or not), fields the header lacks', () => {
    const places = openPlaces(note, lookup, { today: TODAY });
    assert.deepEqual(places.map((p) => [p.kind, p.required, note.slice(p.start, p.end)]), [
      ['blank', true, '***'],
      ['list', true, '{imaging}'],
      ['list', false, '{optional: H&E | von Kossa}'],
      ['list', false, '{single: left | +right}'],
      ['field', true, '@MRN@'],
    ]);
    assert.match(places[4]!.message, /header has no MRN/);
  });

  it('refuses while a required blank, list or field is open, and never changes the note', () => {
    const before = note;
    const r = finalize(note, lookup, { today: TODAY });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.open.map((p) => p.kind), ['blank', 'list', 'field']);
    assert.equal(note, before);
  });

  it('on a complete note: removes unchosen optional lists with their line, takes defaults, fills fields, drops front matter', () => {
    const done = note.replace('***', 'calcinosis cutis').replace('{imaging}', 'CT and MRI').replace('@MRN@', '12345');
    const r = finalize(done, lookup, { today: TODAY });
    assert.ok(r.ok);
    assert.equal(r.text, 'Assessment: calcinosis cutis\nImaging: CT and MRI\nSide: right\nSeen 2026-12-04 for Jane Doe, MRN 12345\n');
    assert.equal(r.removedLines, 1);
    assert.doesNotMatch(r.text, /[{}@*]/);
  });

  it('in Markdown strips headings, emphasis and rules', () => {
    const r = finalize('# Plan\n**Imaging**: CT\n\n***\n\n- _left_ side\n', lookup, { mode: 'prose' });
    assert.ok(r.ok);
    assert.equal(r.text, 'Plan\nImaging: CT\n\n- left side\n');
  });
});

describe('core/phrase-check: pack validation', () => {
  const errorsOf = (text: string) => loadPacks([{ file: 'clinic.json', text }]).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);

  it('a pack with phrases and lists loads, and the phrase book resolves its lists', () => {
    const { knowledge, problems } = loadPacks([{ file: 'clinic.json', text: packWith() }]);
    assert.deepEqual(problems, []);
    const book = phraseBook(knowledge);
    assert.equal(book.phrases[0]!.trigger, 'wu');
    assert.deepEqual(book.list('imaging')?.choices, ['plain radiography', 'CT', 'MRI']);
    assert.equal(phraseBook(knowledge), book, 'built once per load');
  });

  it('schema errors name the file and the JSON pointer', () => {
    const errors = errorsOf(packWith((p) => {
      p.phrases[0].trigger = '.Bad';
      p.lists[0].select = 'many';
      delete p.lists[1].choices;
    }));
    assert.equal(errors.length, 3, errors.join('\n'));
    assert.match(errors[0]!, /^clinic\.json: \/lists\/0\/select: /);
    assert.equal(errors[1], 'clinic.json: /lists/1/choices: required property "choices" is missing');
    assert.match(errors[2]!, /^clinic\.json: \/phrases\/0\/trigger: "\.Bad" does not match .*calcwu for \.calcwu/);
  });

  it('reference errors: unknown list, malformed inline list, unknown field, default not a choice, unknown source, duplicate trigger', () => {
    const errors = errorsOf(packWith((p) => {
      p.phrases[0].body.push('{imagin}', '{single multi: a | b}', '@FOO@', '{see below}');
      p.lists[1].defaults = ['middle'];
      p.lists[0].sources = ['nope'];
      p.phrases.push({ ...p.phrases[0], id: 'other' });
    }));
    assert.deepEqual(errors, [
      'clinic.json: /lists/0/sources/0: unknown source "nope" (not in /sources)',
      'clinic.json: /lists/1/defaults/0: default "middle" is not one of the list\'s choices',
      'clinic.json: /phrases/0/body/4: unknown list "imagin" (not in /lists)',
      'clinic.json: /phrases/0/body/5: list slot {single multi: a | b}: a list is single or multi, not both',
      'clinic.json: /phrases/0/body/6: unknown note field @FOO@ (known: @TODAY@ @AGE@ @SEX@ @NAME@ @MRN@ @DOB@ @PROVIDER@)',
      'clinic.json: /phrases/0/body/7: {see below} is neither a list id nor an inline list such as {multi: a | b}; braces mark list slots in a body',
      'clinic.json: /phrases/1/trigger: trigger ".wu" is already used by an earlier phrase of this pack',
      'clinic.json: /phrases/1/body/4: unknown list "imagin" (not in /lists)',
      'clinic.json: /phrases/1/body/5: list slot {single multi: a | b}: a list is single or multi, not both',
      'clinic.json: /phrases/1/body/6: unknown note field @FOO@ (known: @TODAY@ @AGE@ @SEX@ @NAME@ @MRN@ @DOB@ @PROVIDER@)',
      'clinic.json: /phrases/1/body/7: {see below} is neither a list id nor an inline list such as {multi: a | b}; braces mark list slots in a body',
    ]);
  });

  it('a trigger clash across packs names both files; the first pack keeps the trigger', () => {
    const second = packWith((p) => {
      p.id = 'second';
      p.entries = [];
      p.phrases[0].id = 'mine';
    });
    const { knowledge, problems } = loadPacks([
      { file: 'first.json', text: packWith() },
      { file: 'second.json', text: second },
    ]);
    assert.deepEqual(problems.map((p) => `${p.severity} ${p.file}: ${p.path}: ${p.message}`), [
      'error second.json: /phrases/0/trigger: trigger ".wu" is already defined in first.json; this phrase is not offered',
      'warning second.json: /lists/0/id: list id "imaging" is already defined in first.json; {imaging} in a note means that list',
      'warning second.json: /lists/1/id: list id "side" is already defined in first.json; {side} in a note means that list',
    ]);
    assert.deepEqual(phraseBook(knowledge).phrases.map((p) => `${p.pack}:${p.id}`), [`${JSON.parse(packWith()).id}:workup`]);
  });
});
