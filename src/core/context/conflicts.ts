/**
 * The note check that reads context: it lives with the context engine (loaded after activation, in
 * dist/engine.js), not with the other note checks in the activation bundle.
 */
import { sectionHasKind, type NoteSection } from '../note/sections';
import type { NoteIssue } from '../note/checks';
import type { NoteProblem } from './problems';

/**
 * An Assessment that names, as present, a condition the rest of the note negates ("No calcinosis on the
 * films" in the Workup, "Calcinosis cutis" in the Assessment): one issue on the Assessment's mention, naming
 * the line that negates it. Only the same knowledge-base entry counts. `problemsOf` is the context engine's
 * (passed in: the CLI and tests give the engine's); the Assessment is read on its own, heading included.
 */
export function contextConflicts(text: string, sections: readonly NoteSection[], problemsOf: (text: string) => readonly NoteProblem[]): NoteIssue[] {
  const assessments = sections.filter((s) => sectionHasKind(s, 'assessment'));
  if (assessments.length === 0) return [];
  const lineOf = (offset: number) => {
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
    return n;
  };
  const ranges = assessments.map((s) => ({ first: lineOf(s.headingStart), last: lineOf(Math.max(s.headingStart, s.end - 1)) }));
  const inAssessment = (line: number) => ranges.some((r) => line >= r.first && line <= r.last);
  // Where each entry is negated outside the Assessment: its first such line, and the trigger when that line is the first mention's.
  const negated = new Map<string, { line: number; trigger?: string }>();
  for (const p of problemsOf(text)) {
    if (p.status !== 'absent') continue;
    const line = p.lines.find((l) => !inAssessment(l));
    if (line === undefined) continue;
    const trigger = line === p.line ? p.context.cues.find((c) => c.category === 'negated')?.trigger.text : undefined;
    negated.set(p.entry.id, trigger ? { line, trigger } : { line });
  }
  if (negated.size === 0) return [];
  const issues: NoteIssue[] = [];
  for (const s of assessments) {
    for (const p of problemsOf(text.slice(s.headingStart, s.end))) {
      const against = p.status === 'present' ? negated.get(p.entry.id) : undefined;
      if (!against) continue;
      const why = against.trigger ? ` ('${against.trigger}')` : '';
      issues.push({
        code: 'context-conflict',
        message: `The Assessment names ${p.entry.label}, which line ${against.line + 1} negates${why}: check which is right.`,
        start: s.headingStart + p.start,
        end: s.headingStart + p.end,
      });
    }
  }
  return issues;
}

