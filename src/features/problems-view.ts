/**
 * "Problems in This Note": a view in the Clinical Notes container listing the knowledge-base conditions the
 * active note mentions, grouped as the core decides (present / possible / hypothetical / historical / family /
 * absent), each with its line (click to go there) and, for present ones only, its ICD-10-CM codes. Recomputed
 * ~300 ms after the last change (as the note checks are), never on the keystroke. "Copy Assessment Codes"
 * copies the codes and official titles of present, current, patient conditions.
 */
import * as vscode from 'vscode';
import type { NoteProblem, ProblemStatus } from '../core/context/problems';
import { CommandId, PROBLEMS_VIEW } from '../host/ids';
import type { ContextService } from '../host/context-service';
import { CHECK_DELAY_MS } from './diagnostics';
import { afterLoad, type KnowledgeDeps } from '../host/knowledge-deps';

export interface ProblemsViewDeps extends KnowledgeDeps {
  context: ContextService;
  onDidChangeKnowledge: vscode.Event<unknown>;
  /** Language ids the features are active in. */
  languages: () => readonly string[];
}

type Node = { kind: 'group'; status: ProblemStatus; title: string; problems: NoteProblem[] } | { kind: 'problem'; problem: NoteProblem };

const ICONS: Record<ProblemStatus, string> = {
  present: 'pass',
  possible: 'question',
  hypothetical: 'watch',
  historical: 'history',
  family: 'organization',
  absent: 'circle-slash',
};

/** What the view shows, for the internal snapshot command (tests, automation). */
export interface ProblemsSnapshot {
  uri?: string;
  groups: Array<{ status: ProblemStatus; title: string; problems: Array<{ id: string; label: string; line: number; lines: number[]; codes: string[]; why?: string }> }>;
}

class ProblemsProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: Array<Extract<Node, { kind: 'group' }>> = [];
  uri: vscode.Uri | undefined;

  constructor(private readonly deps: ProblemsViewDeps) {}

  /** The problems of a document now (the engine is loaded by then). */
  problemsOf(document: vscode.TextDocument): NoteProblem[] {
    const ready = this.deps.context.loaded();
    return ready ? ready.engine.problemsOf(this.deps.kb(), ready.rules, document.getText()) : [];
  }

  update(document: vscode.TextDocument | undefined): void {
    const ready = this.deps.context.loaded();
    if (!document || !ready || !this.deps.languages().includes(document.languageId)) {
      this.groups = [];
      this.uri = undefined;
    } else {
      this.uri = document.uri;
      this.groups = ready.engine.groupProblems(this.problemsOf(document)).map((g) => ({ kind: 'group', ...g }));
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups;
    return node.kind === 'group' ? node.problems.map((problem) => ({ kind: 'problem', problem })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.problems.length);
      item.iconPath = new vscode.ThemeIcon(ICONS[node.status]);
      item.contextValue = `group.${node.status}`;
      return item;
    }
    const p = node.problem;
    const item = new vscode.TreeItem(p.entry.label, vscode.TreeItemCollapsibleState.None);
    const codes = p.codes.length ? ` · ${p.codes.map((c) => c.code).join(', ')}` : '';
    item.description = `line ${p.lines.map((l) => l + 1).join(', ')}${codes}`;
    const why = whyOf(p);
    item.tooltip = `${p.text} — ${why ?? 'present'}`;
    item.iconPath = new vscode.ThemeIcon(ICONS[p.status]);
    item.contextValue = `problem.${p.status}`;
    if (this.uri) item.command = { command: CommandId.problemsReveal, title: 'Go to Line', arguments: [this.uri.toString(), p.start, p.end] };
    return item;
  }

  snapshot(): ProblemsSnapshot {
    return {
      ...(this.uri ? { uri: this.uri.toString() } : {}),
      groups: this.groups.map((g) => ({
        status: g.status,
        title: g.title,
        problems: g.problems.map((p) => {
          const why = whyOf(p);
          return { id: p.entry.id, label: p.entry.label, line: p.line, lines: p.lines, codes: p.codes.map((c) => c.code), ...(why ? { why } : {}) };
        }),
      })),
    };
  }
}

function whyOf(p: NoteProblem): string | undefined {
  const t = p.context.trigger;
  return t ? `'${t.trigger.text}'` : p.context.section ? `section ${p.context.section.title}` : undefined;
}

export function registerProblemsView(deps: ProblemsViewDeps): vscode.Disposable {
  const provider = new ProblemsProvider(deps);
  const view = vscode.window.createTreeView(PROBLEMS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (delay = CHECK_DELAY_MS) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      // Only worth the work while someone can see it; the commands compute on demand.
      if (view.visible) provider.update(vscode.window.activeTextEditor?.document);
    }, delay);
  };
  const ready = afterLoad({ ...deps, pending: () => deps.pending?.() ?? deps.context.pending() }, () => undefined);
  const now = async () => {
    await ready();
    provider.update(vscode.window.activeTextEditor?.document);
  };
  schedule(50);
  return vscode.Disposable.from(
    view,
    { dispose: () => timer !== undefined && clearTimeout(timer) },
    vscode.window.onDidChangeActiveTextEditor(() => schedule(50)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && e.document === vscode.window.activeTextEditor?.document) schedule();
    }),
    view.onDidChangeVisibility(() => schedule(0)),
    deps.onDidChangeKnowledge(() => schedule(0)),
    vscode.commands.registerCommand(CommandId.showProblems, async () => {
      await now();
      await vscode.commands.executeCommand(`${PROBLEMS_VIEW}.focus`);
    }),
    vscode.commands.registerCommand(CommandId.copyAssessmentCodes, async () => {
      await ready();
      const doc = vscode.window.activeTextEditor?.document;
      const loaded = deps.context.loaded();
      if (!doc || !loaded) {
        void vscode.window.showInformationMessage('Open a note to copy its assessment codes.');
        return '';
      }
      const text = loaded.engine.assessmentCodes(provider.problemsOf(doc));
      if (!text) {
        void vscode.window.showInformationMessage('No present condition with an ICD-10-CM code in this note (negated, possible, historical and family mentions are left out).');
        return '';
      }
      await vscode.env.clipboard.writeText(text);
      const n = text.split('\n').length;
      void vscode.window.setStatusBarMessage(`Copied ${n} ICD-10-CM code${n === 1 ? '' : 's'} of present conditions`, 4000);
      return text;
    }),
    vscode.commands.registerCommand(CommandId.problemsReveal, async (uri: string, start: number, end: number) => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const editor = await vscode.window.showTextDocument(doc);
      const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
    vscode.commands.registerCommand(CommandId.problemsSnapshot, async (): Promise<ProblemsSnapshot> => {
      await now();
      return provider.snapshot();
    }),
  );
}
