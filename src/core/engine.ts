/**
 * Everything that reads, checks and indexes knowledge packs, behind one module: the editor loads it with the
 * first pack, right after activation, not with the extension. It is half of the code (the search index,
 * fuse.js, the schema checker, jsonc-parser), and VS Code counts loading the extension's code in its
 * activation time. The node build makes it a bundle of its own (dist/engine.js); the web build inlines it.
 */
export { KnowledgeBase } from './service';
export { loadedCount, NoticeGate, ORIGIN_TITLES, packStatuses, problemNotice, reportLines } from './pack-report';
export { locatePointer } from './json-pointer';
export { compileContextRules } from './context-rules';
export { decideContext, contextOf } from './context';
export { problemsOf, groupProblems, assessmentCodes, contextLine, contextLineAt, STATUS_TITLES } from './problems';
export { addPhraseToPackText, emptyPhrasePack } from './phrase-author';
