/**
 * Term completion: the word at the cursor is looked up in the core's search index; the editor shows the
 * core's ranking (filterText starts with what was typed, sortText carries the rank) and the card as
 * documentation. Ambiguous abbreviations (CC) are never expanded silently: the abbreviation as written
 * comes first and the expansion is offered last, labelled as ambiguous.
 */
import * as vscode from 'vscode';
import { kindTitle } from '../core/cards';
import { boostKindsForSection } from '../core/lists';
import { sectionKindsAtLine } from '../core/nearest-section';
import type { SearchHit } from '../core/search';
import { afterLoad, type KnowledgeDeps } from './knowledge-deps';
import type { EntryKind, LoadedEntry } from '../core/types';
import type { ConfigSource } from '../config';
import { NOTE_LANGUAGE } from '../ids';
import { completionKind, untrustedMarkdown } from './convert';
import { registerForLanguages } from './languages';

export interface CompletionDeps extends KnowledgeDeps {
  config: ConfigSource;
}

/** Characters of a term as typed: letters, digits, marks, and `.`, `-`, `/`, `×` inside terms (`L94.2`, `Ca×P`). */
const TERM_CHAR = /[\p{L}\p{N}\p{M}.\-/×]/u;
const ALNUM = /[\p{L}\p{N}]/u;
/** Earlier words on the line that may belong to a multi-word term ("systemic scl|"). */
const MAX_CONTEXT_WORDS = 2;
/** The core's tiers: 0 exact, 1 prefix of a whole term, 2 prefix of an inner word, 3+ fuzzy or definition. */
const PREFIX_TIER = 1;
const INNER_WORD_TIER = 2;
const FUZZY_TIER = 3;
/** Shortest word that may match inside a term ("thio" → sodium thiosulfate) or, in prose languages, at all. */
const MIN_LOOSE_LENGTH = 3;
/**
 * Words of ordinary prose that start or sit inside many terms ("in" → intravenous…, "the" → "…in the
 * affected area"): typed alone they only ever match a term exactly, so writing a sentence stays quiet.
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for from had has have he her his if in into is it its no nor not of on or over per she so than that the their then there these they this those to under up was were with'.split(' '),
);

/**
 * Whether a hit is worth showing for what was typed. `prose` is true outside the note language (Markdown,
 * plain text), where the user's own writing should not be flooded: exact and whole-term prefix matches
 * only, from three characters (an exact abbreviation such as DM still counts).
 */
export function worthOffering(score: number, typed: string, prose: boolean): boolean {
  if (score < PREFIX_TIER) return true;
  if (STOP_WORDS.has(typed.toLowerCase())) return false;
  if (score >= FUZZY_TIER) return !prose && typed.length >= MIN_LOOSE_LENGTH;
  if (score >= INNER_WORD_TIER) return typed.length >= MIN_LOOSE_LENGTH;
  return !prose || typed.length >= MIN_LOOSE_LENGTH;
}

/** A completion item that remembers its entry, so the card is rendered only when the item is shown. */
export class TermCompletionItem extends vscode.CompletionItem {
  /** The expansion of an ambiguous abbreviation: always listed last, never preselected. */
  ambiguous = false;

  constructor(
    label: string | vscode.CompletionItemLabel,
    readonly entryId: string,
    readonly packId: string,
  ) {
    super(label);
  }
}

export function registerCompletion(deps: CompletionDeps): vscode.Disposable {
  const provider = new TermCompletionProvider(deps);
  return registerForLanguages(deps.config, (selector) => vscode.languages.registerCompletionItemProvider(selector, provider));
}

interface WordAt {
  start: number;
  end: number;
  typed: string;
}

/** The term-like word around `character` on `line`, from its start to the cursor (and on to its end). */
export function wordAt(line: string, character: number): WordAt | undefined {
  let start = character;
  while (start > 0 && TERM_CHAR.test(line[start - 1]!)) start--;
  // A term starts with a letter or digit: "-calc" and "/calc" complete "calc".
  while (start < character && !ALNUM.test(line[start]!)) start++;
  let end = character;
  while (end < line.length && TERM_CHAR.test(line[end]!)) end++;
  if (start >= character) return undefined;
  return { start, end, typed: line.slice(start, character) };
}

/** Where up to `max` earlier words on the line start, each separated by one space: "systemic scl". */
function contextStarts(line: string, wordStart: number, max: number): number[] {
  const out: number[] = [];
  let pos = wordStart;
  for (let n = 0; n < max; n++) {
    if (pos < 2 || line[pos - 1] !== ' ' || !ALNUM.test(line[pos - 2]!)) break;
    let s = pos - 1;
    while (s > 0 && TERM_CHAR.test(line[s - 1]!)) s--;
    while (s < pos - 1 && !ALNUM.test(line[s]!)) s++;
    out.push(s);
    pos = s;
  }
  return out;
}

interface Candidate {
  hit: SearchHit;
  start: number;
}

export class TermCompletionProvider implements vscode.CompletionItemProvider<TermCompletionItem> {
  /** The last cursor's section ranking, per document version and line: the editor often asks twice per keystroke. */
  private sectionCache?: { uri: vscode.Uri; version: number; line: number; boost: readonly EntryKind[] | undefined };

  constructor(private readonly deps: CompletionDeps) {}

  /**
   * Kinds ranked first in the note section at `line` (tests and imaging in Workup, treatments in the plan):
   * found by reading up to the nearest heading, so its cost does not grow with the note.
   */
  private sectionBoost(document: vscode.TextDocument, line: number): readonly EntryKind[] | undefined {
    const c = this.sectionCache;
    if (c && c.uri === document.uri && c.version === document.version && c.line === line) return c.boost;
    const kinds = sectionKindsAtLine((n) => document.lineAt(n).text, line);
    const boost = kinds ? boostKindsForSection(kinds) : undefined;
    this.sectionCache = { uri: document.uri, version: document.version, line, boost };
    return boost;
  }

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): vscode.ProviderResult<vscode.CompletionList<TermCompletionItem>> {
    return afterLoad(this.deps, () => this.complete(document, position))();
  }

  private complete(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionList<TermCompletionItem> | undefined {
    const settings = this.deps.config.current.completion;
    if (!settings.enabled) return undefined;
    const line = document.lineAt(position.line).text;
    const word = wordAt(line, position.character);
    if (!word) return new vscode.CompletionList([], true);
    // Too short yet: ask again on the next keystroke rather than freezing an empty answer.
    if (word.typed.length < settings.minPrefix || !/\p{L}/u.test(word.typed)) return askAgain(position, word);
    const kb = this.deps.kb();
    const limit = settings.maxItems;
    // Outside the note language the user's own prose stays quiet (see worthOffering).
    const prose = document.languageId !== NOTE_LANGUAGE;
    const boostKinds = settings.sectionAware ? this.sectionBoost(document, position.line) : undefined;
    const ranking = boostKinds ? { boostKinds } : {};

    const seen = new Set<string>();
    const candidates: Candidate[] = [];
    // Longer context first: "systemic scl" (or "sys scl") → systemic sclerosis replaces both words. Never
    // fuzzy; with a stop word ("pain or", "with calc") only a term that starts with the words typed.
    for (const start of contextStarts(line, word.start, MAX_CONTEXT_WORDS).reverse()) {
      const query = line.slice(start, position.character);
      const first = query.slice(0, query.indexOf(' ')).toLowerCase();
      const loose = !STOP_WORDS.has(first) && !STOP_WORDS.has(word.typed.toLowerCase());
      // maxScore: the index stops there and never runs the typo or definition tiers for these phrases
      // (it did, and the hits were dropped here: up to two such searches a keystroke while writing prose).
      const maxScore = loose ? FUZZY_TIER : INNER_WORD_TIER;
      for (const hit of kb.search(query, { limit, maxScore, ...ranking })) {
        if (seen.has(hit.entry.id)) continue;
        seen.add(hit.entry.id);
        candidates.push({ hit, start });
      }
    }
    const hits = kb.search(word.typed, { limit: limit + 1, ...ranking });
    const truncated = hits.length > limit;
    let fuzzySeen = false;
    for (const hit of hits.slice(0, limit)) {
      if (!worthOffering(hit.score, word.typed, prose) || seen.has(hit.entry.id)) continue;
      if (hit.score >= FUZZY_TIER) fuzzySeen = true;
      seen.add(hit.entry.id);
      candidates.push({ hit, start: word.start });
    }

    const items: TermCompletionItem[] = [];
    const late: TermCompletionItem[] = [];
    for (const c of candidates.slice(0, limit)) {
      const typed = line.slice(c.start, position.character);
      const range = {
        inserting: new vscode.Range(position.line, c.start, position.line, position.character),
        replacing: new vscode.Range(position.line, c.start, position.line, word.end),
      };
      for (const item of itemsFor(c.hit, typed)) {
        item.range = range;
        item.filterText = `${typed} ${item.filterText ?? c.hit.matched}`;
        (item.ambiguous ? late : items).push(item);
      }
    }
    const all = [...items, ...late];
    all.forEach((item, i) => {
      item.sortText = `${item.ambiguous ? 'z' : 'a'}${String(i).padStart(5, '0')}`;
    });
    // Incomplete when the list was cut, or when it holds fuzzy matches the editor's own filter could not
    // reproduce while the user keeps typing: then the core is asked again on the next keystroke.
    if (all.length === 0 && truncated) return askAgain(position, word);
    return new vscode.CompletionList(all, truncated || fuzzySeen);
  }

  resolveCompletionItem(item: TermCompletionItem): TermCompletionItem {
    if (item.documentation) return item;
    const kb = this.deps.kb();
    const entry = kb.knowledge.get(item.entryId);
    if (entry && entry.pack === item.packId) item.documentation = untrustedMarkdown(kb.card(entry, { compact: true }));
    return item;
  }
}

/**
 * "Nothing yet, ask me on the next keystroke." VS Code ignores `isIncomplete` on an EMPTY list
 * (microsoft/vscode#13735, #155738): while other suggestions (words, snippets) keep the widget open it never
 * asks this provider again for the rest of the word, so typing "c", "a", "l", "c" at a normal pace showed
 * no terms at all. One item that matches no typed word keeps the list incomplete and is never shown.
 */
function askAgain(position: vscode.Position, word: WordAt): vscode.CompletionList<TermCompletionItem> {
  const item = new TermCompletionItem(word.typed, '', '');
  item.filterText = '\u0000';
  item.insertText = word.typed;
  item.sortText = '~';
  item.range = new vscode.Range(position.line, word.start, position.line, position.character);
  return new vscode.CompletionList([item], true);
}

function describe(entry: LoadedEntry): { description: string; detail: string } {
  const kind = kindTitle(entry);
  const code = entry.codes?.[0];
  return {
    description: code ? code.code : kind,
    detail: code ? `${kind} · ${code.system} ${code.code} ${code.title}` : kind,
  };
}

function termItem(entry: LoadedEntry, label: vscode.CompletionItemLabel, insert: string): TermCompletionItem {
  const item = new TermCompletionItem(label, entry.id, entry.pack);
  item.kind = completionKind(entry.kind);
  item.insertText = insert;
  item.detail = describe(entry).detail;
  return item;
}

/** The items one search hit becomes (one, or two when the text as written is worth keeping). */
export function itemsFor(hit: SearchHit, typed: string): TermCompletionItem[] {
  const entry = hit.entry;
  const { description } = describe(entry);
  const abbreviation = hit.field === 'abbreviation' ? (hit.abbreviation ?? { text: hit.matched }) : undefined;

  if (abbreviation?.ambiguous) {
    // Keep what was typed first; the expansion only when chosen, and labelled so it cannot be mistaken.
    const keep = termItem(entry, { label: typed, description: 'as written' }, typed);
    keep.kind = vscode.CompletionItemKind.Text;
    keep.detail = `${typed} — ambiguous abbreviation, kept as written`;
    keep.filterText = typed;
    const expand = termItem(
      entry,
      { label: `${abbreviation.text} → ${entry.label} (ambiguous: check)`, description },
      entry.label,
    );
    expand.detail = `Ambiguous: ${abbreviation.note ?? `${abbreviation.text} often means something else in notes`}`;
    expand.filterText = `${abbreviation.text} ${entry.label}`;
    expand.preselect = false;
    expand.ambiguous = true;
    return [keep, expand];
  }

  if (abbreviation) {
    // "SSc" offers systemic sclerosis, and keeps SSc (in the pack's spelling) one line below.
    const expand = termItem(entry, { label: entry.label, detail: ` (${abbreviation.text})`, description }, entry.label);
    const keep = termItem(entry, { label: abbreviation.text, description: entry.label }, abbreviation.text);
    keep.detail = `Abbreviation of ${entry.label}`;
    return [expand, keep];
  }

  if (hit.field === 'code') {
    // A code typed stays a code: "L94.2" first, the term it names second. A code set's entry is its code:
    // its title already shows beside it, and a second row per code would halve the codes in view.
    const code = entry.codes?.find((c) => c.code === hit.matched) ?? entry.codes?.[0];
    const keep = termItem(entry, { label: hit.matched, description: code?.title ?? entry.label }, hit.matched);
    keep.kind = vscode.CompletionItemKind.Constant;
    if (entry.kind === 'code') return [keep];
    const term = termItem(entry, { label: entry.label, description }, entry.label);
    return [keep, term];
  }

  const label: vscode.CompletionItemLabel = { label: entry.label, description };
  // Say why a synonym match is offered: typing "sclero" shows "systemic sclerosis  = scleroderma".
  if (hit.field === 'synonym' && hit.matched.toLowerCase() !== entry.label.toLowerCase()) label.detail = ` = ${hit.matched}`;
  return [termItem(entry, label, entry.label)];
}
