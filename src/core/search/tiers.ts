/**
 * How a query matched a term (`SearchHit.tier`). Apart from the index so that the editor's adapters can
 * decide on tiers without loading the index itself (it is in the lazily loaded pack engine).
 */
export type SearchTier = 0 | 1 | 2 | 3 | 4;
/** The query is a label, synonym, abbreviation or code. */
export const TIER_EXACT = 0;
/** The query starts a whole term ("calc" → calcinosis). */
export const TIER_PREFIX = 1;
/** The query starts a word inside a term, or every query word starts one in order ("sys scl"). */
export const TIER_WORD_PREFIX = 2;
/** A typo (only when nothing starts with the query). */
export const TIER_TYPO = 3;
/** Every query word starts a word of the definition (only when nothing else matched). */
export const TIER_DEFINITION = 4;
