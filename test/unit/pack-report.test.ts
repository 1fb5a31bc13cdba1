import * as assert from 'node:assert/strict';
import { loadPacks } from '../../src/core/knowledge/load';
import { NoticeGate, packStatuses, problemNotice, problemsKey, reportLines, type PackFile } from '../../src/core/knowledge/pack-report';
import type { Problem } from '../../src/core/types';
import { BUILTIN, miniObject, readPack } from './helpers';

function clinic(id: string, entries: Array<{ id: string; label: string }>): string {
  return JSON.stringify({
    id,
    title: `Pack ${id}`,
    version: '1',
    sources: [{ id: 'S1', kind: 'reference', title: 'Ref', url: 'https://example.org' }],
    sections: [{ id: 'workup', title: 'Workup' }],
    entries: entries.map((e) => ({ ...e, kind: 'test', definition: `${e.label}.`, sections: ['workup'], sources: ['S1'] })),
  });
}

function load(files: PackFile[]) {
  const { knowledge, problems, files: results } = loadPacks(files);
  return { statuses: packStatuses(files, knowledge, problems, results), problems };
}

const builtin: PackFile = { ...readPack(BUILTIN), origin: 'builtin' };

describe('which file gave which pack', () => {
  it('names each loaded pack with its file, origin and entry count', () => {
    const { statuses } = load([builtin, { file: '.clinical-notes/a.json', text: clinic('clinic-a', [{ id: 'a-one', label: 'alpha one' }]), origin: 'workspace-folder', uri: 'file:///w/.clinical-notes/a.json' }]);
    assert.equal(statuses.length, 2);
    assert.equal(statuses[0]!.pack?.id, 'calcinosis');
    assert.ok((statuses[0]!.pack?.entries ?? 0) > 100);
    assert.deepEqual(statuses[1], {
      file: '.clinical-notes/a.json',
      origin: 'workspace-folder',
      uri: 'file:///w/.clinical-notes/a.json',
      problems: [],
      pack: { id: 'clinic-a', title: 'Pack clinic-a', version: '1', entries: 1, skipped: 0 },
    });
  });

  it('tells a broken file, a pack id already taken, and a pack with a clashing entry apart', () => {
    // A file-level problem (no pack id) rejects the file; a broken entry alone would not.
    const broken = miniObject();
    delete broken.id;
    const { statuses } = load([
      builtin,
      { file: 'broken.json', text: JSON.stringify(broken), origin: 'workspace-folder' },
      { file: 'first.json', text: clinic('clinic', [{ id: 'x-one', label: 'x one' }]), origin: 'workspace-folder' },
      { file: 'same-id.json', text: clinic('clinic', [{ id: 'y-one', label: 'y one' }]), origin: 'workspace-folder' },
      // Loaded, minus the entry whose id the built-in pack already has.
      { file: 'clash.json', text: clinic('clinic-c', [{ id: 'calcinosis', label: 'calcinosis again' }, { id: 'c-two', label: 'c two' }]), origin: 'setting' },
      { file: 'not-json.json', text: '{ nope', origin: 'setting' },
    ]);
    const summary = statuses.map((s) => [s.file, s.pack?.id ?? null, s.pack?.entries ?? 0, s.problems.length]);
    assert.deepEqual(summary, [
      ['knowledge/calcinosis.json', 'calcinosis', statuses[0]!.pack!.entries, 0],
      ['broken.json', null, 0, 1],
      ['first.json', 'clinic', 1, 0],
      ['same-id.json', null, 0, 1],
      ['clash.json', 'clinic-c', 1, 1],
      ['not-json.json', null, 0, 1],
    ]);
  });
});

describe('the one notification for a load', () => {
  it('names the file and JSON path of the first error, and counts the rest', () => {
    const broken = miniObject();
    delete broken.id;
    broken.entries[3].kind = 'drug';
    const { statuses } = load([builtin, { file: '.clinical-notes/clinic.json', text: JSON.stringify(broken), origin: 'workspace-folder' }]);
    assert.equal(
      problemNotice(statuses),
      'Clinical Notes: the knowledge pack .clinical-notes/clinic.json was not loaded — /id: required property "id" is missing (and 1 more problem)',
    );
  });

  it('says "a problem in" for a pack whose broken entry was skipped, and counts it skipped', () => {
    const text = clinic('clinic-b', [{ id: 'b-one', label: 'b one' }, { id: 'b-two', label: 'b two' }]).replace('"label":"b two"', '"label":2');
    const { statuses } = load([builtin, { file: 'b.json', text, origin: 'setting' }]);
    assert.equal(problemNotice(statuses), 'Clinical Notes: a problem in the knowledge pack b.json — /entries/1/label: must be a string (got integer 2)');
    assert.deepEqual(statuses[1]!.pack, { id: 'clinic-b', title: 'Pack clinic-b', version: '1', entries: 1, skipped: 1 });
    assert.match(reportLines(statuses).join('\n'), /b\.json \[setting\]: Pack clinic-b \(clinic-b 1\), 1 entries loaded, 1 skipped/);
  });

  it('says "a problem in" for a pack that loaded with an entry skipped, and leads with errors over warnings', () => {
    const warning: Problem = { file: 'w.json', path: '/entries/0/related/0', message: 'related entry "x" is not defined in any loaded pack', severity: 'warning' };
    const { statuses } = load([builtin, { file: 'clash.json', text: clinic('clinic-c', [{ id: 'calcinosis', label: 'again' }]), origin: 'setting' }]);
    const text = problemNotice(statuses, [warning]);
    assert.match(text ?? '', /^Clinical Notes: a problem in the knowledge pack clash\.json — \/entries\/0\/id: entry id "calcinosis" is already defined/);
    assert.match(text ?? '', /\(and 1 more problem\)$/);
    assert.equal(problemNotice([], [warning]), `Clinical Notes: a warning in the knowledge pack w.json — /entries/0/related/0: ${warning.message}`);
  });

  it('is undefined when there is nothing to say', () => {
    assert.equal(problemNotice(load([builtin]).statuses), undefined);
  });
});

describe('notifying a set of problems once', () => {
  const a: Problem = { file: 'a.json', path: '/id', message: 'bad', severity: 'error' };
  const b: Problem = { file: 'b.json', path: '', message: 'not valid JSON', severity: 'error' };

  it('shows a set once however often it is saved, in any order', () => {
    const gate = new NoticeGate();
    assert.equal(gate.shouldNotify([a, b]), true);
    assert.equal(gate.shouldNotify([a, b]), false);
    assert.equal(gate.shouldNotify([b, a]), false);
    assert.equal(problemsKey([a, b]), problemsKey([b, a]));
  });

  it('shows a changed set, and the same set again after it was fixed', () => {
    const gate = new NoticeGate();
    assert.equal(gate.shouldNotify([a]), true);
    assert.equal(gate.shouldNotify([a, b]), true);
    assert.equal(gate.shouldNotify([]), false);
    assert.equal(gate.shouldNotify([a, b]), true);
  });

  it('never notifies an empty set', () => {
    assert.equal(new NoticeGate().shouldNotify([]), false);
  });
});

describe('the load as text', () => {
  it('lists packs with entry counts and origins, then every problem', () => {
    const { statuses } = load([builtin, { file: 'bad.json', text: '', origin: 'workspace-folder' }]);
    const lines = reportLines(statuses, [{ file: 'clinicalNotes.knowledgePacks', path: '/0', message: '"~/x.json" starts with "~"', severity: 'error' }], ['Restricted Mode: …']);
    assert.match(lines[0]!, /^1 pack loaded, \d+ entries:$/);
    assert.match(lines[1]!, /^ {2}knowledge\/calcinosis\.json \[built-in\]: Calcinosis \(calcinosis 1\.0\.0\), \d+ entries$/);
    assert.equal(lines[2], '  bad.json [workspace .clinical-notes]: NOT LOADED');
    assert.equal(lines[3], 'Restricted Mode: …');
    assert.equal(lines[4], '2 problems:');
    assert.equal(lines[5], '  error: clinicalNotes.knowledgePacks: /0: "~/x.json" starts with "~"');
    assert.match(lines[6]!, /^ {2}error: bad\.json: \/: the file is empty/);
  });
});
