import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPacks, type Knowledge } from '../../src/core/knowledge/load';
import { parseSections } from '../../src/core/note/sections';
import {
  buildSnippets,
  escapeChoiceOption,
  escapeSnippetText,
  SNIPPET_NAMES,
  snippetBody,
  templateTerms,
  choiceName,
  withEvidence,
} from '../../src/core/note/snippets';
import { renderSnippetFiles, SNIPPET_FILES } from '../../scripts/build-snippets';
import { checkNote } from '../../src/core/note/checks';

const ROOT = process.cwd();
const PACK_FILE = 'knowledge/calcinosis.json';
const packText = fs.readFileSync(path.join(ROOT, PACK_FILE), 'utf8');

function load(text: string): Knowledge {
  const { knowledge, problems } = loadPacks([{ file: PACK_FILE, text }]);
  const errors = problems.filter((p) => p.severity === 'error');
  assert.deepEqual(errors, []);
  return knowledge;
}
const kb = load(packText);

// ---- a strict reader of VS Code snippet syntax (the subset the generator may write) ----

interface Parsed {
  /** The text a user sees right after insertion: defaults filled, first choice taken. */
  text: string;
  tabStops: number[];
  choices: Array<{ index: number; options: string[] }>;
  variables: string[];
}

/** Throws on anything VS Code would read differently from what was meant (a bare `$` or `}`). */
function parseSnippet(body: string): Parsed {
  const out: Parsed = { text: '', tabStops: [], choices: [], variables: [] };
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at ${i}: …${body.slice(Math.max(0, i - 20), i + 20)}…`);
  };
  const int = (): number => {
    const m = /^\d+/.exec(body.slice(i));
    if (!m) fail('expected a tab-stop number');
    i += m![0].length;
    return Number(m![0]);
  };
  const name = (): string => {
    const m = /^[A-Z_][A-Z_0-9]*/.exec(body.slice(i));
    if (!m) fail('expected a variable name');
    i += m![0].length;
    return m![0];
  };
  // Text until `stop` (a closing `}` inside a placeholder); returns the rendered text.
  const any = (inside: boolean): string => {
    let text = '';
    while (i < body.length) {
      const c = body[i]!;
      if (c === '\\') {
        const n = body[i + 1];
        if (n === '$' || n === '}' || n === '\\') {
          text += n;
          i += 2;
        } else {
          text += c;
          i++;
        }
      } else if (c === '}') {
        if (inside) return text;
        fail('unescaped }');
      } else if (c === '$') {
        text += dollar();
      } else {
        text += c;
        i++;
      }
    }
    if (inside) fail('unclosed ${');
    return text;
  };
  const dollar = (): string => {
    i++; // $
    if (/\d/.test(body[i] ?? '')) {
      out.tabStops.push(int());
      return '';
    }
    if (/[A-Z_]/.test(body[i] ?? '')) {
      const v = name();
      out.variables.push(v);
      return `<${v}>`;
    }
    if (body[i] !== '{') fail('bare $');
    i++; // {
    if (/\d/.test(body[i] ?? '')) {
      const index = int();
      out.tabStops.push(index);
      if (body[i] === '}') {
        i++;
        return '';
      }
      if (body[i] === ':') {
        i++;
        const text = any(true);
        i++; // }
        return text;
      }
      if (body[i] === '|') {
        i++;
        const options: string[] = [];
        let current = '';
        for (;;) {
          const c = body[i];
          if (c === undefined) fail('unclosed choice');
          if (c === '\\' && (body[i + 1] === ',' || body[i + 1] === '|' || body[i + 1] === '\\')) {
            current += body[i + 1];
            i += 2;
          } else if (c === ',') {
            options.push(current);
            current = '';
            i++;
          } else if (c === '|') {
            if (body[i + 1] !== '}') fail('| inside a choice must be escaped');
            options.push(current);
            i += 2;
            break;
          } else {
            current += c;
            i++;
          }
        }
        out.choices.push({ index, options });
        return options[0]!;
      }
      return fail('bad tab stop');
    }
    const v = name();
    out.variables.push(v);
    if (body[i] === '}') {
      i++;
      return `<${v}>`;
    }
    if (body[i] === ':') {
      i++;
      const text = any(true);
      i++;
      return text || `<${v}>`;
    }
    return fail('bad variable');
  };
  out.text = any(false);
  return out;
}

/** Every way the pack names an entry. */
function namesIn(knowledge: Knowledge): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of knowledge.entries) {
    for (const n of [e.label, ...(e.synonyms ?? []), ...(e.abbreviations ?? []).map((a) => a.text)]) names.set(n, e.id);
  }
  return names;
}

const DOSE = /\b\d+(?:[.,]\d+)?\s?(?:mg|g|mcg|µg|ug|ml|mL|L|IU|units?|mmol|mEq|%)(?:\/(?:kg|day|d|m2))?\b|\b(?:mg\/kg|once daily|twice daily|daily dose|bid|tid|qid|q\d+h|per day)\b/i;

describe('core/note/snippets', () => {
  it('the committed snippet files are exactly what the generator makes from the pack', () => {
    const expected = renderSnippetFiles(PACK_FILE, packText);
    for (const file of [SNIPPET_FILES.note, SNIPPET_FILES.prefixed]) {
      const committed = fs.readFileSync(path.join(ROOT, file), 'utf8');
      assert.equal(committed, expected[file], `${file} is stale: run npm run snippets:build`);
    }
  });

  it('every body is valid snippet syntax with tab stops 1..n in order and $0 last', () => {
    for (const name of SNIPPET_NAMES) {
      const body = snippetBody(name, kb);
      const parsed = parseSnippet(body);
      const numbered = parsed.tabStops.filter((n) => n > 0);
      assert.deepEqual(numbered, numbered.map((_, k) => k + 1), name);
      assert.equal(parsed.tabStops.at(-1), 0, `${name} ends with $0`);
      assert.equal(body.match(/\$\{/g)?.length ?? 0, body.match(/(?<!\\)\}/g)?.length ?? 0, `${name}: balanced \${ }`);
    }
  });

  it('every choice names an entry of the pack (label, synonym or abbreviation), with its real evidence level', () => {
    const names = namesIn(kb);
    let count = 0;
    for (const name of SNIPPET_NAMES) {
      for (const choice of parseSnippet(snippetBody(name, kb)).choices) {
        for (const option of choice.options) {
          const m = /^(.*) \(evidence level ([^,)]+)(?:, [^)]*)?\)$/.exec(option);
          const term = m ? m[1]! : option;
          const id = names.get(term);
          assert.ok(id, `${name}: choice "${option}" is not a term of the pack`);
          if (m) assert.equal(kb.get(id!)?.evidence?.level, m[2], `${name}: evidence level of ${term}`);
          count++;
        }
      }
    }
    assert.ok(count > 20, `only ${count} choices`);
  });

  it('contains no doses', () => {
    for (const name of SNIPPET_NAMES) {
      const body = snippetBody(name, kb);
      const m = DOSE.exec(parseSnippet(body).text) ?? DOSE.exec(body);
      assert.equal(m, null, `${name} mentions a dose: ${m?.[0]}`);
    }
  });

  it('Workup: clinical evaluation, imaging choice with first-line radiography first, the core labs, biopsy with a stain', () => {
    const p = parseSnippet(snippetBody('workup', kb));
    assert.match(p.text, /^Workup:\n/);
    assert.match(p.text, /Clinical evaluation: /);
    const imaging = p.choices.find((c) => c.options.includes('MRI'));
    assert.ok(imaging, 'an imaging choice');
    assert.deepEqual(imaging.options.slice(0, 2), ['plain radiography', 'CT']);
    assert.ok(imaging.options.includes('ultrasound'));
    for (const lab of ['serum calcium', 'serum phosphate', 'calcium-phosphate product', 'parathyroid hormone (PTH)', 'autoimmune screening']) {
      assert.ok(p.text.includes(lab), `labs include ${lab}`);
    }
    const stains = p.choices.find((c) => c.options.includes('von Kossa stain'));
    assert.ok(stains, 'a stain choice');
    assert.ok(stains.options.includes('Alizarin red stain'));
    // What it inserts is read back as one Workup section.
    assert.deepEqual(parseSections(p.text).map((s) => s.kind), ['workup']);
  });

  it('Treatment plan: medications, graded options with evidence levels, what not to use, surgery, physical therapy, dated follow-up', () => {
    const body = snippetBody('treatment-plan', kb);
    const p = parseSnippet(body);
    assert.match(p.text, /^Treatment plan:\n/);
    assert.match(p.text, /- Medications: treatment of the underlying condition: immunosuppressants\n/);
    // Pain relief is a choice the clinician makes (an optional list: Finalize drops the line when unchosen), not a default.
    assert.match(body, /- Pain relief \(optional\): \$\{\d+:\{calcinosis-pain-relief\\\}\}/);
    const options = p.choices.find((c) => c.options.some((o) => o.startsWith('diltiazem')));
    assert.ok(options, 'graded options');
    assert.ok(options.options.every((o) => /\(evidence level [^)]+\)$/.test(o)), options.options.join(' | '));
    // The comma inside "(evidence level IV, Oxford CEBM)" is escaped, so each option stays whole.
    assert.ok(body.includes('IV\\, Oxford CEBM'));
    assert.match(p.text, /Not recommended: low-dose warfarin \(evidence level IB, Oxford CEBM: recommended against\)/);
    assert.ok(!options.options.some((o) => o.startsWith('low-dose warfarin')), 'warfarin is never offered as an option');
    const surgery = p.choices.find((c) => c.options.includes('surgical excision'));
    assert.ok(surgery && !surgery.options.includes('hemodialysis'), 'surgery choices are calcinosis procedures');
    assert.match(p.text, /- Physical therapy: /);
    assert.match(body, /- Follow-up: \$\{\d+:\$CURRENT_YEAR-\$CURRENT_MONTH-\$CURRENT_DATE\}/);
    assert.deepEqual(parseSections(p.text).map((s) => s.kind), ['plan']);
  });

  it('the whole note has every section, a type choice from the type entries and a likely-cause choice from the etiology', () => {
    const p = parseSnippet(snippetBody('note', kb));
    assert.deepEqual(parseSections(p.text).map((s) => s.kind), [
      'presentation',
      'exam',
      'assessment',
      'workup',
      'plan',
      'patient-information',
    ]);
    const types = kb.entries.filter((e) => e.kind === 'type').map((e) => e.label);
    assert.ok(p.choices.some((c) => JSON.stringify(c.options) === JSON.stringify(types)), 'type choice');
    const causes = p.choices.find((c) => c.options.includes('systemic sclerosis'));
    assert.ok(causes && causes.options.includes('dermatomyositis') && causes.options.includes('hyperparathyroidism'));
    for (const o of causes.options) assert.ok(kb.entriesInSection('etiology').some((e) => e.label === o), o);
  });

  it('patient information comes from the pack, follow-up is dated', () => {
    const info = parseSnippet(snippetBody('patient-information', kb)).text;
    const t = templateTerms(kb);
    assert.ok(t.patientInformation.length >= 2);
    for (const sentence of t.patientInformation) assert.ok(info.includes(sentence));
    const follow = parseSnippet(snippetBody('follow-up', kb));
    assert.deepEqual(follow.variables, ['CURRENT_YEAR', 'CURRENT_MONTH', 'CURRENT_DATE']);
    assert.match(follow.text, /^Follow-up: /);
  });

  it('must-fill free text is an Epic-style *** blank, named by its line; no hint is ever left as default text', () => {
    const names = new Map([...namesIn(kb).keys()].map((n) => [n.toLowerCase(), n]));
    const info = templateTerms(kb).patientInformation.join(' ');
    let blanks = 0;
    for (const name of SNIPPET_NAMES) {
      const body = snippetBody(name, kb);
      for (const m of body.matchAll(/\$\{\d+:([^${}]*)\}/g)) {
        const value = m[1]!;
        if (value === '***') {
          blanks++;
          continue;
        }
        if (value === info) continue;
        // A default the clinician may keep is made of the pack's own terms ("serum calcium, …, parathyroid hormone (PTH)").
        for (const piece of value.split(/[,;:]\s*/)) {
          const term = piece.replace(/\s*\([^)]*\)$/, '').trim().toLowerCase();
          assert.ok(names.has(term), `${name}: default "${value}" holds "${piece}", which is not a term of the pack (a hint? make it a *** blank)`);
        }
      }
      // Every blank says what goes in it: a label before it on its line, or a section heading right above.
      const text = parseSnippet(body).text;
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (!line.includes('***')) return;
        const label = line.slice(0, line.indexOf('***'));
        if (label === '') assert.match(lines[i - 1] ?? '', /^[A-Z][\w ]*:$/, `${name}: a bare blank must sit under a heading`);
        else assert.match(label, /\w: $/, `${name}: "${line}" — the blank needs a label ending in ": "`);
      });
    }
    assert.ok(blanks >= 8, `only ${blanks} blanks`);
  });

  it('a snippet left as inserted is caught by the note checks: one unfilled-blank per *** blank', () => {
    for (const name of SNIPPET_NAMES) {
      const body = snippetBody(name, kb);
      const expected = body.match(/\$\{\d+:\*\*\*\}/g)?.length ?? 0;
      const text = parseSnippet(body).text;
      const found = checkNote(text).filter((i) => i.code === 'unfilled-blank');
      assert.equal(found.length, expected, name);
      // In Markdown and plain text too (prose mode): a snippet's blanks are never taken for markup.
      assert.equal(checkNote(text, undefined, { mode: 'prose' }).length, expected, `${name} in prose`);
    }
    const workup = parseSnippet(snippetBody('workup', kb)).text;
    assert.match(workup, /- Imaging studies: plain radiography, site: \*\*\*\n/);
    assert.match(workup, /- Biopsy: site: \*\*\*, H&E stain \(if needed to confirm the diagnosis\)\n/);
    assert.deepEqual(parseSections(parseSnippet(snippetBody('note', kb)).text).map((s) => s.kind).slice(0, 2), ['presentation', 'exam']);
  });

  it('prefixes are discoverable, and Markdown/plain text only get the ones that are not words', () => {
    const all = buildSnippets(kb);
    const prefixes = Object.values(all).flatMap((s) => s.prefix);
    for (const p of ['workup', 'cn-workup', 'plan', 'cn-plan', 'calcinosis-note', 'cn-note', 'cn-patient-info', 'cn-followup']) {
      assert.ok(prefixes.includes(p), p);
    }
    const quiet = Object.values(buildSnippets(kb, { distinctiveOnly: true })).flatMap((s) => s.prefix);
    assert.ok(quiet.length >= 5);
    for (const p of quiet) assert.match(p, /^(cn-|calcinosis)/);
  });

  it('escapes snippet syntax in pack text, inside text, placeholders and choices', () => {
    assert.equal(escapeSnippetText('a $b } \\c'), 'a \\$b \\} \\\\c');
    assert.equal(escapeChoiceOption('a,b|c\\d $e}'), 'a\\,b\\|c\\\\d $e}');
    // The phrase data may hold snippet syntax in a choice and in the body's text (`|`, `{` and `}` are slot
    // syntax there, refused by the schema in a choice): it must come out literally.
    const pack = JSON.parse(packText);
    const weird = 'X-ray, $HOME view\\1';
    const text = 'serum $calcium} cost';
    pack.lists.find((l: { id: string }) => l.id === 'calcinosis-imaging').choices[0].text = weird;
    pack.phrases.find((p: { id: string }) => p.id === 'calcinosis-workup').body.push(text);
    const k = load(JSON.stringify(pack));
    const p = parseSnippet(snippetBody('workup', k));
    assert.ok(p.choices.some((c) => c.options[0] === weird), JSON.stringify(p.choices));
    assert.ok(p.text.includes(text));
  });
});

describe('the built-in phrases', () => {
  const pack = kb.packs[0]!;
  const list = (id: string) => pack.lists!.find((l) => l.id === id)!;
  const texts = (id: string) => list(id).choices.map((c) => c.text);

  it('each snippet is a phrase of the pack, offered as a dot phrase', () => {
    assert.deepEqual(pack.phrases!.map((p) => `.${p.trigger}`), ['.calcwu', '.calcplan', '.calcnote', '.calcinfo', '.calcfu']);
  });

  it("the lists offer what the pack's entries say (by kind and section), so data and knowledge agree", () => {
    const t = templateTerms(kb);
    const imaging = t.workup.find((i) => i.kind === 'imaging');
    assert.ok(imaging && imaging.kind === 'imaging');
    assert.deepEqual(texts('calcinosis-imaging'), imaging.choices.map(choiceName));
    assert.deepEqual(texts('calcinosis-other-options'), t.gradedOptions.map(withEvidence));
    assert.deepEqual(texts('calcinosis-surgery'), t.surgery.map(choiceName));
    assert.deepEqual(texts('calcinosis-type'), t.types.map((e) => e.label));
    assert.deepEqual(texts('calcinosis-cause'), t.causes.map((e) => e.label));
    assert.deepEqual(texts('calcinosis-patient-information'), [t.patientInformation.join(' ')]);
  });

  it('the pain line is an optional list whose one choice keeps the NSAID entry\'s sources beside it', () => {
    const pain = list('calcinosis-pain-relief');
    assert.equal(pain.required, undefined);
    assert.equal(pain.defaults, undefined);
    const nsaid = templateTerms(kb).painRelief!;
    assert.deepEqual(pain.choices, [{ text: 'nonsteroidal anti-inflammatory drugs (NSAIDs) for pain', sources: nsaid.sources }]);
  });

  it('the note phrase holds the workup, plan and patient-information phrases word for word', () => {
    const body = (id: string) => pack.phrases!.find((p) => p.id === id)!.body.join('\n');
    const note = body('calcinosis-note');
    for (const id of ['calcinosis-workup', 'calcinosis-treatment-plan', 'calcinosis-patient-information']) assert.ok(note.includes(body(id)), id);
  });
});
