/**
 * The knowledge the features use: the built-in pack plus a clinic's own packs (`.clinical-notes/*.json`
 * in each workspace folder and the files named in `clinicalNotes.knowledgePacks`), read through
 * `vscode.workspace.fs` so the same code runs on the desktop, in code-server and in VS Code for the Web.
 * Saving, creating or deleting a pack, changing the setting, the workspace folders or the workspace's
 * trust reloads them (debounced) and swaps the KnowledgeBase that `kb()` returns; every feature reads
 * `kb()` per call, so it picks the new one up at its next keystroke.
 *
 * A broken pack never takes the others down (the core skips it whole). Its problems go to the output
 * channel and onto the file itself (Problems panel), and one notification names the file and the first
 * JSON path — once per distinct set of problems, so saving the same mistake again stays quiet.
 */
import * as vscode from 'vscode';
import type { ConfigSource } from './config';
import {
  classifyPackPaths,
  isWorkspacePackName,
  mayRead,
  WORKSPACE_PACK_DIR,
  type PackOrigin,
} from '../core/knowledge/pack-paths';
import type * as Engine from '../core/engine';
import type { NoticeGate, PackFile, PackStatus } from '../core/knowledge/pack-report';
import type { FileResult } from '../core/knowledge/load';
import type { ProblemRange } from '../core/knowledge/json-pointer';
import type { KnowledgeBase, LoadResultKb } from '../core/knowledge/knowledge-base';
import { offThread, OFF_THREAD_MIN_CHARS } from './pack-thread';
import { MAX_PACK_BYTES, type Problem } from '../core/types';
import { diagnosticSeverity } from './convert';
import { PACK_DIAGNOSTIC_SOURCE } from './ids';
import type { Output } from './output';

let engine: typeof Engine | undefined;

/** The pack engine (core/engine.ts), loaded on first need: with the built-in pack, after activate(). */
export function loadEngine(): Promise<typeof Engine> {
  return engine ? Promise.resolve(engine) : import('../core/engine').then((m) => (engine = m));
}

/** The engine, in code that only runs once a load has brought it in. */
function loadedEngine(): typeof Engine {
  if (!engine) throw new Error('Clinical Notes: the knowledge engine is used before it was loaded');
  return engine;
}

/** The built-in pack, inside the extension. */
export const BUILTIN_PACK = 'knowledge/calcinosis.json';
/** The setting's name, as problems about its entries name it. */
const SETTING_NAME = 'clinicalNotes.knowledgePacks';
/** Saves and file events closer together than this make one reload. */
const RELOAD_DELAY_MS = 250;

/** What the last load did; the internal state command returns it (tests, automation). */
export interface PacksState {
  /** Counts loads, so a caller can wait for the next one. */
  generation: number;
  trusted: boolean;
  /** Every pack file read, in load order, and what became of it. */
  packs: PackStatus[];
  /** Every problem: unreadable files, bad setting entries, and what the core reported. */
  problems: Problem[];
  /** Workspace packs left unread because the workspace is not trusted. */
  skippedUntrusted: string[];
  /** Whether the user was told (once per session) why workspace packs are not loaded. */
  untrustedNoticeShown: boolean;
  /** The last problem notification shown, and how many were shown in this session. */
  lastNotice?: string;
  notices: number;
  /** Which extension host runs this code: the web-worker one runs the browser bundle. */
  host: string;
  /** How the last big load ran: on a worker thread (Node host), in parts on the host's thread (web host), or (after the worker failed once) in one block on the host's thread. */
  offThread?: 'worker' | 'parts' | 'failed';
  /** Whether the last big load was read back from the load the worker kept in global storage ('read') or made afresh. */
  packCache?: 'read' | 'made';
  /** Set by `now()`: a load is running. */
  loading?: boolean;
}

export interface KnowledgePacksDeps {
  extension: vscode.Extension<unknown>;
  config: ConfigSource;
  output: Output;
  /** The user's personal phrase pack (global storage): read like a pack named in the user's settings. */
  personalPack?: vscode.Uri;
  /** Where the pack worker keeps its last prepared load of big packs, so the next start reads it back (global storage). */
  packCache?: vscode.Uri;
}

/** A pack file to read, before reading. */
interface Candidate {
  uri: vscode.Uri;
  origin: PackOrigin;
}

/** Loads and reloads the packs; owns the watchers. Create with `KnowledgePacks.start`. */
export class KnowledgePacks implements vscode.Disposable {
  /** Set by the first load; features wait for it (`pending`). */
  private current: KnowledgeBase | undefined;
  private state: PacksState;
  private readonly emitter = new vscode.EventEmitter<KnowledgeBase>();
  /** Fires after each load with the new knowledge base. */
  readonly onDidReload = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private gate: NoticeGate | undefined;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('clinical-notes-packs');
  private builtinText: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loading: Promise<PacksState> | undefined;
  private again = false;
  private first: Promise<void> | undefined;
  private disposed = false;
  /** The built-in pack alone: reused by every load that finds no other pack. */
  private builtinOnly: { kb: KnowledgeBase; problems: Problem[]; files: FileResult[] } | undefined;
  /** URIs (as strings) that are, or would be, read as packs: a save of one reloads. */
  private watched = new Set<string>();
  private lastPackSetting = '';

  private constructor(private readonly deps: KnowledgePacksDeps) {
    this.state = {
      generation: 0,
      trusted: vscode.workspace.isTrusted,
      packs: [],
      problems: [],
      skippedUntrusted: [],
      untrustedNoticeShown: false,
      notices: 0,
      host: hostName(deps.extension),
    };
  }

  /**
   * Starts loading and watching, without waiting: activate() stays short. The built-in pack is loaded
   * first, alone, so the features answer within milliseconds of activation; a clinic's packs load after it,
   * and a big one (a 74,000-code ICD-10-CM pack) is parsed and indexed by a worker thread in the Node host
   * while the features answer from the built-in knowledge (loadOffThread, docs/performance.md).
   */
  static start(deps: KnowledgePacksDeps): KnowledgePacks {
    const packs = new KnowledgePacks(deps);
    packs.lastPackSetting = JSON.stringify(deps.config.current.knowledgePacks);
    // The built-in pack's read is issued at once (it is asynchronous: activate() does not wait for it), so
    // the first completion is not queued behind a busy extension host's backlog. Watchers are created once
    // it is in: on a cold extension host they are among the slow calls of starting.
    const next = () => {
      packs.first = undefined;
      if (packs.disposed) return;
      packs.watch();
      void packs.reload();
    };
    packs.first = packs.loadBuiltinFirst().then(next, (err: unknown) => {
      deps.output.appendLine(`The built-in knowledge could not be loaded: ${String(err)}`);
      next();
    });
    return packs;
  }

  /** The knowledge base of the last load. */
  kb(): KnowledgeBase {
    // Set before `pending()` resolves when the built-in pack can be read; empty (once) if it could not.
    return (this.current ??= loadedEngine().KnowledgeBase.load([]).kb);
  }

  /** The first load (of the built-in pack) while it runs; features wait for it. */
  pending(): Promise<unknown> | undefined {
    return this.first;
  }

  /** The state now, and whether a load is running (its knowledge not yet in use). */
  now(): PacksState {
    return { ...this.state, loading: this.first !== undefined || this.loading !== undefined };
  }

  /** Resolves when no load runs or is about to (the state command answers after the current load). */
  async idle(): Promise<PacksState> {
    while (this.first || this.loading) await (this.first ?? this.loading);
    return this.state;
  }

  private async loadBuiltinFirst(): Promise<void> {
    const problems: Problem[] = [];
    const [text, { KnowledgeBase }] = await Promise.all([this.readBuiltin(problems), loadEngine()]);
    if (text === undefined) {
      this.current ??= KnowledgeBase.load([]).kb;
      return;
    }
    this.builtinOnly = KnowledgeBase.load([{ file: BUILTIN_PACK, text }]);
    this.current = this.builtinOnly.kb;
    this.emitter.fire(this.current);
  }

  /** The extension's own folder (where the built-in pack is). */
  get extensionUri(): vscode.Uri {
    return this.deps.extension.extensionUri;
  }

  /** What the last load did. */
  get last(): PacksState {
    return this.state;
  }

  /** Reloads after a short pause; calls within the pause make one reload. */
  scheduleReload(delayMs = RELOAD_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, delayMs);
  }

  /** Reloads now. A reload asked for while one runs runs once more after it (never two at a time). */
  reload(): Promise<PacksState> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        let state: PacksState;
        do {
          this.again = false;
          state = await this.loadOnce();
        } while (this.again);
        return state;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private async loadOnce(): Promise<PacksState> {
    const trusted = vscode.workspace.isTrusted;
    const readProblems: Problem[] = [];
    const skippedUntrusted: string[] = [];
    const files: PackFile[] = [];
    const fileBytes = new Map<PackFile, Uint8Array>();
    const texts = new Map<string, { uri: vscode.Uri; text: string }>();
    const seen = new Set<string>();

    const builtin = await this.readBuiltin(readProblems);
    if (builtin !== undefined) files.push({ file: BUILTIN_PACK, text: builtin, origin: 'builtin' });

    const candidates = await this.candidates(readProblems);
    this.watched = new Set(candidates.map((c) => c.uri.toString()));
    for (const c of candidates) {
      const key = c.uri.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      const file = displayName(c.uri);
      if (!mayRead(c.origin, trusted)) {
        skippedUntrusted.push(file);
        continue;
      }
      const bytes = await readPackBytes(c.uri, file, readProblems);
      if (bytes === undefined) continue;
      // Decoded when first read: a big pack goes to the pack worker as bytes, and decoding 10 MB here
      // would hold the host some 60 ms. This thread reads the text only for its problems' ranges.
      const pack = lazyText({ file, origin: c.origin, uri: key }, bytes);
      files.push(pack);
      fileBytes.set(pack, bytes);
      texts.set(file, { uri: c.uri, get text() { return pack.text; } });
    }

    const engine = await loadEngine();
    const { KnowledgeBase, packStatuses } = engine;
    let loaded: LoadResultKb;
    try {
      if (files.length === 1 && files[0]!.origin === 'builtin' && this.builtinOnly) loaded = this.builtinOnly;
      else {
        const viaWorker = await this.loadOffThread(files, fileBytes, engine);
        // The worker failed with the files' bytes in hand: read them again and load them here.
        if (viaWorker === 'failed') return this.loadOnce();
        loaded = viaWorker ?? KnowledgeBase.load(files);
      }
    } catch (err) {
      // The core reports problems rather than throwing; if it ever throws, keep the built-in knowledge.
      readProblems.push({ file: 'knowledge packs', path: '', message: `could not be loaded: ${String(err)}`, severity: 'error' });
      loaded = KnowledgeBase.load(files.filter((f) => f.origin === 'builtin'));
    }
    const statuses = packStatuses(files, loaded.kb, loaded.problems, loaded.files);
    this.current = loaded.kb;
    const problems = [...readProblems, ...loaded.problems];
    this.state = {
      ...this.state,
      generation: this.state.generation + 1,
      trusted,
      packs: statuses.map(({ file, origin, uri, pack, problems }) => ({ file, origin, problems, ...(uri ? { uri } : {}), ...(pack ? { pack } : {}) })),
      problems,
      skippedUntrusted,
    };
    // A worker's load brings its problems' ranges: the text of a pack it read stays with it.
    const ranges = loaded.ranges && new Map(loaded.problems.map((p, i) => [p, loaded.ranges![i]!]));
    this.publishDiagnostics(problems, texts, ranges);
    this.log(statuses, readProblems);
    this.notify(statuses, readProblems, problems);
    this.tellAboutTrust(skippedUntrusted);
    this.emitter.fire(loaded.kb);
    this.settle(loaded.kb);
    return this.state;
  }

  /**
   * Big packs (a code set) are parsed and indexed by a worker thread and adopted here in 8 ms slices, so
   * completion and hover keep answering, from the knowledge loaded before, until the new one is complete.
   * Where no worker can run (the web host) they load in parts on this thread, the event loop let run between
   * them. Undefined for small packs: the caller loads on this thread.
   * 'failed' when the worker failed (it had the files' bytes): the caller reads them again and loads here,
   * as every later load does.
   */
  private async loadOffThread(files: readonly PackFile[], bytes: ReadonlyMap<PackFile, Uint8Array>, engine: typeof Engine): Promise<LoadResultKb | 'failed' | undefined> {
    const size = files.reduce((n, f) => n + (bytes.get(f)?.length ?? f.text.length), 0);
    if (!offThread || size < OFF_THREAD_MIN_CHARS || this.state.offThread === 'failed') return undefined;
    const workerFile = vscode.Uri.joinPath(this.deps.extension.extensionUri, 'dist', 'pack-worker.js').fsPath;
    try {
      const loaded = await offThread.load(
        workerFile,
        files.map((f) => {
          const b = bytes.get(f);
          return b ? { file: f.file, bytes: b } : { file: f.file, text: f.text };
        }),
        engine,
        this.deps.packCache?.scheme === 'file' ? this.deps.packCache.fsPath : undefined,
        () => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.deps.extension.extensionUri, 'dist', 'web', 'pack-worker.js'))),
      );
      const kind = loaded.kind ?? offThread.kind;
      this.state = { ...this.state, offThread: kind, packCache: kind === 'worker' && offThread.kind === 'worker' ? (loaded.fromCache ? 'read' : 'made') : undefined };
      return loaded;
    } catch (err) {
      this.deps.output.appendLine(`${offThread.kind === 'worker' ? 'Pack worker' : 'Loading in parts'} failed (${String(err)}); loading on this thread.`);
      this.state = { ...this.state, offThread: 'failed' };
      return 'failed';
    }
  }

  /**
   * Finishes the new index between requests, 8 ms at a time: the posting lists no query has read yet are put
   * in order (a code set's take ~0.1 s), so that no later keystroke sorts one. Stops when a newer load
   * replaces this knowledge base.
   */
  private settle(kb: KnowledgeBase): void {
    const step = () => {
      if (this.current === kb && !kb.settle(8)) setTimeout(step, 0);
    };
    setTimeout(step, 0);
  }

  /** The shipped pack never changes while the extension runs: read it once. */
  private async readBuiltin(problems: Problem[]): Promise<string | undefined> {
    if (this.builtinText === undefined) {
      const uri = vscode.Uri.joinPath(this.deps.extension.extensionUri, BUILTIN_PACK);
      this.builtinText = await readPackText(uri, BUILTIN_PACK, problems);
    }
    return this.builtinText;
  }

  /** Pack files to read, in load order: the setting's, then each folder's `.clinical-notes/*.json`. */
  private async candidates(problems: Problem[]): Promise<Candidate[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const out: Candidate[] = [];
    const settings = classifyPackPaths(this.deps.config.current.knowledgePacks);
    for (const [i, p] of settings.entries()) {
      const at = `/${i}`;
      switch (p.kind) {
        case 'invalid':
          problems.push({ file: SETTING_NAME, path: at, message: `"${p.setting}" ${p.reason}`, severity: 'error' });
          break;
        case 'absolute':
          out.push({ uri: vscode.Uri.file(p.path), origin: 'setting' });
          break;
        case 'uri':
          try {
            out.push({ uri: vscode.Uri.parse(p.uri, true), origin: 'setting' });
          } catch {
            problems.push({ file: SETTING_NAME, path: at, message: `"${p.setting}" is not a valid URI`, severity: 'error' });
          }
          break;
        case 'workspace': {
          if (!folders.length) {
            problems.push({ file: SETTING_NAME, path: at, message: `"${p.setting}" is relative to the workspace folder, but no folder is open`, severity: 'warning' });
            break;
          }
          // Relative to every folder: a folder without the file is fine, as long as one has it.
          // (A stat is not a read: in Restricted Mode it only tells the user what was left out.)
          const uris = folders.map((f) => vscode.Uri.joinPath(f.uri, p.relative));
          const present = await Promise.all(uris.map((u) => exists(u)));
          const found = uris.filter((_, j) => present[j]);
          if (!found.length) {
            const where = folders.length === 1 ? 'the workspace folder' : `any of the ${folders.length} workspace folders`;
            problems.push({ file: SETTING_NAME, path: at, message: `"${p.setting}" was not found in ${where}`, severity: 'error' });
          }
          for (const uri of found) out.push({ uri, origin: 'workspace-setting' });
          break;
        }
      }
    }
    for (const folder of folders) {
      const dir = vscode.Uri.joinPath(folder.uri, WORKSPACE_PACK_DIR);
      let names: string[] = [];
      try {
        // Most workspaces have no such folder; asking first keeps a failed listing out of the host's log.
        if (!(await exists(dir))) continue;
        // Listing names is not reading packs: in Restricted Mode it only tells the user what was left out.
        names = (await vscode.workspace.fs.readDirectory(dir))
          .filter(([name, type]) => (type & vscode.FileType.File) !== 0 && isWorkspacePackName(name))
          .map(([name]) => name)
          .sort();
      } catch {
        // No .clinical-notes folder: nothing to load.
      }
      for (const name of names) out.push({ uri: vscode.Uri.joinPath(dir, name), origin: 'workspace-folder' });
    }
    // Last, so a clinic's shared trigger wins over a personal one of the same name (the clash is reported).
    const personal = this.deps.personalPack;
    if (personal && (await exists(personal))) out.push({ uri: personal, origin: 'setting' });
    return out;
  }

  /** Problems on the pack files themselves, at their JSON path, so the Problems panel lists them too. */
  private publishDiagnostics(problems: readonly Problem[], texts: ReadonlyMap<string, { uri: vscode.Uri; text: string }>, ranges?: ReadonlyMap<Problem, ProblemRange>): void {
    this.diagnostics.clear();
    const byUri = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    for (const p of problems) {
      const file = texts.get(p.file);
      if (!file) continue;
      const key = file.uri.toString();
      let slot = byUri.get(key);
      if (!slot) byUri.set(key, (slot = { uri: file.uri, list: [] }));
      const d = new vscode.Diagnostic(
        ranges?.has(p) ? new vscode.Range(...ranges.get(p)!) : rangeOf(file.text, p.path),
        `${p.message} (${p.path || '/'})`,
        diagnosticSeverity(p.severity)!,
      );
      d.source = PACK_DIAGNOSTIC_SOURCE;
      slot.list.push(d);
    }
    for (const { uri, list } of byUri.values()) this.diagnostics.set(uri, list);
  }

  private log(statuses: readonly PackStatus[], extra: readonly Problem[]): void {
    const { output } = this.deps;
    output.appendLine(`[${new Date().toLocaleTimeString()}] Knowledge packs (load ${this.state.generation}, extension host: ${this.state.host}):`);
    for (const line of loadedEngine().reportLines(statuses, extra)) output.appendLine(line);
  }

  private notify(statuses: readonly PackStatus[], extra: readonly Problem[], problems: readonly Problem[]): void {
    const { NoticeGate, problemNotice } = loadedEngine();
    this.gate ??= new NoticeGate();
    if (!this.gate.shouldNotify(problems)) return;
    const text = problemNotice(statuses, extra);
    if (!text) return;
    this.state = { ...this.state, lastNotice: text, notices: this.state.notices + 1 };
    const show = problems.some((p) => p.severity === 'error') ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(text, 'Show Details').then((choice) => {
      if (choice) this.deps.output.show(true);
    });
  }

  /** Once per session, and only when something was actually left out. */
  private tellAboutTrust(skipped: readonly string[]): void {
    if (!skipped.length || this.state.untrustedNoticeShown) return;
    this.state = { ...this.state, untrustedNoticeShown: true };
    const files = skipped.length === 1 ? `${skipped[0]} is` : `${skipped.length} workspace knowledge packs are`;
    const text = `Clinical Notes: this workspace is in Restricted Mode, so ${files} not loaded (a workspace's packs would put its authors' words on your cards). The built-in knowledge works as usual; trust the workspace to load them.`;
    this.deps.output.appendLine(`Restricted Mode: not loading ${skipped.join(', ')} until the workspace is trusted.`);
    void vscode.window.showInformationMessage(text, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  /** Watchers for every place a pack can come from; rebuilt when the folders or the setting change. */
  private watch(): void {
    const { config } = this.deps;
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.isPackFile(doc.uri)) this.scheduleReload();
      }),
      config.onDidChange((c) => {
        const setting = JSON.stringify(c.knowledgePacks);
        if (setting === this.lastPackSetting) return;
        this.lastPackSetting = setting;
        this.rewatch();
        this.scheduleReload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.rewatch();
        this.scheduleReload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload(0)),
    );
    this.rewatch();
  }

  private rewatch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const patterns: vscode.GlobPattern[] = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const f of folders) patterns.push(new vscode.RelativePattern(f, `{${WORKSPACE_PACK_DIR},${WORKSPACE_PACK_DIR}/*.json}`));
    for (const p of classifyPackPaths(this.deps.config.current.knowledgePacks)) {
      const uris =
        p.kind === 'absolute' ? [vscode.Uri.file(p.path)] : p.kind === 'workspace' ? folders.map((f) => vscode.Uri.joinPath(f.uri, p.relative)) : [];
      if (p.kind === 'uri') {
        try {
          uris.push(vscode.Uri.parse(p.uri, true));
        } catch {
          // Reported by the load.
        }
      }
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

  private isPackFile(uri: vscode.Uri): boolean {
    if (this.watched.has(uri.toString())) return true;
    const parent = vscode.Uri.joinPath(uri, '..');
    return baseName(parent) === WORKSPACE_PACK_DIR && isWorkspacePackName(baseName(uri)) && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of [...this.disposables, ...this.watchers]) d.dispose();
    this.diagnostics.dispose();
    this.emitter.dispose();
  }
}

/** Reads a pack's (or a context rules file's) text; a file too large to be a pack is refused before it is read. */
export async function readPackText(uri: vscode.Uri, file: string, problems: Problem[]): Promise<string | undefined> {
  const bytes = await readPackBytes(uri, file, problems);
  // TextDecoder (not Buffer) so the browser bundle reads packs too; it drops a UTF-8 byte-order mark.
  return bytes && new TextDecoder('utf-8').decode(bytes);
}

/** `file` with a `text` decoded from `bytes` when first read. */
function lazyText(file: Omit<PackFile, 'text'>, bytes: Uint8Array): PackFile {
  let text: string | undefined;
  return Object.defineProperty(file, 'text', { get: () => (text ??= new TextDecoder('utf-8').decode(bytes)), enumerable: true }) as PackFile;
}

/** Reads a pack's bytes; a file too large to be a pack is refused before it is read. */
async function readPackBytes(uri: vscode.Uri, file: string, problems: Problem[]): Promise<Uint8Array | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_PACK_BYTES) {
      problems.push({ file, path: '', message: `the file is ${(stat.size / 1048576).toFixed(1)} MB; packs are limited to ${MAX_PACK_BYTES / 1048576} MB`, severity: 'error' });
      return undefined;
    }
    return await vscode.workspace.fs.readFile(uri);
  } catch (err) {
    problems.push({ file, path: '', message: `cannot be read: ${errorText(err)}`, severity: 'error' });
    return undefined;
  }
}

function errorText(err: unknown): string {
  if (err instanceof vscode.FileSystemError) return err.code === 'FileNotFound' ? 'the file does not exist' : `${err.code || err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** How the user knows a pack file: workspace-relative when it is in the workspace, else its path. */
export function displayName(uri: vscode.Uri): string {
  if (vscode.workspace.getWorkspaceFolder(uri)) return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  return uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
}

export function exists(uri: vscode.Uri): Thenable<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

export function baseName(uri: vscode.Uri): string {
  const path = uri.path.replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

export function rangeOf(text: string, pointer: string): vscode.Range {
  const [line, character, endLine, endCharacter] = loadedEngine().pointerRange(text, pointer);
  return new vscode.Range(line, character, endLine, endCharacter);
}

/**
 * Which extension host runs the extension: the web worker (browser bundle) in VS Code for the Web or
 * with `remote.extensionKind` set to `ui` in code-server; otherwise a Node host, local or remote.
 */
export function hostName(extension: vscode.Extension<unknown>): string {
  if (extension.extensionKind === vscode.ExtensionKind.UI) {
    return vscode.env.uiKind === vscode.UIKind.Web ? 'web worker (browser bundle)' : 'local (Node)';
  }
  return 'workspace (Node)';
}
