/**
 * Multi-select choice lists (Epic SmartLists): several chosen entries become one natural sentence,
 * grouped by what they are, e.g. "Serum calcium, serum phosphate and parathyroid hormone; plain
 * radiography and ultrasound". VS Code snippet choices pick one item; this is what they cannot do.
 */
import type { Knowledge } from '../knowledge/load';
import type { EntryKind, LoadedEntry } from '../types';

export type Conjunction = 'and' | 'or' | 'comma';

/** "a", "a and b", "a, b and c" (or "or"; "comma" joins with commas only). No Oxford comma, as notes are written. */
export function joinNatural(items: readonly string[], conjunction: Conjunction = 'and'): string {
  const list = items.filter((s) => s.trim() !== '');
  if (list.length <= 1) return list.join('');
  if (conjunction === 'comma') return list.join(', ');
  return `${list.slice(0, -1).join(', ')} ${conjunction} ${list[list.length - 1]}`;
}

/**
 * Groups in the order a clinician writes them: labs, then imaging (a workup), medications, then procedures
 * (a biopsy closes a workup; surgery follows the medical options in a plan), then the rest.
 */
const GROUP_ORDER: readonly EntryKind[] = ['test', 'imaging', 'treatment', 'procedure', 'condition', 'type', 'cause', 'finding', 'concept', 'code'];

/**
 * One sentence from chosen entries: within a kind joined by the conjunction, kinds separated by "; ",
 * first letter capitalised. The order within a kind is the order chosen.
 */
export function choicesSentence(entries: readonly LoadedEntry[], conjunction: Conjunction = 'and'): string {
  const groups = new Map<EntryKind, string[]>();
  for (const e of entries) {
    const list = groups.get(e.kind) ?? [];
    list.push(e.label);
    groups.set(e.kind, list);
  }
  const parts = GROUP_ORDER.filter((k) => groups.has(k)).map((k) => joinNatural(groups.get(k)!, conjunction));
  const sentence = parts.join('; ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** The multi-select lists the editor offers. */
export type ChoiceListName = 'workup' | 'treatment';

/** Which pack section and entry kinds each list offers; the kinds in the order the list groups them. */
export const CHOICE_LISTS: Readonly<Record<ChoiceListName, { section: string; kinds: readonly EntryKind[] }>> = {
  workup: { section: 'workup', kinds: ['test', 'imaging', 'procedure'] },
  treatment: { section: 'treatment', kinds: ['treatment', 'procedure'] },
};

/**
 * A list's entries, grouped by kind in the list's order, in pack order within a group. Options the evidence
 * advises against are left out: the plan names them as "Not recommended", never as a choice to tick.
 */
export function choiceListEntries(
  knowledge: Pick<Knowledge, 'entriesInSection'>,
  list: ChoiceListName,
): Array<{ kind: EntryKind; entries: LoadedEntry[] }> {
  const { section, kinds } = CHOICE_LISTS[list];
  const inSection = knowledge.entriesInSection(section).filter((e) => e.evidence?.recommendation !== 'against');
  return kinds
    .map((kind) => ({ kind, entries: inSection.filter((e) => e.kind === kind) }))
    .filter((g) => g.entries.length > 0);
}
