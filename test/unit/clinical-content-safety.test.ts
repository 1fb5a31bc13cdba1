/**
 * The clinical safety pass (issue 13) held by tests: official code titles, headers never offered as
 * billable, no internal wording on any card, every source a card lists cited by a line it shows, the
 * citations that did not hold, and the names clinicians type. Cards are rendered through the same
 * functions the hover, the completion pane and the CLI call.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeSummary, renderCard, renderCardText } from '../../src/core/cards/cards';
import type { LoadedEntry } from '../../src/core/types';
import { loadBuiltin, ROOT } from './helpers';

const kb = loadBuiltin();
const entries = kb.knowledge.entries.filter((e) => e.pack === 'calcinosis');
const get = (id: string): LoadedEntry => {
  const e = kb.knowledge.get(id);
  assert.ok(e, `missing entry ${id}`);
  return e;
};
const officialTitles = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'official-code-titles.json'), 'utf8')) as {
  codes: Record<string, { title: string; source: string; header?: boolean }>;
};
const allFactText = (e: LoadedEntry) => [e.definition, e.relation ?? '', ...(e.facts ?? []).map((f) => f.text), e.evidence?.summary ?? ''].join('\n');

/** The card without its footer: what a reader takes as clinical text. */
const body = (card: string) => card.slice(0, card.lastIndexOf('\n---\n'));

describe('clinical content safety: codes', () => {
  it('gives every code its official CMS title, as the fixture records it with its S# source', () => {
    const seen = new Set<string>();
    for (const e of entries) {
      for (const c of e.codes ?? []) {
        const official = officialTitles.codes[c.code];
        assert.ok(official, `${e.id}: ${c.code} has no official title in test/fixtures/official-code-titles.json`);
        assert.equal(c.title, official.title, `${e.id}: ${c.code}`);
        assert.ok(c.sources.includes(official.source), `${e.id}: ${c.code} does not cite ${official.source}`);
        assert.equal(c.billable === false, official.header === true, `${e.id}: ${c.code} header flag`);
        seen.add(c.code);
      }
    }
    for (const code of Object.keys(officialTitles.codes)) assert.ok(seen.has(code), `fixture lists ${code}, which the pack no longer carries`);
  });

  it('never offers a header as billable: not first (completion detail, card subtitle), and labelled a header on the card', () => {
    for (const e of entries) {
      const codes = e.codes ?? [];
      if (!codes.length) continue;
      assert.notEqual(codes[0]!.billable, false, `${e.id}: its first code ${codes[0]!.code} is a header, and completion shows the first code`);
      const headers = codes.filter((c) => c.billable === false);
      const subtitle = codeSummary(codes);
      for (const h of headers) assert.ok(!subtitle.includes(`${h.code},`) && !subtitle.endsWith(h.code), `${e.id}: header ${h.code} in the subtitle`);
      const card = kb.card(e);
      for (const h of headers) {
        const line = card.split('\n').find((l) => l.startsWith(`- \`${h.code}\``));
        assert.ok(line, `${e.id}: ${h.code} line`);
        assert.match(line, /\(header, not billable\)/);
        assert.doesNotMatch(line, /\(billable\)/);
      }
      const text = renderCardText(e, kb.knowledge);
      for (const h of headers) assert.match(text, new RegExp(`${h.code.replace('.', '\\.')} — .*\\(header, not billable\\)`));
    }
  });

  it('codes muscle calcification by site under the M61.4 header', () => {
    const m = get('muscle-calcification');
    const codes = (m.codes ?? []).map((c) => c.code);
    assert.equal((m.codes ?? []).find((c) => c.code === 'M61.4')?.billable, false);
    for (const c of ['M61.40', 'M61.411', 'M61.449', 'M61.48', 'M61.49', 'M61.9']) assert.ok(codes.includes(c), c);
    assert.ok((m.codes ?? []).filter((c) => c.code.startsWith('M61.4') && c.code !== 'M61.4').every((c) => c.billable === true));
  });

  it('codes calciphylaxis E83.59 (S34 title, S35 mapping), warns it is not L95.0, and the term or the code finds it', () => {
    const c = get('calciphylaxis');
    assert.deepEqual((c.codes ?? []).map((x) => [x.code, x.title, [...x.sources].sort()]), [['E83.59', 'Other disorders of calcium metabolism', ['S34', 'S35']]]);
    const card = kb.card(c);
    assert.match(card, /not L95\\\.0\\: L95\\\.0 is Livedoid vasculitis/);
    for (const e of entries) assert.ok(!(e.codes ?? []).some((x) => x.code === 'L95.0'), `${e.id} carries L95.0`);
    // "calciphylaxis icd" (a facet word) is the free-text look-up of issue 12; here the term and the code find it.
    assert.equal(kb.search('calciphylaxis', { limit: 3 })[0]?.entry.codes?.[0]?.code, 'E83.59');
    assert.ok(kb.search('E83.59', { limit: 10 }).some((h) => h.entry.id === 'calciphylaxis'));
  });

  it('says which hyperparathyroidism code is which', () => {
    const h = get('hyperparathyroidism');
    const text = allFactText(h);
    assert.match(text, /E21\.0 is primary hyperparathyroidism/);
    assert.match(text, /secondary hyperparathyroidism of renal origin .*is N25\.81, not E21\.1/);
  });
});

describe('clinical content safety: card wording', () => {
  const BANNED: RegExp[] = [/\bthe seed\b/i, /\bin the seed\b/i, /subject of this pack/i, /\bthis pack\b/i, /counted by/i, /\(the [CREST]\)/, /\bthe [CREST] of CREST\b/, /component of CREST/i, /\[seed\]/, /\\\[seed\\\]/];

  it('has no internal wording on any card (full, compact and plain text)', () => {
    for (const e of entries) {
      for (const card of [body(kb.card(e)), body(kb.card(e, { compact: true })), renderCardText(e, kb.knowledge).split('\nSources:\n')[0]!]) {
        for (const re of BANNED) assert.doesNotMatch(card, re, `${e.id}: ${re}`);
      }
    }
  });

  it('lists only sources that a line shown on the card cites, full or compact', () => {
    for (const e of entries) {
      for (const compact of [false, true]) {
        const card = kb.card(e, { compact });
        const [text, footer] = [body(card), card.slice(card.lastIndexOf('\n---\n'))];
        const cited = new Set<string>();
        for (const m of text.matchAll(/\\\[([^\]]+?)\\\]/g)) for (const k of m[1]!.split(', ')) cited.add(k.replace(/\\/g, ''));
        const listed = kb.knowledge.pack('calcinosis')!.sources.filter((s) => footer.includes(s.kind === 'seed' ? s.title.replace(/[-.]/g, '\\$&') : `${s.id.replace(/[-.]/g, '\\$&')}: `));
        for (const s of listed) {
          const keyShown = s.kind === 'seed' ? `seed: ${kb.knowledge.pack('calcinosis')!.sections.find((x) => x.id === s.section)!.title}` : s.id;
          assert.ok(cited.has(keyShown), `${e.id}${compact ? ' (compact)' : ''}: lists ${s.id} but no shown line cites it`);
        }
      }
    }
  });

  it('names the seed section of every seed fact ("[seed: Treatment]")', () => {
    const card = kb.card(get('nsaids'));
    assert.match(card, /\\\[seed\\: Treatment\\\]/);
    assert.match(renderCardText(get('nsaids'), kb.knowledge), /\[seed: Treatment\]/);
  });

  it('says "IB, against" once on the warfarin card', () => {
    const card = body(kb.card(get('low-dose-warfarin')));
    assert.equal(card.match(/\bIB\b/g)?.length, 1, card);
    assert.match(card, /level IB .*recommended against/);
  });

  it('defines the CREST features from sources, not by their letter', () => {
    for (const id of ['raynaud-phenomenon', 'esophageal-dysmotility', 'sclerodactyly', 'telangiectasia']) {
      const e = get(id);
      assert.doesNotMatch(e.definition, /component of CREST|\(the [CREST]\)/, id);
      assert.ok(e.sources.some((s) => ['S61', 'S62'].includes(s)), `${id} defined without its source`);
    }
    assert.match(get('raynaud-phenomenon').definition, /pallor, cyanosis and\/or rubor/);
  });

  it('scopes "no therapy works reliably" to the systemic sclerosis and dermatomyositis review', () => {
    for (const e of entries) {
      for (const t of allFactText(e).split('\n').filter((x) => /no therapy works reliably/i.test(x))) {
        assert.match(t, /systemic sclerosis and dermatomyositis/, `${e.id}: ${t}`);
      }
    }
  });

  it('removes the circular matrix Gla protein card', () => {
    assert.equal(kb.knowledge.get('matrix-gla-protein'), undefined);
  });

  it('warns on both the idiopathic and the HFTC cards that HFTC has high phosphate', () => {
    assert.match(allFactText(get('idiopathic-calcinosis')), /hyperphosphatemic familial tumoral calcinosis has high serum phosphate/);
    assert.match(allFactText(get('hftc')), /phosphate is high/);
    assert.match(allFactText(get('tumoral-calcinosis')), /high serum phosphate/);
  });

  it('gives aluminium or magnesium antacids their renal-failure caution and says no evidence level is given', () => {
    const t = allFactText(get('aluminium-or-magnesium-antacids'));
    assert.match(t, /Caution in renal failure: risk of toxicity/);
    assert.match(t, /No evidence level is given/);
  });
});

describe('clinical content safety: citations that hold', () => {
  const cites = (e: LoadedEntry, re: RegExp) => (e.facts ?? []).filter((f) => re.test(f.text)).map((f) => f.sources);

  it('shows both anti-RNA polymerase III findings, each with its source', () => {
    const e = get('anti-rna-polymerase-iii-antibody');
    assert.deepEqual(cites(e, /less common/), [['S15']]);
    assert.deepEqual(cites(e, /OR 1\.77/), [['S16']]);
  });

  it('no longer cites an antibody cohort (S15) for a screening recommendation', () => {
    for (const e of entries) {
      for (const f of e.facts ?? []) {
        if (/screen/i.test(f.text)) assert.ok(!f.sources.includes('S15'), `${e.id}: ${f.text}`);
      }
    }
  });

  it('says what S29 says: 1–4% of CKD patients, about 4% in ESKD (not "of dialysis patients")', () => {
    for (const e of entries) assert.doesNotMatch(allFactText(e), /1–4% of dialysis patients/, e.id);
    assert.deepEqual(cites(get('calciphylaxis'), /chronic kidney disease develop calciphylaxis/), [['S29']]);
    assert.deepEqual(cites(get('calciphylaxis'), /annual incidence/), [['S30']]);
  });

  it('cites the PMC article under S33 for SAMD9 and the FGF23 pathway, and the S33 review for 1,25(OH)2D', () => {
    assert.ok(cites(get('normophosphatemic-tumoral-calcinosis'), /SAMD9/).some((s) => s.includes('PMC3169303')));
    assert.ok(cites(get('hftc'), /1,25-dihydroxyvitamin D/).every((s) => s.includes('S33b')));
    assert.ok(cites(get('1-25-dihydroxyvitamin-d'), /1,25/).every((s) => s.includes('S33b')));
  });

  it('cites S46 and S31, not the workup page alone, for sodium thiosulfate treatment facts', () => {
    for (const id of ['sodium-thiosulfate', 'intravenous-sodium-thiosulfate', 'peritoneal-dialysis', 'hemodialysis', 'calciphylaxis-management']) {
      for (const f of get(id).facts ?? []) {
        if (/thiosulfate|STS/.test(f.text) && /dialysis|peritoni|acidosis|nausea/.test(f.text)) {
          assert.ok(f.sources.includes('S46') || f.sources.includes('S31'), `${id}: ${f.text} cites ${f.sources}`);
        }
      }
    }
    assert.ok(cites(get('peritoneal-dialysis'), /chemical peritonitis/).some((s) => s.includes('S31')));
  });

  it('says what S46 says about sevelamer (a multimodality approach), not that binders are switched', () => {
    for (const e of entries) assert.doesNotMatch(allFactText(e), /switched to sevelamer/i, e.id);
    assert.deepEqual(cites(get('sevelamer'), /sodium thiosulfate, cinacalcet and sevelamer/), [['S46']]);
  });
});

describe('clinical content safety: names clinicians type', () => {
  const cases: Array<[string, string]> = [
    ['scleroderma', 'systemic-sclerosis'],
    ['CKD', 'chronic-kidney-disease'],
    ['chronic kidney disease', 'chronic-kidney-disease'],
    ['hyperphosphatemia', 'hyperphosphatemia'],
    ['high phosphate', 'hyperphosphatemia'],
    ['MCTD', 'mixed-connective-tissue-disease'],
    ['mixed connective tissue disease', 'mixed-connective-tissue-disease'],
    ['polymyositis', 'polymyositis'],
    ['pseudoxanthoma elasticum', 'pseudoxanthoma-elasticum'],
    ['pilomatrixoma', 'pilomatrixoma'],
    ['quality of life', 'quality-of-life'],
    ['mobility', 'mobility'],
    ['heel sticks', 'neonatal-heel-sticks'],
  ];
  for (const [typed, id] of cases) {
    it(`"${typed}" resolves to ${id}, first in search`, () => {
      assert.equal(kb.resolve(typed)?.id, id);
      assert.equal(kb.search(typed, { limit: 5 })[0]?.entry.id, id);
    });
  }

  it('scleroderma is systemic sclerosis, never sclerodactyly', () => {
    assert.ok(!(get('sclerodactyly').synonyms ?? []).includes('scleroderma'));
    assert.ok((get('systemic-sclerosis').synonyms ?? []).includes('scleroderma'));
  });

  it('every new entry cites its sources and carries no dose', () => {
    for (const id of ['chronic-kidney-disease', 'hyperphosphatemia', 'mixed-connective-tissue-disease', 'polymyositis', 'pilomatrixoma', 'quality-of-life', 'mobility', 'neonatal-heel-sticks']) {
      const e = get(id);
      assert.ok(e.sources.length > 0 && (e.facts ?? []).every((f) => f.sources.length > 0), id);
      assert.ok(renderCard(e, kb.knowledge).includes('*Sources:*'), id);
    }
  });
});
