/**
 * `clinical-notes context`: the terminal front of the context engine (the decisions are in src/core).
 *   context --jsonl   one JSON answer per stdin line {"text","target"}; a line that cannot be read gets
 *                     {"line": N, "error": "..."} in its place (answers stay aligned with the input), its
 *                     message goes to stderr, the lines after it are still answered, and the exit code is 2.
 *                     Blank lines are skipped. Exit 0 when every line was answered.
 *   context NOTE      the problems table of a note file (--json for JSON).
 */
import * as path from 'node:path';
import { loadKnowledge, readOrThrow, UsageError, type CliIO } from './cli';
import { answerJsonlLine, problemsJson, problemsTable } from './core/context/jsonl';
import { compileContextRules, type ContextRules, type RulesInput } from './core/context/rules';
import { formatProblem } from './core/types';

function loadRules(io: CliIO, extra: readonly string[]): ContextRules {
  const builtin = io.contextRules ?? path.join(path.dirname(io.builtinPack), 'context-rules.json');
  const inputs: RulesInput[] = [{ file: builtin, text: readOrThrow(io, builtin) }];
  for (const f of extra) inputs.push({ file: f, text: readOrThrow(io, f) });
  const { rules, problems } = compileContextRules(inputs);
  for (const p of problems) io.err(formatProblem(p));
  return rules;
}

export async function runContext(io: CliIO, rest: string[], flags: Map<string, string[]>): Promise<number> {
  const rules = loadRules(io, flags.get('--rules') ?? []);
  if (flags.has('--jsonl')) {
    if (rest.length) throw new UsageError('context --jsonl reads standard input; give no file');
    if (!io.stdinLines) throw new UsageError('context --jsonl needs standard input');
    let n = 0;
    let bad = 0;
    // Answers are written in batches: one write per line is most of the time on a large input.
    let batch: string[] = [];
    for await (const line of io.stdinLines()) {
      n++;
      if (line.trim() === '') continue;
      const answer = answerJsonlLine(rules, line, n);
      if (!answer.ok) {
        bad++;
        io.err(`clinical-notes context: ${answer.message}`);
      }
      batch.push(answer.json);
      if (batch.length >= 256) {
        io.out(batch.join('\n'));
        batch = [];
      }
    }
    if (batch.length) io.out(batch.join('\n'));
    return bad > 0 ? 2 : 0;
  }
  const [file, ...extra] = rest;
  if (!file || extra.length) throw new UsageError('context needs --jsonl, or exactly one NOTE file');
  const text = readOrThrow(io, file);
  const { kb } = loadKnowledge(io, flags.get('--pack') ?? []);
  io.out(flags.has('--json') ? JSON.stringify(problemsJson(kb, rules, text), null, 2) : problemsTable(kb, rules, text));
  return 0;
}
