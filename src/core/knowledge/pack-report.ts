/**
 * What a load of knowledge packs did, in words a clinician can act on: which file gave which pack
 * (and how many entries), which were skipped, the one message worth a notification, and whether it
 * was already shown. Pure: `src/host/pack-service.ts` shows the results.
 */
import type { FileResult, Knowledge, PackInput } from './load';
import type { PackOrigin } from './pack-paths';
import { formatProblem, type Problem } from '../types';

/** One pack file that was read, as the loader gave it to the core. */
export interface PackFile extends PackInput {
  origin: PackOrigin;
  /** Where it lives, for opening it (a URI string); absent for the built-in pack. */
  uri?: string;
}

/** A pack file and what became of it. */
export interface PackStatus {
  file: string;
  origin: PackOrigin;
  uri?: string;
  /** The pack it gave, when loaded: entries loaded, and items of the file skipped (each with a problem). */
  pack?: { id: string; title: string; version: string; entries: number; skipped: number };
  /** Errors and warnings about this file. */
  problems: Problem[];
}

/**
 * Tells which file gave which loaded pack, from what loadPacks said of each file (`results`). A file with no
 * result (a load that fell back to the built-in pack alone) shows as not loaded.
 */
export function packStatuses(files: readonly PackFile[], knowledge: Pick<Knowledge, 'entries' | 'pack'>, problems: readonly Problem[], results: readonly FileResult[]): PackStatus[] {
  const counts = new Map<string, number>();
  for (const e of knowledge.entries) counts.set(e.pack, (counts.get(e.pack) ?? 0) + 1);
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    let list = byFile.get(p.file);
    if (!list) byFile.set(p.file, (list = []));
    list.push(p);
  }
  const resultsOf = new Map<string, FileResult[]>();
  for (const r of results) resultsOf.set(r.file, [...(resultsOf.get(r.file) ?? []), r]);
  return files.map((f) => {
    const status: PackStatus = { file: f.file, origin: f.origin, ...(f.uri ? { uri: f.uri } : {}), problems: byFile.get(f.file) ?? [] };
    const result = resultsOf.get(f.file)?.shift();
    const pack = result?.pack !== undefined ? knowledge.pack(result.pack) : undefined;
    if (pack) status.pack = { id: pack.id, title: pack.title, version: pack.version, entries: counts.get(pack.id) ?? 0, skipped: result!.skipped };
    return status;
  });
}

/**
 * The one notification for a set of problems, or undefined when there are none: the file and JSON
 * path of the first error (else the first warning), and how many more there are.
 */
export function problemNotice(statuses: readonly PackStatus[], extra: readonly Problem[] = []): string | undefined {
  const all = [...extra, ...statuses.flatMap((s) => s.problems)];
  const first = all.find((p) => p.severity === 'error') ?? all[0];
  if (!first) return undefined;
  const status = statuses.find((s) => s.file === first.file);
  const skipped = status !== undefined && status.pack === undefined;
  const where = `${first.path || '/'}: ${first.message}`;
  const head =
    first.severity === 'warning'
      ? `Clinical Notes: a warning in the knowledge pack ${first.file} — ${where}`
      : skipped
        ? `Clinical Notes: the knowledge pack ${first.file} was not loaded — ${where}`
        : `Clinical Notes: a problem in the knowledge pack ${first.file} — ${where}`;
  const more = all.length - 1;
  return more > 0 ? `${head} (and ${more} more problem${more === 1 ? '' : 's'})` : head;
}

/** A stable key for a set of problems: equal sets give equal keys, whatever their order. */
export function problemsKey(problems: readonly Problem[]): string {
  return problems
    .map((p) => `${p.severity}\u0000${formatProblem(p)}`)
    .sort()
    .join('\u0001');
}

/**
 * Says whether a set of problems should be notified: not when it is the set last notified (saving a
 * pack over and over with the same mistake shows the message once), again once it was fixed and
 * comes back, or when it changes.
 */
export class NoticeGate {
  private last = '';

  /** True when `problems` should be shown now; remembers them as shown. */
  shouldNotify(problems: readonly Problem[]): boolean {
    const key = problemsKey(problems);
    if (key === this.last) return false;
    this.last = key;
    return key !== '';
  }
}

/** The load as plain lines, for the output channel and "Show Loaded Packs". */
export function reportLines(statuses: readonly PackStatus[], extra: readonly Problem[] = [], notes: readonly string[] = []): string[] {
  const lines: string[] = [];
  const loaded = statuses.filter((s) => s.pack);
  const entries = loaded.reduce((n, s) => n + (s.pack?.entries ?? 0), 0);
  lines.push(`${loaded.length} pack${loaded.length === 1 ? '' : 's'} loaded, ${entries} entries:`);
  for (const s of statuses) {
    const what = s.pack ? `${s.pack.title} (${s.pack.id} ${s.pack.version}), ${loadedCount(s.pack)}` : 'NOT LOADED';
    lines.push(`  ${s.file} [${ORIGIN_TITLES[s.origin]}]: ${what}`);
  }
  for (const n of notes) lines.push(n);
  const problems = [...extra, ...statuses.flatMap((s) => s.problems)];
  if (problems.length) {
    lines.push(`${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
    for (const p of problems) lines.push(`  ${p.severity}: ${formatProblem(p)}`);
  }
  return lines;
}

/** "12 entries loaded, 2 skipped" — or "12 entries" when nothing was skipped. */
export function loadedCount(pack: { entries: number; skipped?: number }): string {
  return pack.skipped ? `${pack.entries} entries loaded, ${pack.skipped} skipped` : `${pack.entries} entries`;
}

export const ORIGIN_TITLES: Record<PackOrigin, string> = {
  builtin: 'built-in',
  'workspace-folder': 'workspace .clinical-notes',
  'workspace-setting': 'setting, workspace-relative',
  setting: 'setting',
};
