import * as assert from 'node:assert/strict';
import { loadPacks } from '../../src/core/knowledge/load';
import { addPhraseToPackText, draftFromSelection, emptyPhrasePack, phraseId } from '../../src/core/note/phrase-author';
import { phraseBook } from '../../src/core/note/phrases';

const none = () => undefined;

describe('core/phrase-author: New Phrase from Selection', () => {
  it('keeps *** and known fields, turns the header\'s values back into fields, unknown @X@ into blanks, stray braces into parentheses', () => {
    const note = 'Name: Jane Doe\nMRN: 12345\n\nSeen Jane Doe (MRN 12345) on @TODAY@.\n';
    const d = draftFromSelection('Seen Jane Doe (MRN 12345) on @TODAY@ by @ME@.\nSite: *** {see note} {multi: CT | MRI}\n', note, none);
    assert.deepEqual(d.body, ['Seen @NAME@ (MRN @MRN@) on @TODAY@ by ***.', 'Site: *** (see note) {multi: CT | MRI}']);
    assert.deepEqual(d.conversions, [
      '"Jane Doe" (the header\'s NAME) → @NAME@',
      '"12345" (the header\'s MRN) → @MRN@',
      '@ME@ (not a field Clinical Notes fills) → ***',
      '{see note} (not a list) → (see note)',
      '2 *** blanks kept as blanks',
    ]);
  });

  it('a trigger makes a kebab-case id', () => {
    assert.equal(phraseId('my_wu2'), 'my-wu2');
  });

  it('creates a personal pack that loads, with the phrase in it', () => {
    const text = addPhraseToPackText(undefined, { id: 'mywu', trigger: 'mywu', title: 'My workup', body: ['Imaging: {multi: CT | MRI}', 'Site: ***'] }, () => emptyPhrasePack('personal', 'My phrases'));
    const { knowledge, problems } = loadPacks([{ file: 'personal-phrases.json', text }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(phraseBook(knowledge).phrases.map((p) => p.trigger), ['mywu']);
  });

  it('appends to an existing pack keeping its formatting, refuses a trigger it has, numbers a taken id', () => {
    const original = '{\n  "id": "clinic",\n  "title": "Clinic",\n  "version": "1",\n  "sources": [{ "id": "H1", "kind": "file", "title": "H" }],\n  "sections": [],\n  "entries": [],\n  "phrases": [\n    { "id": "a", "trigger": "a", "title": "A", "body": ["x"] }\n  ]\n}\n';
    const next = addPhraseToPackText(original, { id: 'a', trigger: 'b', title: 'B', body: ['y'] }, () => assert.fail('not a new pack'));
    assert.ok(next.startsWith('{\n  "id": "clinic",\n  "title": "Clinic",\n  "version": "1",\n  "sources": [{ "id": "H1", "kind": "file", "title": "H" }],'), next);
    const { knowledge, problems } = loadPacks([{ file: 'clinic.json', text: next }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(phraseBook(knowledge).phrases.map((p) => `${p.id}:${p.trigger}`), ['a:a', 'a-2:b']);
    assert.throws(() => addPhraseToPackText(next, { id: 'z', trigger: 'b', title: 'B', body: ['y'] }, () => assert.fail()), /already has a phrase \.b/);
    assert.throws(() => addPhraseToPackText('[1]', { id: 'z', trigger: 'z', title: 'Z', body: ['y'] }, () => assert.fail()), /not a JSON knowledge pack/);
  });

  it('adds a phrases array to a pack that has none', () => {
    const text = addPhraseToPackText('{"id":"c","title":"C","version":"1","sources":[{"id":"H","kind":"file","title":"H"}],"sections":[],"entries":[]}', { id: 'q', trigger: 'q', title: 'Q', body: ['z'] }, () => assert.fail());
    assert.deepEqual(loadPacks([{ file: 'c.json', text }]).problems, []);
    assert.equal(JSON.parse(text).phrases[0].trigger, 'q');
  });
});
