/**
 * The terminal front: search the knowledge, print a card, validate packs, import ICD-10-CM files.
 *   clinical-notes search <query> [--limit N] [--json] [--pack FILE]...
 *   clinical-notes card <term-or-id> [--pack FILE]... [--markdown]
 *   clinical-notes validate <FILE>... [--strict]
 *   clinical-notes import icd10cm <FILE> [--edition LABEL] [-o PACK.json]
 *   clinical-notes import phrases <FILE> [-o PACK.json]
 *   clinical-notes context --jsonl [--rules FILE]... | context <NOTE> [--json] [--pack FILE]... [--rules FILE]...
 * Exit codes: 0 success, 1 nothing found / invalid pack / items skipped (or, with --strict, warnings), 2 bad
 * usage or unreadable file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { terminalSafe } from './core/cards/cards';
import { Icd10cmImportError, icd10cmPackText, importIcd10cm } from './core/knowledge/icd10cm';
import { parsePack, type PackInput, type ParsedPack } from './core/knowledge/load';
import { danglingReferences, scopeOf } from './core/knowledge/references';
import { noEntryLine, whyLine } from './core/search/lookup-format';
import { importPhrases } from './core/knowledge/import-phrases';
import { KnowledgeBase } from './core/knowledge/knowledge-base';
import { formatProblem, type Problem } from './core/types';
import { runContext } from './context-command';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readFile(file: string): string;
  writeFile(file: string, text: string): void;
  /** Where the built-in pack lives. */
  builtinPack: string;
  /** Where the built-in context rules live (default: beside the built-in pack). */
  contextRules?: string;
  /** Standard input, line by line (`context --jsonl`). */
  stdinLines?: () => AsyncIterable<string>;
}

const USAGE = `Usage:
  clinical-notes search <query> [--limit N] [--json] [--pack FILE]...
  clinical-notes card <term-or-id> [--markdown] [--pack FILE]...
  clinical-notes validate <FILE>... [--strict]
  clinical-notes import icd10cm <FILE> [--edition LABEL] [-o PACK.json]
  clinical-notes import phrases <FILE> [-o PACK.json]
  clinical-notes context --jsonl [--rules FILE]...
  clinical-notes context <NOTE> [--json] [--pack FILE]... [--rules FILE]...

Searches the built-in calcinosis knowledge (plus any --pack files), prints an entry's card,
validates knowledge packs against the schema, turns the official CMS ICD-10-CM order/codes
text file into a knowledge pack, Epic SmartPhrase / Dragon text into a pack of phrases, or reads mentions in context (negated, possible, historical,
hypothetical, family): one JSON answer per {"text","target"} line of stdin, or a note's problems. Everything runs locally; nothing is sent anywhere.`;

export class UsageError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

const VALUE_FLAGS = new Set(['--limit', '--pack', '--edition', '-o', '--out', '--rules']);
const BOOL_FLAGS = new Set(['--json', '--markdown', '--strict', '--help', '-h', '--jsonl']);

function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else if (BOOL_FLAGS.has(name)) flags.set(name, ['true']);
    else if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  return { positional, flags };
}

/** Reads the built-in pack and any --pack files; unreadable files are usage errors (exit 2). */
export function loadKnowledge(io: CliIO, packFiles: readonly string[]): { kb: KnowledgeBase; problems: Problem[] } {
  const inputs: PackInput[] = [{ file: io.builtinPack, text: io.readFile(io.builtinPack) }];
  for (const f of packFiles) inputs.push({ file: f, text: readOrThrow(io, f) });
  return KnowledgeBase.load(inputs);
}

export function readOrThrow(io: CliIO, file: string): string {
  try {
    return io.readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function reportProblems(io: CliIO, problems: readonly Problem[]): void {
  for (const p of problems) io.err(`${p.severity === 'warning' ? 'warning: ' : ''}${formatProblem(p)}`);
}

export async function runCli(argv: readonly string[], rawIO: CliIO): Promise<number> {
  // Whatever a pack says reaches a terminal only without control characters (JSON output escapes them itself).
  const io: CliIO = { ...rawIO, out: (t) => rawIO.out(terminalSafe(t)), err: (t) => rawIO.err(terminalSafe(t)) };
  try {
    const { positional, flags } = parseArgs(argv);
    const [command, ...rest] = positional;
    if (flags.has('--help') || flags.has('-h') || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    switch (command) {
      case 'search':
        return search(io, rest, flags);
      case 'card':
        return card(io, rest, flags);
      case 'validate':
        return validate(io, rest, flags.has('--strict'));
      case 'import':
        return importCommand(io, rest, flags);
      case 'context':
        return await runContext(io, rest, flags);
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`clinical-notes: ${err.message}`);
      io.err(USAGE);
      return 2;
    }
    throw err;
  }
}

function search(io: CliIO, rest: string[], flags: Map<string, string[]>): number {
  const query = rest.join(' ').trim();
  if (!query) throw new UsageError('search needs a query');
  const limitText = flags.get('--limit')?.[0] ?? '10';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number (got "${limitText}")`);
  const { kb, problems } = loadKnowledge(io, flags.get('--pack') ?? []);
  reportProblems(io, problems);
  const { hits, didYouMean } = kb.lookUp(query, { limit });
  if (flags.has('--json')) {
    io.out(
      JSON.stringify(
        hits.map((h) => ({
          id: h.entry.id,
          label: h.entry.label,
          kind: h.entry.kind,
          synonyms: h.entry.synonyms ?? [],
          abbreviations: h.entry.abbreviations ?? [],
          definition: h.entry.definition,
          relation: h.entry.relation ?? null,
          codes: h.entry.codes ?? [],
          sources: h.entry.sources.map((id) => kb.source(h.entry, id) ?? { id }),
          pack: h.entry.pack,
          score: Number(h.score.toFixed(4)),
          matchedField: h.why.field,
          matched: h.why.text,
          matchedWords: h.words,
          code: h.code ?? null,
        })),
        null,
        2,
      ),
    );
  } else if (hits.length === 0) {
    io.err(noEntryLine(query, didYouMean));
  } else {
    for (const h of hits) {
      const codes = h.entry.codes?.length ? `  [${h.entry.codes.map((c) => c.code).join(', ')}]` : '';
      io.out(`${h.entry.label}  — ${h.entry.kind}${codes}`);
      io.out(`    ${whyLine(h)}`);
    }
  }
  if (flags.has('--json') && hits.length === 0) io.err(noEntryLine(query, didYouMean));
  return hits.length > 0 ? 0 : 1;
}

function card(io: CliIO, rest: string[], flags: Map<string, string[]>): number {
  const term = rest.join(' ').trim();
  if (!term) throw new UsageError('card needs a term or an entry id');
  const { kb, problems } = loadKnowledge(io, flags.get('--pack') ?? []);
  reportProblems(io, problems);
  const entry = kb.resolve(term);
  if (!entry) {
    io.err(`No entry matches "${term}".`);
    return 1;
  }
  io.out(flags.has('--markdown') ? kb.card(entry) : kb.cardText(entry));
  return 0;
}

/**
 * Checks each file as a pack on its own; references resolve against the built-in pack and every file given.
 * Exit 1 when a file is rejected or any of its items was skipped, or (with --strict) on any warning.
 */
function validate(io: CliIO, files: string[], strict: boolean): number {
  if (files.length === 0) throw new UsageError('validate needs at least one file');
  let failed = 0;
  let warned = 0;
  let unreadable = 0;
  const parsed: Array<{ file: string } & ParsedPack> = [];
  for (const file of files) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (err) {
      io.err(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      unreadable++;
      continue;
    }
    parsed.push({ file, ...parsePack({ file, text }) });
  }
  const context = parsed.flatMap((p) => (p.pack ? [p.pack] : []));
  if (!files.includes(io.builtinPack)) {
    const builtin = parsePack({ file: io.builtinPack, text: io.readFile(io.builtinPack) }).pack;
    if (builtin) context.push(builtin);
  }
  const scope = scopeOf(context);
  for (const { file, pack, problems, skipped, at } of parsed) {
    const warnings = pack ? danglingReferences(file, pack, at, scope) : [];
    for (const p of [...problems, ...warnings]) io.out(`${p.severity === 'warning' ? 'warning: ' : ''}${formatProblem(p)}`);
    warned += warnings.length;
    if (!pack || skipped > 0) failed++;
    if (!pack) continue;
    const counts = `${pack.entries.length + (pack.codeSet?.rows.length ?? 0)} entries, ${pack.sources.length} sources`;
    io.out(skipped > 0 ? `${file}: loads with ${skipped} item${skipped === 1 ? '' : 's'} skipped (${counts})` : `${file}: valid (${counts})`);
  }
  return unreadable > 0 ? 2 : failed > 0 || (strict && warned > 0) ? 1 : 0;
}

function importCommand(io: CliIO, rest: string[], flags: Map<string, string[]>): number {
  const [format, file, ...extra] = rest;
  if (format === 'phrases') return importPhrasesCommand(io, file, extra, flags);
  if (format !== 'icd10cm') throw new UsageError(format ? `unknown import format "${format}" (supported: icd10cm, phrases)` : 'import needs a format: icd10cm or phrases');
  if (!file || extra.length) throw new UsageError('import icd10cm needs exactly one FILE');
  const text = readOrThrow(io, file);
  const edition = flags.get('--edition')?.[0];
  let result: ReturnType<typeof importIcd10cm>;
  try {
    result = importIcd10cm(text, { fileName: path.basename(file), ...(edition !== undefined ? { edition } : {}) });
  } catch (err) {
    if (!(err instanceof Icd10cmImportError)) throw err;
    io.err(`${file}: ${err.message}`);
    return err.reason === 'bad-option' ? 2 : 1;
  }
  for (const p of result.problems) io.err(`${file}:${p.line}: warning: ${p.message} (line skipped)`);
  const json = icd10cmPackText(result.pack);
  const s = result.stats;
  return writeImported(io, flags, json, `${s.codes} codes (${s.billable} billable, ${s.headers} headers) from ${s.lines} lines of a ${s.format} file; ${s.skipped} skipped`);
}

/** Epic SmartPhrase / Dragon text → a pack of phrases; every conversion reported on stderr. */
function importPhrasesCommand(io: CliIO, file: string | undefined, extra: string[], flags: Map<string, string[]>): number {
  if (!file || extra.length) throw new UsageError('import phrases needs exactly one FILE');
  const { pack, report } = importPhrases(readOrThrow(io, file), path.basename(file));
  const json = `${JSON.stringify(pack, null, 2)}\n`;
  // The pack must load as it is written: a conversion that made an invalid body is this importer's bug.
  const { problems } = parsePack({ file: path.basename(file), text: json });
  if (problems.length) {
    reportProblems(io, problems);
    return 1;
  }
  for (const line of report) io.err(line);
  return writeImported(io, flags, json, `${pack.phrases!.length} phrases, ${pack.lists!.length} lists, ${report.length} conversions`);
}

/** An imported pack goes to `-o FILE` (the summary names it) or to stdout; the summary always to stderr. */
function writeImported(io: CliIO, flags: Map<string, string[]>, json: string, summary: string): number {
  const out = flags.get('-o')?.[0] ?? flags.get('--out')?.[0];
  if (out) {
    io.writeFile(out, json);
    io.err(`${out}: ${summary}`);
  } else {
    io.out(json);
    io.err(summary);
  }
  return 0;
}

/* istanbul ignore next: the process entry point */
if (require.main === module) {
  const io: CliIO = {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    readFile: (f) => fs.readFileSync(f, 'utf8'),
    writeFile: (f, t) => {
      // `-o .clinical-notes/icd10cm.json` in a workspace that has no packs yet: make the folder.
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, t);
    },
    builtinPack: path.join(__dirname, '..', 'knowledge', 'calcinosis.json'),
    stdinLines: () => readline.createInterface({ input: process.stdin, crlfDelay: Infinity }),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`clinical-notes: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
