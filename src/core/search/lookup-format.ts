/**
 * How a look-up's answer reads, shared by the palette and the CLI. Kept apart from src/core/search/lookup.ts so
 * the editor's activation bundle can import it without MiniSearch (the engine loads with the first pack).
 */
import type { LookupHit } from './lookup';

/** "No entry for 'xyz' — did you mean a, b or c?" */
export function noEntryLine(query: string, didYouMean: readonly string[]): string {
  const base = `No entry for '${query.trim()}'`;
  if (!didYouMean.length) return `${base}.`;
  const list = didYouMean.length === 1 ? didYouMean[0] : `${didYouMean.slice(0, -1).join(', ')} or ${didYouMean[didYouMean.length - 1]}`;
  return `${base} — did you mean ${list}?`;
}

/** Why a hit matched, in one line: the code when one was asked for, the field and its text (shortened). */
export function whyLine(h: Pick<LookupHit, 'why' | 'code' | 'entry'>, max = 110): string {
  const code = h.code ? `${h.code.code} ${h.code.title} · ` : '';
  const text = h.why.text.length > max ? `${h.why.text.slice(0, max - 1)}…` : h.why.text;
  const ambiguous = h.why.field === 'abbreviation' && h.entry.abbreviations?.some((a) => a.text === h.why.text && a.ambiguous) ? ' (ambiguous abbreviation)' : '';
  return `${code}${h.why.field}: ${text}${ambiguous}`;
}
