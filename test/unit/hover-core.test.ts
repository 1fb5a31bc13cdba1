import { strict as assert } from 'node:assert';
import { hoverAt } from '../../src/core/cards/hover';
import { loadBuiltin } from './helpers';

function hover(line: string, word: string) {
  return hoverAt(loadBuiltin(), line, line.indexOf(word) + 1);
}

describe('hover, decided in the core', () => {
  it('any word of a multi-word term shows its card over the whole term', () => {
    const line = 'History of systemic sclerosis.';
    const answer = hover(line, 'sclerosis')!;
    assert.equal(answer.start, line.indexOf('systemic'));
    assert.equal(answer.end, line.indexOf('.'));
    assert.match(answer.markdown, /systemic sclerosis/i);
  });

  it('an ambiguous abbreviation says what it usually means before anything else', () => {
    assert.match(hover('Nodules since 2020, CC on both hands', 'CC')!.markdown.split('\n')[0]!, /^\*\*CC\*\* — Usually means chief complaint; in calcinosis notes it can mean calcinosis cutis/);
    assert.match(hover('History of DM, on metformin', 'DM')!.markdown.split('\n')[0]!, /Usually means diabetes mellitus/);
  });

  it('no card for CC heading a line (the chief complaint)', () => {
    assert.equal(hoverAt(loadBuiltin(), 'CC: painful lumps', 1), undefined);
    assert.ok(hover('History: CC since 2020', 'CC'));
  });

  it('nothing where there is no term', () => {
    assert.equal(hoverAt(loadBuiltin(), 'the patient walked in', 5), undefined);
  });
});
