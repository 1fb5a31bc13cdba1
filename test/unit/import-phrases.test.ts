import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliIO } from '../../src/cli';
import { importPhrases } from '../../src/core/knowledge/import-phrases';
import { loadPacks } from '../../src/core/knowledge/load';
import { phraseBook } from '../../src/core/note/phrases';
import { MINI, ROOT } from './helpers';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'phrases');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('core/import-phrases: Epic SmartPhrases and Dragon texts', () => {
  const epic = importPhrases(read('epic-smartphrases.txt'), 'epic-smartphrases.txt');

  it('Epic: SmartLists with choices become pack lists, without choices blanks naming the list; SmartLinks kept, renamed or blanked', () => {
    const [follow, proc] = epic.pack.phrases!;
    assert.equal(follow!.trigger, 'calcfollow');
    assert.equal(follow!.title, 'Calcinosis follow-up');
    assert.deepEqual(follow!.body, [
      '@NAME@ is a @AGE@ @SEX@ seen on @TODAY@ by @PROVIDER@ for calcinosis follow-up.',
      'Imaging since the last visit: {imaging}',
      'Response to treatment: *** (Response)',
      'Insurance: ***',
      'Plan: ***',
    ]);
    assert.deepEqual(proc!.body, ['Procedure: surgical excision of calcinosis at ***.', 'Consent (see chart) obtained.']);
    assert.deepEqual(epic.pack.lists, [
      { id: 'imaging', title: 'Imaging', choices: ['plain radiography', 'CT', 'MRI', 'ultrasound'].map((text) => ({ text })), select: 'multi', required: true },
    ]);
  });

  it('reports every conversion with its line', () => {
    assert.deepEqual(epic.report, [
      'epic-smartphrases.txt:1: SmartList Imaging:1040001 → list "imaging" (4 choices)',
      'epic-smartphrases.txt:4: @TD@ → @TODAY@',
      'epic-smartphrases.txt:4: @ME@ → @PROVIDER@',
      'epic-smartphrases.txt:5: {Imaging:1040001} → {imaging}',
      'epic-smartphrases.txt:6: {Response:1049999}: SmartList choices not in the file → blank *** (Response)',
      'epic-smartphrases.txt:7: @INSURANCE@: unknown SmartLink → blank ***',
      'epic-smartphrases.txt:12: {see chart} is not a SmartList → (see chart)',
    ]);
  });

  it('Dragon: [field] becomes a blank, [a|b] a single-select list', () => {
    const { pack, report } = importPhrases(read('dragon-texts.txt'), 'dragon-texts.txt');
    assert.deepEqual(pack.phrases![0]!.body, ['Fingertips: ***; ulceration {single: present | absent}.', 'Grip strength {single: normal | reduced | not tested}.']);
    assert.equal(report.length, 3);
    assert.match(report[0]!, /^dragon-texts\.txt:2: Dragon field \[findings\] → blank \*\*\*$/);
  });

  it('a file without a ### line is one phrase named after the file; the packs load with no problems', () => {
    const one = importPhrases('Seen today. ***\n', 'My Note.txt');
    assert.equal(one.pack.phrases![0]!.trigger, 'mynote');
    for (const r of [epic, one, importPhrases(read('dragon-texts.txt'), 'dragon-texts.txt')]) {
      const { knowledge, problems } = loadPacks([{ file: 'imported.json', text: JSON.stringify(r.pack) }]);
      assert.deepEqual(problems, []);
      assert.ok(phraseBook(knowledge).phrases.length >= 1);
    }
  });

  it('clinical-notes import phrases FILE -o PACK writes the pack and reports on stderr', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const written = new Map<string, string>();
    const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), readFile: (f) => fs.readFileSync(f, 'utf8'), writeFile: (f, t) => written.set(f, t), builtinPack: MINI };
    const code = await runCli(['import', 'phrases', path.join(FIXTURES, 'epic-smartphrases.txt'), '-o', 'out.json'], io);
    assert.equal(code, 0, err.join('\n'));
    assert.equal(JSON.parse(written.get('out.json')!).phrases.length, 2);
    assert.ok(err.includes('out.json: 2 phrases, 1 lists, 7 conversions'), err.join('\n'));
    assert.equal(await runCli(['import', 'phrases'], io), 2);
  });
});
