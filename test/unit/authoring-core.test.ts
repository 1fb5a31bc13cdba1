import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkNote, isBlankInProse, nextOf, previousOf, sectionInsertion } from '../../src/core/note/checks';
import { choiceListEntries, choicesSentence } from '../../src/core/note/choice-lists';
import { sectionKindsAtLine } from '../../src/core/note/nearest-section';
import { outlineTree, type OutlineNode } from '../../src/core/note/outline';
import { parseSections, sectionAt } from '../../src/core/note/sections';
import { snippetBody } from '../../src/core/note/snippets';
import { loadBuiltin, ROOT } from './helpers';

const SAMPLE = fs.readFileSync(path.join(ROOT, 'test/fixtures/workspace/sample.note'), 'utf8');

describe('note checks in Markdown and plain text (prose mode)', () => {
  const blanks = (text: string) =>
    checkNote(text, undefined, { mode: 'prose' }).map((i) => [i.code, text.slice(i.start, i.end), text.slice(0, i.start).split('\n').length]);

  it('bold italics and horizontal rules are markup, not blanks', () => {
    const text = ['# Notes', '', 'This is ***really*** important, and so***is this***.', '', '***', '', 'More text.', '***'].join('\n');
    assert.deepEqual(blanks(text), []);
  });

  it('a labelled blank, and a blank right under a heading, are blanks', () => {
    const text = ['Presentation:', '***', '', 'Exam:', '- Site: *** (left hand)', 'Size: ***** mm', '', '***'].join('\n');
    assert.deepEqual(blanks(text), [
      ['unfilled-blank', '***', 2],
      ['unfilled-blank', '***', 5],
      ['unfilled-blank', '*****', 6],
    ]);
  });

  it('never reports a missing section outside the note language', () => {
    const text = 'Assessment:\nDystrophic calcinosis.\n';
    assert.deepEqual(checkNote(text, undefined, { mode: 'prose' }), []);
    assert.deepEqual(checkNote(text).map((i) => i.code), ['missing-workup', 'missing-plan']);
  });

  it('isBlankInProse agrees with the note language on what the snippets write', () => {
    const text = snippetBody('note', loadBuiltin().knowledge).replace(/\$\{\d+:\*\*\*\}/g, '***');
    const sections = parseSections(text);
    const all = checkNote(text).filter((i) => i.code === 'unfilled-blank');
    assert.ok(all.length >= 5);
    for (const b of all) assert.equal(isBlankInProse(text, b, sections), true, text.slice(b.start - 20, b.end));
  });
});

describe('inserting a missing section', () => {
  const apply = (text: string, offset: number, section = 'Workup:\n- x\n') => {
    const { before, after } = sectionInsertion(text, offset);
    return text.slice(0, offset) + before + section + after + text.slice(offset);
  };

  it('at the end of the note: on its own line, one blank line after the text before', () => {
    assert.equal(apply('Assessment:\nDystrophic calcinosis.', 34), 'Assessment:\nDystrophic calcinosis.\n\nWorkup:\n- x\n');
    assert.equal(apply('Assessment:\nDystrophic calcinosis.\n', 35), 'Assessment:\nDystrophic calcinosis.\n\nWorkup:\n- x\n');
    assert.equal(apply('Assessment:\nx\n\n', 15), 'Assessment:\nx\n\nWorkup:\n- x\n');
    assert.equal(apply('', 0), 'Workup:\n- x\n');
  });

  it('before the next heading: that heading keeps its line and a blank line above it', () => {
    const text = 'Assessment:\nx\n\nPatient information:\ny\n';
    const at = text.indexOf('Patient');
    assert.equal(apply(text, at), 'Assessment:\nx\n\nWorkup:\n- x\n\nPatient information:\ny\n');
    const tight = 'Assessment:\nx\nPatient information:\ny\n';
    assert.equal(apply(tight, tight.indexOf('Patient')), 'Assessment:\nx\n\nWorkup:\n- x\n\nPatient information:\ny\n');
  });

  it('reads CRLF line breaks as line breaks', () => {
    const text = 'Assessment:\r\nx\r\n\r\n';
    assert.deepEqual(sectionInsertion(text, text.length), { before: '', after: '' });
    assert.deepEqual(sectionInsertion('Assessment:\r\nx\r\n', 16), { before: '\n', after: '' });
  });

  it('the inserted section clears the check that asked for it', () => {
    const text = 'Assessment:\nDystrophic calcinosis.\n';
    const issue = checkNote(text).find((i) => i.code === 'missing-workup')!;
    const after = apply(text, issue.missing!.insertAt);
    assert.deepEqual(checkNote(after).map((i) => i.code), ['missing-plan']);
  });
});

describe('outline of a note', () => {
  const shape = (nodes: OutlineNode[], text: string): unknown[] =>
    nodes.map((n) => [n.section.title, text.slice(n.section.headingStart, n.end), ...(n.children.length ? [shape(n.children, text)] : [])]);

  it('plain headings are siblings; each range runs from its heading to its last line, without the line break', () => {
    const tree = outlineTree(SAMPLE, parseSections(SAMPLE));
    assert.deepEqual(tree.map((n) => n.section.title), ['Presentation', 'Workup', 'Assessment', 'Treatment plan']);
    const assessment = tree[2]!;
    assert.equal(SAMPLE.slice(assessment.section.headingStart, assessment.end), 'Assessment:\nDystrophic calcinosis in systemic sclerosis.\n');
    for (const n of tree) assert.ok(!SAMPLE.slice(n.section.headingStart, n.end).endsWith('\n\n'));
  });

  it('Markdown headings nest by level, plain headings under the # heading above them', () => {
    const text = ['# Visit 1', 'Assessment:', 'a', '## Workup', 'w', 'Plan:', 'p', '# Visit 2', 'Exam:', 'e'].join('\n');
    const tree = outlineTree(text, parseSections(text));
    assert.deepEqual(shape(tree, text), [
      ['Visit 1', '# Visit 1\nAssessment:\na\n## Workup\nw\nPlan:\np', [
        ['Assessment', 'Assessment:\na'],
        ['Workup', '## Workup\nw\nPlan:\np', [['Plan', 'Plan:\np']]],
      ]],
      ['Visit 2', '# Visit 2\nExam:\ne', [['Exam', 'Exam:\ne']]],
    ]);
  });

  it('an empty note has no outline', () => {
    assert.deepEqual(outlineTree('', parseSections('')), []);
  });
});

describe('the section at the cursor, walking up from its line', () => {
  const linesOf = (text: string) => text.split('\n');

  it('agrees with parseSections + sectionAt on every line of real notes', () => {
    const notes = [
      SAMPLE,
      snippetBody('note', loadBuiltin().knowledge),
      ['Chief complaint: lumps', 'HPI', 'text', '## Workup', '- Imaging: x', 'Plan: start PT', 'more', '**Patient information:**', 'Social situation:', 'x'].join('\n'),
    ];
    for (const text of notes) {
      const lines = linesOf(text);
      const sections = parseSections(text);
      let offset = 0;
      lines.forEach((line, i) => {
        const expected = sectionAt(sections, offset)?.kinds;
        assert.deepEqual(sectionKindsAtLine((n) => lines[n]!, i), expected, `line ${i}: ${line}`);
        offset += line.length + 1;
      });
    }
  });

  it('reads only the lines up to the nearest heading, so a 1 MB note costs what a short one does', () => {
    const prose = 'Firm, chalky subcutaneous nodules on the right index and middle fingertips for eight months, slowly growing.';
    const lines: string[] = [];
    for (let size = 0; size < 1_000_000; size += prose.length + 23) lines.push(lines.length % 1000 === 0 ? 'Workup:' : prose, 'Serum calcium normal.');
    lines.push('Assessment:', prose, prose);
    let reads = 0;
    const at = (n: number) => {
      reads++;
      return lines[n]!;
    };
    assert.deepEqual(sectionKindsAtLine(at, lines.length - 1), ['assessment']);
    assert.equal(reads, 3);
    reads = 0;
    assert.deepEqual(sectionKindsAtLine(at, lines.length - 5), ['workup']);
    assert.ok(reads <= 1001, `${reads} lines read`);
  });

  it('gives up after maxLines, and is undefined above the first heading', () => {
    const lines = ['intro', 'Workup:', 'a', 'b', 'c'];
    assert.equal(sectionKindsAtLine((n) => lines[n]!, 0), undefined);
    assert.deepEqual(sectionKindsAtLine((n) => lines[n]!, 4), ['workup']);
    assert.equal(sectionKindsAtLine((n) => lines[n]!, 4, 2), undefined);
    assert.deepEqual(sectionKindsAtLine(() => 'Social situation:', 0), []);
  });
});

describe('navigating a given list of blanks', () => {
  it('nextOf / previousOf wrap like nextBlank / previousBlank, over only the blanks given', () => {
    const text = 'This is ***bold***. Site: *** and size: ***';
    const blanks = checkNote(text, undefined, { mode: 'prose' });
    assert.deepEqual(blanks.map((b) => b.start), [26, 40]);
    assert.equal(nextOf(blanks, 0)?.start, 26);
    assert.equal(nextOf(blanks, 29)?.start, 40);
    assert.equal(nextOf(blanks, 43)?.start, 26);
    assert.equal(previousOf(blanks, 40)?.start, 26);
    assert.equal(previousOf(blanks, 26)?.start, 40);
    assert.equal(nextOf([], 0), undefined);
  });
});

describe('multi-select list entries', () => {
  const kb = loadBuiltin();

  it('Workup: laboratory tests, then imaging, then procedures, all from the pack\'s workup section', () => {
    const groups = choiceListEntries(kb.knowledge, 'workup');
    assert.deepEqual(groups.map((g) => g.kind), ['test', 'imaging', 'procedure']);
    const labels = groups.flatMap((g) => g.entries.map((e) => e.label));
    for (const l of ['serum calcium', 'parathyroid hormone', 'plain radiography', 'ultrasound', 'biopsy']) assert.ok(labels.includes(l), l);
    for (const g of groups) for (const e of g.entries) assert.ok(e.sections.includes('workup') && e.kind === g.kind, e.id);
  });

  it('Treatment: treatments and procedures, never an option the evidence advises against', () => {
    const groups = choiceListEntries(kb.knowledge, 'treatment');
    assert.deepEqual(groups.map((g) => g.kind), ['treatment', 'procedure']);
    const ids = groups.flatMap((g) => g.entries.map((e) => e.id));
    assert.ok(ids.includes('diltiazem') && ids.includes('surgical-excision'));
    assert.ok(!ids.includes('low-dose-warfarin'), 'recommended against: never a choice');
    const chosen = ['diltiazem', 'bisphosphonates', 'surgical-excision'].map((id) => kb.knowledge.get(id)!);
    assert.equal(choicesSentence(chosen, 'or'), 'Diltiazem or bisphosphonates; surgical excision');
  });
});
