import * as assert from 'node:assert/strict';
import { locatePointer, pointerKeys } from '../../src/core/knowledge/json-pointer';

const text = `{
  "id": "clinic",
  "a/b": { "~k": 1 },
  "entries": [
    { "id": "one", "label": "One" },
    { "id": "two" }
  ]
}`;

function at(pointer: string, t = text): string | undefined {
  const span = locatePointer(t, pointer);
  return span && t.slice(span.offset, span.offset + span.length);
}

describe('JSON pointers in pack text', () => {
  it('splits pointers, unescaping ~1 and ~0, with array indices as numbers', () => {
    assert.deepEqual(pointerKeys(''), []);
    assert.deepEqual(pointerKeys('/entries/3/label'), ['entries', 3, 'label']);
    assert.deepEqual(pointerKeys('/a~1b/~0k'), ['a/b', '~k']);
    assert.deepEqual(pointerKeys('/01'), ['01']);
    assert.equal(pointerKeys('entries'), undefined);
  });

  it('finds values, and the property name of an object or array', () => {
    assert.equal(at('/id'), '"clinic"');
    assert.equal(at('/entries/0/label'), '"One"');
    assert.equal(at('/entries/1'), '{ "id": "two" }');
    assert.equal(at('/entries'), '"entries"');
    assert.equal(at('/a~1b/~0k'), '1');
    assert.equal(locatePointer(text, '')?.offset, 0);
  });

  it('falls back to the nearest existing parent for a missing property', () => {
    assert.equal(at('/entries/1/label'), '{ "id": "two" }');
    assert.equal(at('/entries/9/id'), '"entries"');
  });

  it('counts a byte-order mark and survives broken JSON', () => {
    const bom = `\ufeff{"id": "x"}`;
    assert.equal(at('/id', bom), '"x"');
    assert.equal(at('/id', '{"id": "x", '), '"x"');
    assert.doesNotThrow(() => locatePointer('not json at all', '/id'));
    assert.doesNotThrow(() => locatePointer('', '/id'));
  });
});
