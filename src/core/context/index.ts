/**
 * The context engine (negation, uncertainty, history, family; the problems list and the context conflicts
 * check), behind one module: the pack engine requires it on first need (`contextEngine()`), and the Node
 * build makes it a chunk of its own (dist/context.js), outside the activation bundle and the pack engine.
 */
export { compileContextRules } from './rules';
export { decideContext, contextOf } from './context';
export { problemsOf, groupProblems, assessmentCodes, contextLine, contextLineAt, STATUS_TITLES } from './problems';
export { contextConflicts } from './conflicts';
