/**
 * Context rules: the trigger lists of `knowledge/context-rules.json` (NegEx / ConText style), validated against
 * their schema and compiled into a table the context engine (`context.ts`) reads one word at a time. The
 * built-in file comes first; a clinic's own rules file adds phrases and sections to it. Every problem names
 * the file and a JSON pointer, as pack problems do.
 */
import schemaJson from '../../../knowledge/context-rules.schema.json';
import { SchemaChecker, type SchemaNode } from '../knowledge/schema-check';
import { normalize } from '../text';
import type { Problem } from '../types';
import { indexOf, type WordIndex } from './word-key';

export type Assertion = 'present' | 'absent' | 'possible';
export type Temporality = 'current' | 'historical' | 'hypothetical';
export type Experiencer = 'patient' | 'other';
export type TriggerCategory = 'negated' | 'possible' | 'historical' | 'hypothetical' | 'other-experiencer';
export type RuleCategory = TriggerCategory | 'pseudo' | 'terminate';
export type Direction = 'forward' | 'backward' | 'bidirectional';

/** The file as written (see the schema for each field). */
export interface ContextRulesFile {
  id: string;
  title: string;
  version: string;
  maxScope?: number;
  sources: Array<{ id: string; title: string; url?: string; doi?: string }>;
  lists: Array<{
    id: string;
    category: RuleCategory;
    direction?: Direction;
    window?: number;
    terminates?: RuleCategory[];
    sources: string[];
    phrases: string[];
  }>;
  sections?: Array<{ id: string; names: string[]; assertion?: Assertion; temporality?: Temporality; experiencer?: Experiencer; sources: string[] }>;
}

/** One way a matched phrase acts: a trigger (with its reach), a pseudo-trigger or a terminator. */
export interface PhraseRule {
  category: RuleCategory;
  direction: Direction;
  /** Most words between the trigger and the target. */
  window: number;
  /** For terminators: the categories whose scope they end. */
  terminates?: ReadonlySet<RuleCategory>;
  list: string;
}

export interface Phrase {
  /** Lower-case words; `{year}` and `{n}` stand for a year and any number. */
  words: readonly string[];
  rules: PhraseRule[];
}

export interface SectionDefaults {
  id: string;
  assertion?: Assertion;
  temporality?: Temporality;
  experiencer?: Experiencer;
}

/** The compiled rules: phrases by their first word, longest first. */
export interface ContextRules {
  byFirst: ReadonlyMap<string, readonly Phrase[]>;
  /** Those first words by their word key (word-key.ts): a word is matched against them without a string made. */
  firstWords: WordIndex;
  sections: ReadonlyMap<string, SectionDefaults>;
  /** The files they came from, first the built-in one. */
  files: readonly ContextRulesFile[];
}

const schema = schemaJson as SchemaNode;
const checker = new SchemaChecker(schema, 50);
const DEFAULT_SCOPE = 12;

export interface RulesInput {
  file: string;
  text: string;
}

/** Parses and checks one rules file; returns it only when it has no errors. */
export function parseContextRules(input: RulesInput): { rules?: ContextRulesFile; problems: Problem[] } {
  const problems: Problem[] = [];
  const error = (path: string, message: string) => problems.push({ file: input.file, path, message, severity: 'error' });
  let value: unknown;
  try {
    value = JSON.parse(input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text);
  } catch (err) {
    error('', `not valid JSON: ${(err as Error).message}`);
    return { problems };
  }
  for (const issue of checker.check(value)) error(issue.path, issue.message);
  if (problems.length) return { problems };
  const rules = value as ContextRulesFile;
  const sourceIds = new Set(rules.sources.map((s) => s.id));
  const cite = (ids: readonly string[], path: string) =>
    ids.forEach((id, i) => sourceIds.has(id) || error(`${path}/${i}`, `unknown source "${id}" (not in /sources)`));
  rules.lists.forEach((l, i) => {
    cite(l.sources, `/lists/${i}/sources`);
    const trigger = l.category !== 'pseudo' && l.category !== 'terminate';
    if (trigger && !l.direction) error(`/lists/${i}/direction`, `a "${l.category}" list needs a direction (forward, backward or bidirectional)`);
    if (l.window !== undefined && l.window < 0) error(`/lists/${i}/window`, 'must be 0 or more words');
    l.phrases.forEach((p, j) => normalizePhrase(p).length === 0 && error(`/lists/${i}/phrases/${j}`, `"${p}" has no words to match`));
  });
  rules.sections?.forEach((s, i) => cite(s.sources, `/sections/${i}/sources`));
  return problems.length ? { problems } : { rules, problems };
}

/** "r/o" → ["r", "o"]; placeholders kept whole. */
function normalizePhrase(phrase: string): string[] {
  return phrase
    .split(/(\{year\}|\{n\})/)
    .flatMap((part) => (part === '{year}' || part === '{n}' ? [part] : normalize(part).split(' ').filter(Boolean)));
}

/**
 * Compiles the built-in rules and any extension files in order. A file with errors is skipped whole (the
 * built-in rules still work) and its problems are returned.
 */
export function compileContextRules(inputs: readonly RulesInput[]): { rules: ContextRules; problems: Problem[] } {
  const problems: Problem[] = [];
  const files: ContextRulesFile[] = [];
  const phrases = new Map<string, Phrase>();
  const sections = new Map<string, SectionDefaults>();
  for (const input of inputs) {
    const parsed = parseContextRules(input);
    problems.push(...parsed.problems);
    if (!parsed.rules) continue;
    const file = parsed.rules;
    files.push(file);
    const scope = file.maxScope ?? DEFAULT_SCOPE;
    for (const list of file.lists) {
      const rule: PhraseRule = {
        category: list.category,
        direction: list.direction ?? 'bidirectional',
        window: list.window ?? scope,
        list: list.id,
        ...(list.category === 'terminate' ? { terminates: new Set(list.terminates ?? ['negated', 'possible', 'historical', 'hypothetical', 'other-experiencer']) } : {}),
      };
      for (const text of list.phrases) {
        const words = normalizePhrase(text);
        const key = words.join(' ');
        let phrase = phrases.get(key);
        if (!phrase) phrases.set(key, (phrase = { words, rules: [] }));
        phrase.rules.push(rule);
      }
    }
    for (const s of file.sections ?? []) {
      const defaults: SectionDefaults = { id: s.id };
      if (s.assertion) defaults.assertion = s.assertion;
      if (s.temporality) defaults.temporality = s.temporality;
      if (s.experiencer) defaults.experiencer = s.experiencer;
      for (const name of s.names) sections.set(normalize(name), defaults);
    }
  }
  const byFirst = new Map<string, Phrase[]>();
  for (const phrase of phrases.values()) {
    // A pseudo-trigger wins over a trigger or terminator written the same: it exists to say "not this".
    if (phrase.rules.some((r) => r.category === 'pseudo')) phrase.rules = phrase.rules.filter((r) => r.category === 'pseudo');
    const first = phrase.words[0]!;
    let list = byFirst.get(first);
    if (!list) byFirst.set(first, (list = []));
    list.push(phrase);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { rules: { byFirst, firstWords: indexOf(byFirst.keys()), sections, files }, problems };
}
