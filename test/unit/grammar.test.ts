import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { knownSectionNames, parseSections } from '../../src/core/note/sections';

interface Rule {
  name?: string;
  match?: string;
  captures?: Record<string, { name: string }>;
  patterns?: Rule[];
  include?: string;
}

const grammar = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'syntaxes', 'clinical-note.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
};

/** TextMate's Oniguruma `(?i:…)` has no JS equivalent before ES2025: fold the whole rule to case-insensitive. */
function toJs(pattern: string): RegExp {
  const insensitive = pattern.includes('(?i:');
  return new RegExp(pattern.replace(/\(\?i:/g, '(?:'), insensitive ? 'iu' : 'u');
}

function rules(group: string): Array<{ scope: string; re: RegExp }> {
  return (grammar.repository[group]?.patterns ?? []).map((r) => ({
    scope: [r.name ?? '', ...Object.values(r.captures ?? {}).map((c) => c.name)].join(' '),
    re: toJs(r.match!),
  }));
}

function scopesOf(line: string, group: string): string[] {
  return rules(group)
    .filter((r) => r.re.test(line))
    .map((r) => r.scope);
}

describe('syntaxes/clinical-note grammar', () => {
  it('every rule compiles and the scope name is the one package.json declares', () => {
    assert.equal(grammar.scopeName, 'text.clinical-note');
    assert.ok(rules('heading').length >= 4);
    assert.ok(rules('inline').length >= 4);
  });

  it('highlights as headings exactly the lines the sections parser reads as headings', () => {
    const names = knownSectionNames();
    const lines = [
      ...names.map((n) => `${n[0]!.toUpperCase()}${n.slice(1)}`),
      ...names.map((n) => `${n.toUpperCase()}:`),
      ...names.map((n) => `${n}: text after it`),
      '## Workup',
      '**Assessment and plan:**',
      'Social situation:',
    ];
    let headings = 0;
    for (const line of lines) {
      const parsed = parseSections(line).length === 1;
      const highlighted = scopesOf(line, 'heading').some((s) => s.includes('entity.name.section'));
      assert.equal(highlighted, parsed, `grammar and parser disagree on "${line}"`);
      if (parsed) headings++;
    }
    assert.ok(headings > names.length * 2, `${headings} headings`);
    for (const line of ['plan to review', 'The patient reports pain and was told the following by her doctor:', '- Plan: later', 'A', 'P']) {
      assert.equal(parseSections(line).length, 0, `parser: ${line}`);
      assert.deepEqual(scopesOf(line, 'heading'), [], `grammar: ${line}`);
    }
  });

  it('marks *** blanks, left-over snippet placeholders, ICD-10-CM codes and dates', () => {
    assert.ok(scopesOf('Imaging: ***', 'inline').some((s) => s.includes('blank')));
    assert.ok(scopesOf('Labs: ${4:serum calcium}', 'inline').some((s) => s.includes('placeholder')));
    assert.ok(scopesOf('Imaging: ${2|plain radiography,CT|}', 'inline').some((s) => s.includes('placeholder')));
    assert.ok(scopesOf('Follow-up: $CURRENT_YEAR', 'inline').some((s) => s.includes('placeholder')));
    for (const code of ['L94.2', 'M33.10', 'E83.59', 'N25.81']) {
      assert.ok(scopesOf(`coded ${code} today`, 'inline').some((s) => s.includes('icd10cm')), code);
    }
    for (const notCode of ['HbA1c 6.5', 'version 12.5', 'A1C']) {
      assert.ok(!scopesOf(notCode, 'inline').some((s) => s.includes('icd10cm')), notCode);
    }
    assert.ok(scopesOf('Follow-up: 2025-03-01', 'inline').some((s) => s.includes('date')));
  });
});
