/**
 * The look-up's facet words (knowledge/lookup-facets.json): what a clinician adds to a query to say what
 * they want to know about a term ("… icd", "… prevalence", "what stain …"). Data, not code branches, so a
 * clinic can read and extend them; checked on load with messages that name the file and the field.
 */
import type { EntryKind } from '../types';
import { ENTRY_KINDS } from '../types';

/** Which entries a facet lifts; an entry matching any one criterion is lifted. */
export interface FacetFavour {
  hasCode?: boolean;
  hasEvidence?: boolean;
  kinds?: EntryKind[];
  /** Section ids. */
  sections?: string[];
  /** Phrases in an entry's label, synonyms, definition, relation, facts or evidence summary. */
  textWords?: string[];
}

export interface LookupFacet {
  id: string;
  /** What people type, phrases allowed. */
  words: string[];
  /** False when the words only steer and are not looked up themselves ("icd"). Default true. */
  search?: boolean;
  favour: FacetFavour;
  /** Score multiplier for favoured entries, 1–10. */
  boost: number;
  /** Results show their ICD-10-CM code. */
  showCode?: boolean;
}

export interface LookupFacets {
  stopWords: string[];
  facets: LookupFacet[];
}

/** A facets file that cannot be used; the message names the file and the field (a JSON pointer). */
export class LookupFacetsError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${file}: ${path || '/'}: ${detail}`);
    this.name = 'LookupFacetsError';
  }
}

const FAVOUR_KEYS = new Set(['hasCode', 'hasEvidence', 'kinds', 'sections', 'textWords']);
const FACET_KEYS = new Set(['id', 'words', 'search', 'favour', 'boost', 'showCode']);

/** Checks parsed JSON and returns it typed, or throws LookupFacetsError at the first problem. */
export function parseLookupFacets(data: unknown, file: string): LookupFacets {
  const fail = (path: string, detail: string): never => {
    throw new LookupFacetsError(file, path, detail);
  };
  const strings = (v: unknown, path: string, nonEmpty = true): string[] => {
    if (!Array.isArray(v)) return fail(path, 'must be an array of strings');
    if (nonEmpty && v.length === 0) fail(path, 'must list at least one word');
    v.forEach((s, i) => {
      if (typeof s !== 'string' || !s.trim()) fail(`${path}/${i}`, 'must be a non-empty string');
    });
    return v as string[];
  };
  if (!isObject(data)) return fail('', 'must be an object with "stopWords" and "facets"');
  const stopWords = strings(data.stopWords ?? [], '/stopWords', false);
  if (!Array.isArray(data.facets)) return fail('/facets', 'must be an array of facets');
  const ids = new Set<string>();
  const facets = data.facets.map((raw, i): LookupFacet => {
    const at = `/facets/${i}`;
    if (!isObject(raw)) return fail(at, 'must be an object');
    for (const k of Object.keys(raw)) if (!FACET_KEYS.has(k)) fail(`${at}/${k}`, `unknown field (expected one of ${[...FACET_KEYS].join(', ')})`);
    if (typeof raw.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(raw.id)) fail(`${at}/id`, 'must be a kebab-case id');
    if (ids.has(raw.id as string)) fail(`${at}/id`, `duplicate facet id "${String(raw.id)}"`);
    ids.add(raw.id as string);
    const words = strings(raw.words, `${at}/words`);
    if (raw.search !== undefined && typeof raw.search !== 'boolean') fail(`${at}/search`, 'must be true or false');
    if (raw.showCode !== undefined && typeof raw.showCode !== 'boolean') fail(`${at}/showCode`, 'must be true or false');
    if (typeof raw.boost !== 'number' || !(raw.boost >= 1 && raw.boost <= 10)) fail(`${at}/boost`, 'must be a number from 1 to 10');
    const fav = raw.favour;
    if (!isObject(fav)) return fail(`${at}/favour`, 'must be an object (hasCode, hasEvidence, kinds, sections, textWords)');
    for (const k of Object.keys(fav)) if (!FAVOUR_KEYS.has(k)) fail(`${at}/favour/${k}`, `unknown criterion (expected one of ${[...FAVOUR_KEYS].join(', ')})`);
    if (Object.keys(fav).length === 0) fail(`${at}/favour`, 'must name at least one criterion');
    for (const k of ['hasCode', 'hasEvidence'] as const) if (fav[k] !== undefined && typeof fav[k] !== 'boolean') fail(`${at}/favour/${k}`, 'must be true or false');
    const favour: FacetFavour = {};
    if (fav.hasCode !== undefined) favour.hasCode = fav.hasCode as boolean;
    if (fav.hasEvidence !== undefined) favour.hasEvidence = fav.hasEvidence as boolean;
    if (fav.kinds !== undefined) {
      const kinds = strings(fav.kinds, `${at}/favour/kinds`);
      kinds.forEach((k, j) => {
        if (!(ENTRY_KINDS as readonly string[]).includes(k)) fail(`${at}/favour/kinds/${j}`, `unknown kind "${k}" (expected one of ${ENTRY_KINDS.join(', ')})`);
      });
      favour.kinds = kinds as EntryKind[];
    }
    if (fav.sections !== undefined) favour.sections = strings(fav.sections, `${at}/favour/sections`);
    if (fav.textWords !== undefined) favour.textWords = strings(fav.textWords, `${at}/favour/textWords`);
    return {
      id: raw.id as string,
      words,
      ...(raw.search !== undefined ? { search: raw.search as boolean } : {}),
      favour,
      boost: raw.boost as number,
      ...(raw.showCode !== undefined ? { showCode: raw.showCode as boolean } : {}),
    };
  });
  return { stopWords, facets };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
