/**
 * The look-up's word equivalences (knowledge/lookup-equivalents.json): words and phrases a clinician types
 * that mean the same as a word the knowledge writes ("sarcoid" for sarcoidosis, "parathyroid surgery" for
 * parathyroidectomy). Data, not code branches, so a clinic can read and extend them; checked on load with
 * messages that name the file and the field, as the facet words are.
 */

export interface EquivalenceGroup {
  /** The first is the word the others stand for (one word); the rest are words or phrases. */
  words: string[];
  /** Why a clinician reads them as the same (usage, and where the knowledge says so). */
  note: string;
}

export interface LookupEquivalents {
  groups: EquivalenceGroup[];
}

/** An equivalences file that cannot be used; the message names the file and the field (a JSON pointer). */
export class LookupEquivalentsError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${file}: ${path || '/'}: ${detail}`);
    this.name = 'LookupEquivalentsError';
  }
}

const GROUP_KEYS = new Set(['words', 'note']);

/** Checks parsed JSON and returns it typed, or throws LookupEquivalentsError at the first problem. */
export function parseLookupEquivalents(data: unknown, file: string): LookupEquivalents {
  const fail = (path: string, detail: string): never => {
    throw new LookupEquivalentsError(file, path, detail);
  };
  if (!isObject(data)) return fail('', 'must be an object with "groups"');
  for (const k of Object.keys(data)) if (k !== 'groups' && k !== '$comment') fail(`/${k}`, 'unknown field (expected groups)');
  if (!Array.isArray(data.groups)) return fail('/groups', 'must be an array of groups');
  const seen = new Map<string, string>();
  const groups = data.groups.map((raw, i): EquivalenceGroup => {
    const at = `/groups/${i}`;
    if (!isObject(raw)) return fail(at, 'must be an object with "words" and "note"');
    for (const k of Object.keys(raw)) if (!GROUP_KEYS.has(k)) fail(`${at}/${k}`, `unknown field (expected one of ${[...GROUP_KEYS].join(', ')})`);
    if (!Array.isArray(raw.words) || raw.words.length < 2) return fail(`${at}/words`, 'must list at least two words or phrases');
    raw.words.forEach((w, j) => {
      if (typeof w !== 'string' || !w.trim()) fail(`${at}/words/${j}`, 'must be a non-empty string');
      const key = (w as string).trim().toLowerCase();
      const other = seen.get(key);
      if (other !== undefined) fail(`${at}/words/${j}`, `"${String(w)}" is already in ${other}`);
      seen.set(key, `${at}/words/${j}`);
    });
    if (/[\s-]/.test((raw.words[0] as string).trim())) fail(`${at}/words/0`, 'must be one word: the word the others stand for');
    if (typeof raw.note !== 'string' || !raw.note.trim()) fail(`${at}/note`, 'must say why a clinician reads these as the same');
    return { words: raw.words as string[], note: raw.note as string };
  });
  return { groups };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
