import * as assert from 'node:assert/strict';
import { codeSummary, definitionSentence, escapeMarkdown, renderCardText, safeUrl } from '../../src/core/cards/cards';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { loadMini, miniObject } from './helpers';

describe('cards', () => {
  const kb = loadMini();

  it('shows title, kind, definition, relation, facts, codes, names, related and sources', () => {
    const ssc = kb.card(kb.knowledge.get('systemic-sclerosis')!);
    assert.match(ssc, /^#### systemic sclerosis\n\*Cause\*/);
    assert.match(ssc, /An autoimmune connective tissue disease\\\./);
    assert.match(ssc, /\*\*In calcinosis:\*\* Calcinosis is a late feature\\\./);
    assert.match(ssc, /- About a quarter of patients develop calcinosis\\\. \\\[S1\\\]/);
    assert.match(ssc, /\*\*Also written:\*\* scleroderma; SSc/);
    assert.match(ssc, /\*Sources:\* S1: \[Reference one\]\(https:\/\/example\.org\/one\)/);
    const cc = kb.card(kb.knowledge.get('calcinosis-cutis')!);
    assert.match(cc, /- `L94\.2` Calcinosis cutis — ICD\\-10\\-CM/);
    assert.match(cc, /CC \(ambiguous: CC is also common for other terms in notes\)/);
    assert.match(cc, /\*\*Related:\*\* calcinosis/);
  });

  it('names a seed section as the source', () => {
    assert.match(kb.card(kb.knowledge.get('calcinosis')!), /\*Sources:\* Seed — Workup/);
  });

  it('shows evidence levels', () => {
    assert.match(kb.card(kb.knowledge.get('sodium-thiosulfate')!), /\*\*Evidence:\*\* level IV \(Oxford CEBM\)/);
  });

  it('renders hostile pack text inert: no HTML, no links, no images, no command URIs', () => {
    const p = miniObject();
    p.entries[0].definition = '<img src="https://evil.example/x.png"> [click](command:workbench.action.terminal.new) ![i](https://evil.example/i.png) <script>alert(1)</script> [js](javascript:alert(1))';
    p.entries[0].label = '**bold** `code` # heading';
    p.sources[1].url = 'https://example.org/a) [x](command:evil';
    const { kb: bad, problems } = KnowledgeBase.load([{ file: 'hostile.json', text: JSON.stringify(p) }]);
    assert.deepEqual(problems, []);
    const card = bad.card(bad.knowledge.get('calcinosis')!);
    // What Markdown would act on is what is left once every backslash-escaped character is removed.
    const active = (md: string) => md.replace(/\\./g, '');
    assert.doesNotMatch(active(card), /<|\]\(|!\[|javascript:|command:/);
    assert.match(card, /\\<img src="https\\:\/\/evil\\\.example\/x\\\.png"\\>/);
    const sys = bad.card(bad.knowledge.get('systemic-sclerosis')!);
    assert.doesNotMatch(active(sys), /command:/);
  });

  it('only builds links from plain http(s) URLs', () => {
    assert.equal(safeUrl('javascript:alert(1)'), undefined);
    assert.equal(safeUrl('command:x'), undefined);
    assert.equal(safeUrl('https://a.example/b c'), undefined);
    assert.equal(safeUrl('https://a.example/(x)'), 'https://a.example/%28x%29');
  });

  it('escapes every Markdown metacharacter', () => {
    assert.equal(escapeMarkdown('a*b_c[d](e)<f>`g`'), 'a\\*b\\_c\\[d\\]\\(e\\)\\<f\\>\\`g\\`');
  });

  it('makes a definition sentence and a plain-text card', () => {
    assert.equal(definitionSentence(kb.knowledge.get('calcinosis-cutis')!), 'Calcinosis cutis: Calcinosis of the skin.');
    const text = renderCardText(kb.knowledge.get('calcinosis-cutis')!, kb.knowledge);
    assert.match(text, /^calcinosis cutis\nCondition · ICD-10-CM L94\.2/);
    assert.match(text, /S1: Reference one <https:\/\/example\.org\/one>/);
  });
});

describe('card subtitle', () => {
  it('names the code system once and shortens long code lists', () => {
    const code = (c: string) => ({ system: 'ICD-10-CM' as const, code: c, title: 't', sources: ['S1'] });
    assert.equal(codeSummary([]), '');
    assert.equal(codeSummary([code('L94.2')]), ' · ICD-10-CM L94.2');
    assert.equal(codeSummary(['M33.10', 'M33.11', 'M33.12', 'M33.13', 'M36.0'].map(code)), ' · ICD-10-CM M33.10, M33.11, M33.12 +2 more');
  });
});
