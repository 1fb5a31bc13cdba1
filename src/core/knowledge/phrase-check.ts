/**
 * What the schema cannot say about a pack's phrases and lists: unique ids and triggers, cited sources and
 * sections that exist, defaults that are choices, and bodies whose slots read (a `{…}` that is no list, an
 * unknown `@FIELD@`). Across packs: a trigger taken twice is an error naming both files. Every problem is a
 * JSON pointer and a message, like the rest of pack validation.
 */
import { resolveList, slotProblems, type ListLookup } from '../note/phrases';
import type { Pack, Problem } from '../types';

type Issue = { path: string; message: string };

/** Problems of one pack's `phrases` and `lists`. */
export function checkPhrases(pack: Pack): Issue[] {
  const out: Issue[] = [];
  const sources = new Set(pack.sources.map((s) => s.id));
  const sections = new Set(pack.sections.map((s) => s.id));
  const refs = (list: readonly string[] | undefined, path: string) =>
    list?.forEach((r, i) => {
      if (!sources.has(r)) out.push({ path: `${path}/${i}`, message: `unknown source "${r}" (not in /sources)` });
    });

  const lists = new Map<string, ReturnType<typeof resolveList>>();
  (pack.lists ?? []).forEach((l, i) => {
    const base = `/lists/${i}`;
    if (lists.has(l.id)) out.push({ path: `${base}/id`, message: `duplicate list id "${l.id}"` });
    else lists.set(l.id, resolveList(l));
    refs(l.sources, `${base}/sources`);
    const texts = new Set<string>();
    l.choices.forEach((c, j) => {
      if (texts.has(c.text)) out.push({ path: `${base}/choices/${j}/text`, message: `duplicate choice "${c.text}"` });
      texts.add(c.text);
      refs(c.sources, `${base}/choices/${j}/sources`);
    });
    l.defaults?.forEach((d, j) => {
      if (!texts.has(d)) out.push({ path: `${base}/defaults/${j}`, message: `default "${d}" is not one of the list's choices` });
    });
    if (l.select !== 'multi' && (l.defaults?.length ?? 0) > 1) out.push({ path: `${base}/defaults`, message: 'a single-select list has at most one default' });
  });

  const lookup: ListLookup = (id) => lists.get(id);
  const ids = new Set<string>();
  const triggers = new Set<string>();
  (pack.phrases ?? []).forEach((p, i) => {
    const base = `/phrases/${i}`;
    if (ids.has(p.id)) out.push({ path: `${base}/id`, message: `duplicate phrase id "${p.id}"` });
    ids.add(p.id);
    if (triggers.has(p.trigger)) out.push({ path: `${base}/trigger`, message: `trigger ".${p.trigger}" is already used by an earlier phrase of this pack` });
    triggers.add(p.trigger);
    refs(p.sources, `${base}/sources`);
    p.sections?.forEach((s, j) => {
      if (!sections.has(s)) out.push({ path: `${base}/sections/${j}`, message: `unknown section "${s}" (not in /sections)` });
    });
    p.body.forEach((line, j) => {
      for (const message of slotProblems(line, lookup)) out.push({ path: `${base}/body/${j}`, message });
    });
  });
  return out;
}

/**
 * Across the loaded packs (in load order): a trigger or a list id a later pack takes again. A trigger is an
 * error (the later phrase is not offered); a list id a warning (`{id}` in a note means the first pack's list).
 */
export function phraseClashes(packs: readonly Pack[], fileOf: (packId: string) => string | undefined): Problem[] {
  const out: Problem[] = [];
  const triggers = new Map<string, string>();
  const lists = new Map<string, string>();
  for (const pack of packs) {
    const file = fileOf(pack.id) ?? pack.id;
    (pack.phrases ?? []).forEach((p, i) => {
      const first = triggers.get(p.trigger);
      if (first !== undefined) out.push({ file, path: `/phrases/${i}/trigger`, message: `trigger ".${p.trigger}" is already defined in ${first}; this phrase is not offered`, severity: 'error' });
      else triggers.set(p.trigger, file);
    });
    (pack.lists ?? []).forEach((l, i) => {
      const first = lists.get(l.id);
      if (first !== undefined) out.push({ file, path: `/lists/${i}/id`, message: `list id "${l.id}" is already defined in ${first}; {${l.id}} in a note means that list`, severity: 'warning' });
      else lists.set(l.id, file);
    });
  }
  return out;
}
