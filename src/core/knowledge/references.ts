/**
 * References between the things packs define: the sources an entry cites, the sections it belongs to, its
 * related entries, a code's parent. A reference to an id that no loaded pack defines is a warning naming the
 * file, the JSON pointer and the id; the item still loads, and cards leave out what does not resolve.
 * Sources resolve within the citing pack (cards look them up there); sections, entries and codes resolve
 * across every loaded pack.
 */
import { codeEntryId } from './code-set';
import { pointerSegment } from './schema-check';
import type { Pack, Problem } from '../types';

/** What the loaded packs define, together. */
export interface ReferenceScope {
  /** True when a loaded pack defines an entry (or a code set's code) with this id. */
  hasEntry(id: string): boolean;
  /** True when a loaded pack defines a section with this id. */
  hasSection(id: string): boolean;
}

/** The JSON pointer of item `index` (as loaded) of the array at `array` (`/entries`), as it is in the file. */
export type ItemPointer = (array: string, index: number) => string;

type Report = (path: string, message: string) => void;

/**
 * One kind of reference. Another array of items that names ids (a phrase's lists, say) adds its rule to
 * {@link REFERENCE_RULES}; the rule reports each id the scope does not define.
 */
export type ReferenceRule = (pack: Pack, at: ItemPointer, scope: ReferenceScope, report: Report) => void;

const quoted = (id: string) => `"${pointerSegment(id)}"`;

/** Sources cited by sections, entries (and their facts, codes, abbreviations, evidence) and the code set. */
const sourceRefs: ReferenceRule = (pack, at, _scope, report) => {
  const known = new Set(pack.sources.map((s) => s.id));
  const check = (refs: readonly string[] | undefined, path: string) =>
    refs?.forEach((r, i) => {
      if (!known.has(r)) report(`${path}/${i}`, `unknown source ${quoted(r)} (not in /sources)`);
    });
  pack.sections.forEach((s, i) => check(s.sources, `${at('/sections', i)}/sources`));
  pack.entries.forEach((e, i) => {
    const base = at('/entries', i);
    check(e.sources, `${base}/sources`);
    e.facts?.forEach((f, j) => check(f.sources, `${base}/facts/${j}/sources`));
    e.codes?.forEach((c, j) => check(c.sources, `${base}/codes/${j}/sources`));
    e.abbreviations?.forEach((a, j) => check(a.sources, `${base}/abbreviations/${j}/sources`));
    if (e.evidence) check(e.evidence.sources, `${base}/evidence/sources`);
  });
  if (pack.codeSet && !known.has(pack.codeSet.source)) report('/codeSet/source', `unknown source ${quoted(pack.codeSet.source)} (not in /sources)`);
};

const sectionRefs: ReferenceRule = (pack, at, scope, report) => {
  const message = (id: string) => `unknown section ${quoted(id)} (not defined in any loaded pack)`;
  pack.entries.forEach((e, i) =>
    e.sections.forEach((s, j) => {
      if (!scope.hasSection(s)) report(`${at('/entries', i)}/sections/${j}`, message(s));
    }),
  );
  if (pack.codeSet && !scope.hasSection(pack.codeSet.section)) report('/codeSet/section', message(pack.codeSet.section));
};

const relatedRefs: ReferenceRule = (pack, at, scope, report) => {
  pack.entries.forEach((e, i) =>
    e.related?.forEach((r, j) => {
      if (!scope.hasEntry(r)) report(`${at('/entries', i)}/related/${j}`, `related entry ${quoted(r)} is not defined in any loaded pack`);
    }),
  );
};

const parentRefs: ReferenceRule = (pack, at, scope, report) => {
  pack.codeSet?.rows.forEach((row, i) => {
    const parent = row[4];
    if (parent && !scope.hasEntry(codeEntryId(parent))) report(`${at('/codeSet/rows', i)}/4`, `parent code ${parent} is not a code of any loaded pack`);
  });
};

/** Every kind of reference checked, in the order their warnings are listed. */
export const REFERENCE_RULES: ReferenceRule[] = [sourceRefs, sectionRefs, relatedRefs, parentRefs];

/** The dangling references of one loaded pack, as warnings (at most `max`, so a broken import stays readable). */
export function danglingReferences(file: string, pack: Pack, at: ItemPointer, scope: ReferenceScope, max = 100): Problem[] {
  const out: Problem[] = [];
  const report: Report = (path, message) => {
    if (out.length < max) out.push({ file, path, message, severity: 'warning' });
  };
  for (const rule of REFERENCE_RULES) rule(pack, at, scope, report);
  return out;
}

/** What a set of packs defines, each pack whole (the CLI's `validate`, which merges nothing). */
export function scopeOf(packs: readonly Pack[]): ReferenceScope {
  const entries = new Set<string>();
  const sections = new Set<string>();
  for (const p of packs) {
    for (const e of p.entries) entries.add(e.id);
    for (const row of p.codeSet?.rows ?? []) entries.add(codeEntryId(row[0]));
    for (const s of p.sections) sections.add(s.id);
  }
  return { hasEntry: (id) => entries.has(id), hasSection: (id) => sections.has(id) };
}
