/**
 * Section-aware ranking: which entry kinds a note section wants first (tests and imaging in a Workup,
 * treatments in a Treatment plan, types and causes in an Assessment).
 */
import type { EntryKind } from '../types';

/** Which entry kinds rank first in a note section (section-aware suggestions). */
export function boostKindsForSection(kinds: readonly string[]): EntryKind[] | undefined {
  if (kinds.includes('workup') || kinds.includes('results')) return ['test', 'imaging', 'procedure'];
  // Treatments only: boosting procedures put "calciphylaxis skin biopsy" (a diagnostic one) first for "calc".
  if (kinds.includes('plan') || kinds.includes('follow-up') || kinds.includes('medications')) return ['treatment'];
  if (kinds.includes('assessment')) return ['type', 'cause', 'condition'];
  if (kinds.includes('presentation') || kinds.includes('exam') || kinds.includes('history') || kinds.includes('review-of-systems')) return ['finding', 'condition'];
  return undefined;
}
