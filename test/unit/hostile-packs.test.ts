/**
 * Broken and hostile knowledge packs (`test/fixtures/hostile/`, plus the big ones generated here rather
 * than committed). For each: the exact lines the user is shown (file: JSON pointer: message), the
 * built-in knowledge working beside it, nothing thrown past `loadPacks` or `runCli`, the exit code of
 * `clinical-notes validate`, and bounded memory. Content that tries to act (links to `command:` and
 * `javascript:` URIs, raw HTML, remote images, terminal escape sequences) is rendered and checked inert.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import MarkdownIt from 'markdown-it';
import { runCli, type CliIO } from '../../src/cli';
import { renderCard, renderCardText, safeUrl, terminalSafe } from '../../src/core/cards/cards';
import { loadPacks, type PackInput } from '../../src/core/knowledge/load';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { formatProblem, type LoadedEntry, type Problem } from '../../src/core/types';
import { BUILTIN, ROOT, readPack } from './helpers';

/** Where the committed corpus lives, as the user sees it in messages. */
const H = 'test/fixtures/hostile';
/** How generated packs are named in messages (they exist only in memory). */
const G = 'generated';
const BUILT_IN = readPack(BUILTIN);
const B = BUILT_IN.file;
const MB = 1024 * 1024;

// ── The generated corpus: too big to commit ─────────────────────────────────────────────────────────

const SOURCES = [{ id: 'R1', kind: 'reference', title: 'A reference', url: 'https://example.org/r1' }];
const SECTIONS = [{ id: 'workup', title: 'Workup' }];
function pack(id: string, entries: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, title: `Hostile ${id}`, version: '1.0.0', sources: SOURCES, sections: SECTIONS, entries, ...extra };
}
function entry(id: string, label: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, label, kind: 'finding', definition: `Test entry ${label}.`, sections: ['workup'], sources: ['R1'], ...extra };
}
const DEEP = 100_000;
/** A 10 MB property name: messages must not carry it whole. */
const HUGE_KEY = 'k'.repeat(10 * MB);

const GENERATED: Record<string, () => string> = {
  'ten-mb-definition.json': () => JSON.stringify(pack('hostile-ten-mb', [entry('ten-mb', 'ten mb', { definition: 'x'.repeat(10 * MB) })])),
  'ten-mb-property-name.json': () => JSON.stringify({ [HUGE_KEY]: 1, ...pack('hostile-ten-mb-key', [entry('ten-mb-key', 'ten mb key')]) }),
  // `$schema` has no length limit: a valid pack may carry 10 MB of it.
  'ten-mb-schema-string.json': () => JSON.stringify({ $schema: 's'.repeat(10 * MB), ...pack('hostile-ten-mb-schema', [entry('ten-mb-schema', 'ten mb schema')]) }),
  'fifty-thousand-entries.json': () =>
    JSON.stringify(pack('hostile-fifty-thousand', Array.from({ length: 50_000 }, (_, i) => entry(`generated-${i}`, `generated term ${i}`)))),
  'fifty-thousand-broken-entries.json': () =>
    JSON.stringify(pack('hostile-fifty-thousand-broken', Array.from({ length: 50_000 }, (_, i) => ({ id: `broken-${i}`, kind: 'finding', definition: 'd', sections: ['workup'], sources: ['R1'] })))),
  'deep-nesting.json': () => '['.repeat(DEEP) + ']'.repeat(DEEP),
  'deep-nesting-in-entries.json': () => JSON.stringify(pack('hostile-deep', [])).replace('"entries":[]', `"entries":[${'['.repeat(DEEP)}${']'.repeat(DEEP)}]`),
  'deep-nesting-unclosed.json': () => '['.repeat(DEEP),
  'deep-nesting-objects-unclosed.json': () => '{"a":'.repeat(DEEP),
  'oversized.json': () => JSON.stringify(pack('hostile-oversized', [entry('oversized', 'oversized')])) + ' '.repeat(65 * MB),
};

/** The text of a corpus file: generated, or read from the repository. */
function textOf(file: string): string {
  const generated = file.startsWith(`${G}/`) ? GENERATED[file.slice(G.length + 1)] : undefined;
  if (generated) return generated();
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

// ── The table: what the user is shown for each item of the corpus ───────────────────────────────────

interface HostileCase {
  /** Loaded after the built-in pack, in this order. */
  files: string[];
  /** Every line the user is shown when these load beside the built-in pack (extension and `--pack`), in order. */
  problems: string[];
  /** Entries the packs add beside the built-in ones (0 when they are rejected). */
  adds: number;
  /** `clinical-notes validate <files>`: what it prints and its exit code (default: the problems, and 1). */
  validate?: { out: string[]; exit: 0 | 1 | 2 };
}

/** The escape sequences of `terminal-escapes*.json`. */
const ESC = {
  clipboard: '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\u0007',
  erase: '\u001b[2K\u001b[1A\u001b[2K',
};
const CODE_PATTERN = '^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$ (The code with its dot, e.g. L94.2.)';
const UNKNOWN_REFS = [
  `warning: ${H}/unknown-refs.json: /sections/0/sources/0: unknown source "seed:nowhere" (not in /sources)`,
  `warning: ${H}/unknown-refs.json: /entries/0/sources/0: unknown source "R9" (not in /sources)`,
  `warning: ${H}/unknown-refs.json: /entries/0/facts/0/sources/1: unknown source "R7" (not in /sources)`,
  `warning: ${H}/unknown-refs.json: /entries/0/codes/0/sources/0: unknown source "R6" (not in /sources)`,
  `warning: ${H}/unknown-refs.json: /entries/0/abbreviations/0/sources/0: unknown source "R8" (not in /sources)`,
  `warning: ${H}/unknown-refs.json: /entries/0/evidence/sources/0: unknown source "R5" (not in /sources)`,
  `warning: ${H}/unknown-refs.json: /entries/0/sections/0: unknown section "nowhere" (not defined in any loaded pack)`,
];
const URLS_NOT_HTTP = [
  ...['javascript:alert(document.cookie)', 'command:workbench.action.terminal.new', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', ' https://example.org/space', 'HTTPS://EXAMPLE.ORG/UPPER'].map(
    (url, i) => `${H}/urls-not-http.json: /sources/${i}/url: "${url}" does not match ^https?://`,
  ),
  ...[1, 2, 3, 4, 5, 6].map((n) => `warning: ${H}/urls-not-http.json: /entries/0/sources/${n - 1}: unknown source "R${n}" (not in /sources)`),
];
const FIFTY_THOUSAND_BROKEN = Array.from({ length: 100 }, (_, i) => `${G}/fifty-thousand-broken-entries.json: /entries/${i}/label: required property "label" is missing`);
const INVALID_CODES = [
  ...['L942', 'l94.2', 'L94.22222', 'L94.', '94.2', 'L94.2 ', '`L94.2`'].map((code, i) => `${H}/invalid-codes.json: /entries/0/codes/${i}/code: "${code}" does not match ${CODE_PATTERN}`),
  `${H}/invalid-codes.json: /entries/0/codes/7/system: must be one of "ICD-10-CM" (got string "ICD-9")`,
  `${H}/invalid-codes.json: /entries/0/codes/7/code: "709.3" does not match ${CODE_PATTERN}`,
];
const KINDS = '"condition", "type", "cause", "finding", "test", "imaging", "procedure", "treatment", "concept", "code"';

const CASES: Record<string, HostileCase> = {
  'not JSON': { files: [`${H}/not-json.json`], adds: 0, problems: [`${H}/not-json.json: /: not valid JSON: invalid symbol at line 1, column 1`] },
  'an empty file': { files: [`${H}/empty.json`], adds: 0, problems: [`${H}/empty.json: /: the file is empty; expected a JSON knowledge pack`] },
  truncated: { files: [`${H}/truncated.json`], adds: 0, problems: [`${H}/truncated.json: /: not valid JSON: the file ends too early (truncated?)`] },
  'text after the JSON': { files: [`${H}/trailing-garbage.json`], adds: 0, problems: [`${H}/trailing-garbage.json: /: not valid JSON: end of file expected at line 34, column 1`] },
  'a byte-order mark before a valid pack': {
    files: [`${H}/bom-valid.json`], adds: 1, problems: [],
    validate: { out: [`${H}/bom-valid.json: valid (1 entries, 1 sources)`], exit: 0 },
  },
  'a root that is an array': { files: [`${H}/root-array.json`], adds: 0, problems: [`${H}/root-array.json: /: must be an object (got array)`] },
  'a root that is null': { files: [`${H}/root-null.json`], adds: 0, problems: [`${H}/root-null.json: /: must be an object (got null)`] },
  'a root that is a string': { files: [`${H}/root-string.json`], adds: 0, problems: [`${H}/root-string.json: /: must be an object (got string "calcinosis")`] },
  'a root that is a number': { files: [`${H}/root-number.json`], adds: 0, problems: [`${H}/root-number.json: /: must be an object (got integer 42)`] },
  'wrong types': {
    files: [`${H}/wrong-types.json`], adds: 0,
    problems: [
      `${H}/wrong-types.json: /title: must be a string (got integer 42)`,
      `${H}/wrong-types.json: /version: must be a string (got integer 1)`,
      `${H}/wrong-types.json: /sources: must be an array (got object)`,
      `${H}/wrong-types.json: /entries/0/label: must be a string (got array)`,
      `${H}/wrong-types.json: /entries/0/synonyms: must be an array (got string "calcium deposits")`,
      `${H}/wrong-types.json: /entries/0/definition: must be a string (got boolean true)`,
      `${H}/wrong-types.json: /entries/0/sections: must be an array (got string "workup")`,
      `${H}/wrong-types.json: /entries/1/abbreviations/0/ambiguous: must be a boolean (got string "yes")`,
      `${H}/wrong-types.json: /entries/1/codes/0/billable: must be a boolean (got string "true")`,
      `${H}/wrong-types.json: /entries/1/codes/0/sources: must be an array (got string "R1")`,
      `${H}/wrong-types.json: /entries/1/facts: must be an array (got string "a fact")`,
      `${H}/wrong-types.json: /entries/1/evidence: must be an object (got array)`,
      `${H}/wrong-types.json: /entries/2: must be an object (got string "calcinosis")`,
      `${H}/wrong-types.json: /entries/3: must be an object (got integer 7)`,
    ],
  },
  'missing required fields': {
    files: [`${H}/missing-required.json`], adds: 0,
    problems: [
      `${H}/missing-required.json: /version: required property "version" is missing`,
      `${H}/missing-required.json: /sources/0/kind: required property "kind" is missing`,
      `${H}/missing-required.json: /sections/0/title: required property "title" is missing`,
      `${H}/missing-required.json: /entries/0/id: required property "id" is missing`,
      `${H}/missing-required.json: /entries/0/label: required property "label" is missing`,
      `${H}/missing-required.json: /entries/0/kind: required property "kind" is missing`,
      `${H}/missing-required.json: /entries/0/definition: required property "definition" is missing`,
      `${H}/missing-required.json: /entries/0/sections: required property "sections" is missing`,
      `${H}/missing-required.json: /entries/0/sources: required property "sources" is missing`,
      `${H}/missing-required.json: /entries/1/codes/0/title: required property "title" is missing`,
      `${H}/missing-required.json: /entries/1/codes/0/sources: required property "sources" is missing`,
      `${H}/missing-required.json: /entries/1/facts/0/sources: required property "sources" is missing`,
      `${H}/missing-required.json: /entries/1/evidence/sources: required property "sources" is missing`,
    ],
  },
  'null fields': {
    files: [`${H}/null-fields.json`], adds: 0,
    problems: [
      // The file's own fields first (they reject it), then its items (each would have been skipped alone).
      `${H}/null-fields.json: /title: must be a string (got null)`,
      `${H}/null-fields.json: /sections: must be an array (got null)`,
      `${H}/null-fields.json: /sources/0: must be an object (got null)`,
      `${H}/null-fields.json: /entries/0/label: must be a string (got null)`,
      `${H}/null-fields.json: /entries/0/kind: must be one of ${KINDS} (got null)`,
      `${H}/null-fields.json: /entries/0/synonyms: must be an array (got null)`,
      `${H}/null-fields.json: /entries/0/codes/0: must be an object (got null)`,
      `${H}/null-fields.json: /entries/0/evidence: must be an object (got null)`,
      `${H}/null-fields.json: /entries/0/related/0: must be a string (got null)`,
      `${H}/null-fields.json: /entries/1: must be an object (got null)`,
    ],
  },
  // The first of each id loads; each later one is skipped.
  'duplicate ids in one pack': {
    files: [`${H}/duplicate-ids.json`], adds: 1,
    problems: [
      `${H}/duplicate-ids.json: /sources/1/id: duplicate source id "R1"`,
      `${H}/duplicate-ids.json: /sections/1/id: duplicate section id "workup"`,
      `${H}/duplicate-ids.json: /entries/1/id: duplicate entry id "dup-term"`,
    ],
    validate: {
      out: [
        `${H}/duplicate-ids.json: /sources/1/id: duplicate source id "R1"`,
        `${H}/duplicate-ids.json: /sections/1/id: duplicate section id "workup"`,
        `${H}/duplicate-ids.json: /entries/1/id: duplicate entry id "dup-term"`,
        `${H}/duplicate-ids.json: loads with 3 items skipped (1 entries, 1 sources)`,
      ],
      exit: 1,
    },
  },
  // A dangling reference is a warning: the entry loads and its card leaves the reference out. The source
  // without a url is skipped (an error), so validate exits 1.
  'references to unknown sources and sections': {
    files: [`${H}/unknown-refs.json`], adds: 1,
    problems: [
      `${H}/unknown-refs.json: /sources/2/url: reference source "R2" needs a url`,
      ...UNKNOWN_REFS,
    ],
    validate: {
      out: [
        `${H}/unknown-refs.json: /sources/2/url: reference source "R2" needs a url`,
        ...UNKNOWN_REFS,
        `${H}/unknown-refs.json: loads with 1 item skipped (1 entries, 2 sources)`,
      ],
      exit: 1,
    },
  },
  // A related id may live in another pack, so a single file is valid; once loaded, a dangling one is a warning.
  'a related id no pack defines': {
    files: [`${H}/unknown-related.json`], adds: 1,
    problems: [`warning: ${H}/unknown-related.json: /entries/0/related/0: related entry "no-such-entry" is not defined in any loaded pack`],
    validate: {
      out: [`warning: ${H}/unknown-related.json: /entries/0/related/0: related entry "no-such-entry" is not defined in any loaded pack`, `${H}/unknown-related.json: valid (1 entries, 1 sources)`],
      exit: 0,
    },
  },
  'duplicate ids across packs (entry ids and a pack id)': {
    files: [`${H}/across-first.json`, `${H}/across-second.json`, `${H}/across-same-pack-id.json`], adds: 3,
    problems: [
      `${H}/across-second.json: /entries/1/id: entry id "clinic-shared-term" is already defined in ${H}/across-first.json; this entry was skipped`,
      `${H}/across-same-pack-id.json: /id: pack id "hostile-clinic-a" is already loaded from ${H}/across-first.json; this pack was skipped`,
    ],
    validate: {
      out: [
        `${H}/across-first.json: valid (2 entries, 1 sources)`,
        `${H}/across-second.json: valid (2 entries, 1 sources)`,
        `${H}/across-same-pack-id.json: valid (1 entries, 1 sources)`,
      ],
      exit: 0,
    },
  },
  // A pack cannot replace a built-in entry (here with a reassuring, wrong definition).
  'an entry id taken from the built-in pack': {
    files: [`${H}/shadows-builtin.json`], adds: 1,
    problems: [`${H}/shadows-builtin.json: /entries/0/id: entry id "calcinosis" is already defined in ${B}; this entry was skipped`],
    validate: { out: [`${H}/shadows-builtin.json: valid (2 entries, 1 sources)`], exit: 0 },
  },
  'invalid ICD-10-CM codes': {
    files: [`${H}/invalid-codes.json`], adds: 0,
    problems: INVALID_CODES,
    validate: { out: [...INVALID_CODES, `${H}/invalid-codes.json: loads with 1 item skipped (0 entries, 1 sources)`], exit: 1 },
  },
  '__proto__ and constructor keys': {
    files: [`${H}/proto-keys.json`], adds: 0,
    problems: [
      `${H}/proto-keys.json: /__proto__: unknown property "__proto__"`,
      `${H}/proto-keys.json: /constructor: unknown property "constructor"`,
      `${H}/proto-keys.json: /sources/0/__proto__: unknown property "__proto__"`,
      `${H}/proto-keys.json: /sections/0/prototype: unknown property "prototype"`,
      `${H}/proto-keys.json: /entries/0/constructor: unknown property "constructor"`,
      `${H}/proto-keys.json: /entries/0/hasOwnProperty: unknown property "hasOwnProperty"`,
    ],
  },
  'ids and names that are Object.prototype keys': {
    files: [`${H}/proto-ids.json`], adds: 2,
    problems: [`warning: ${H}/proto-ids.json: /entries/0/related/1: related entry "to-string" is not defined in any loaded pack`],
    validate: {
      out: [`warning: ${H}/proto-ids.json: /entries/0/related/1: related entry "to-string" is not defined in any loaded pack`, `${H}/proto-ids.json: valid (2 entries, 2 sources)`],
      exit: 0,
    },
  },
  // Each source is skipped; the entry citing them loads, with a warning per source it cannot cite.
  'source URLs that are not http(s)': {
    files: [`${H}/urls-not-http.json`], adds: 1,
    problems: URLS_NOT_HTTP,
    validate: { out: [...URLS_NOT_HTTP, `${H}/urls-not-http.json: loads with 6 items skipped (1 entries, 0 sources)`], exit: 1 },
  },
  'Markdown, HTML and links in every text field': {
    files: [`${H}/acting-content.json`], adds: 13, problems: [],
    validate: { out: [`${H}/acting-content.json: valid (13 entries, 25 sources)`], exit: 0 },
  },
  'NUL, lone surrogates, bidi overrides, emoji and right-to-left labels': {
    files: [`${H}/odd-characters.json`], adds: 3, problems: [],
    validate: { out: [`${H}/odd-characters.json: valid (3 entries, 1 sources)`], exit: 0 },
  },
  'terminal escape sequences in every text field': {
    files: [`${H}/terminal-escapes.json`], adds: 1, problems: [],
    validate: { out: [`${H}/terminal-escapes.json: valid (1 entries, 1 sources)`], exit: 0 },
  },
  // The editor shows these lines as they are (the output channel renders no escapes); a terminal gets
  // them through terminalSafe (see assertCli and "terminal escape sequences in CLI output" below).
  'terminal escape sequences in property names and values': {
    files: [`${H}/terminal-escapes-invalid.json`], adds: 0,
    problems: [
      `${H}/terminal-escapes-invalid.json: /x${ESC.erase}${ESC.clipboard}: unknown property "${`x${ESC.erase}${ESC.clipboard}`.slice(0, 40)}…"`,
      `${H}/terminal-escapes-invalid.json: /entries/0/kind: must be one of ${KINDS} (got string "finding\\u001b[2K\\u001b[1A\\u001b[2K")`,
    ],
  },
  'a 10 MB string': {
    files: [`${G}/ten-mb-definition.json`], adds: 0,
    problems: [`${G}/ten-mb-definition.json: /entries/0/definition: is 10485760 characters long; at most 4000 allowed`],
    validate: {
      out: [`${G}/ten-mb-definition.json: /entries/0/definition: is 10485760 characters long; at most 4000 allowed`, `${G}/ten-mb-definition.json: loads with 1 item skipped (0 entries, 1 sources)`],
      exit: 1,
    },
  },
  // The line as it is today carries the 10 MB name in its JSON pointer; see "every line the user is shown is short".
  'a 10 MB property name': {
    files: [`${G}/ten-mb-property-name.json`], adds: 0,
    problems: [`${G}/ten-mb-property-name.json: /${'k'.repeat(60)}…: unknown property "${'k'.repeat(40)}…"`],
  },
  'a valid pack carrying a 10 MB $schema string': {
    files: [`${G}/ten-mb-schema-string.json`], adds: 1, problems: [],
    validate: { out: [`${G}/ten-mb-schema-string.json: valid (1 entries, 1 sources)`], exit: 0 },
  },
  '50,000 entries': {
    files: [`${G}/fifty-thousand-entries.json`], adds: 50_000, problems: [],
    validate: { out: [`${G}/fifty-thousand-entries.json: valid (50000 entries, 1 sources)`], exit: 0 },
  },
  '50,000 broken entries (problems capped at 100 per file)': {
    files: [`${G}/fifty-thousand-broken-entries.json`], adds: 0,
    problems: FIFTY_THOUSAND_BROKEN,
    validate: { out: [...FIFTY_THOUSAND_BROKEN, `${G}/fifty-thousand-broken-entries.json: loads with 50000 items skipped (0 entries, 1 sources)`], exit: 1 },
  },
  '100,000 nested arrays': { files: [`${G}/deep-nesting.json`], adds: 0, problems: [`${G}/deep-nesting.json: /: must be an object (got array)`] },
  '100,000 nested arrays as an entry': {
    files: [`${G}/deep-nesting-in-entries.json`], adds: 0,
    problems: [`${G}/deep-nesting-in-entries.json: /entries/0: must be an object (got array)`],
    validate: {
      out: [`${G}/deep-nesting-in-entries.json: /entries/0: must be an object (got array)`, `${G}/deep-nesting-in-entries.json: loads with 1 item skipped (0 entries, 1 sources)`],
      exit: 1,
    },
  },
  // JSON.parse (V8) reads deep nesting fine but rejects the syntax error; locating it with jsonc-parser,
  // which recurses, then overflows the stack.
  '100,000 unclosed arrays': {
    files: [`${G}/deep-nesting-unclosed.json`], adds: 0,
    problems: [`${G}/deep-nesting-unclosed.json: /: the JSON is nested too deeply to read`],
  },
  '100,000 unclosed objects': {
    files: [`${G}/deep-nesting-objects-unclosed.json`], adds: 0,
    problems: [`${G}/deep-nesting-objects-unclosed.json: /: the JSON is nested too deeply to read`],
  },
  'a file over the size limit (65 MB)': { files: [`${G}/oversized.json`], adds: 0, problems: [`${G}/oversized.json: /: the file is 65.0 MB; packs are limited to 64 MB`] },
};

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────

function shown(p: Problem): string {
  return `${p.severity === 'warning' ? 'warning: ' : ''}${formatProblem(p)}`;
}

interface Run {
  code: number;
  out: string[];
  err: string[];
}

/** Runs the CLI in-process with the shipped pack as the built-in one and the corpus readable by name. */
async function cli(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (t) => out.push(...t.split('\n')),
    err: (t) => err.push(...t.split('\n')),
    readFile: (f) => (f === B ? BUILT_IN.text : textOf(f)),
    writeFile: () => assert.fail('the CLI wrote a file'),
    builtinPack: B,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

function builtinCount(kb: KnowledgeBase): number {
  return kb.knowledge.entries.filter((e) => e.pack === builtinPackId).length;
}
const builtinKb = KnowledgeBase.load([BUILT_IN]).kb;
const builtinPackId = builtinKb.knowledge.packs[0]!.id;
const BUILTIN_ENTRIES = builtinKb.knowledge.entries.length;

function inputsOf(c: HostileCase): PackInput[] {
  return [BUILT_IN, ...c.files.map((file) => ({ file, text: textOf(file) }))];
}

/** The built-in knowledge still answers: search, term spotting, cards. */
function assertBuiltinWorks(kb: KnowledgeBase, c?: HostileCase): void {
  assert.equal(builtinCount(kb), BUILTIN_ENTRIES, 'every built-in entry is still loaded');
  if (c) assert.equal(kb.knowledge.entries.length, BUILTIN_ENTRIES + c.adds, 'entries added by the pack');
  const calc = kb.search('calc');
  assert.ok(calc.some((h) => h.entry.id === 'calcinosis' && h.entry.pack === builtinPackId), 'search "calc" still finds calcinosis');
  const exact = kb.search('calcinosis')[0];
  assert.equal(exact?.entry.pack, builtinPackId, 'the built-in entry answers "calcinosis" first');
  const line = 'History of calcinosis cutis, on sodium thiosulfate.';
  const term = kb.termAt(line, line.indexOf('cutis') + 2);
  assert.equal(term?.entry.pack, builtinPackId, 'hover over "calcinosis cutis" still finds the built-in entry');
  assert.equal(term?.text, 'calcinosis cutis');
  assert.match(kb.card(kb.knowledge.get('calcinosis')!), /^#### calcinosis\n/);
}

/** `validate` prints the table's lines with the table's exit code; `search --pack` answers from the built-in pack. */
async function assertCli(c: HostileCase): Promise<void> {
  // What reaches a terminal is the same line with control characters replaced.
  const inTerminal = (lines: readonly string[]) => lines.map(terminalSafe);
  const v = await cli(['validate', ...c.files]);
  assert.deepEqual(v.out, inTerminal(c.validate?.out ?? c.problems));
  assert.deepEqual(v.err, []);
  assert.equal(v.code, c.validate?.exit ?? 1);
  const s = await cli(['search', 'calcinosis', ...c.files.flatMap((f) => ['--pack', f])]);
  assert.equal(s.code, 0);
  assert.deepEqual(s.err, inTerminal(c.problems));
  assert.match(s.out[0] ?? '', /^calcinosis {2}— condition/);
}

// ── Per item: the lines, the built-in, the CLI ──────────────────────────────────────────────────────

describe('hostile knowledge packs', function () {
  this.timeout(60_000);

  for (const [what, c] of Object.entries(CASES)) {
    describe(`${what} (${c.files.map((f) => path.basename(f)).join(', ')})`, () => {
      let kb: KnowledgeBase | undefined;
      let problems: Problem[] = [];
      const load = () => {
        if (!kb) ({ kb, problems } = KnowledgeBase.load(inputsOf(c)));
        return kb;
      };
      after(() => {
        kb = undefined;
        problems = [];
      });

      it('loadPacks does not throw and reports exactly the expected lines', () => {
        load();
        assert.deepEqual(problems.map(shown), c.problems);
      });

      it('the built-in knowledge keeps working beside it', () => {
        assertBuiltinWorks(load(), c);
      });

      it(`clinical-notes validate prints the same lines and exits ${c.validate?.exit ?? 1}; search --pack still answers`, async () => {
        await assertCli(c);
      });
    });
  }

  it('every committed corpus file is in the table', () => {
    const inTable = new Set(Object.values(CASES).flatMap((c) => c.files));
    const missing = fs.readdirSync(path.join(ROOT, H)).map((f) => `${H}/${f}`).filter((f) => !inTable.has(f));
    assert.deepEqual(missing, []);
  });

  it('no pack pollutes Object.prototype', () => {
    loadPacks([BUILT_IN, readPack(path.join(ROOT, H, 'proto-keys.json')), readPack(path.join(ROOT, H, 'proto-ids.json'))]);
    const probe = {} as Record<string, unknown>;
    assert.equal(probe.polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('Object.prototype names are ordinary terms: search, hover and cards work', () => {
    const { kb } = KnowledgeBase.load([BUILT_IN, readPack(path.join(ROOT, H, 'proto-ids.json'))]);
    assert.equal(kb.search('constructor')[0]?.entry.id, 'constructor');
    assert.equal(kb.search('toString')[0]?.entry.id, 'constructor');
    assert.equal(kb.termAt('see __proto__ here', 6)?.entry.id, 'constructor');
    assert.equal(kb.termAt('a hasOwnProperty b', 4)?.entry.id, 'constructor');
    assert.match(kb.card(kb.knowledge.get('constructor')!), /\*\*Related:\*\* prototype/);
    assertBuiltinWorks(kb);
  });

  it('the corpus is big enough: 35+ packs, among them 50,000 entries, 10 MB strings and a 65 MB file', () => {
    const files = new Set(Object.values(CASES).flatMap((c) => c.files));
    assert.ok(files.size >= 35, `${files.size} packs`);
    for (const name of Object.keys(GENERATED)) assert.ok(files.has(`${G}/${name}`), name);
  });

  // Every line must be short enough to read in the Problems panel and a terminal, whatever the pack.
  it('every line the user is shown is at most 300 characters', () => {
    for (const [what, c] of Object.entries(CASES)) {
      for (const line of loadPacks(inputsOf(c)).problems.map(shown)) {
        assert.ok(line.length <= 300, `${what}: a line of ${line.length} characters: ${line.slice(0, 120)}…`);
      }
    }
  });
});

// ── Unreadable packs and the real process ───────────────────────────────────────────────────────────

describe('hostile packs: unreadable files and the real CLI process', () => {
  it('validate exits 2 for an unreadable file, naming it, and still checks the others', async () => {
    const r = await cli(['validate', `${H}/missing-file.json`, `${H}/not-json.json`, H]);
    assert.equal(r.code, 2);
    assert.deepEqual(r.err, [`${H}/missing-file.json: cannot read: ENOENT`, `${H}: cannot read: EISDIR`]);
    assert.deepEqual(r.out, [`${H}/not-json.json: /: not valid JSON: invalid symbol at line 1, column 1`]);
  });

  it('search exits 2 when a --pack file cannot be read', async () => {
    const r = await cli(['search', 'calc', '--pack', `${H}/missing-file.json`]);
    assert.equal(r.code, 2);
    assert.equal(r.err[0], `clinical-notes: cannot read ${H}/missing-file.json: ENOENT`);
  });

  it('the CLI process validates the whole committed corpus: exit 1, one line per problem, no stack trace', () => {
    const cliJs = path.join(ROOT, 'out', 'src', 'cli.js');
    assert.ok(fs.existsSync(cliJs), `${cliJs} is missing: run \`node esbuild.mjs --tests\` first`);
    const files = fs.readdirSync(path.join(ROOT, H)).sort().map((f) => `${H}/${f}`);
    const r = spawnSync(process.execPath, [cliJs, 'validate', ...files], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /^\s+at /m, 'no stack trace');
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.every((l) => files.some((f) => l.replace(/^warning: /, '').startsWith(`${f}: `))), 'every line names its file');
  });
});

// ── Memory ──────────────────────────────────────────────────────────────────────────────────────────

/** A real garbage collection: `--expose-gc` when given, otherwise switched on at run time. */
function collector(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

describe('hostile packs: memory stays bounded', function () {
  this.timeout(120_000);
  /** Heap left behind after loading and dropping the big packs twice (after a warm-up round). */
  const RETAINED_BOUND = 16 * MB;
  /** Heap while the 50,000-entry pack is loaded beside the built-in one (about 130 MB measured). */
  const LOADED_BOUND = 400 * MB;
  const BIG = ['fifty-thousand-entries.json', 'ten-mb-definition.json', 'ten-mb-property-name.json', 'ten-mb-schema-string.json', 'oversized.json'];

  it(`loading and dropping the 50,000-entry and 10 MB packs leaves under ${RETAINED_BOUND / MB} MB behind`, () => {
    const gc = collector();
    const heap = () => {
      gc?.();
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    const cycle = (check: boolean): number => {
      let peak = 0;
      for (const name of BIG) {
        const before = heap();
        const { kb } = KnowledgeBase.load([BUILT_IN, { file: `${G}/${name}`, text: GENERATED[name]!() }]);
        kb.search('calcinosis');
        kb.termAt('known calcinosis', 8);
        if (check) peak = Math.max(peak, heap() - before);
      }
      return peak;
    };
    cycle(false); // warm-up: lazily built module state (compiled patterns, fuse.js) is not a leak
    const base = heap();
    let peak = 0;
    for (let i = 0; i < 2; i++) peak = Math.max(peak, cycle(true));
    const retained = heap() - base;
    if (gc) {
      assert.ok(peak < LOADED_BOUND, `a big pack held ${(peak / MB).toFixed(0)} MB while loaded`);
      assert.ok(retained < RETAINED_BOUND, `${(retained / MB).toFixed(1)} MB retained after dropping the big packs`);
    } else {
      // No way to force a collection: compare loosely, never flaky.
      assert.ok(retained < 8 * RETAINED_BOUND, `${(retained / MB).toFixed(1)} MB retained (no gc available, loose bound)`);
    }
  });
});

// ── Content that tries to act ───────────────────────────────────────────────────────────────────────

/** What markdown-it (CommonMark, as VS Code's Markdown uses) makes of a card, with raw HTML allowed: the worst case. */
const markdown = new MarkdownIt({ html: true, linkify: false });
/** Tags a card may render to: its own headings, emphasis, lists, code spans, rule and source links. */
const CARD_TAGS = new Set(['h4', 'p', 'em', 'strong', 'ul', 'li', 'code', 'hr', 'a', 'br']);

function actingKnowledge(): KnowledgeBase {
  const files = ['acting-content.json', 'proto-ids.json', 'odd-characters.json', 'terminal-escapes.json', 'bom-valid.json'];
  const { kb, problems } = KnowledgeBase.load([BUILT_IN, ...files.map((f) => readPack(path.join(ROOT, H, f)))]);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  return kb;
}

/** The links a card may carry: the declared source URLs, as safeUrl passes them and CommonMark reads them. */
function declaredHrefs(kb: KnowledgeBase): { markdown: string[]; html: Set<string> } {
  const urls = kb.knowledge.packs.flatMap((p) => p.sources).map((s) => safeUrl(s.url)).filter((u): u is string => !!u);
  // CommonMark drops the backslash of an escaped punctuation character in a link destination.
  const html = new Set(urls.map((u) => markdown.normalizeLink(u.replace(/\\([!-/:-@[-`{-~])/g, '$1'))));
  return { markdown: [...new Set(urls)].sort((a, b) => b.length - a.length), html };
}

/** The Markdown with the card's own source links taken out, then every backslash-escaped character. */
function activePart(md: string, links: readonly string[]): string {
  let rest = md;
  for (const u of links) rest = rest.split(`](${u})`).join('');
  return rest;
}

describe('hostile packs: content that tries to act is rendered inert', () => {
  const kb = actingKnowledge();
  const hrefs = declaredHrefs(kb);
  const hostileEntries = kb.knowledge.entries.filter((e) => e.pack !== builtinPackId);
  const cards = (entries: readonly LoadedEntry[]) =>
    entries.flatMap((e) => [
      { e, md: renderCard(e, kb.knowledge) },
      { e, md: renderCard(e, kb.knowledge, { compact: true }) },
    ]);

  const MARKUP = /[<[\]\\*#`!]/;

  it('every hostile entry and every text field is covered', () => {
    assert.equal(hostileEntries.length, 20);
    const acting = kb.knowledge.pack('hostile-acting')!;
    const fields = JSON.stringify(acting);
    for (const needle of ['command:', 'javascript:', '<img', '<script>', '<a href', '![']) assert.ok(fields.includes(needle), needle);
    for (const e of hostileEntries.filter((x) => x.pack === 'hostile-acting')) {
      const texts = [
        e.label, e.definition, e.relation, ...(e.synonyms ?? []), ...(e.abbreviations ?? []).flatMap((a) => [a.text, ...(a.note ? [a.note] : [])]),
        ...(e.facts ?? []).map((f) => f.text), ...(e.codes ?? []).map((c) => c.title), e.evidence?.summary, e.evidence?.scale, e.evidence?.level,
      ];
      assert.ok(texts.every((t) => typeof t === 'string' && MARKUP.test(t)), `${e.id}: every text field holds markup`);
    }
    assert.ok(acting.sources.every((s) => MARKUP.test(s.title)), 'source titles hold markup');
    assert.ok(acting.sources.filter((s) => s.url && /[()[\]<>"\\#%]/.test(s.url)).length >= 8, 'source URLs try to break out of the link');
    assert.ok(acting.sections.every((s) => MARKUP.test(s.title) && MARKUP.test(s.summary ?? '')), 'section titles and summaries hold markup');
    assert.ok([acting.title, acting.version, acting.subject ?? ''].every((t) => MARKUP.test(t)), 'pack title, version and subject hold markup');
  });

  it('renderCard: once escapes are removed, no <, ](, ![, javascript: or command: is left outside the source links', () => {
    for (const { e, md } of cards(kb.knowledge.entries)) {
      const active = activePart(md, hrefs.markdown);
      assert.doesNotMatch(active.replace(/\\./g, ''), /<|\]\(|!\[|javascript:|command:/i, `${e.id}:\n${md}`);
      // GFM autolinks (the hover renderer's) need a literal "https://" or "www."; escapes break both.
      assert.doesNotMatch(active, /https?:\/\/|www\./i, `${e.id}: a bare URL could be autolinked`);
    }
  });

  it('markdown-it renders every card to card tags only: no <img>, <script>, raw HTML, or links other than declared source URLs', () => {
    let links = 0;
    for (const { e, md } of cards(kb.knowledge.entries)) {
      const html = markdown.render(md);
      assert.doesNotMatch(html, /<img|<script|<iframe|<svg|<a href="(?:command|javascript|data|file|vbscript):/i, e.id);
      // Every tag is one a card makes, with no attribute but a link's href.
      for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
        const [tag, closing, name, attributes] = [m[0], m[1], m[2]!.toLowerCase(), m[3]!];
        assert.ok(CARD_TAGS.has(name), `${e.id}: ${tag} in\n${html}`);
        if (closing || name !== 'a') {
          assert.equal(attributes, '', `${e.id}: ${tag}`);
          continue;
        }
        const href = /^ href="([^"]*)"$/.exec(attributes)?.[1];
        assert.ok(href !== undefined, `${e.id}: an anchor with attributes other than href: ${tag}`);
        assert.ok(hrefs.html.has(href), `${e.id}: a link that is not a declared source URL: ${href}`);
        links++;
      }
    }
    assert.ok(links > 0, 'source links are still rendered');
  });

  it('links in the cards of hostile entries are all https://', () => {
    for (const { e, md } of cards(hostileEntries)) {
      for (const m of markdown.render(md).matchAll(/<a href="([^"]*)"/g)) assert.match(m[1]!, /^https:\/\//, e.id);
    }
  });

  it('clinical-notes card --markdown prints the same inert Markdown', async () => {
    const r = await cli(['card', 'acting-0', '--markdown', '--pack', `${H}/acting-content.json`]);
    assert.equal(r.code, 0);
    assert.doesNotMatch(activePart(r.out.join('\n'), hrefs.markdown).replace(/\\./g, ''), /<|\]\(|!\[|javascript:|command:/i);
  });
});

// Escape sequences in a pack would act on the user's terminal (OSC 52 writes the clipboard, CSI erases the warnings above, OSC 8 hides a
// link under harmless text). Text for a terminal must carry no control characters but line breaks.
describe('hostile packs: terminal escape sequences in CLI output', () => {
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('card, search and validate print no control characters from pack text', async () => {
    const runs = [
      await cli(['card', 'terminal-escape', '--pack', `${H}/terminal-escapes.json`]),
      await cli(['search', 'escapeterm', '--pack', `${H}/terminal-escapes.json`]),
      await cli(['validate', `${H}/terminal-escapes-invalid.json`]),
    ];
    for (const r of runs) {
      for (const line of [...r.out, ...r.err]) assert.doesNotMatch(line, CONTROL, JSON.stringify(line));
    }
  });

  it('renderCardText carries no control characters', () => {
    const kb = actingKnowledge();
    const text = renderCardText(kb.knowledge.get('terminal-escape')!, kb.knowledge);
    assert.doesNotMatch(text, CONTROL, JSON.stringify(text));
  });
});

// Cards link only to source URLs the pack declares, and only over http(s): a reference URL is kept
// exactly as the reference lists it (five are http://), never rewritten to a scheme nobody checked.
describe('hostile packs: card links are declared http(s) source URLs', () => {
  it('every link on every card of the built-in pack is a declared http(s) source URL', () => {
    const declared = new Set(builtinKb.knowledge.packs.flatMap((p) => p.sources.map((s) => s.url).filter((u): u is string => !!u)));
    const offending = new Set<string>();
    let links = 0;
    for (const e of builtinKb.knowledge.entries) {
      for (const m of markdown.render(renderCard(e, builtinKb.knowledge)).matchAll(/<a href="([^"]*)"/g)) {
        links++;
        const href = m[1]!.replace(/&amp;/g, '&').replace(/%28/g, '(').replace(/%29/g, ')');
        if (!/^https?:\/\//.test(href) || !declared.has(href)) offending.add(m[1]!);
      }
    }
    assert.ok(links > 100, `only ${links} links rendered`);
    assert.deepEqual([...offending], []);
  });
});
