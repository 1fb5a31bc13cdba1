/**
 * How features reach the knowledge. activate() does not wait for the packs (reading, validating and
 * indexing them is the slow part of starting, and a 74,000-code pack takes about two seconds): features
 * are registered at once, and a request that arrives before the first load is done waits for it instead of
 * answering from an empty knowledge base.
 */
import type { KnowledgeBase } from '../core/knowledge/knowledge-base';

export interface KnowledgeDeps {
  /** The knowledge base of the last load (packs can be reloaded). */
  kb: () => KnowledgeBase;
  /** The first load while it runs; undefined once it is done. */
  pending?: () => Promise<unknown> | undefined;
}

/** `fn`, delayed until the first load is done when it still runs. */
export function afterLoad<A extends unknown[], R>(deps: KnowledgeDeps, fn: (...args: A) => R): (...args: A) => R | Promise<Awaited<R>> {
  return (...args: A) => {
    const pending = deps.pending?.();
    return pending ? pending.then(() => fn(...args) as Awaited<R>) : fn(...args);
  };
}
