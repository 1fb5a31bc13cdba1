import * as fs from 'node:fs';
import * as path from 'node:path';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import type { PackInput } from '../../src/core/knowledge/load';

export const ROOT = process.cwd();
export const BUILTIN = path.join(ROOT, 'knowledge', 'calcinosis.json');
export const MINI = path.join(ROOT, 'test', 'fixtures', 'packs', 'mini.json');

export function readPack(file: string): PackInput {
  return { file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') };
}

/** The mini fixture pack as an object, to mutate into broken variants. */
export function miniObject(): any {
  return JSON.parse(fs.readFileSync(MINI, 'utf8'));
}

export function loadMini(): KnowledgeBase {
  const { kb, problems } = KnowledgeBase.load([readPack(MINI)]);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
  return kb;
}

let builtin: KnowledgeBase | undefined;
/** The shipped pack, loaded once for all tests. */
export function loadBuiltin(): KnowledgeBase {
  if (!builtin) {
    const { kb, problems } = KnowledgeBase.load([readPack(BUILTIN)]);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new Error(errors.map((p) => `${p.path}: ${p.message}`).join('\n'));
    builtin = kb;
  }
  return builtin;
}
