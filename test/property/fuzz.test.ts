/**
 * Keystroke fuzz: random documents × cursor positions through every core entry point the editor calls
 * while the user types or moves the mouse. Nothing may throw, and every range handed back must lie
 * inside the document and say what it covers, or the editor would underline, hover or replace the
 * wrong text.
 *
 *   FUZZ_SEED=<n|text>  replay a run (default: a fixed seed, so CI is reproducible)
 *   FUZZ_SEED=random    pick a seed and print it
 *   FUZZ_CASES=<n>      number of documents (default 10,000)
 *   FUZZ_ONLY=<i>       run only case i of the seed (as printed by a failure)
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkNote, findBlanks, lineAround as checkLine, nextBlank, previousBlank } from '../../src/core/note/checks';
import { boostKindsForSection } from '../../src/core/note/section-boost';
import { parseSections, sectionAt, type NoteSection } from '../../src/core/note/sections';
import { MAX_QUERY_LENGTH, type SearchOptions } from '../../src/core/search/prefix-index';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import type { TermMatch } from '../../src/core/search/term-spotter';
import { isWordChar } from '../../src/core/text';
import { ENTRY_KINDS, type LoadedEntry } from '../../src/core/types';
import { Rng, caseSeed, parseSeed, randomDocument, randomOffsets, wordBefore } from './generate';
import { BUILTIN, MINI, ROOT, readPack } from '../unit/helpers';

const DEFAULT_SEED = 0x5eed_c0de;
const DEFAULT_CASES = 10_000;
/** Positions probed per document, besides both ends and the spotted terms. */
const OFFSETS_PER_CASE = 3;
/**
 * Longest query the fuzz sends to search. Completion sends the whole word before the cursor; a long
 * word is covered once, on its own, by the "extreme input" test below, so the fuzz run stays fast.
 */
const MAX_QUERY = 64;

function chooseSeed(): number {
  const env = process.env.FUZZ_SEED?.trim();
  if (!env) return DEFAULT_SEED;
  if (env === 'random') return randomBytes(4).readUInt32LE(0);
  return parseSeed(env);
}

const SEED = chooseSeed();
const CASES = Math.max(1, Number(process.env.FUZZ_CASES) || DEFAULT_CASES);
const ONLY = process.env.FUZZ_ONLY !== undefined && process.env.FUZZ_ONLY !== '' ? Number(process.env.FUZZ_ONLY) : undefined;

interface FuzzCase {
  index: number;
  shape: string;
  text: string;
  offsets: number[];
}

/**
 * The built-in knowledge (the mini fixture until the shipped pack lands) plus a pack whose names are
 * `Object.prototype` keys. The pack whose every text field holds Markdown and HTML is not loaded (its
 * 500-character, 12-word labels make every lookup an order of magnitude slower without exercising
 * anything new, and the run must stay fast); its terms are spliced into the documents instead.
 */
function fuzzKnowledge(): KnowledgeBase {
  const builtin = fs.existsSync(BUILTIN) ? BUILTIN : MINI;
  const { kb, problems } = KnowledgeBase.load([builtin, hostile('proto-ids.json')].map(readPack));
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`fuzz knowledge did not load: ${errors.map((p) => p.message).join('; ')}`);
  return kb;
}

function hostile(name: string): string {
  return path.join(ROOT, 'test', 'fixtures', 'hostile', name);
}

function termsOf(entries: readonly LoadedEntry[]): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    out.add(e.label);
    for (const s of e.synonyms ?? []) out.add(s);
    for (const a of e.abbreviations ?? []) out.add(a.text);
    for (const c of e.codes ?? []) out.add(c.code).add(c.title);
  }
  return [...out];
}

/** Lines as VS Code splits them (`\r\n`, `\r` or `\n`): the hover gets one line's text and a column. */
function lineAround(text: string, offset: number): { start: number; text: string } {
  let start = offset;
  while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  let end = offset;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return { start, text: text.slice(start, end) };
}

/** The word before the cursor and up to two earlier words joined by single spaces, as completion queries them. */
function completionQueries(line: string, column: number): string[] {
  const queries: string[] = [];
  let end = column;
  let start = end - wordBefore(line, end, MAX_QUERY).length;
  if (start === end) return queries;
  queries.push(line.slice(start, column));
  for (let n = 0; n < 2 && start >= 2 && line[start - 1] === ' '; n++) {
    end = start - 1;
    const w = wordBefore(line, end, MAX_QUERY);
    if (!w) break;
    start = end - w.length;
    queries.push(line.slice(start, column));
  }
  return queries;
}

function describeCase(c: FuzzCase, offset?: number): string {
  const shown = c.text.length > 400 ? `${JSON.stringify(c.text.slice(0, 400))}…` : JSON.stringify(c.text);
  return `fuzz case #${c.index} (${c.shape}, ${c.text.length} chars${offset === undefined ? '' : `, offset ${offset}`}); replay with FUZZ_SEED=${SEED} FUZZ_ONLY=${c.index}\n  document: ${shown}`;
}

/** Runs `check` on every case and offset; the first failure names the case and how to replay it. */
function forEachCase(cases: readonly FuzzCase[], check: (c: FuzzCase) => void): void {
  for (const c of cases) {
    try {
      check(c);
    } catch (err) {
      const e = err as Error & { offset?: number };
      e.message = `${describeCase(c, e.offset)}\n  ${e.message}`;
      throw e;
    }
  }
}

function at<T>(offset: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    (err as { offset?: number }).offset = offset;
    throw err;
  }
}

function assertRange(text: string, m: TermMatch, where: string): void {
  assert.ok(Number.isInteger(m.start) && Number.isInteger(m.end), `${where}: offsets are integers`);
  assert.ok(0 <= m.start && m.start <= m.end && m.end <= text.length, `${where}: range ${m.start}-${m.end} inside 0-${text.length}`);
  assert.equal(text.slice(m.start, m.end), m.text, `${where}: the text slice is the match's text`);
  assert.ok(m.start === 0 || !isWordChar(text.charCodeAt(m.start - 1), text[m.start - 1]!), `${where}: starts at a word edge`);
  assert.ok(m.end === text.length || !isWordChar(text.charCodeAt(m.end), text[m.end]!), `${where}: ends at a word edge`);
}

function assertSections(text: string, sections: readonly NoteSection[]): void {
  let previous: NoteSection | undefined;
  let line = 0;
  let counted = 0;
  for (const s of sections) {
    assert.ok(0 <= s.headingStart && s.headingStart <= s.headingEnd && s.headingEnd <= s.start && s.start <= s.end && s.end <= text.length,
      `section "${s.title}": 0 ≤ headingStart ${s.headingStart} ≤ headingEnd ${s.headingEnd} ≤ start ${s.start} ≤ end ${s.end} ≤ ${text.length}`);
    assert.ok(s.title.length > 0, 'a section has a title');
    if (previous) {
      assert.ok(previous.end <= s.headingStart, `sections ordered and not overlapping: ${previous.end} ≤ ${s.headingStart}`);
      assert.equal(previous.end, s.headingStart, 'a section runs to the next heading');
    }
    assert.ok(s.headingStart === 0 || text.charCodeAt(s.headingStart - 1) === 10, 'a heading starts a line');
    for (; counted < s.headingStart; counted++) if (text.charCodeAt(counted) === 10) line++;
    assert.equal(s.line, line, `section "${s.title}" is on line ${line}`);
    previous = s;
  }
  if (previous) assert.equal(previous.end, text.length, 'the last section runs to the end');
}

describe(`keystroke fuzz (seed ${SEED}, ${ONLY === undefined ? CASES : `case ${ONLY}`})`, function () {
  this.timeout(120_000);
  const kb = fuzzKnowledge();
  const entrySet = new Set<LoadedEntry>(kb.knowledge.entries);
  const acting = KnowledgeBase.load([readPack(hostile('acting-content.json'))]).kb.knowledge.entries;
  const terms = termsOf([...kb.knowledge.entries, ...acting]);
  const cases: FuzzCase[] = [];
  let positions = 0;
  let searched = 0;

  before(function () {
    const started = Date.now();
    for (let i = ONLY ?? 0; i < (ONLY === undefined ? CASES : ONLY + 1); i++) {
      const rng = new Rng(caseSeed(SEED, i));
      // One document in 1,000 is a 100 KB line: enough to prove nothing is quadratic, cheap enough for CI.
      const { text, shape, hints } = randomDocument(rng, terms, i % 1000 === 1 ? 'long-line' : undefined);
      // Cursor positions at the terms spliced in are where hovers and completions really happen.
      const offsets = randomOffsets(rng, text, OFFSETS_PER_CASE, hints);
      positions += offsets.length;
      cases.push({ index: i, shape, text, offsets });
    }
    const largest = cases.reduce((a, c) => Math.max(a, c.text.length), 0);
    const line = `fuzz: FUZZ_SEED=${SEED} FUZZ_CASES=${CASES}: ${cases.length} documents, ${positions} positions, largest ${largest} chars, generated in ${Date.now() - started} ms`;
    // Printed on every run, so a failure in CI (or with FUZZ_SEED=random) can be replayed.
    console.log(`    ${line}`);
  });

  it('covers empty documents, 100 KB lines, CRLF, right-to-left text, astral characters and lone surrogates', () => {
    // What the default run (and any run of 1,000 cases or more) is known to contain.
    if (ONLY !== undefined || CASES < 1000) return;
    const shapes = new Set(cases.map((c) => c.shape));
    assert.ok(shapes.has('empty') && shapes.has('long-line') && shapes.has('note'), `shapes seen: ${[...shapes].join(', ')}`);
    const all = (re: RegExp) => cases.some((c) => re.test(c.text));
    assert.ok(all(/\r\n/) && all(/\t/) && all(/\u0000/), 'CRLF, tabs and NUL');
    assert.ok(all(/[\u0590-\u06ff]/) && all(/[\u202a-\u202e]/), 'right-to-left scripts and bidi controls');
    assert.ok(all(/[\ud800-\udbff][\udc00-\udfff]/) && all(/[\u0300-\u036f]/), 'astral characters and combining marks');
    assert.ok(all(/(?:^|[^\ud800-\udbff])[\udc00-\udfff]/) || all(/[\ud800-\udbff](?![\udc00-\udfff])/), 'lone surrogates');
    assert.ok(cases.some((c) => c.text.split('\n').some((l) => l.length >= 100 * 1024)), 'a line of 100 KB');
  });

  it('SearchIndex.search (completion: the word before the cursor, and up to two earlier words), section-aware', () => {
    forEachCase(cases, (c) => {
      // One cursor position per document (a spliced term's edge when there is one): search is by far the
      // costliest entry point, and the word before either end of the document is usually empty.
      const offset = c.offsets[Math.min(2, c.offsets.length - 1)]!;
      at(offset, () => {
        const line = lineAround(c.text, offset);
        const queries = completionQueries(line.text, offset - line.start);
        // Completion also asks with the earlier words ("systemic scl"); every tenth case does the same.
        for (const [qi, query] of (c.index % 10 === 0 ? queries : queries.slice(0, 1)).entries()) {
          const section = sectionAt(parseSections(c.text), offset);
          const boostKinds = boostKindsForSection(section?.kinds ?? []);
          const opts: SearchOptions =
            (c.index + qi) % 7 === 3 ? { limit: 5, kinds: ENTRY_KINDS.slice(0, 4) } : { limit: 20, ...(boostKinds ? { boostKinds } : {}) };
          const hits = kb.search(query, opts);
          assert.ok(hits.length <= opts.limit!, `at most ${opts.limit} hits for ${JSON.stringify(query)}`);
          let last = -Infinity;
          for (const h of hits) {
            assert.ok(entrySet.has(h.entry), 'a hit is a loaded entry');
            assert.ok(Number.isFinite(h.score) && h.score >= last, `scores are finite and ascending (${h.score} after ${last})`);
            last = h.score;
            assert.equal(typeof h.matched, 'string');
            if (opts.kinds) assert.ok(opts.kinds.includes(h.entry.kind), `kind filter honoured (${h.entry.kind})`);
          }
          searched++;
        }
      });
    });
    assert.ok(searched >= cases.length / 2 || ONLY !== undefined, `searched ${searched} queries`);
    console.log(`    fuzz: ${searched} completion queries searched`);
  });

  it('TermSpotter.at with the line (hover) and with the whole text agree, inside the document', () => {
    forEachCase(cases, (c) => {
      for (const offset of c.offsets) {
        at(offset, () => {
          const line = lineAround(c.text, offset);
          const onLine = kb.spotter.at(line.text, offset - line.start);
          if (onLine) {
            assertRange(line.text, onLine, 'at(line)');
            assert.ok(onLine.start <= offset - line.start && offset - line.start <= onLine.end, 'the match covers the cursor');
          }
          const onText = kb.spotter.at(c.text, offset);
          if (onText) {
            assertRange(c.text, onText, 'at(text)');
            assert.ok(onText.start <= offset && offset <= onText.end, 'the match covers the cursor');
          }
          assert.deepEqual(
            onText && { id: onText.entry.id, start: onText.start, end: onText.end },
            onLine && { id: onLine.entry.id, start: onLine.start + line.start, end: onLine.end + line.start },
            'the same term whether given the line or the whole text',
          );
        });
      }
      for (const bad of [-1, c.text.length + 1, Number.NaN]) assert.equal(kb.spotter.at(c.text, bad), undefined, `at(${bad}) outside the text`);
    });
  });

  it('TermSpotter.all: every match inside the document, in order, not overlapping', () => {
    forEachCase(cases, (c) => {
      let end = 0;
      for (const m of kb.spotter.all(c.text)) {
        assertRange(c.text, m, 'all()');
        assert.ok(m.start >= end, `ordered and not overlapping: ${m.start} ≥ ${end}`);
        assert.ok(m.end > m.start, 'a match is not empty');
        end = m.end;
      }
    });
  });

  it('parseSections + sectionAt: sections ordered, contiguous, inside the document; every offset finds its section', () => {
    forEachCase(cases, (c) => {
      const sections = parseSections(c.text);
      assertSections(c.text, sections);
      for (const offset of c.offsets) {
        at(offset, () => {
          const s = sectionAt(sections, offset);
          if (sections.length === 0 || offset < sections[0]!.headingStart) assert.equal(s, undefined, 'no section before the first heading');
          else {
            assert.ok(s, 'an offset after the first heading is in a section');
            assert.ok(s.headingStart <= offset && offset <= s.end, `section ${s.headingStart}-${s.end} holds ${offset}`);
          }
        });
      }
      assert.equal(sectionAt(sections, -1), undefined);
      assert.equal(sectionAt(sections, c.text.length + 1), undefined);
    });
  });

  // Note checks run debounced, not on every keystroke, but on every edit of the same documents.
  it('note checks (checkNote in both modes, nextBlank, previousBlank, lineAround): ranges inside the document', () => {
    forEachCase(cases, (c) => {
      const n = c.text.length;
      const sections = parseSections(c.text);
      const issues = [...checkNote(c.text, sections), ...checkNote(c.text, sections, { mode: 'prose' })];
      for (const issue of issues) {
        assert.ok(0 <= issue.start && issue.start <= issue.end && issue.end <= n, `${issue.code}: ${issue.start}-${issue.end} inside 0-${n}`);
        if (issue.code === 'unfilled-blank') assert.match(c.text.slice(issue.start, issue.end), /^\*{3,}$/, 'a blank covers its asterisks');
        if (issue.missing) assert.ok(0 <= issue.missing.insertAt && issue.missing.insertAt <= n, `insertAt ${issue.missing.insertAt} inside 0-${n}`);
      }
      const blanks = findBlanks(c.text);
      for (const offset of c.offsets) {
        at(offset, () => {
          for (const b of [nextBlank(c.text, offset), previousBlank(c.text, offset)]) {
            if (blanks.length === 0) assert.equal(b, undefined);
            else assert.ok(b && blanks.some((x) => x.start === b.start && x.end === b.end), 'the next/previous blank is one of the blanks');
          }
          const l = checkLine(c.text, offset);
          assert.ok(0 <= l.start && l.start <= offset && offset <= l.end && l.end <= n, `line ${l.start}-${l.end} holds ${offset}`);
        });
      }
    });
  });
});

describe('keystroke entry points on extreme input', () => {
  const kb = fuzzKnowledge();

  // A pasted blob (a long URL, base64, a run of one letter) makes one long "word", and completion
  // queries the whole word before the cursor: search treats it as its first MAX_QUERY_LENGTH characters
  // and skips the fuzzy tier, so it costs what a short query costs (the bench reports the time).
  it('searches an overlong one-word query by its start only', () => {
    const blob = 'calcinos'.repeat(2048);
    const ids = (q: string) => kb.search(q, { limit: 20 }).map((h) => h.entry.id);
    assert.deepEqual(ids(blob), ids(blob.slice(0, MAX_QUERY_LENGTH)));
    assert.deepEqual(ids('x'.repeat(100_000)), []);
  });
});
