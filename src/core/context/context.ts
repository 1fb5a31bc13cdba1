/**
 * The context of a mention (NegEx / ConText): is "calcinosis" in this sentence asserted, negated or only
 * possible; current, historical or hypothetical; the patient's or a relative's? Pure and fast enough for every
 * hover: one pass over the words of one sentence, one map look-up per word.
 *
 * The algorithm (Chapman 2001; Harkema 2009), over the sentence that holds the target:
 * - phrases of the rules are matched left to right, longest first, as whole words (the target's own words are
 *   never a trigger); a pseudo-trigger ("no change", "gram negative") is consumed and does nothing;
 * - a trigger reaches forward, backward or both, over at most its window of words, and never past a
 *   terminator of its category ("but", "however", "which"…) or the sentence's end;
 * - per dimension the nearest trigger that reaches the target decides; without one, the section the sentence
 *   is in (Family history, Past medical history…) gives the default, else present, current, patient.
 * The answer names the trigger and its scope (offsets into the text given), so a person can see why.
 */
import type { Assertion, ContextRules, Direction, Experiencer, Phrase, PhraseRule, SectionDefaults, Temporality, TriggerCategory } from './rules';
import { headingOfLine, parseSections, type NoteSection } from '../note/sections';
import { normalize } from '../text';
import { endsSentence, isWord, isWordCode, knownWord, noteWords, type NoteWords } from './word-key';

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** A trigger that reached the target: what it is, where it stands, and the words it covers. */
export interface ContextCue {
  category: TriggerCategory;
  /** The trigger as written in the text. */
  trigger: Span;
  direction: Direction;
  /** The rules list it came from. */
  list: string;
  /** From the trigger to the target's far end (or the target's start to the trigger). */
  scope: Span;
}

export interface ContextResult {
  found: boolean;
  target?: Span;
  assertion: Assertion;
  temporality: Temporality;
  experiencer: Experiencer;
  /** The cue of the first dimension that is not plain (assertion, then experiencer, then temporality). */
  trigger?: ContextCue;
  /** Every cue that decided a dimension. */
  cues: ContextCue[];
  /** The section heading that set a default, when one did. */
  section?: { id: string; title: string };
  /** The sentence the decision was made in. */
  sentence?: Span;
}

const PLAIN: Pick<ContextResult, 'assertion' | 'temporality' | 'experiencer'> = { assertion: 'present', temporality: 'current', experiencer: 'patient' };

/** How far a sentence is looked for around a mention; a "sentence" longer than this is cut. */
const MAX_SENTENCE = 600;
/** Lines looked back for a section heading when no parsed sections are given (hover). */
const MAX_HEADING_LINES = 200;

/** The sentence around [start, end): from after the previous end to the next one. */
export function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  const floor = Math.max(0, start - MAX_SENTENCE);
  while (s > floor && !endsSentence(text, s - 1)) s--;
  let e = end;
  const ceiling = Math.min(text.length, end + MAX_SENTENCE);
  while (e < ceiling && !endsSentence(text, e)) e++;
  return { start: s, end: e };
}

/** Words to decide in: word i is text[starts[i], ends[i]), `keys[i]` its wordKey. */
interface WordSeq {
  text: string;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  keys: ArrayLike<number>;
  lower(i: number): string;
}

/** Whether word i of `ws` is `pattern` (a lower-case word, `{year}` or `{n}`). */
function matchesWord(pattern: string, ws: WordSeq, i: number): boolean {
  if (pattern === '{year}') return YEAR.test(ws.lower(i));
  if (pattern === '{n}') return NUMBER.test(ws.lower(i));
  return isWord(ws.text, ws.starts[i]!, ws.ends[i]!, pattern);
}

interface Match {
  /** Word indexes, end exclusive. */
  first: number;
  last: number;
  phrase: Phrase;
}

const YEAR = /^(1[89]|20)\d\d$/;
const NUMBER = /^\d+$/;

/**
 * Phrase matches over words [from, to), longest first, skipping the target's words [tFirst, tLast). A word
 * whose key no phrase starts with is passed over without being read.
 */
function matchPhrases(rules: ContextRules, ws: WordSeq, from: number, to: number, tFirst: number, tLast: number): Match[] {
  const out: Match[] = [];
  for (let i = from; i < to; ) {
    // (A target without words, "-" or "(", skips nothing: it used to hold this loop forever.)
    if (i === tFirst && tLast > tFirst) {
      i = tLast;
      continue;
    }
    const c0 = ws.text.charCodeAt(ws.starts[i]!);
    const digits = c0 >= 48 && c0 <= 57;
    // The word as the rules hold it (no string made for it), or a number's digits.
    const w = digits ? ws.lower(i) : knownWord(rules.firstWords, ws.text, ws.starts[i]!, ws.ends[i]!, ws.keys[i]!);
    if (w === undefined) {
      i++;
      continue;
    }
    let best: Match | undefined;
    for (let c = 0; c < 3; c++) {
      const list = c === 0 ? rules.byFirst.get(w) : !digits ? undefined : c === 1 ? (YEAR.test(w) ? rules.byFirst.get('{year}') : undefined) : NUMBER.test(w) ? rules.byFirst.get('{n}') : undefined;
      if (!list) continue;
      for (const phrase of list) {
        const n = phrase.words.length;
        if (best && n <= best.last - best.first) break;
        // A phrase never runs into the target.
        if (i + n > to || (i < tFirst && i + n > tFirst)) continue;
        let ok = true;
        for (let k = 1; k < n && ok; k++) ok = matchesWord(phrase.words[k]!, ws, i + k);
        if (ok) {
          best = { first: i, last: i + n, phrase };
          break;
        }
      }
    }
    if (best) {
      out.push(best);
      i = best.last;
    } else i++;
  }
  return out;
}

interface Reach {
  rule: PhraseRule & { category: TriggerCategory };
  match: Match;
  distance: number;
  forward: boolean;
}

/** Whether a terminator of `category` stands between word indexes [from, to). */
function terminated(matches: readonly Match[], category: TriggerCategory, from: number, to: number): boolean {
  for (const m of matches) {
    if (m.first < from || m.first >= to) continue;
    for (const r of m.phrase.rules) if (r.terminates?.has(category)) return true;
  }
  return false;
}

function isTrigger(r: PhraseRule): r is PhraseRule & { category: TriggerCategory } {
  return r.category !== 'pseudo' && r.category !== 'terminate';
}

export interface DecideOptions {
  /** The sections of the whole text (parseSections), when the caller has them: saves looking back for a heading. */
  sections?: readonly NoteSection[];
}

/** What decided a mention, before it is written out as a ContextResult. */
interface Decision {
  rules: ContextRules;
  ws: WordSeq;
  start: number;
  end: number;
  sentence: { start: number; end: number };
  assertionCue?: Reach;
  timeCue?: Reach;
  other?: Reach;
  section?: { defaults: SectionDefaults; title: string };
}

/** The three labels of a decision. */
export type ContextLabels = Pick<ContextResult, 'assertion' | 'temporality' | 'experiencer'>;

/** The mention at [start, end), whose words are [tFirst, tLast) of `ws`, in the sentence of words [from, to). */
function decideIn(rules: ContextRules, ws: WordSeq, from: number, to: number, tFirst: number, tLast: number, start: number, end: number, sentence: { start: number; end: number }, sections?: readonly NoteSection[]): Decision {
  const matches = matchPhrases(rules, ws, from, to, tFirst, tLast);
  let neg: Reach | undefined;
  let pos: Reach | undefined;
  let his: Reach | undefined;
  let hyp: Reach | undefined;
  let other: Reach | undefined;
  // The nearest reaching trigger of each category.
  for (const m of matches) {
    const forward = m.last <= tFirst;
    const distance = forward ? tFirst - m.last : m.first - tLast;
    for (const r of m.phrase.rules) {
      if (!isTrigger(r)) continue;
      if (forward ? r.direction === 'backward' : r.direction === 'forward') continue;
      if (distance > r.window) continue;
      const held = r.category === 'negated' ? neg : r.category === 'possible' ? pos : r.category === 'historical' ? his : r.category === 'hypothetical' ? hyp : other;
      if (held && distance >= held.distance) continue;
      if (forward ? terminated(matches, r.category, m.last, tFirst) : terminated(matches, r.category, tLast, m.first)) continue;
      const reach: Reach = { rule: r, match: m, distance, forward };
      if (r.category === 'negated') neg = reach;
      else if (r.category === 'possible') pos = reach;
      else if (r.category === 'historical') his = reach;
      else if (r.category === 'hypothetical') hyp = reach;
      else other = reach;
    }
  }
  const d: Decision = { rules, ws, start, end, sentence };
  const assertionCue = neg && (!pos || neg.distance <= pos.distance) ? neg : pos;
  if (assertionCue) d.assertionCue = assertionCue;
  const timeCue = his && (!hyp || his.distance < hyp.distance) ? his : hyp;
  if (timeCue) d.timeCue = timeCue;
  if (other) d.other = other;
  const section = sectionDefaultsAt(rules, ws.text, start, sections);
  if (section) d.section = section;
  return d;
}

function labelsOf(d: Decision): ContextLabels {
  const defaults = d.section?.defaults;
  return {
    assertion: d.assertionCue ? (d.assertionCue.rule.category === 'negated' ? 'absent' : 'possible') : (defaults?.assertion ?? 'present'),
    temporality: d.timeCue ? (d.timeCue.rule.category === 'historical' ? 'historical' : 'hypothetical') : (defaults?.temporality ?? 'current'),
    experiencer: d.other ? 'other' : (defaults?.experiencer ?? 'patient'),
  };
}

function resultOf(d: Decision): ContextResult {
  const { ws, start, end, sentence } = d;
  const text = ws.text;
  const cue = (reach: Reach): ContextCue => {
    const t = { start: ws.starts[reach.match.first]!, end: ws.ends[reach.match.last - 1]! };
    const scope = reach.forward ? { start: t.end, end } : { start, end: t.start };
    const trimmed = { start: scope.start + leadingSpace(text, scope.start, scope.end), end: scope.end - trailingSpace(text, scope.start, scope.end) };
    return {
      category: reach.rule.category,
      trigger: { ...t, text: text.slice(t.start, t.end) },
      direction: reach.rule.direction,
      list: reach.rule.list,
      scope: { ...trimmed, text: text.slice(trimmed.start, trimmed.end) },
    };
  };
  const result: ContextResult = { found: true, target: { start, end, text: text.slice(start, end) }, ...labelsOf(d), cues: [], sentence: { ...sentence, text: text.slice(sentence.start, sentence.end) } };
  if (d.assertionCue) result.cues.push(cue(d.assertionCue));
  if (d.other) result.cues.push(cue(d.other));
  if (d.timeCue) result.cues.push(cue(d.timeCue));
  const defaults = d.section?.defaults;
  if (d.section && (defaults!.assertion || defaults!.experiencer || defaults!.temporality)) result.section = { id: defaults!.id, title: d.section.title };
  if (result.cues[0]) result.trigger = result.cues[0];
  return result;
}

/**
 * The context of the mention at [start, end) of `text` (a sentence, a line or a whole note). The sentence
 * around it is found here; offsets in the answer are offsets into `text`.
 */
export function decideContext(rules: ContextRules, text: string, start: number, end: number, opts: DecideOptions = {}): ContextResult {
  return resultOf(decideSlow(rules, text, start, end, opts.sections));
}

function decideSlow(rules: ContextRules, text: string, start: number, end: number, sections?: readonly NoteSection[]): Decision {
  const sentence = sentenceAround(text, start, end);
  const ws = noteWords(text, sentence.start, sentence.end);
  const count = ws.count;
  let tFirst = 0;
  while (tFirst < count && ws.ends[tFirst]! <= start) tFirst++;
  let tLast = tFirst;
  while (tLast < count && ws.starts[tLast]! < end) tLast++;
  return decideIn(rules, ws, 0, count, tFirst, tLast, start, end, sentence, sections);
}

/**
 * A note read for many mentions (the problems list): split once (`noteWords`), each mention then decided
 * over its sentence's words without finding or splitting the sentence again. `labels` is all most mentions
 * need; `result` writes out the answer decideContext would give.
 */
export class NoteContext {
  private readonly sections: readonly NoteSection[];

  constructor(
    private readonly rules: ContextRules,
    readonly words: NoteWords,
  ) {
    this.sections = parseSections(words.text);
  }

  /** The mention that is words [first, last) of the note. */
  decide(first: number, last: number): { labels: ContextLabels; result: () => ContextResult } {
    const nw = this.words;
    const start = nw.starts[first]!;
    const end = nw.ends[last - 1]!;
    const s = nw.sentence[first]!;
    const sentence = { start: nw.sentenceStart[s]!, end: nw.sentenceEnd[s]! };
    let d: Decision;
    // A sentence longer than decideContext reads around a mention is cut there: decide it that way.
    if (sentence.start < start - MAX_SENTENCE || sentence.end > end + MAX_SENTENCE || nw.sentence[last - 1] !== s) {
      d = decideSlow(this.rules, nw.text, start, end, this.sections);
    } else {
      let from = first;
      while (from > 0 && nw.sentence[from - 1] === s) from--;
      let to = last;
      while (to < nw.count && nw.sentence[to] === s) to++;
      d = decideIn(this.rules, nw, from, to, first, last, start, end, sentence, this.sections);
    }
    return { labels: labelsOf(d), result: () => resultOf(d) };
  }
}

function leadingSpace(text: string, from: number, to: number): number {
  let n = 0;
  while (from + n < to && !isWordCode(text.charCodeAt(from + n))) n++;
  return n;
}

function trailingSpace(text: string, from: number, to: number): number {
  let n = 0;
  while (to - n > from && !isWordCode(text.charCodeAt(to - n - 1))) n++;
  return n;
}

const sectionCache = new WeakMap<NoteSection, { rules: ContextRules; found: ReturnType<typeof lookUp> }>();

/** The section defaults that hold at `offset`: from the parsed sections, or the nearest heading above. */
function sectionDefaultsAt(rules: ContextRules, text: string, offset: number, sections?: readonly NoteSection[]): { defaults: SectionDefaults; title: string } | undefined {
  if (rules.sections.size === 0) return undefined;
  if (sections) {
    const s = lastAtOrBefore(sections, offset);
    if (!s) return undefined;
    // A note read for many mentions asks for the same few headings again and again.
    let cached = sectionCache.get(s);
    if (!cached || cached.rules !== rules) sectionCache.set(s, (cached = { rules, found: lookUp(rules, s.title) }));
    return cached.found;
  }
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  for (let n = 0; n < MAX_HEADING_LINES && lineEnd >= 0; n++) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = text.slice(lineStart, lineEnd);
    const h = headingOfLine(line);
    if (h) return lookUp(rules, h.title);
    // "Mother: SSc" inside a Family history section does not end it; "Family history: …" starts one.
    const inline = inlineHeading(line);
    const known = inline && lookUp(rules, inline.title);
    if (known) return known;
    if (lineStart === 0) break;
    lineEnd = lineStart - 1;
  }
  return undefined;
}

/** "Family history: mother with SSc": a heading with text after its colon that sections.ts does not list. */
function inlineHeading(line: string): { title: string } | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0 || colon > 40) return undefined;
  const title = line.slice(0, colon).replace(/[#*_]/g, '').trim();
  return title && /^[A-Za-z][A-Za-z /&-]*$/.test(title) ? { title } : undefined;
}

function lookUp(rules: ContextRules, title: string): { defaults: SectionDefaults; title: string } | undefined {
  const defaults = rules.sections.get(normalize(title));
  return defaults ? { defaults, title } : undefined;
}

function lastAtOrBefore(sections: readonly NoteSection[], offset: number): NoteSection | undefined {
  let lo = 0;
  let hi = sections.length - 1;
  let found: NoteSection | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid]!.headingStart <= offset) {
      found = sections[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Sections of a note, for `decideContext`'s option (parse once, decide many). */
export function contextSections(text: string): NoteSection[] {
  return parseSections(text);
}

/**
 * Finds `target` in `text` (any case; any run of spaces or line breaks matches any other; the first
 * occurrence, whole words preferred) and decides its context. A target not in the text gets the plain
 * labels and `found: false`.
 */
export function contextOf(rules: ContextRules, text: string, target: string): ContextResult {
  const at = findTarget(text, target);
  if (!at) return { found: false, ...PLAIN, cues: [] };
  return decideContext(rules, text, at.start, at.end);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first occurrence of `target` in `text`: case-insensitive and whitespace-tolerant, whole words first. */
export function findTarget(text: string, target: string): { start: number; end: number } | undefined {
  const parts = target.trim().split(/\s+/).filter(Boolean).map(escapeRegExp);
  if (parts.length === 0) return undefined;
  const body = parts.join('\\s+');
  const whole = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu').exec(text);
  const m = whole ?? new RegExp(body, 'iu').exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}
