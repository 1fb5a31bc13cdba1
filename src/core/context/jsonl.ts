/**
 * What the `context` command says, kept out of cli.ts: one JSON answer per input line for
 * `context --jsonl`, and the problems table of a note. Pure: the CLI reads and writes.
 */
import { contextOf, type ContextCue, type ContextResult } from './context';
import type { ContextRules } from './rules';
import type { Knowledge } from '../knowledge/load';
import { groupProblems, problemsOf } from './problems';

/** One answered line, or why it could not be read (the message names the line). */
export type JsonlAnswer = { ok: true; json: string } | { ok: false; json: string; message: string };

function cueJson(cue: ContextCue | undefined) {
  return cue ? { text: cue.trigger.text, start: cue.trigger.start, end: cue.trigger.end, category: cue.category, direction: cue.direction, list: cue.list } : null;
}

/** The answer object for one result (the labels first, then why). */
export function contextJson(r: ContextResult, id?: unknown): Record<string, unknown> {
  return {
    ...(id !== undefined ? { id } : {}),
    found: r.found,
    assertion: r.assertion,
    temporality: r.temporality,
    experiencer: r.experiencer,
    trigger: cueJson(r.trigger),
    scope: r.trigger ? r.trigger.scope : null,
    target: r.target ?? null,
    section: r.section ?? null,
    cues: r.cues.map((c) => ({ ...cueJson(c), scope: c.scope })),
  };
}

/**
 * Answers one input line `{"text": "...", "target": "..."}` (an `id` is echoed back). A line that is not such
 * an object gets `{"line": N, "error": "..."}` in its place, so answers stay aligned with the input.
 */
export function answerJsonlLine(rules: ContextRules, line: string, lineNumber: number): JsonlAnswer {
  let value: unknown;
  let problem: string | undefined;
  try {
    value = JSON.parse(line);
  } catch (err) {
    problem = `not valid JSON (${(err as Error).message})`;
  }
  if (!problem) {
    const v = value as { text?: unknown; target?: unknown } | null;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) problem = 'expected a JSON object {"text": "...", "target": "..."}';
    else if (typeof v.text !== 'string') problem = '"text" must be a string';
    else if (typeof v.target !== 'string') problem = '"target" must be a string';
  }
  if (problem) {
    const message = `line ${lineNumber}: ${problem}`;
    return { ok: false, message, json: JSON.stringify({ line: lineNumber, error: message }) };
  }
  const v = value as { text: string; target: string; id?: unknown };
  return { ok: true, json: JSON.stringify(contextJson(contextOf(rules, v.text, v.target), v.id)) };
}

/** The problems of a note as JSON-ready objects. */
export function problemsJson(knowledge: Pick<Knowledge, 'entries'>, rules: ContextRules, text: string): Array<Record<string, unknown>> {
  return problemsOf(knowledge, rules, text).map((p) => ({
    id: p.entry.id,
    label: p.entry.label,
    status: p.status,
    line: p.line + 1,
    lines: p.lines.map((l) => l + 1),
    text: p.text,
    ...contextJson(p.context),
    codes: p.codes.map((c) => ({ code: c.code, title: c.title })),
  }));
}

/** The problems table as text: one block per status, one row per condition with its lines and codes. */
export function problemsTable(knowledge: Pick<Knowledge, 'entries'>, rules: ContextRules, text: string): string {
  const groups = groupProblems(problemsOf(knowledge, rules, text));
  if (groups.length === 0) return 'No knowledge-base condition is mentioned in this note.';
  const out: string[] = [];
  for (const g of groups) {
    out.push(`${g.title}:`);
    for (const p of g.problems) {
      const why = p.context.trigger ? `  ('${p.context.trigger.trigger.text}')` : p.context.section ? `  (section ${p.context.section.title})` : '';
      const codes = p.codes.length ? `  ${p.codes.map((c) => c.code).join(', ')}` : '';
      out.push(`  ${p.entry.label}  line ${p.lines.map((l) => l + 1).join(', ')}${codes}${why}`);
    }
  }
  return out.join('\n');
}
