/**
 * Writes the snippet files from the built-in knowledge pack, so snippets and knowledge cannot disagree:
 *   snippets/clinical-note.json           — every prefix, for Clinical Note files;
 *   snippets/clinical-note-prefixed.json  — only `cn-…`/`calcinosis-…` prefixes, for Markdown and plain
 *                                           text, where a snippet named `plan` would pop up in prose.
 * Run by `npm run build` (prebuild). `--check` only compares and fails when a file is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPacks } from '../src/core/knowledge/load';
import { buildSnippets } from '../src/core/note/snippets';
import { formatProblem } from '../src/core/types';

export const SNIPPET_FILES = {
  note: 'snippets/clinical-note.json',
  prefixed: 'snippets/clinical-note-prefixed.json',
} as const;

/** The snippet files' expected content, from a pack's text. */
export function renderSnippetFiles(packFile: string, packText: string): Record<string, string> {
  const { knowledge, problems } = loadPacks([{ file: packFile, text: packText }]);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`cannot build snippets:\n${errors.map(formatProblem).join('\n')}`);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    [SNIPPET_FILES.note]: json(buildSnippets(knowledge)),
    [SNIPPET_FILES.prefixed]: json(buildSnippets(knowledge, { distinctiveOnly: true })),
  };
}

function main(): void {
  const root = process.cwd();
  const packFile = 'knowledge/calcinosis.json';
  const files = renderSnippetFiles(packFile, fs.readFileSync(path.join(root, packFile), 'utf8'));
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === content) continue;
    if (check) {
      process.stderr.write(`${file} is out of date: run npm run snippets:build\n`);
      stale++;
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  if (stale) process.exitCode = 1;
}

if (require.main === module) main();
