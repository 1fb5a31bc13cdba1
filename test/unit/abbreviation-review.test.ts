/**
 * Every abbreviation in the built-in pack has been reviewed against its common meanings in clinical
 * notes (test/fixtures/abbreviation-review.json). A new or changed abbreviation fails here until someone
 * reviews it, so "DM" can never again open a dermatomyositis card unannounced.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ambiguityBanner, ambiguityBannerText } from '../../src/core/cards/cards';
import type { Entry, Pack } from '../../src/core/types';
import { loadBuiltin, ROOT } from './helpers';

interface Review {
  text: string;
  entry: string;
  ambiguous: boolean;
  meanings: string[];
  source: string;
}

const pack = JSON.parse(fs.readFileSync(path.join(ROOT, 'knowledge', 'calcinosis.json'), 'utf8')) as Pack;
const review = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'abbreviation-review.json'), 'utf8')) as {
  abbreviations: Review[];
  abbreviationLikeSynonyms: Review[];
  dropped: Array<{ text: string; entry: string }>;
};

/** A synonym written like an abbreviation: two or more capitals and no more lower-case letters than capitals (CT, PET/CT, QoL, CaxP). */
export function looksLikeAbbreviation(text: string): boolean {
  const upper = (text.match(/\p{Lu}/gu) ?? []).length;
  const lower = (text.match(/\p{Ll}/gu) ?? []).length;
  return upper >= 2 && upper >= lower;
}

const key = (text: string, entry: string) => `${text} @ ${entry}`;

describe('abbreviation review (test/fixtures/abbreviation-review.json)', () => {
  const reviewed = new Map(review.abbreviations.map((r) => [key(r.text, r.entry), r]));
  const reviewedSynonyms = new Map(review.abbreviationLikeSynonyms.map((r) => [key(r.text, r.entry), r]));

  it('has a review, with meanings and a source, for every abbreviation in every built-in entry', () => {
    let walked = 0;
    for (const e of pack.entries) {
      for (const a of e.abbreviations ?? []) {
        walked++;
        const r = reviewed.get(key(a.text, e.id));
        assert.ok(r, `abbreviation ${a.text} on ${e.id} has not been reviewed: add it to test/fixtures/abbreviation-review.json`);
        assert.ok(r.meanings.length > 0 && r.source.trim().length > 0, `${a.text}: review needs meanings and a source`);
        assert.equal(a.ambiguous === true, r.ambiguous, `${a.text} on ${e.id}: the pack says ambiguous=${a.ambiguous === true}, the review ${r.ambiguous}`);
      }
    }
    assert.equal(walked, review.abbreviations.length, 'the review lists an abbreviation the pack no longer has');
  });

  it('has a review for every synonym written like an abbreviation', () => {
    const seen = new Set<string>();
    for (const e of pack.entries) {
      for (const s of (e.synonyms ?? []).filter(looksLikeAbbreviation)) {
        seen.add(key(s, e.id));
        const r = reviewedSynonyms.get(key(s, e.id));
        assert.ok(r, `synonym ${s} on ${e.id} reads like an abbreviation and has not been reviewed`);
        // A synonym is expanded without asking; one that is ambiguous must move to abbreviations (ambiguous).
        assert.equal(r.ambiguous, false, `${s} is ambiguous: make it an ambiguous abbreviation, not a synonym`);
      }
    }
    for (const k of reviewedSynonyms.keys()) assert.ok(seen.has(k), `the review lists ${k}, which the pack no longer has`);
  });

  it('recognises abbreviation-like synonyms (self-check)', () => {
    for (const s of ['CT', 'PET/CT', 'QoL', 'CaxP', 'H&E', 'IVIg', 'PO4']) assert.ok(looksLikeAbbreviation(s), s);
    for (const s of ['anti-TNF', 'serum Ca', 'juvenile DM', 'x-ray', 'scleroderma']) assert.ok(!looksLikeAbbreviation(s), s);
  });

  it('keeps dropped abbreviations out', () => {
    const all = pack.entries.flatMap((e: Entry) => (e.abbreviations ?? []).map((a) => a.text));
    for (const d of review.dropped) {
      assert.ok(!all.includes(d.text), `${d.text} was dropped in review`);
      assert.ok(!pack.entries.some((e) => e.id === d.entry), `${d.entry} was dropped in review`);
    }
  });

  it('stores the usual meaning of every ambiguous abbreviation in the pack, and the reviewed ones the issue names', () => {
    for (const e of pack.entries) {
      for (const a of (e.abbreviations ?? []).filter((x) => x.ambiguous)) {
        assert.ok((a.usually ?? '').trim().length > 0, `${a.text} on ${e.id} is ambiguous but says nothing of its usual meaning`);
      }
    }
    const usual = (text: string) => pack.entries.flatMap((e) => e.abbreviations ?? []).find((a) => a.text === text);
    assert.match(usual('DM')?.usually ?? '', /^diabetes mellitus/);
    assert.match(usual('HD')?.usually ?? '', /hospital day/);
    assert.match(usual('HD')?.usually ?? '', /Huntington disease/);
    assert.match(usual('PD')?.usually ?? '', /Parkinson disease/);
    assert.match(usual('PD')?.usually ?? '', /progressive disease/);
    assert.match(usual('ACA')?.usually ?? '', /^anterior cerebral artery/);
    assert.match(usual('CC')?.usually ?? '', /^chief complaint/);
    for (const t of ['DM', 'PD', 'HD', 'ACA', 'CC', 'STS', 'DCC']) assert.equal(usual(t)?.ambiguous, true, t);
  });

  it('cites the clinical abbreviation inventory (CASI) as a source, with its URL', () => {
    const casi = pack.sources.find((s) => /Clinical Abbreviation Sense Inventory/.test(s.title));
    assert.ok(casi, 'CASI is not a pack source');
    assert.equal(casi.url, 'http://conservancy.umn.edu/handle/11299/137703');
    assert.match(casi.title, /10\.1136\/amiajnl-2012-001506/);
  });
});

describe('ambiguity banner (hover and card of an ambiguous abbreviation)', () => {
  const kb = loadBuiltin();
  const dm = kb.knowledge.get('dermatomyositis')!;
  const abbreviation = dm.abbreviations!.find((a) => a.text === 'DM')!;

  it('says what DM usually means before what it can mean in calcinosis notes', () => {
    assert.equal(
      ambiguityBannerText(abbreviation, dm, kb.knowledge),
      'DM — Usually means diabetes mellitus (or dextromethorphan); in calcinosis notes it can mean dermatomyositis. Check what the author meant.',
    );
    const md = ambiguityBanner(abbreviation, dm, kb.knowledge);
    assert.match(md, /^\*\*DM\*\* — Usually means diabetes mellitus/);
    assert.doesNotMatch(md.replace(/\\./g, ''), /[<[\]]/, 'pack text is escaped');
  });

  it('is empty for an abbreviation that is not ambiguous', () => {
    const ssc = kb.knowledge.get('systemic-sclerosis')!;
    assert.equal(ambiguityBanner(ssc.abbreviations![0]!, ssc, kb.knowledge), '');
  });

  it('falls back to the note when a pack gives no usual meaning, and never says "in undefined notes"', () => {
    const text = ambiguityBannerText({ text: 'XY', ambiguous: true, note: 'XY is used for several things.' }, { label: 'thing', pack: 'nope' });
    assert.equal(text, 'XY — Ambiguous in notes; here it can mean thing. Check what the author meant. XY is used for several things.');
  });

  it('every ambiguous abbreviation of the pack spots in a line and gets its banner', () => {
    for (const e of kb.knowledge.entries) {
      for (const a of (e.abbreviations ?? []).filter((x) => x.ambiguous)) {
        const line = `Hx: ${a.text} noted`;
        const m = kb.termAt(line, line.indexOf(a.text) + 1);
        assert.ok(m?.abbreviation?.ambiguous, `${a.text} is not spotted as an ambiguous abbreviation`);
        assert.match(ambiguityBannerText(m.abbreviation, m.entry, kb.knowledge), new RegExp(`^${a.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — Usually means .+; in calcinosis notes it can mean ${m.entry.label}\\.`));
      }
    }
  });
});
