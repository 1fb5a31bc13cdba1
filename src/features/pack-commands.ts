/**
 * The pack commands a user meets: Reload Knowledge Packs and Show Loaded Knowledge Packs (a quick pick of every
 * pack with its origin, counts and problems). The loading itself is the pack service's (host/pack-service.ts).
 */
import * as vscode from 'vscode';
import { CommandId } from '../host/ids';
import type { Output } from '../host/output';
import { formatProblem } from '../core/types';
import { BUILTIN_PACK, loadEngine, rangeOf, type KnowledgePacks, type PacksState } from '../host/pack-service';

/** How the last big load (a code set) ran, as the loaded-packs list says it. */
const OFF_THREAD_WORDS: Record<NonNullable<PacksState['offThread']>, string> = {
  worker: 'loaded by a pack worker',
  parts: 'loaded in parts on this thread',
  failed: 'loaded on this thread (the pack worker failed)',
};

export interface PackCommandsDeps {
  packs: KnowledgePacks;
  output: Output;
}

interface PackItem extends vscode.QuickPickItem {
  open?: { uri: vscode.Uri; pointer?: string };
}

/** "Reload Knowledge Packs", "Show Loaded Packs" and the internal state command. */
export function registerPackCommands(deps: PackCommandsDeps): vscode.Disposable {
  const { packs } = deps;
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandId.reloadPacks, async () => {
      const state = await packs.reload();
      const loaded = state.packs.filter((p) => p.pack).length;
      vscode.window.setStatusBarMessage(`Clinical Notes: ${loaded} knowledge pack${loaded === 1 ? '' : 's'} loaded`, 3000);
      return snapshot(state);
    }),
    vscode.commands.registerCommand(CommandId.showLoadedPacks, () => showLoadedPacks(deps)),
    // `{ wait: false }`: the state as it is, a load perhaps running (`loading`), instead of after it.
    vscode.commands.registerCommand(CommandId.packsState, async (opts?: { wait?: boolean }) => snapshot(opts?.wait === false ? packs.now() : await packs.idle())),
  );
}

/** A plain copy for command callers (no live objects). */
function snapshot(state: PacksState): PacksState {
  return JSON.parse(JSON.stringify(state)) as PacksState;
}

async function showLoadedPacks(deps: PackCommandsDeps): Promise<void> {
  const { packs, output } = deps;
  const { ORIGIN_TITLES, loadedCount, reportLines } = await loadEngine();
  const state = packs.last;
  const items: PackItem[] = [{ label: 'Packs', kind: vscode.QuickPickItemKind.Separator }];
  for (const s of state.packs) {
    const uri = s.uri ? vscode.Uri.parse(s.uri) : s.origin === 'builtin' ? vscode.Uri.joinPath(deps.packs.extensionUri, BUILTIN_PACK) : undefined;
    items.push({
      label: s.pack ? `$(package) ${s.pack.title}` : `$(error) ${s.file}`,
      description: s.pack ? `${loadedCount(s.pack)} · ${s.pack.id} ${s.pack.version} · ${ORIGIN_TITLES[s.origin]}` : `not loaded · ${ORIGIN_TITLES[s.origin]}`,
      detail: s.file,
      ...(uri ? { open: { uri } } : {}),
    });
  }
  if (state.problems.length) {
    items.push({ label: `Problems (${state.problems.length})`, kind: vscode.QuickPickItemKind.Separator });
    for (const p of state.problems) {
      const owner = state.packs.find((s) => s.file === p.file);
      items.push({
        label: `${p.severity === 'error' ? '$(error)' : '$(warning)'} ${p.file}`,
        description: p.path || '/',
        detail: p.message,
        ...(owner?.uri ? { open: { uri: vscode.Uri.parse(owner.uri), pointer: p.path } } : {}),
      });
    }
  }
  if (state.skippedUntrusted.length) {
    items.push({ label: 'Not loaded in Restricted Mode', kind: vscode.QuickPickItemKind.Separator });
    for (const f of state.skippedUntrusted) items.push({ label: `$(shield) ${f}`, description: 'trust the workspace to load it' });
  }
  const bigPacks = state.offThread && ` · big packs: ${OFF_THREAD_WORDS[state.offThread]}`;
  output.appendLine(`Loaded packs (extension host: ${state.host}${bigPacks ?? ''}):`);
  for (const line of reportLines(state.packs.map((s) => ({ ...s })), [])) output.appendLine(line);
  for (const p of state.problems.filter((p) => !state.packs.some((s) => s.file === p.file))) output.appendLine(`  ${p.severity}: ${formatProblem(p)}`);

  const pick = await vscode.window.showQuickPick(items, {
    title: `Clinical Notes: Loaded Knowledge Packs — extension host: ${state.host}${bigPacks ?? ''}`,
    placeHolder: 'Select a pack or a problem to open the file',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pick?.open) return;
  const doc = await vscode.workspace.openTextDocument(pick.open.uri);
  const range = pick.open.pointer !== undefined ? rangeOf(doc.getText(), pick.open.pointer) : undefined;
  await vscode.window.showTextDocument(doc, range ? { selection: range } : {});
}
