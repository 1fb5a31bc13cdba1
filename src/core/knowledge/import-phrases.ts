/**
 * `clinical-notes import phrases FILE`: Epic SmartPhrase text and Dragon texts into a pack of phrases.
 *
 * The file holds one or more phrases; a line `### .trigger Title` starts each (without one, the whole file is
 * one phrase named after the file). A SmartList's choices may be given on a line of their own anywhere:
 *
 *     SmartList Imaging:12345 multi required or: CT | +MRI | ultrasound
 *
 * (the words before the colon as in an inline list; `+` a default). What is converted:
 * - `***` stays a blank;
 * - `{Name:12345}` (an Epic SmartList) becomes the pack list `name` when its choices are in the file, and
 *   otherwise a blank showing the list's name (`*** (Name)`): its choices live in Epic, not here;
 * - `@NAME@ @AGE@ @SEX@ @MRN@ @DOB@ @TODAY@` stay note fields; `@TD@` becomes `@TODAY@` and `@ME@` becomes
 *   `@PROVIDER@`; any other SmartLink becomes a blank (its value is Epic's, never guessed here);
 * - a Dragon field `[text]` becomes a blank, `[a|b|c]` a single-select inline list;
 * - other braces become parentheses (in a body, braces mean a list).
 * Every conversion is reported with its line.
 */
import { NOTE_FIELDS, parseListSlot } from '../note/phrases';
import type { Pack, Phrase, PhraseList } from '../types';

export interface PhraseImport {
  pack: Pack;
  /** "FILE:LINE: what was converted", one per conversion. */
  report: string[];
}

const HEADING = /^###\s+\.([a-z0-9][a-z0-9_-]*)\s*(.*)$/i;
const LIST_DEF = /^SmartList\s+([^{}:\n]+?):(\d+)\s*((?:\s*(?:single|multi|required|optional|and|or|comma))*)\s*:\s*(.+)$/i;
const SMARTLIST = /\{([^{}:\n]+?):(\d+)\}/g;
const SMARTLINK = /@([A-Z][A-Z0-9_]*)@/g;
const DRAGON = /\[([^[\]\n]*)\]/g;
const RENAMED: Record<string, string> = { TD: 'TODAY', ME: 'PROVIDER' };

function kebab(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

export function importPhrases(text: string, fileName: string, packId = kebab(fileName.replace(/\.[^.]+$/, ''))): PhraseImport {
  const report: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const at = (i: number, what: string) => report.push(`${fileName}:${i + 1}: ${what}`);

  // SmartList definitions first: a slot may come before its list's line.
  const lists = new Map<string, PhraseList>();
  const isDef = new Set<number>();
  lines.forEach((line, i) => {
    const m = LIST_DEF.exec(line.trim());
    if (!m) return;
    isDef.add(i);
    const name = m[1]!.trim();
    const inline = parseListSlot(`${m[3]!.trim() || 'single'}: ${m[4]}`, () => undefined);
    if (!inline || 'error' in inline) {
      at(i, `SmartList ${name}:${m[2]} not read (${inline && 'error' in inline ? inline.error : 'no choices'}); its slots become blanks`);
      return;
    }
    lists.set(`${name}:${m[2]}`, {
      id: kebab(name),
      title: name,
      choices: inline.choices.map((c) => ({ text: c })),
      ...(inline.multi ? { select: 'multi' as const } : {}),
      ...(inline.required ? { required: true } : {}),
      ...(inline.defaults.length ? { defaults: inline.defaults } : {}),
      ...(inline.joiner !== 'and' ? { joiner: inline.joiner } : {}),
    });
    at(i, `SmartList ${name}:${m[2]} → list "${kebab(name)}" (${inline.choices.length} choices)`);
  });

  const phrases: Phrase[] = [];
  const used = new Set<PhraseList>();
  let current: { phrase: Phrase; line: number } | undefined;
  const start = (trigger: string, title: string, line: number) => {
    current = { phrase: { id: kebab(trigger), trigger, title, body: [] }, line };
    phrases.push(current.phrase);
  };
  lines.forEach((raw, i) => {
    if (isDef.has(i)) return;
    const h = HEADING.exec(raw.trim());
    if (h) {
      start(h[1]!.toLowerCase(), h[2]!.trim() || h[1]!, i);
      return;
    }
    if (!current) {
      if (raw.trim() === '') return;
      const trigger = kebab(fileName.replace(/\.[^.]+$/, '')).replace(/-/g, '');
      start(trigger, fileName, i);
      at(i, `no "### .trigger Title" line: the file is one phrase, .${trigger}`);
    }
    let line = raw.replace(/\{([^{}\n]*)\}/g, (all, inner: string) => {
      if (/^[^{}:\n]+?:\d+$/.test(inner)) return all; // a SmartList, below
      at(i, `${all} is not a SmartList → (${inner})`);
      return `(${inner})`;
    });
    line = line.replace(SMARTLIST, (all, name: string, num: string) => {
      const list = lists.get(`${name.trim()}:${num}`);
      if (list) {
        used.add(list);
        at(i, `${all} → {${list.id}}`);
        return `{${list.id}}`;
      }
      at(i, `${all}: SmartList choices not in the file → blank *** (${name.trim()})`);
      return `*** (${name.trim()})`;
    });
    line = line.replace(SMARTLINK, (all, name: string) => {
      if ((NOTE_FIELDS as readonly string[]).includes(name)) return all;
      const renamed = RENAMED[name];
      if (renamed) {
        at(i, `${all} → @${renamed}@`);
        return `@${renamed}@`;
      }
      at(i, `${all}: unknown SmartLink → blank ***`);
      return '***';
    });
    line = line.replace(DRAGON, (all, inner: string) => {
      const choices = inner.split('|').map((c) => c.trim()).filter(Boolean);
      if (choices.length >= 2) {
        at(i, `Dragon list ${all} → {single: ${choices.join(' | ')}}`);
        return `{single: ${choices.join(' | ')}}`;
      }
      at(i, `Dragon field ${all} → blank ***`);
      return '***';
    });
    current!.phrase.body.push(line);
  });
  for (const p of phrases) {
    while (p.body.length > 1 && p.body[p.body.length - 1]!.trim() === '') p.body.pop();
    while (p.body.length > 1 && p.body[0]!.trim() === '') p.body.shift();
    if (p.body.length === 0) p.body.push('***');
  }
  const pack: Pack = {
    id: packId,
    title: `Phrases imported from ${fileName}`,
    version: '1.0.0',
    sources: [{ id: 'import', kind: 'file', title: fileName }],
    sections: [],
    entries: [],
    lists: [...lists.values()].filter((l) => used.has(l)),
    phrases,
  };
  return { pack, report };
}
