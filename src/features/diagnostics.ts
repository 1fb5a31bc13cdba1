/**
 * Note checks as problems: an unfilled `***` blank, and a Clinical Note with an Assessment but no Workup or
 * no Treatment plan (the core's `checkNote`). A document is checked ~300 ms after its last change, never on
 * the keystroke itself; closing it cancels its pending check. In Markdown and plain text only blanks are
 * checked, and only `***` that reads as a blank (not a rule or bold italics), so ordinary documents stay clean.
 */
import * as vscode from 'vscode';
import { checkNote, type NoteIssue } from '../core/note/checks';
import { parseSections } from '../core/note/sections';
import type { ContextService } from '../host/context-service';
import { openPlaces, phraseBook } from '../core/note/phrases';
import type { ClinicalNotesConfig, ConfigSource } from '../host/config';
import { CARD_SCHEME, DIAGNOSTIC_SOURCE, HAS_BLANKS_CONTEXT, NOTE_LANGUAGE } from '../host/ids';
import { diagnosticSeverity, offsetRange } from '../host/convert';
import type { KnowledgeDeps } from '../host/knowledge-deps';

/** Quiet time after the last change before a document is checked again. */
export const CHECK_DELAY_MS = 300;
/** Documents just opened are checked almost at once (no typing to wait for). */
const OPEN_DELAY_MS = 50;
/** Schemes that are never notes: our own cards, output panes, git's views of old versions. */
const SKIPPED_SCHEMES: ReadonlySet<string> = new Set([CARD_SCHEME, 'output', 'git', 'vscode-scm', 'debug']);

export interface DiagnosticsDeps extends Partial<KnowledgeDeps> {
  config: ConfigSource;
  /** The context engine and rules, for the opt-in context conflicts check. */
  context?: Pick<ContextService, 'loaded' | 'onDidReload'>;
}

export function registerDiagnostics(deps: DiagnosticsDeps): vscode.Disposable {
  return new NoteChecks(deps.config, deps);
}

/**
 * The phrase places of a note that are not `***` blanks (those `checkNote` reports): list slots and note fields
 * the header cannot fill, as issues. Needs the loaded packs' lists to read `{list-id}`.
 */
function placeIssues(text: string, deps: DiagnosticsDeps, mode: 'note' | 'prose'): NoteIssue[] {
  if (!deps.kb) return [];
  const book = phraseBook(deps.kb());
  return openPlaces(text, book.lookup, { mode })
    .filter((p) => p.kind !== 'blank')
    .map((p) => ({
      code: p.kind === 'field' ? 'unfilled-field' : p.required ? 'open-required-list' : 'open-optional-list',
      message: p.message,
      start: p.start,
      end: p.end,
    }));
}

/** The diagnostics of one document's issues under the current settings. */
export function toDiagnostics(document: vscode.TextDocument, issues: readonly NoteIssue[], config: ClinicalNotesConfig): vscode.Diagnostic[] {
  const blank = diagnosticSeverity(config.checks.blankSeverity);
  const missing = diagnosticSeverity(config.checks.missingSectionSeverity);
  const out: vscode.Diagnostic[] = [];
  for (const issue of issues) {
    if (issue.code === 'context-conflict') {
      if (!config.checks.contextConflicts) continue;
      const d = new vscode.Diagnostic(offsetRange(document, issue.start, issue.end), issue.message, vscode.DiagnosticSeverity.Information);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = issue.code;
      out.push(d);
      continue;
    }
    // Lists follow the blanks' switch (off hides them too), with Epic's weight: a required list blocks signing
    // (a warning), an optional one is dropped at Finalize (information). A field the header lacks is a blank.
    const severity =
      issue.code === 'unfilled-blank' || issue.code === 'unfilled-field'
        ? blank
        : issue.code === 'open-required-list' || issue.code === 'open-optional-list'
          ? blank === undefined
            ? undefined
            : issue.code === 'open-required-list'
              ? diagnosticSeverity('warning')
              : diagnosticSeverity('information')
          : missing;
    if (severity === undefined) continue;
    const d = new vscode.Diagnostic(offsetRange(document, issue.start, issue.end), issue.message, severity);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = issue.code;
    out.push(d);
  }
  return out;
}

class NoteChecks implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('clinicalNotes');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents (by URI) that had blanks at their last check: drives the blank keys' context key. */
  private readonly withBlanks = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private hasBlanksContext: boolean | undefined;

  constructor(
    private readonly config: ConfigSource,
    private readonly deps: DiagnosticsDeps = { config },
  ) {
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, OPEN_DELAY_MS)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, CHECK_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      // Language id changes arrive as a close and an open; settings changes re-check everything open.
      config.onDidChange(() => this.checkAll()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
    ];
    this.checkAll();
    // A note opened before the packs are in may name a clinic's list: check again once they are.
    void deps.pending?.()?.then(() => this.checkAll());
    // The context conflicts check reads the context rules: check again whenever they are (re)compiled.
    if (deps.context) this.subscriptions.push(deps.context.onDidReload(() => this.config.current.checks.contextConflicts && this.checkAll()));
  }

  private applies(doc: vscode.TextDocument): boolean {
    return !SKIPPED_SCHEMES.has(doc.uri.scheme) && this.config.current.languages.includes(doc.languageId);
  }

  private checkAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, OPEN_DELAY_MS);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    const key = doc.uri.toString();
    const previous = this.pending.get(key);
    if (previous !== undefined) clearTimeout(previous);
    if (!this.applies(doc)) {
      this.pending.delete(key);
      this.clear(doc.uri);
      return;
    }
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!doc.isClosed) this.check(doc);
      }, delay),
    );
  }

  private check(doc: vscode.TextDocument): void {
    const config = this.config.current;
    const mode = doc.languageId === NOTE_LANGUAGE ? 'note' : 'prose';
    const text = doc.getText();
    const sections = parseSections(text);
    const issues = [...checkNote(text, sections, { mode }), ...placeIssues(text, this.deps, mode)];
    const reader = config.checks.contextConflicts && this.deps.kb ? this.deps.context?.loaded() : undefined;
    if (reader) {
      const kb = this.deps.kb!();
      issues.push(...reader.engine.contextConflicts(text, sections, (t) => reader.engine.problemsOf(kb, reader.rules, t)));
    }
    const key = doc.uri.toString();
    if (issues.some((i) => !i.missing && i.code !== 'context-conflict')) this.withBlanks.add(key);
    else this.withBlanks.delete(key);
    if (config.checks.enabled) this.collection.set(doc.uri, toDiagnostics(doc, issues, config));
    else this.collection.delete(doc.uri);
    this.updateContext();
  }

  private clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.withBlanks.delete(uri.toString());
    this.updateContext();
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.pending.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(key);
    this.clear(uri);
  }

  private updateContext(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const value = doc !== undefined && this.withBlanks.has(doc.uri.toString());
    if (value === this.hasBlanksContext) return;
    this.hasBlanksContext = value;
    void vscode.commands.executeCommand('setContext', HAS_BLANKS_CONTEXT, value);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
