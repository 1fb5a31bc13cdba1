/**
 * Where a clinic's own knowledge packs come from, decided without an editor: how a path in the
 * `clinicalNotes.knowledgePacks` setting is read, and which packs may be read in an untrusted
 * workspace. The editor side (`src/host/pack-service.ts`) turns the answers into URIs and reads them.
 */

/** The folder, inside each workspace folder, whose `*.json` files are loaded as packs. */
export const WORKSPACE_PACK_DIR = '.clinical-notes';

/** A configured pack path, classified. */
export type PackPath =
  /** An absolute file path (`/srv/packs/clinic.json`, `C:\packs\clinic.json`, `\\server\share\clinic.json`). */
  | { kind: 'absolute'; setting: string; path: string }
  /** A URI with a scheme (`file:///…`, `vscode-vfs://…`), for virtual workspaces and remote file systems. */
  | { kind: 'uri'; setting: string; uri: string }
  /** Relative to each workspace folder (`packs/clinic.json`, `./x.json`, `${workspaceFolder}/x.json`), `/`-separated. */
  | { kind: 'workspace'; setting: string; relative: string }
  /** Not usable; `reason` says why, for the user. */
  | { kind: 'invalid'; setting: string; reason: string };

const URI_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:\/\//;
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;
const WORKSPACE_FOLDER_VAR = /^\$\{workspaceFolder\}[\\/]?/;

/**
 * Classifies one entry of the setting. `~` is refused rather than guessed: VS Code for the Web has
 * no home folder, and a path that works on one machine only would fail silently on the others.
 */
export function classifyPackPath(raw: unknown): PackPath {
  const setting = typeof raw === 'string' ? raw : String(raw);
  if (typeof raw !== 'string') return { kind: 'invalid', setting, reason: 'is not a string; give a file path' };
  const p = raw.trim();
  if (!p) return { kind: 'invalid', setting, reason: 'is empty; give a file path' };
  if (p.startsWith('~')) {
    return {
      kind: 'invalid',
      setting,
      reason: 'starts with "~", which is not expanded; use an absolute path or one relative to the workspace folder',
    };
  }
  if (/\$\{(?!workspaceFolder\})/.test(p)) {
    return { kind: 'invalid', setting, reason: 'uses a variable other than ${workspaceFolder}, which is not expanded' };
  }
  if (URI_WITH_SCHEME.test(p)) return { kind: 'uri', setting, uri: p };
  if (p.startsWith('/') || p.startsWith('\\\\') || WINDOWS_DRIVE.test(p)) return { kind: 'absolute', setting, path: p };
  let relative = p.replace(WORKSPACE_FOLDER_VAR, '').replace(/\\/g, '/');
  while (relative.startsWith('./')) relative = relative.slice(2);
  relative = relative.replace(/\/{2,}/g, '/');
  if (!relative || relative === '.') return { kind: 'invalid', setting, reason: 'names the workspace folder itself, not a pack file' };
  return { kind: 'workspace', setting, relative };
}

/** Configured paths, classified, in order, without repeats (the same file is loaded once). */
export function classifyPackPaths(raw: unknown): PackPath[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const out: PackPath[] = [];
  for (const item of raw) {
    const c = classifyPackPath(item);
    const key = `${c.kind}:${c.kind === 'workspace' ? c.relative : c.kind === 'absolute' ? c.path : c.kind === 'uri' ? c.uri : c.setting}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

/** Where a pack file was found. */
export type PackOrigin =
  /** Shipped with the extension. */
  | 'builtin'
  /** `.clinical-notes/*.json` in a workspace folder. */
  | 'workspace-folder'
  /** A workspace-relative path from the setting. */
  | 'workspace-setting'
  /** An absolute path or URI from the setting. */
  | 'setting';

/**
 * Whether a pack may be read. In an untrusted workspace only what the user installed or named
 * absolutely is read: a workspace's own packs are content from whoever wrote the workspace, and
 * would put their words on the clinician's cards and completions.
 */
export function mayRead(origin: PackOrigin, trusted: boolean): boolean {
  return trusted || origin === 'builtin' || origin === 'setting';
}

/** Whether a file name in `.clinical-notes/` is a pack: `*.json`, not hidden, not a context rules file. */
export function isWorkspacePackName(name: string): boolean {
  return name.toLowerCase().endsWith('.json') && !name.startsWith('.') && !isContextRulesName(name);
}

/**
 * Whether a file name in `.clinical-notes/` is a clinic's context rules (`context-rules*.json`: negation,
 * history and family triggers for the context engine), which sit beside the packs but are not one.
 */
export function isContextRulesName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('context-rules') && lower.endsWith('.json');
}
