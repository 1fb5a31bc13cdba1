import * as assert from 'node:assert/strict';
import { headingOfLine, parseSections, sectionAt, sectionHasKind, kindsOfTitle, NoteSection } from '../../src/core/note/sections';

function summary(sections: NoteSection[]): Array<[string, string | undefined]> {
  return sections.map((s) => [s.title, s.kind]);
}

describe('core/note/sections', () => {
  it('recognises plain, colon, upper-case, Markdown and bold headings', () => {
    const text = [
      'Chief complaint: painful lumps on the fingers',
      'HPI',
      'Two years of hard nodules.',
      'EXAM',
      'Firm nodules over the thumb.',
      '## Workup',
      '- Imaging: plain radiography',
      'Treatment plan:',
      '- NSAIDs for pain',
      '**Patient information:**',
      'Text.',
      'Follow-up',
      '2025-01-01',
    ].join('\n');
    assert.deepEqual(summary(parseSections(text)), [
      ['Chief complaint', 'presentation'],
      ['HPI', 'history'],
      ['EXAM', 'exam'],
      ['Workup', 'workup'],
      ['Treatment plan', 'plan'],
      ['Patient information', 'patient-information'],
      ['Follow-up', 'follow-up'],
    ]);
  });

  it('gives combined headings every kind they name', () => {
    for (const title of ['Assessment and plan', 'A/P', 'A&P:', 'IMPRESSION AND PLAN', '# Assessment & Plan']) {
      const [s] = parseSections(`${title}\n1. Calcinosis cutis\n`);
      assert.ok(s, title);
      assert.equal(s.kind, 'assessment', title);
      assert.deepEqual(s.kinds, ['assessment', 'plan'], title);
      assert.ok(sectionHasKind(s, 'plan'));
    }
  });

  it('computes heading and body offsets that slice back to the text', () => {
    const text = 'Intro line\nWorkup:\n- calcium\n\nTreatment plan\n- physical therapy';
    const [workup, plan] = parseSections(text);
    assert.ok(workup && plan);
    assert.equal(text.slice(workup.headingStart, workup.headingEnd), 'Workup:');
    assert.equal(text.slice(workup.start, workup.end), '- calcium\n\n');
    assert.equal(workup.line, 1);
    assert.equal(text.slice(plan.headingStart, plan.headingEnd), 'Treatment plan');
    assert.equal(text.slice(plan.start, plan.end), '- physical therapy');
    assert.equal(plan.end, text.length);
    assert.equal(plan.line, 4);
    assert.equal(workup.inline, false);
  });

  it('starts a section at a main heading with text on the same line', () => {
    const text = 'Assessment: dystrophic calcinosis cutis\nPlan: physical therapy';
    const [a, p] = parseSections(text);
    assert.ok(a && p);
    assert.equal(a.kind, 'assessment');
    assert.equal(a.inline, true);
    assert.equal(text.slice(a.headingStart, a.headingEnd), 'Assessment:');
    assert.equal(text.slice(a.start, a.end), 'dystrophic calcinosis cutis\n');
    assert.equal(p.kind, 'plan');
    assert.equal(text.slice(p.start, p.end), 'physical therapy');
  });

  it('keeps sub-headings inside a section from splitting it', () => {
    const text = 'Workup\nImaging: plain radiography of the hands\nLabs: calcium, phosphate\nMedications: none\n';
    const sections = parseSections(text);
    assert.deepEqual(summary(sections), [['Workup', 'workup']]);
  });

  it('needs a colon for one-letter SOAP headings', () => {
    assert.deepEqual(summary(parseSections('S:\nx\nO:\ny\nA: z\nP: w')), [
      ['S', 'history'],
      ['O', 'exam'],
      ['A', 'assessment'],
      ['P', 'plan'],
    ]);
    assert.deepEqual(parseSections('A\nP\nCC\n'), []);
    // CC as a heading means chief complaint, never calcinosis cutis.
    assert.equal(parseSections('CC: lumps on fingers')[0]?.kind, 'presentation');
  });

  it('accepts any Markdown heading and short title-like lines ending in a colon, unclassified', () => {
    const sections = parseSections('# Calcinosis clinic\ntext\nSocial situation:\nlives alone\n');
    assert.deepEqual(summary(sections), [
      ['Calcinosis clinic', undefined],
      ['Social situation', undefined],
    ]);
    assert.equal(sections[0]?.level, 1);
    assert.deepEqual(sections[1]?.kinds, []);
  });

  it('does not take prose, list items, quotes or code for headings', () => {
    const text = [
      'The patient reports pain in the hands and was told the following by her doctor:',
      '- Plan: discuss at next visit',
      '> Workup',
      'workup was done elsewhere',
      'plan to review',
      '```',
      '# Workup',
      'Plan:',
      '```',
      '#hashtag',
      '####### seven',
      'pain: 5/10',
    ].join('\n');
    assert.deepEqual(parseSections(text), []);
  });

  it('handles CRLF line endings and trailing # runs', () => {
    const text = '## Workup ##\r\n- calcium\r\nPlan:\r\n- rest\r\n';
    const [w, p] = parseSections(text);
    assert.ok(w && p);
    assert.equal(w.title, 'Workup');
    assert.equal(w.level, 2);
    assert.equal(text.slice(w.headingStart, w.headingEnd), '## Workup ##');
    assert.equal(p.title, 'Plan');
    assert.equal(text.slice(p.headingStart, p.headingEnd), 'Plan:');
    assert.equal(p.line, 2);
  });

  it('finds the section at an offset, including on its heading line', () => {
    const text = 'preamble\nWorkup\n- calcium\nPlan\n- rest';
    const sections = parseSections(text);
    assert.equal(sectionAt(sections, 0), undefined);
    assert.equal(sectionAt(sections, text.indexOf('Workup'))?.kind, 'workup');
    assert.equal(sectionAt(sections, text.indexOf('calcium'))?.kind, 'workup');
    assert.equal(sectionAt(sections, text.indexOf('Plan'))?.kind, 'plan');
    assert.equal(sectionAt(sections, text.length)?.kind, 'plan');
    assert.equal(sectionAt([], 5), undefined);
  });

  it('reads one line as a heading the same way', () => {
    assert.deepEqual(headingOfLine('Treatment plan:'), { kinds: ['plan'], title: 'Treatment plan', inline: false });
    assert.deepEqual(headingOfLine('A/P\r')?.kinds, ['assessment', 'plan']);
    assert.deepEqual(headingOfLine('Plan: start physical therapy'), { kinds: ['plan'], title: 'Plan', inline: true });
    assert.equal(headingOfLine('- Imaging: plain radiography'), undefined);
    assert.equal(headingOfLine('```'), undefined);
    assert.equal(headingOfLine(''), undefined);
    const text = 'HPI\nx\n## Workup\n- a\nSocial situation:\nA: y';
    const lines = text.split('\n');
    assert.deepEqual(
      parseSections(text).map((s) => s.title),
      lines.map((l) => headingOfLine(l)?.title).filter((t) => t !== undefined),
    );
  });

  it('normalises titles for lookups', () => {
    assert.deepEqual(kindsOfTitle('Work - up'), ['workup']);
    assert.deepEqual(kindsOfTitle('  FOLLOW   UP '), ['follow-up']);
    assert.equal(kindsOfTitle('Calcinosis'), undefined);
  });

  // Its speed is the bench's business (`npm run bench` times it on a 5 MB note); here, that it is right.
  it('parses a 5 MB note into every section and finds the section at any offset', () => {
    const block = [
      'HPI',
      'Hard nodules over the fingers for two years; pain when writing. '.repeat(4),
      'Exam:',
      '- firm white papules over the thumb and index finger',
      'Assessment and plan',
      'Dystrophic calcinosis cutis in limited systemic sclerosis.',
      'Workup',
      '- Imaging: plain radiography of both hands',
      '- Labs: serum calcium, phosphate, PTH',
      'Treatment plan:',
      '- physical therapy',
      '',
    ].join('\n');
    const copies = Math.ceil((5 * 1024 * 1024) / block.length);
    const text = block.repeat(copies);
    const sections: NoteSection[] = parseSections(text);
    assert.equal(sections.length, copies * 5);
    for (let i = 1; i < sections.length; i++) assert.equal(sections[i].headingStart, sections[i - 1].end);
    for (let i = 0; i < 1000; i++) {
      const offset = (i * 524287) % text.length;
      const s = sectionAt(sections, offset)!;
      assert.ok(s.headingStart <= offset && offset <= s.end);
    }
  });
});
