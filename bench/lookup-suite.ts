/**
 * The clinician look-up suite (test/fixtures/lookups.json) and how a ranked list is scored against it: a
 * query is answered when its expected entry, or an entry carrying its expected code, is in the top 3. The
 * unit test, the CLI test and `npm run bench` (old prefix index, plain MiniSearch, the look-up engine) all
 * score with this one function.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadedEntry } from '../src/core/types';

export interface SuiteQuery {
  query: string;
  group: string;
  /** Entry id that must be in the top 3. */
  expect?: string;
  /** Or: a code that an entry in the top 3 must carry. */
  code?: string;
}

export const SUITE_TOP = 3;

export function loadLookupSuite(root = process.cwd()): SuiteQuery[] {
  const data = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'lookups.json'), 'utf8')) as { queries: SuiteQuery[] };
  return data.queries;
}

/** True when `top` (best first) answers the query. Pass ids and codes of the first results. */
export function answers(q: SuiteQuery, top: readonly Pick<LoadedEntry, 'id' | 'codes'>[]): boolean {
  const first = top.slice(0, SUITE_TOP);
  if (q.expect) return first.some((e) => e.id === q.expect);
  return first.some((e) => e.codes?.some((c) => c.code === q.code) ?? false);
}

export interface SuiteScore {
  answered: number;
  total: number;
  rate: number;
  missed: SuiteQuery[];
}

export function scoreSuite(suite: readonly SuiteQuery[], rank: (query: string) => readonly Pick<LoadedEntry, 'id' | 'codes'>[]): SuiteScore {
  const missed: SuiteQuery[] = [];
  for (const q of suite) if (!answers(q, rank(q.query))) missed.push(q);
  const answered = suite.length - missed.length;
  return { answered, total: suite.length, rate: suite.length ? answered / suite.length : 1, missed };
}
