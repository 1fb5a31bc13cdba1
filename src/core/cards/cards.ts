/**
 * The card: one Markdown rendering of an entry, used by hovers, completion documentation, the card
 * view and the CLI. Pack text is untrusted (a clinic's own pack can say anything), so every piece of it
 * is escaped: no HTML, no links or images other than the http(s) source URLs the card itself builds.
 */
import type { Knowledge } from '../knowledge/load';
import { normalize } from '../text';
import type { Abbreviation, Code, LoadedEntry, Source } from '../types';

/** " (billable)", " (header, not billable)", or nothing when the file does not say. */
export function billableStatus(code: Pick<Code, 'billable'>): string {
  return code.billable === true ? ' (billable)' : code.billable === false ? ' (header, not billable)' : '';
}

/** Headings by kind; `type` is worded from the pack's subject in kindTitle. */
const KIND_TITLES: Record<string, string> = {
  condition: 'Condition',
  cause: 'Cause',
  finding: 'Finding',
  test: 'Test',
  imaging: 'Imaging',
  procedure: 'Procedure',
  treatment: 'Treatment',
  concept: 'Concept',
  code: 'Code',
};

export function kindTitle(entry: Pick<LoadedEntry, 'kind'>, subject?: string): string {
  if (entry.kind === 'type') return subject ? `Type of ${subject}` : 'Type';
  return KIND_TITLES[entry.kind] ?? entry.kind;
}

/**
 * Escapes text for CommonMark so it renders as the same characters and nothing else: HTML tags,
 * links, images, emphasis and code spans all become literal text. Line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+\-.!|~&:]/g, (c) => `\\${c}`);
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text for a terminal: pack text must not carry escape sequences (they can rewrite the screen, set the
 * clipboard or disguise a link), so every control character but tab and line feed becomes U+FFFD.
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, '\ufffd');
}

/** A URL safe to put in a Markdown link target: https/http only, no spaces or brackets that end the link. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s<>"'`]+$/i.test(url)) return undefined;
  return url.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
}

/** " · ICD-10-CM M33.10, M33.11, M33.12 +3 more": the card's subtitle; the full list follows under Codes. */
export function codeSummary(codes: readonly Code[] | undefined, shown = 3): string {
  if (!codes?.length) return '';
  const parts: string[] = [];
  let system = '';
  for (const c of codes.slice(0, shown)) {
    parts.push(c.system === system ? c.code : `${c.system} ${c.code}`);
    system = c.system;
  }
  const more = codes.length > shown ? ` +${codes.length - shown} more` : '';
  return ` · ${parts.join(', ')}${more}`;
}

export function formatCode(c: Code): string {
  return `${c.system} ${c.code} — ${c.title}${billableStatus(c)}`;
}

/** Describes one source in Markdown: "Seed document — Workup" or "[S7] Title (link)". */
export function renderSource(source: Source | undefined, id: string): string {
  if (!source) return escapeMarkdown(id);
  const title = escapeMarkdown(source.title);
  if (source.kind === 'seed') return title;
  const url = safeUrl(source.url);
  const key = escapeMarkdown(source.id);
  return url ? `${key}: [${title}](${url})` : `${key}: ${title}`;
}

function sourceKeys(ids: readonly string[]): string {
  return ids.map((id) => escapeMarkdown(id)).join(', ');
}

/**
 * " \\[S7, seed\\]": the keys of the sources that resolve. A source the pack does not define (a warning when it
 * loaded) is left out, and so are the brackets when none resolves.
 */
function citeKeys(entry: LoadedEntry, kb: Knowledge, ids: readonly string[]): string {
  const keys = resolved(entry, kb, ids).map((s) => plainSourceKey(entry, kb, s));
  return keys.length ? ` \\[${sourceKeys(keys)}\\]` : '';
}

/** The ids among `ids` that the entry's pack defines. */
function resolved(entry: LoadedEntry, kb: Knowledge, ids: readonly string[]): string[] {
  return ids.filter((id) => kb.source(entry, id) !== undefined);
}

/**
 * How a fact names its source in brackets: the S# key, or "seed: Treatment" for a section of the seed
 * document, so a reader can find the passage without opening the footer.
 */
export function plainSourceKey(entry: LoadedEntry, kb: Knowledge, id: string): string {
  const s = kb.source(entry, id);
  if (!s || s.kind !== 'seed') return id;
  const section = s.section ? kb.pack(entry.pack)?.sections.find((x) => x.id === s.section) : undefined;
  return section ? `seed: ${section.title}` : 'seed';
}

/**
 * The first line of a hover or card reached through an ambiguous abbreviation, before anything else:
 * "DM — Usually means diabetes mellitus; in calcinosis notes it can mean dermatomyositis." Its words
 * come from the pack (`usually`, `note`); empty when the abbreviation is not ambiguous.
 */
export function ambiguityBannerText(abbreviation: Abbreviation, entry: Pick<LoadedEntry, 'label' | 'pack'>, kb?: Knowledge): string {
  if (!abbreviation.ambiguous) return '';
  const subject = kb?.pack(entry.pack)?.subject;
  const where = subject ? `in ${subject} notes` : 'here';
  const usual = abbreviation.usually ? `Usually means ${abbreviation.usually}; ${where}` : `Ambiguous in notes; ${where}`;
  const why = abbreviation.note && !abbreviation.usually ? ` ${abbreviation.note}` : '';
  return `${abbreviation.text} — ${usual} it can mean ${entry.label}. Check what the author meant.${why}`;
}

/** The banner as Markdown (pack text escaped, the abbreviation in bold). */
export function ambiguityBanner(abbreviation: Abbreviation, entry: Pick<LoadedEntry, 'label' | 'pack'>, kb?: Knowledge): string {
  const text = ambiguityBannerText(abbreviation, entry, kb);
  if (!text) return '';
  const rest = text.slice(abbreviation.text.length);
  return `**${escapeMarkdown(abbreviation.text)}**${escapeMarkdown(rest)}`;
}

/** "DM (ambiguous: usually diabetes mellitus)" or "SSc": how a card lists an abbreviation. */
function abbreviationName(a: Abbreviation, escape: (text: string) => string = (t) => t): string {
  if (!a.ambiguous) return escape(a.text);
  const why = a.usually ? `usually ${a.usually}` : a.note;
  return `${escape(a.text)} (ambiguous${why ? `: ${escape(why)}` : ''})`;
}

/**
 * The lines of a card and the sources each cites, in the order shown. The footer lists exactly the
 * sources of the lines shown, so a compact card (three facts) names only what those facts cite.
 */
function shownCitations(entry: LoadedEntry, compact: boolean): string[] {
  const cited = new Set<string>(entry.sources);
  entry.evidence?.sources.forEach((s) => cited.add(s));
  const facts = entry.facts ?? [];
  (compact ? facts.slice(0, 3) : facts).forEach((f) => f.sources.forEach((s) => cited.add(s)));
  entry.codes?.forEach((c) => c.sources.forEach((s) => cited.add(s)));
  entry.abbreviations?.forEach((a) => a.sources?.forEach((s) => cited.add(s)));
  return [...cited];
}

/** Every source the entry cites anywhere (definition, facts, codes, evidence, abbreviations), first-cited first. */
export function citedSources(entry: LoadedEntry): string[] {
  const cited = new Set<string>(entry.sources);
  entry.facts?.forEach((f) => f.sources.forEach((s) => cited.add(s)));
  entry.codes?.forEach((c) => c.sources.forEach((s) => cited.add(s)));
  entry.evidence?.sources.forEach((s) => cited.add(s));
  entry.abbreviations?.forEach((a) => a.sources?.forEach((s) => cited.add(s)));
  return [...cited];
}

export interface CardOptions {
  /** Fewer lines, for the completion detail pane. */
  compact?: boolean;
}

/** Renders an entry's card as Markdown. */
export function renderCard(entry: LoadedEntry, kb: Knowledge, opts: CardOptions = {}): string {
  const pack = kb.pack(entry.pack);
  const subject = pack?.subject;
  const lines: string[] = [];
  const codeText = codeSummary(entry.codes);
  lines.push(`#### ${escapeMarkdown(entry.label)}`);
  lines.push(`*${escapeMarkdown(kindTitle(entry, subject))}${escapeMarkdown(codeText)}*`);
  lines.push('');
  const entryKeys = citeKeys(entry, kb, entry.sources);
  lines.push(`${escapeMarkdown(entry.definition)}${entry.relation ? '' : entryKeys}`);
  if (entry.relation) {
    lines.push('');
    lines.push(`**${subject ? `In ${escapeMarkdown(subject)}` : 'Relevance'}:** ${escapeMarkdown(entry.relation)}${entryKeys}`);
  }
  if (entry.evidence) {
    const ev = entry.evidence;
    const rec = ev.recommendation === 'against' ? ' — **recommended against**' : ev.recommendation === 'uncertain' ? ' — uncertain benefit' : '';
    const summary = ev.summary ? `. ${escapeMarkdown(ev.summary)}` : '';
    lines.push('');
    lines.push(`**Evidence:** level ${escapeMarkdown(ev.level)}${ev.scale ? ` (${escapeMarkdown(ev.scale)})` : ''}${rec}${summary}${citeKeys(entry, kb, ev.sources)}`);
  }
  const facts = entry.facts ?? [];
  if (facts.length) {
    lines.push('');
    for (const f of opts.compact ? facts.slice(0, 3) : facts) {
      lines.push(`- ${escapeMarkdown(f.text)}${citeKeys(entry, kb, f.sources)}`);
    }
    if (opts.compact && facts.length > 3) lines.push(`- … ${facts.length - 3} more on the full card`);
  }
  if (entry.codes?.length) {
    lines.push('');
    lines.push('**Codes:**');
    for (const c of entry.codes) lines.push(`- \`${c.code.replace(/`/g, '')}\` ${escapeMarkdown(c.title)}${billableStatus(c)} — ${escapeMarkdown(c.system)} \\[${sourceKeys(c.sources)}\\]`);
  }
  const names: string[] = [];
  for (const s of entry.synonyms ?? []) names.push(escapeMarkdown(s));
  for (const a of entry.abbreviations ?? []) {
    const keys = citeKeys(entry, kb, a.sources ?? []);
    names.push(`${abbreviationName(a, escapeMarkdown)}${keys}`);
  }
  if (names.length) {
    lines.push('');
    lines.push(`**Also written:** ${names.join('; ')}`);
  }
  const related = (entry.related ?? []).map((id) => kb.get(id)).filter((e): e is LoadedEntry => !!e);
  if (related.length && !opts.compact) {
    lines.push('');
    lines.push(`**Related:** ${related.map((r) => escapeMarkdown(r.label)).join(', ')}`);
  }
  lines.push('');
  lines.push('---');
  const sourceLines = resolved(entry, kb, shownCitations(entry, opts.compact === true)).map((id) => renderSource(kb.source(entry, id), id));
  lines.push(`*Sources:* ${sourceLines.join(' · ')}${pack ? ` · *pack:* ${escapeMarkdown(pack.title)} ${escapeMarkdown(pack.version)}` : ''}`);
  return lines.join('\n');
}

/**
 * The line a hover adds under a clinical card when the code hovered is also in a loaded code set (an
 * imported ICD-10-CM file): that file's official title and billable status, and where it comes from.
 */
export function officialCodeLine(official: LoadedEntry, written: string, kb: Knowledge): string {
  const code = official.codes?.find((c) => normalize(c.code) === normalize(written)) ?? official.codes?.[0];
  if (!code) return '';
  const pack = kb.pack(official.pack);
  const status = billableStatus(code);
  const from = resolved(official, kb, code.sources).map((id) => renderSource(kb.source(official, id), id)).join(' · ');
  return `**In ${escapeMarkdown(pack?.title ?? official.pack)}:** \`${code.code.replace(/`/g, '')}\` ${escapeMarkdown(code.title)}${status} — *source:* ${from}`;
}

/** A sentence to insert into a note: "Calcinosis cutis: <definition>" as plain text. */
export function definitionSentence(entry: LoadedEntry): string {
  const label = entry.label.charAt(0).toUpperCase() + entry.label.slice(1);
  const def = entry.definition.trim();
  return `${label}: ${def}${/[.!?]$/.test(def) ? '' : '.'}`;
}

/** The card as plain text for a terminal (no Markdown escapes). */
export function renderCardText(entry: LoadedEntry, kb: Knowledge): string {
  const pack = kb.pack(entry.pack);
  const out: string[] = [];
  out.push(entry.label);
  out.push(`${kindTitle(entry, pack?.subject)}${codeSummary(entry.codes)}`);
  out.push('');
  const plainKeys = resolved(entry, kb, entry.sources).map((s) => plainSourceKey(entry, kb, s));
  const entryKeys = plainKeys.length ? ` [${plainKeys.join(', ')}]` : '';
  out.push(`${entry.definition}${entry.relation ? '' : entryKeys}`);
  if (entry.relation) out.push('', `${pack?.subject ? `In ${pack.subject}` : 'Relevance'}: ${entry.relation}${entryKeys}`);
  if (entry.evidence) {
    const ev = entry.evidence;
    const keys = resolved(entry, kb, ev.sources).map((s) => plainSourceKey(entry, kb, s));
    out.push('', `Evidence: level ${ev.level}${ev.scale ? ` (${ev.scale})` : ''}${ev.recommendation === 'against' ? ' — recommended against' : ''}${ev.summary ? `. ${ev.summary}` : ''}${keys.length ? ` [${keys.join(', ')}]` : ''}`);
  }
  if (entry.facts?.length) {
    out.push('');
    for (const f of entry.facts) {
      const keys = resolved(entry, kb, f.sources).map((s) => plainSourceKey(entry, kb, s));
      out.push(`- ${f.text}${keys.length ? ` [${keys.join(', ')}]` : ''}`);
    }
  }
  if (entry.codes?.length) {
    out.push('', 'Codes:');
    for (const c of entry.codes) out.push(`- ${formatCode(c)} [${c.sources.join(', ')}]`);
  }
  const names = [...(entry.synonyms ?? []), ...(entry.abbreviations ?? []).map((a) => `${abbreviationName(a)}${a.sources?.length ? ` [${a.sources.map((s) => plainSourceKey(entry, kb, s)).join(', ')}]` : ''}`)];
  if (names.length) out.push('', `Also written: ${names.join('; ')}`);
  const related = (entry.related ?? []).map((id) => kb.get(id)?.label).filter((l): l is string => !!l);
  if (related.length) out.push('', `Related: ${related.join(', ')}`);
  out.push('', 'Sources:');
  for (const id of resolved(entry, kb, shownCitations(entry, false))) {
    const s = kb.source(entry, id);
    out.push(`- ${s ? (s.kind === 'seed' ? s.title : `${s.id}: ${s.title}${s.url ? ` <${s.url}>` : ''}`) : id}`);
  }
  return terminalSafe(out.join('\n'));
}
