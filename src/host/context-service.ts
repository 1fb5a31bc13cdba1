/**
 * The context rules in the editor: `knowledge/context-rules.json` is read from the extension's folder (as the
 * built-in pack is, so the web host reads it too), then a clinic's own rules, added to it in order: the files
 * in `clinicalNotes.contextRules` and each workspace folder's `.clinical-notes/context-rules*.json`. A
 * workspace's own rules are read only in a trusted workspace (as its packs are). A broken file is left out
 * whole (the other rules keep working) and its problems are shown on it, at their JSON pointer, in the
 * Problems panel. Saving, creating or deleting a rules file, or changing the setting, recompiles (debounced).
 * Hovers and the Problems view ask `loaded()`; a request that comes before the rules are in waits for them.
 */
import * as vscode from 'vscode';
import type * as ContextEngine from '../core/context/index';
import type { ContextRules } from '../core/context/rules';
import { classifyPackPaths, isContextRulesName, mayRead, WORKSPACE_PACK_DIR, type PackOrigin } from '../core/knowledge/pack-paths';
import type { Problem } from '../core/types';
import type { ConfigSource } from './config';
import { diagnosticSeverity } from './convert';
import type { Output } from './output';
import { baseName, displayName, exists, loadEngine, rangeOf, readPackText } from './pack-service';

const RULES_FILE = 'knowledge/context-rules.json';
const SETTING_NAME = 'clinicalNotes.contextRules';
/** Lines above a hovered one that are read for its section heading (Family history, Past medical history…). */
const HEADING_LINES = 200;
const RELOAD_DELAY_MS = 250;

export interface ContextServiceDeps {
  extensionUri: vscode.Uri;
  output: Output;
  config: ConfigSource;
}

export class ContextService implements vscode.Disposable {
  private rules: ContextRules | undefined;
  private engine: typeof ContextEngine | undefined;
  private loading: Promise<void> | undefined;
  private builtinText: string | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after each compile of the rules. */
  readonly onDidReload = this.emitter.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('clinical-notes-context-rules');
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private watched = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSetting = '';

  private constructor(private readonly deps: ContextServiceDeps) {}

  static start(deps: ContextServiceDeps): ContextService {
    const service = new ContextService(deps);
    service.lastSetting = JSON.stringify(deps.config.current.contextRules);
    service.reload();
    service.watch();
    return service;
  }

  /** The load while it runs. */
  pending(): Promise<void> | undefined {
    return this.loading;
  }

  /** The engine and rules, once loaded. */
  loaded(): { engine: typeof ContextEngine; rules: ContextRules } | undefined {
    return this.engine && this.rules ? { engine: this.engine, rules: this.rules } : undefined;
  }

  /** The hover's context line for a mention on `line` ([start, end) in that line), or undefined when plain. */
  lineAt(document: vscode.TextDocument, line: number, start: number, end: number): string | undefined {
    const ready = this.loaded();
    if (!ready) return undefined;
    const before = document.getText(new vscode.Range(Math.max(0, line - HEADING_LINES), 0, line, 0));
    const text = before + document.lineAt(line).text;
    return ready.engine.contextLineAt(ready.rules, text, before.length + start, before.length + end);
  }

  /** Recompiles now (after the load that runs, if one does); resolves when the new rules are in. */
  reload(): Promise<void> {
    const next = (this.loading ?? Promise.resolve()).then(() => this.loadOnce());
    const done = next.then(
      () => undefined,
      (err: unknown) => this.deps.output.appendLine(`The context rules could not be loaded: ${String(err)}`),
    );
    this.loading = done;
    void done.then(() => {
      if (this.loading === done) this.loading = undefined;
    });
    return done;
  }

  private scheduleReload(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, RELOAD_DELAY_MS);
  }

  private async loadOnce(): Promise<void> {
    const { extensionUri, output } = this.deps;
    const [packEngine] = await Promise.all([loadEngine(), this.builtinText === undefined ? this.readBuiltin(extensionUri) : undefined]);
    const engine = packEngine.contextEngine();
    const inputs = [{ file: RULES_FILE, text: this.builtinText ?? '' }];
    const problems: Problem[] = [];
    const texts = new Map<string, { uri: vscode.Uri; text: string }>();
    const trusted = vscode.workspace.isTrusted;
    const candidates = await this.candidates(problems);
    this.watched = new Set(candidates.map((c) => c.uri.toString()));
    for (const c of candidates) {
      const file = displayName(c.uri);
      if (texts.has(file)) continue;
      // In Restricted Mode only the user's own (absolute) files are read, as for packs.
      if (!mayRead(c.origin, trusted)) continue;
      const text = await readPackText(c.uri, file, problems);
      if (text === undefined) continue;
      inputs.push({ file, text });
      texts.set(file, { uri: c.uri, text });
    }
    const compiled = engine.compileContextRules(inputs);
    problems.push(...compiled.problems);
    this.engine = engine;
    this.rules = compiled.rules;
    this.diagnostics.clear();
    const byUri = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    for (const p of problems) {
      output.appendLine(`Context rules: ${p.file}: ${p.path || '/'}: ${p.message}`);
      const at = texts.get(p.file);
      if (!at) continue;
      let slot = byUri.get(at.uri.toString());
      if (!slot) byUri.set(at.uri.toString(), (slot = { uri: at.uri, list: [] }));
      const d = new vscode.Diagnostic(rangeOf(at.text, p.path), `${p.message} (${p.path || '/'})`, diagnosticSeverity(p.severity)!);
      d.source = 'Clinical Notes context rules';
      slot.list.push(d);
    }
    for (const { uri, list } of byUri.values()) this.diagnostics.set(uri, list);
    this.emitter.fire();
  }

  private async readBuiltin(extensionUri: vscode.Uri): Promise<void> {
    this.builtinText = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, RULES_FILE)));
  }

  /** Rules files to read, in order: the setting's, then each folder's `.clinical-notes/context-rules*.json`. */
  private async candidates(problems: Problem[]): Promise<Array<{ uri: vscode.Uri; origin: PackOrigin }>> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const out: Array<{ uri: vscode.Uri; origin: PackOrigin }> = [];
    for (const [i, p] of classifyPackPaths(this.deps.config.current.contextRules).entries()) {
      if (p.kind === 'invalid' || p.kind === 'uri') problems.push({ file: SETTING_NAME, path: `/${i}`, message: `"${p.setting}" ${p.kind === 'uri' ? 'is a URI; give a file path' : p.reason}`, severity: 'error' });
      else if (p.kind === 'absolute') out.push({ uri: vscode.Uri.file(p.path), origin: 'setting' });
      else {
        const uris = folders.map((f) => vscode.Uri.joinPath(f.uri, p.relative));
        const present = await Promise.all(uris.map(exists));
        const there = uris.filter((_, j) => present[j]);
        if (!there.length) problems.push({ file: SETTING_NAME, path: `/${i}`, message: `"${p.setting}" was not found in the workspace`, severity: 'error' });
        for (const uri of there) out.push({ uri, origin: 'workspace-setting' });
      }
    }
    for (const folder of folders) {
      const dir = vscode.Uri.joinPath(folder.uri, WORKSPACE_PACK_DIR);
      if (!(await exists(dir))) continue;
      try {
        const names = (await vscode.workspace.fs.readDirectory(dir))
          .filter(([name, type]) => (type & vscode.FileType.File) !== 0 && isContextRulesName(name))
          .map(([name]) => name)
          .sort();
        for (const name of names) out.push({ uri: vscode.Uri.joinPath(dir, name), origin: 'workspace-folder' });
      } catch {
        // Not listable: nothing to read.
      }
    }
    return out;
  }

  private watch(): void {
    const { config } = this.deps;
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const inPackDir = baseName(vscode.Uri.joinPath(doc.uri, '..')) === WORKSPACE_PACK_DIR;
        if (this.watched.has(doc.uri.toString()) || (inPackDir && isContextRulesName(baseName(doc.uri)))) this.scheduleReload();
      }),
      config.onDidChange((c) => {
        const setting = JSON.stringify(c.contextRules);
        if (setting === this.lastSetting) return;
        this.lastSetting = setting;
        this.rewatch();
        this.scheduleReload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.rewatch();
        this.scheduleReload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload()),
    );
    this.rewatch();
  }

  private rewatch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    const patterns: vscode.GlobPattern[] = folders.map((f) => new vscode.RelativePattern(f, `${WORKSPACE_PACK_DIR}/context-rules*.json`));
    for (const p of classifyPackPaths(this.deps.config.current.contextRules)) {
      const uris = p.kind === 'absolute' ? [vscode.Uri.file(p.path)] : p.kind === 'workspace' ? folders.map((f) => vscode.Uri.joinPath(f.uri, p.relative)) : [];
      for (const uri of uris) patterns.push(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), baseName(uri)));
    }
    for (const pattern of patterns) {
      try {
        const w = vscode.workspace.createFileSystemWatcher(pattern);
        const changed = () => this.scheduleReload();
        this.watchers.push(w, w.onDidCreate(changed), w.onDidChange(changed), w.onDidDelete(changed));
      } catch {
        // A file system that cannot be watched: saves in the editor still reload.
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of [...this.disposables, ...this.watchers]) d.dispose();
    this.diagnostics.dispose();
    this.emitter.dispose();
  }
}
