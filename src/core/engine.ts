/**
 * Everything that reads, checks and indexes knowledge packs, behind one module: the editor loads it with the
 * first pack, right after activation, not with the extension. It is half of the code (the search index,
 * fuse.js, the schema checker, jsonc-parser), and VS Code counts loading the extension's code in its
 * activation time. The node build makes it a bundle of its own (dist/engine.js); the web build inlines it.
 */
export { KnowledgeBase } from './knowledge/knowledge-base';
export { loadedCount, NoticeGate, ORIGIN_TITLES, packStatuses, problemNotice, reportLines } from './knowledge/pack-report';
export { locatePointer, pointerRange } from './knowledge/json-pointer';
/** The context engine (src/core/context/index.ts), required on first need: dist/context.js in the Node build. */
export function contextEngine(): typeof import('./context/index') {
  return require('./context/index') as typeof import('./context/index');
}
export { addPhraseToPackText, emptyPhrasePack } from './note/phrase-author';
