/**
 * A clinic's own knowledge packs, the knowledge browser and the Getting Started commands, in a real
 * VS Code: packs are written into the test workspace with `vscode.workspace.fs` (as another editor or
 * `git pull` would) or saved from an editor, and what completion, hover, the browser and the loader's
 * state show afterwards is read back. Every file written here is removed again.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeSnapshot } from '../../src/features/browser';
import type { PacksState } from '../../src/host/pack-service';
import { CARD_SCHEME, CommandId, NOTE_LANGUAGE, PACK_DIAGNOSTIC_SOURCE } from '../../src/host/ids';
import { EXTENSION_ID, eventually as poll, openDocument } from './helpers';
import { icd10cmPackText, importIcd10cm } from '../../src/core/knowledge/icd10cm';
import { generateIcd10cmOrderFile } from '../generators/gen-icd10cm';

/** Polls for a pack reload (watchers and a debounce stand between a write and the new knowledge). */
const eventually = <T>(check: () => Promise<T>, ms = RELOAD_TIMEOUT_MS): Promise<T> => poll(check, ms, 150);

/** How long a reload may take to be seen: watcher latency + the loader's debounce, with room for a slow CI. */
const RELOAD_TIMEOUT_MS = 15_000;

const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
const packDir = () => vscode.Uri.joinPath(folder(), '.clinical-notes');
const clinicFile = () => vscode.Uri.joinPath(packDir(), 'clinic.json');
const extraDir = () => vscode.Uri.joinPath(folder(), 'test-packs');

/** A small valid pack whose terms no built-in entry has. */
function clinicPack(opts: { id?: string; label?: string; broken?: boolean; numberLabelEntry?: boolean } = {}): string {
  const entry: Record<string, unknown> = {
    id: `${opts.id ?? 'clinic'}-quokka-sign`,
    label: opts.label ?? 'quokka sign',
    kind: 'finding',
    definition: 'A made-up finding that only this test pack defines.',
    codes: [{ system: 'ICD-10-CM', code: 'L94.2', title: 'Calcinosis cutis', sources: ['C1'] }],
    sections: ['workup'],
    sources: ['C1'],
  };
  if (opts.broken) delete entry.label;
  return JSON.stringify(
    {
      id: opts.id ?? 'clinic',
      title: `Clinic pack ${opts.id ?? 'clinic'}`,
      version: '1.0.0',
      sources: [{ id: 'C1', kind: 'reference', title: 'Clinic handbook', url: 'https://example.org/handbook' }],
      sections: [{ id: 'workup', title: 'Clinic workup' }],
      // A second entry whose label is a number: it alone is skipped.
      entries: opts.numberLabelEntry ? [entry, { ...entry, id: `${opts.id ?? 'clinic'}-numbat-sign`, label: 42 }] : [entry],
    },
    null,
    2,
  );
}

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function remove(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
}

function state(): Thenable<PacksState> {
  return vscode.commands.executeCommand<PacksState>(CommandId.packsState);
}

async function labelsAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/** Completion labels after typing `prefix` on a line of a fresh note. */
async function completionsFor(prefix: string): Promise<string[]> {
  const doc = await openDocument(`Note line\n${prefix}`, NOTE_LANGUAGE);
  return labelsAt(doc, new vscode.Position(1, prefix.length));
}

async function hoverText(line: string, character: number): Promise<string> {
  const doc = await openDocument(line, NOTE_LANGUAGE);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, character));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function setPacksSetting(value: string[] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('clinicalNotes').update('knowledgePacks', value, vscode.ConfigurationTarget.Global);
}

function tree(depth = 3): Thenable<TreeSnapshot> {
  return vscode.commands.executeCommand<TreeSnapshot>(CommandId.browserSnapshot, { depth });
}

describe('a clinic\'s own knowledge packs', function () {
  this.timeout(90_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await remove(packDir());
    await remove(extraDir());
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await remove(packDir());
    await remove(extraDir());
    await setPacksSetting(undefined);
    await vscode.commands.executeCommand(CommandId.reloadPacks);
    await vscode.commands.executeCommand(CommandId.browserClearFilter);
  });

  it('starts with the built-in pack alone, trusted, in the extension host the runner chose', async () => {
    const s = await state();
    assert.equal(s.trusted, true);
    assert.deepEqual(
      s.packs.map((p) => [p.file, p.origin, p.pack?.id]),
      [['knowledge/calcinosis.json', 'builtin', 'calcinosis']],
    );
    assert.deepEqual(s.problems, []);
    assert.match(s.host, /Node/);
  });

  it('loads a pack written into .clinical-notes/: completion and hover include its entry', async () => {
    assert.ok(!(await completionsFor('quok')).includes('quokka sign'));
    await write(clinicFile(), clinicPack());
    await eventually(async () => assert.ok((await completionsFor('quok')).includes('quokka sign')));
    const hover = await hoverText('Exam: quokka sign on both elbows.', 8);
    assert.match(hover, /only this test pack defines/);
    assert.match(hover, /Clinic handbook/);
    const s = await state();
    const clinic = s.packs.find((p) => p.file === '.clinical-notes/clinic.json');
    assert.deepEqual(clinic?.pack, { id: 'clinic', title: 'Clinic pack clinic', version: '1.0.0', entries: 1, skipped: 0 });
    assert.equal(clinic?.origin, 'workspace-folder');
  });

  it('a broken save: built-in knowledge keeps working, the problem names file + JSON path, the broken entry goes until fixed', async () => {
    await write(clinicFile(), clinicPack());
    await eventually(async () => assert.ok((await completionsFor('quok')).includes('quokka sign')));
    const before = await state();

    await write(clinicFile(), clinicPack({ broken: true }));
    const broken = await eventually(async () => {
      const s = await state();
      assert.ok(s.problems.some((p) => p.file === '.clinical-notes/clinic.json' && p.path === '/entries/0/label'), JSON.stringify(s.problems));
      return s;
    });
    // The pack itself loads (its one entry skipped): a broken entry never takes its pack down.
    assert.match(broken.lastNotice ?? '', /a problem in the knowledge pack \.clinical-notes\/clinic\.json — \/entries\/0\/label: required property "label" is missing/);
    assert.equal(broken.notices, before.notices + 1);
    assert.deepEqual(
      broken.packs.find((p) => p.file === '.clinical-notes/clinic.json')?.pack,
      { id: 'clinic', title: 'Clinic pack clinic', version: '1.0.0', entries: 0, skipped: 1 },
    );
    assert.ok(!(await completionsFor('quok')).includes('quokka sign'));
    assert.ok((await completionsFor('calc')).includes('calcinosis'));
    // The problem is also on the file, at the entry that lacks its label (Problems panel).
    const diagnostics = vscode.languages.getDiagnostics(clinicFile()).filter((d) => d.source === PACK_DIAGNOSTIC_SOURCE);
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0]!.message, /required property "label" is missing/);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(clinicFile()));
    assert.equal(diagnostics[0]!.range.start.line, text.split('\n').findIndex((l) => l.includes('"entries"')) + 1);

    // Saving the same mistake again reloads but does not notify again.
    await write(clinicFile(), clinicPack({ broken: true }) + '\n');
    await eventually(async () => assert.ok((await state()).generation > broken.generation));
    assert.equal((await state()).notices, broken.notices);

    await write(clinicFile(), clinicPack());
    await eventually(async () => assert.ok((await completionsFor('quok')).includes('quokka sign')));
    assert.deepEqual((await state()).problems, []);
    assert.deepEqual(vscode.languages.getDiagnostics(clinicFile()), []);
  });

  it('one entry whose label is a number is skipped alone: the valid entry is offered, the bad one reported at its line', async () => {
    const text = clinicPack({ numberLabelEntry: true });
    await write(clinicFile(), text);
    // The reload that reads this text (an earlier test may have left a valid clinic.json behind).
    const s = await eventually(async () => {
      const s = await state();
      assert.ok(s.problems.length > 0, JSON.stringify(s.problems));
      return s;
    });
    assert.ok((await completionsFor('quok')).includes('quokka sign'));
    assert.deepEqual(
      s.problems.map((p) => [p.file, p.path, p.severity, p.message]),
      [['.clinical-notes/clinic.json', '/entries/1/label', 'error', 'must be a string (got integer 42)']],
    );
    assert.equal(s.packs.find((p) => p.file === '.clinical-notes/clinic.json')?.pack?.skipped, 1);
    const diagnostics = vscode.languages.getDiagnostics(clinicFile()).filter((d) => d.source === PACK_DIAGNOSTIC_SOURCE);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.range.start.line, text.split('\n').findIndex((l) => l.includes('"label": 42')));
    await remove(clinicFile());
    await eventually(async () => assert.ok(!(await completionsFor('quok')).includes('quokka sign')));
  });

  it('saving a pack from the editor reloads it', async () => {
    await write(clinicFile(), clinicPack());
    await eventually(async () => assert.ok((await completionsFor('quok')).includes('quokka sign')));
    const doc = await vscode.workspace.openTextDocument(clinicFile());
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const at = text.indexOf('"quokka sign"');
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"quokka sign"'.length)), '"quokka sign revised"'));
    assert.ok(await doc.save());
    await eventually(async () => assert.ok((await completionsFor('quok')).includes('quokka sign revised')));
  });

  it('deleting the pack unloads it', async () => {
    await write(clinicFile(), clinicPack());
    await eventually(async () => assert.ok((await completionsFor('quok')).includes('quokka sign')));
    await remove(packDir());
    await eventually(async () => assert.ok(!(await completionsFor('quok')).includes('quokka sign')));
    assert.deepEqual((await state()).packs.map((p) => p.origin), ['builtin']);
  });

  it('loads packs named in clinicalNotes.knowledgePacks: workspace-relative and absolute; reports a ~ path', async () => {
    const relative = vscode.Uri.joinPath(extraDir(), 'extra.clinical-pack.json');
    const absolute = vscode.Uri.joinPath(extraDir(), 'absolute.json');
    await write(relative, clinicPack({ id: 'extra', label: 'wombat reflex' }));
    await write(absolute, clinicPack({ id: 'absolute', label: 'numbat nodule' }));

    await setPacksSetting(['test-packs/extra.clinical-pack.json', absolute.fsPath, '~/packs/clinic.json', 'test-packs/missing.json']);
    const s = await eventually(async () => {
      const s = await state();
      assert.ok(s.packs.some((p) => p.pack?.id === 'extra') && s.packs.some((p) => p.pack?.id === 'absolute'), JSON.stringify(s.packs));
      return s;
    });
    assert.deepEqual(
      s.packs.filter((p) => p.pack?.id !== 'calcinosis').map((p) => [p.origin, p.pack?.id]),
      [
        ['workspace-setting', 'extra'],
        ['setting', 'absolute'],
      ],
    );
    assert.ok((await completionsFor('womb')).includes('wombat reflex'));
    assert.ok((await completionsFor('numb')).includes('numbat nodule'));
    const settingProblems = s.problems.filter((p) => p.file === 'clinicalNotes.knowledgePacks').map((p) => `${p.path}: ${p.message}`);
    assert.equal(settingProblems.length, 2, settingProblems.join('\n'));
    assert.match(settingProblems[0]!, /^\/2: "~\/packs\/clinic\.json" starts with "~"/);
    assert.match(settingProblems[1]!, /^\/3: "test-packs\/missing\.json" was not found in the workspace folder/);

    // A configured file is watched too: editing it on disk reloads it.
    await write(absolute, clinicPack({ id: 'absolute', label: 'numbat nodule revised' }));
    await eventually(async () => assert.ok((await completionsFor('numb')).includes('numbat nodule revised')));

    await setPacksSetting(undefined);
    await eventually(async () => assert.deepEqual((await state()).packs.map((p) => p.origin), ['builtin']));
  });

  it('Reload Knowledge Packs reloads at once and returns what it loaded', async () => {
    const before = await state();
    const s = await vscode.commands.executeCommand<PacksState>(CommandId.reloadPacks);
    assert.ok(s.generation > before.generation);
    assert.equal(s.packs[0]?.pack?.id, 'calcinosis');
  });
});

describe('an imported ICD-10-CM code set', function () {
  this.timeout(90_000);
  const icdFile = () => vscode.Uri.joinPath(packDir(), 'icd10cm.json');

  /** Completion items (label, description, detail) after typing `prefix` on a fresh note line. */
  async function itemsFor(prefix: string): Promise<Array<{ label: string; description: string; detail: string }>> {
    const doc = await openDocument(`Note line\n${prefix}`, NOTE_LANGUAGE);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(1, prefix.length));
    return list.items
      .filter((i) => /^[az]\d{5}$/.test(i.sortText ?? ''))
      .sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1))
      .map((i) => ({
        label: typeof i.label === 'string' ? i.label : i.label.label,
        description: typeof i.label === 'string' ? '' : (i.label.description ?? ''),
        detail: i.detail ?? '',
      }));
  }

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await remove(packDir());
    // What a clinic does: the shipped command line turns the CMS order file into a pack in .clinical-notes/.
    const repo = path.resolve(__dirname, '..', '..', '..');
    const run = spawnSync(
      process.execPath,
      [path.join(repo, 'dist', 'cli.js'), 'import', 'icd10cm', path.join(repo, 'test', 'fixtures', 'icd10cm', 'icd10cm_order_sample.txt'), '--edition', '2025', '-o', icdFile().fsPath],
      { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    );
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    await eventually(async () => assert.ok((await state()).packs.some((p) => p.file === '.clinical-notes/icd10cm.json' && p.pack), JSON.stringify((await state()).packs)));
  });

  after(async () => {
    await remove(packDir());
    await eventually(async () => assert.deepEqual((await state()).packs.map((p) => p.origin), ['builtin']));
  });

  it('loads as a workspace pack with one entry per code and no problems', async () => {
    const s = await state();
    const icd = s.packs.find((p) => p.file === '.clinical-notes/icd10cm.json');
    assert.deepEqual(icd?.pack, { id: 'icd10cm-2025', title: 'ICD-10-CM 2025 (icd10cm_order_sample.txt)', version: '2025', entries: 29, skipped: 0 });
    assert.deepEqual(s.problems, []);
  });

  it('has its look-up index built in idle time once the look-up is opened, before any query asks for it', async () => {
    // An empty query lists entries by section without the look-up, so only the idle-time build can make it ready
    // (opening the look-up starts it for a code set; clinical packs alone are warmed after every load).
    const ready = () => vscode.commands.executeCommand<{ indexReady: boolean }>(CommandId.lookupHeadless, { query: '', action: 'list' });
    await eventually(async () => assert.equal((await ready()).indexReady, true), 15_000);
    const r = await vscode.commands.executeCommand<{ rows: { label: string }[] }>(CommandId.lookupHeadless, { query: 'calcinosis cutis', action: 'list' });
    assert.ok(r.rows.length > 0);
  });

  it('typing a category offers its codes with their official titles, after the clinical entries that carry them, each code once', async () => {
    const items = await itemsFor('E83');
    const fromCodeSet = items.filter((i) => i.detail.startsWith('Code') && /^E83/.test(i.label)).map((i) => `${i.label} ${i.description}`);
    // The codes no built-in entry carries come from the code set.
    assert.deepEqual(fromCodeSet, ['E83 Fixture category E83', 'E83.5 Fixture subcategory E83.5', 'E83.51 Hypocalcemia']);
    // The built-in calciphylaxis entry carries E83.59 (hypercalcemia E83.52, calcium metabolism disorder E83.50):
    // a clinical entry is offered first, and its code is not offered a second time from the code set.
    assert.equal(items[0]?.label, 'E83.59');
    assert.ok(!items[0]!.detail.startsWith('Code'), items[0]!.detail);
    for (const code of ['E83.59', 'E83.52', 'E83.50']) {
      const rows = items.filter((i) => i.label === code);
      assert.equal(rows.length, 1, `${code}: ${items.map((i) => `${i.label} (${i.detail})`).join(' | ')}`);
      assert.ok(!rows[0]!.detail.startsWith('Code'), `${code} is the clinical entry's row: ${rows[0]!.detail}`);
    }
  });

  it('hovering a code shows its official title and whether it is billable', async () => {
    const own = await hoverText('Dx: E55.9 today', 6);
    assert.match(own, /Vitamin D deficiency, unspecified \(billable\)/);
    const header = await hoverText('Dx: E83.5 today', 6);
    assert.match(header, /\(header, not billable\)/);
    // A code the built-in pack carries keeps the clinical card, and the code set adds its official line.
    const both = await hoverText('Dx: L94.2 today', 6);
    assert.match(both, /Calcinosis of the skin/);
    assert.match(both, /In ICD\\-10\\-CM 2025 .*`L94\.2` Calcinosis cutis \(billable\)/);
  });

  it('clinical words keep the built-in entries first: the code set never buries them', async () => {
    for (const typed of ['calc', 'hypercal', 'sclero']) {
      const items = await itemsFor(typed);
      const firstCode = items.findIndex((i) => i.detail.startsWith('Code'));
      const lastClinical = items.map((i) => !i.detail.startsWith('Code')).lastIndexOf(true);
      assert.ok(items.length > 0 && !items[0]!.detail.startsWith('Code'), `${typed}: ${items.map((i) => i.label).join(' | ')}`);
      assert.ok(firstCode === -1 || firstCode > lastClinical, `${typed}: a code entry before a clinical one: ${items.map((i) => i.label).join(' | ')}`);
    }
  });
});

describe('a big code set loading off the extension host\'s thread', function () {
  this.timeout(120_000);
  const bigFile = () => vscode.Uri.joinPath(packDir(), 'icd10cm-big.json');
  const CODES = 40_000;
  const codeSetItems = (items: vscode.CompletionItem[]) => items.filter((i) => (i.detail ?? '').startsWith('Code'));
  // Two notes, asked again and again (not a new untitled document per question).
  const note = (prefix: string) => openDocument(`Note line\n${prefix}`, NOTE_LANGUAGE);
  const itemsAt = async (doc: vscode.TextDocument) =>
    (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(1, doc.lineAt(1).text.length))).items;
  const now = () => vscode.commands.executeCommand<PacksState>(CommandId.packsState, { wait: false });

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await remove(packDir());
    await eventually(async () => assert.deepEqual((await state()).packs.map((p) => p.origin), ['builtin']));
  });

  after(async () => {
    await remove(packDir());
    await eventually(async () => assert.deepEqual((await state()).packs.map((p) => p.origin), ['builtin']));
  });

  it('a completion asked while it loads answers from the built-in knowledge; the code set answers once it is in', async () => {
    const imported = importIcd10cm(generateIcd10cmOrderFile(CODES, 3), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
    const text = icd10cmPackText(imported.pack);
    assert.ok(text.length > 1_000_000, `${text.length} characters: big enough for the pack worker`);
    const category = imported.pack.codeSet!.rows.find((r) => !['E83', 'L94', 'M34', 'M33', 'E55', 'E21'].includes(r[0].slice(0, 3)))![0].slice(0, 3);
    const calcNote = await note('calc');
    const codeNote = await note(category);
    assert.equal(codeSetItems(await itemsAt(codeNote)).length, 0, 'no code set is loaded yet');

    const before = await state();
    await write(bigFile(), text);
    // Wait for the reload to start, then ask: the answer must come while the load still runs.
    await eventually(async () => assert.ok((await now()).loading, 'the reload has started'), 30_000);
    let during: { calc: vscode.CompletionItem[]; codes: vscode.CompletionItem[] } | undefined;
    for (let tries = 0; tries < 20 && !during; tries++) {
      const calc = await itemsAt(calcNote);
      const codes = await itemsAt(codeNote);
      if ((await now()).loading) during = { calc, codes };
    }
    assert.ok(during, 'a completion was answered while the code set loaded');
    assert.ok(during.calc.some((i) => !(i.detail ?? '').startsWith('Code')), 'the built-in knowledge answers');
    assert.equal(codeSetItems(during.codes).length, 0, 'the code set is not used before it is complete');

    const after = await state();
    assert.ok(after.generation > before.generation);
    assert.equal(after.offThread, 'worker');
    assert.ok(after.packs.some((p) => p.file === '.clinical-notes/icd10cm-big.json' && p.pack?.entries === CODES), JSON.stringify(after.packs.map((p) => p.pack)));
    assert.ok(codeSetItems(await itemsAt(codeNote)).length > 0, `the code set answers ${category} once loaded`);
  });

  it('a reload of the same packs (as at the next start) reads back the load the worker kept in global storage', async () => {
    const before = await state();
    assert.ok(before.packs.some((p) => p.file === '.clinical-notes/icd10cm-big.json'), 'the code set of the test before is loaded');
    await vscode.commands.executeCommand(CommandId.reloadPacks);
    await eventually(async () => assert.ok((await state()).generation > before.generation, 'reloaded'), 60_000);
    const after = await state();
    assert.equal(after.offThread, 'worker');
    assert.equal(after.packCache, 'read', 'answered from the kept load');
    assert.ok(after.packs.some((p) => p.file === '.clinical-notes/icd10cm-big.json' && p.pack?.entries === CODES));
    const imported = importIcd10cm(generateIcd10cmOrderFile(CODES, 3), { fileName: 'icd10cm_order_synthetic.txt', edition: 'synthetic' });
    const category = imported.pack.codeSet!.rows.find((r) => !['E83', 'L94', 'M34', 'M33', 'E55', 'E21'].includes(r[0].slice(0, 3)))![0].slice(0, 3);
    assert.ok(codeSetItems(await itemsAt(await note(category))).length > 0, `the kept load answers ${category}`);
  });
});

describe('the knowledge browser', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand(CommandId.browserClearFilter);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await remove(packDir());
    await vscode.commands.executeCommand(CommandId.reloadPacks);
  });

  it('shows the pack → its sections → entries with kind · code and the definition as tooltip', async () => {
    const t = await tree();
    assert.equal(t.filter, '');
    assert.equal(t.description, undefined);
    assert.equal(t.roots.length, 1);
    const pack = t.roots[0]!;
    assert.equal(pack.label, 'Calcinosis');
    assert.match(pack.description ?? '', /^\d+ entries$/);
    const sections = pack.children!.map((s) => s.label);
    assert.ok(sections.includes('Workup') && sections.includes('Treatment'), sections.join(', '));
    const entries = pack.children!.flatMap((s) => s.children ?? []);
    const cutis = entries.find((e) => e.label === 'calcinosis cutis')!;
    assert.ok(cutis, 'calcinosis cutis is in the tree');
    assert.match(cutis.description ?? '', /^Condition · L94\.2/);
    assert.match(cutis.tooltip ?? '', /calcium/i);
    assert.equal(cutis.contextValue, 'entry.coded');
    assert.deepEqual(cutis.command, { command: CommandId.openCard, arguments: [cutis.command!.arguments![0]] });
  });

  it('filters through the core look-up, shows the filter in the view, and clears', async () => {
    const t = await vscode.commands.executeCommand<TreeSnapshot>(CommandId.browserFilter, 'PTH');
    assert.equal(t.filter, 'PTH');
    assert.match(t.description ?? '', /^filter: PTH \(\d+\)$/);
    assert.match(t.message ?? '', /^\d+ (entry matches|entries match) "PTH"\.$/);
    const labels = t.roots.flatMap((p) => p.children ?? []).flatMap((s) => s.children ?? []).map((e) => e.label);
    assert.ok(labels.includes('parathyroid hormone'), labels.join(', '));
    assert.ok(!labels.includes('calcinosis cutis'));
    const none = await vscode.commands.executeCommand<TreeSnapshot>(CommandId.browserFilter, 'zzqqxx');
    assert.deepEqual(none.roots, []);
    assert.match(none.message ?? '', /^No entry for 'zzqqxx'/);
    // A two-concept filter keeps the entry that answers both words, though its label holds only one.
    const both = await vscode.commands.executeCommand<TreeSnapshot>(CommandId.browserFilter, 'warfarin calcinosis');
    const bothLabels = both.roots.flatMap((p) => p.children ?? []).flatMap((s) => s.children ?? []).map((e) => e.label);
    assert.ok(bothLabels.includes('low-dose warfarin'), bothLabels.join(', '));
    await vscode.commands.executeCommand(CommandId.browserClearFilter);
    const cleared = await tree(1);
    assert.equal(cleared.filter, '');
    assert.equal(cleared.description, undefined);
    assert.equal(cleared.message, undefined);
  });

  it('clicking an entry opens its card; its context actions insert the term and copy the code', async () => {
    const path = ['Calcinosis', 'Workup', 'calcinosis cutis'];
    const t = await tree();
    const section = t.roots[0]!.children!.find((s) => (s.children ?? []).some((e) => e.label === 'calcinosis cutis'))!;
    path[1] = section.label;

    const clicked = await vscode.commands.executeCommand<{ found: boolean; result?: string }>(CommandId.browserRun, { path, action: 'click' });
    assert.equal(clicked.found, true);
    assert.ok(clicked.result?.startsWith(`${CARD_SCHEME}:`), clicked.result);
    const card = await vscode.workspace.openTextDocument(vscode.Uri.parse(clicked.result!));
    assert.match(card.getText(), /L94\.2/);

    const doc = await openDocument('Exam: ', NOTE_LANGUAGE);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 6, 0, 6);
    const inserted = await vscode.commands.executeCommand<{ found: boolean; result?: { inserted?: string } }>(CommandId.browserRun, { path, action: 'insert' });
    assert.equal(inserted.result?.inserted, 'calcinosis cutis');
    assert.equal(doc.getText(), 'Exam: calcinosis cutis');

    const copied = await vscode.commands.executeCommand<{ found: boolean; result?: { copied?: string } }>(CommandId.browserRun, { path, action: 'code' });
    assert.equal(copied.result?.copied, 'L94.2');
  });

  it('shows a workspace pack as a second root once it is loaded, and drops it when removed', async () => {
    await write(clinicFile(), clinicPack());
    const t = await eventually(async () => {
      const t = await tree();
      assert.equal(t.roots.length, 2);
      return t;
    });
    assert.equal(t.roots[1]!.label, 'Clinic pack clinic');
    assert.deepEqual(t.roots[1]!.children!.map((s) => s.label), ['Clinic workup']);
    assert.deepEqual(t.roots[1]!.children![0]!.children!.map((e) => e.label), ['quokka sign']);
    await remove(packDir());
    await eventually(async () => assert.equal((await tree(1)).roots.length, 1));
  });
});

describe('Getting Started commands', function () {
  this.timeout(60_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Open Sample Note opens the sample as an untitled Clinical Note (nothing on disk)', async () => {
    const uri = await vscode.commands.executeCommand<string>(CommandId.openSampleNote);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(doc, uri);
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.uri.scheme, 'untitled');
    assert.equal(doc.languageId, NOTE_LANGUAGE);
    assert.match(doc.getText(), /^Presentation:/);
    assert.match(doc.getText(), /\nTreatment plan:\n/);
    assert.equal(vscode.window.activeTextEditor?.document, doc);
  });

  it('the completion and hover steps type a term\'s start and find a term in the sample', async () => {
    const prefix = await vscode.commands.executeCommand<string>(CommandId.tryCompletion);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.lineAt(doc.lineCount - 1).text, prefix);
    assert.ok((await labelsAt(doc, new vscode.Position(doc.lineCount - 1, prefix.length))).length > 0);
    await vscode.commands.executeCommand('hideSuggestWidget');
    const term = await vscode.commands.executeCommand<string>(CommandId.tryHover);
    assert.ok(term, 'a term was found in the sample');
    const line = vscode.window.activeTextEditor!.selection.active.line;
    assert.ok(doc.lineAt(line).text.toLowerCase().includes(term.toLowerCase()));
  });
});
