/**
 * The `codeset-load` scenario: how long the extension host's event loop is held while a code set loads, and when
 * its answers arrive. It calls what src/host/pack-service.ts calls, in the same order, in a fresh process (cold, as
 * at every start of the editor): KnowledgeBase.load of the built-in pack and the code set, then
 * SearchIndex.settle(8) between tasks until the index is finished.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { KnowledgeBase } from '../src/core/knowledge/knowledge-base';
import { builtinPackFile, loadIcdModules, plan, readInput, type BenchConfig, type CodeSetLoadResult } from './scenario';
import { nowMs } from './stats';

export async function runCodeSetLoad(cfg: BenchConfig): Promise<CodeSetLoadResult> {
  const icd = loadIcdModules();
  const codes = plan(cfg.quick).icdCodes;
  const imported = icd.importIcd10cm(icd.generateIcd10cmOrderFile(codes, cfg.seed), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
  const inputs = [readInput(builtinPackFile().file), { file: 'icd10cm_order_synthetic.json', text: icd.icd10cmPackText(imported.pack) }];

  // The probe: a 1 ms timer; the longest gap between its runs is the longest the loop was held.
  let last = nowMs();
  let longest = 0;
  const probe = setInterval(() => {
    const t = nowMs();
    longest = Math.max(longest, t - last);
    last = t;
  }, 1);
  await sleep(50);
  longest = 0;
  last = nowMs();

  const start = nowMs();
  await sleep(0); // the load starts from a task, as the pack service's reload does
  const { kb } = KnowledgeBase.load(inputs);
  const answersAt = nowMs() - start;
  while (!kb.index.settle(8)) await sleep(0);
  const settledAt = nowMs() - start;
  await sleep(5); // let the probe see the last stretch
  clearInterval(probe);
  if (kb.search('L94').length === 0 && codes > 0) throw new Error('the code set does not answer');
  return { kind: 'codeset-load', name: 'codeset-load', codes: imported.stats.codes, longestEventLoopBlockMs: longest, codeSetAnswersAfterMs: answersAt, settledAfterMs: settledAt };
}
