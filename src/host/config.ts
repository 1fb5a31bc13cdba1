/**
 * The extension's settings, read through this one module. Features receive a `ConfigSource` and read
 * `current` when they need a value (so a change applies at the next keystroke, without a reload), or
 * subscribe to `onDidChange` when they must re-register (the language list).
 */
import * as vscode from 'vscode';
import type { Conjunction } from '../core/note/choice-lists';

/** Settings under `clinicalNotes.*`. Keep in step with `contributes.configuration` in package.json. */
export interface ClinicalNotesConfig {
  completion: {
    /** Offer knowledge-base terms as completions. */
    enabled: boolean;
    /** Characters typed before terms are offered (1–10). */
    minPrefix: number;
    /** Most terms offered at once (1–200). */
    maxItems: number;
    /** Rank first the terms that fit the note section at the cursor (tests and imaging in Workup, …). */
    sectionAware: boolean;
  };
  hover: {
    /** Show a term's card when hovering it. */
    enabled: boolean;
  };
  checks: {
    /** Flag unfilled `***` blanks and missing sections as problems. */
    enabled: boolean;
    /** How an unfilled blank shows. */
    blankSeverity: CheckSeverity;
    /** How a Clinical Note with an Assessment but no Workup or no Treatment plan shows. */
    missingSectionSeverity: CheckSeverity;
    /** Note an Assessment naming a condition the rest of the note negates (off by default). */
    contextConflicts: boolean;
  };
  lists: {
    /** How the multi-select lists join their items: "a, b and c", "a, b or c", or "a, b, c". */
    conjunction: Conjunction;
  };
  /** Language ids where completions and hovers are active. */
  languages: readonly string[];
  /**
   * A clinic's own knowledge packs, loaded after the built-in one: absolute paths, URIs, or paths
   * relative to each workspace folder (not read in an untrusted workspace).
   */
  knowledgePacks: readonly string[];
  /** A clinic's own context rules files, added to the built-in rules (not read in an untrusted workspace). */
  contextRules: readonly string[];
}

/** How a note check shows in the editor and the Problems panel; `off` hides it. */
export type CheckSeverity = 'information' | 'warning' | 'off';
const CHECK_SEVERITIES: readonly CheckSeverity[] = ['information', 'warning', 'off'];
const CONJUNCTIONS: readonly Conjunction[] = ['and', 'or', 'comma'];

/** The section of settings this extension owns. */
export const CONFIG_SECTION = 'clinicalNotes';

/** Setting keys relative to `clinicalNotes`, declared once. */
export const SettingKey = {
  completionEnabled: 'completion.enabled',
  completionMinPrefix: 'completion.minPrefix',
  completionMaxItems: 'completion.maxItems',
  completionSectionAware: 'completion.sectionAware',
  checksEnabled: 'checks.enabled',
  checksBlankSeverity: 'checks.blankSeverity',
  checksMissingSectionSeverity: 'checks.missingSectionSeverity',
  checksContextConflicts: 'checks.contextConflicts',
  listsConjunction: 'lists.conjunction',
  hoverEnabled: 'hover.enabled',
  languages: 'languages',
  knowledgePacks: 'knowledgePacks',
  contextRules: 'contextRules',
} as const;
export type SettingKey = (typeof SettingKey)[keyof typeof SettingKey];

export const DEFAULT_CONFIG: ClinicalNotesConfig = {
  completion: { enabled: true, minPrefix: 2, maxItems: 30, sectionAware: true },
  hover: { enabled: true },
  checks: { enabled: true, blankSeverity: 'information', missingSectionSeverity: 'warning', contextConflicts: false },
  lists: { conjunction: 'and' },
  languages: ['clinical-note', 'markdown', 'plaintext'],
  knowledgePacks: [],
  contextRules: [],
};

/** Builds a valid configuration from raw values (user settings can hold anything). */
export function parseConfig(get: (key: SettingKey) => unknown): ClinicalNotesConfig {
  const d = DEFAULT_CONFIG;
  const languages = get(SettingKey.languages);
  const packs = get(SettingKey.knowledgePacks);
  const contextRules = get(SettingKey.contextRules);
  return {
    completion: {
      enabled: bool(get(SettingKey.completionEnabled), d.completion.enabled),
      minPrefix: int(get(SettingKey.completionMinPrefix), d.completion.minPrefix, 1, 10),
      maxItems: int(get(SettingKey.completionMaxItems), d.completion.maxItems, 1, 200),
      sectionAware: bool(get(SettingKey.completionSectionAware), d.completion.sectionAware),
    },
    hover: { enabled: bool(get(SettingKey.hoverEnabled), d.hover.enabled) },
    checks: {
      enabled: bool(get(SettingKey.checksEnabled), d.checks.enabled),
      blankSeverity: oneOf(get(SettingKey.checksBlankSeverity), CHECK_SEVERITIES, d.checks.blankSeverity),
      missingSectionSeverity: oneOf(get(SettingKey.checksMissingSectionSeverity), CHECK_SEVERITIES, d.checks.missingSectionSeverity),
      contextConflicts: bool(get(SettingKey.checksContextConflicts), d.checks.contextConflicts),
    },
    lists: { conjunction: oneOf(get(SettingKey.listsConjunction), CONJUNCTIONS, d.lists.conjunction) },
    languages: Array.isArray(languages)
      ? [...new Set(languages.filter((l): l is string => typeof l === 'string' && l.trim() !== '').map((l) => l.trim()))]
      : d.languages,
    // Kept as written (blank entries dropped): the pack loader tells the user what is wrong with a path.
    knowledgePacks: Array.isArray(packs) ? packs.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : d.knowledgePacks,
    contextRules: Array.isArray(contextRules) ? contextRules.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : d.contextRules,
  };
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function oneOf<T extends string>(v: unknown, options: readonly T[], fallback: T): T {
  return options.includes(v as T) ? (v as T) : fallback;
}

function int(v: unknown, fallback: number, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, Math.round(v)));
}

/** What features depend on: the current settings and a change event. */
export interface ConfigSource {
  readonly current: ClinicalNotesConfig;
  readonly onDidChange: vscode.Event<ClinicalNotesConfig>;
}

/** Settings from VS Code, re-read when anything under `clinicalNotes` changes. */
export class WorkspaceConfig implements ConfigSource, vscode.Disposable {
  private value: ClinicalNotesConfig;
  private readonly emitter = new vscode.EventEmitter<ClinicalNotesConfig>();
  private readonly listener: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.value = WorkspaceConfig.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(CONFIG_SECTION)) return;
      this.value = WorkspaceConfig.read();
      this.emitter.fire(this.value);
    });
  }

  get current(): ClinicalNotesConfig {
    return this.value;
  }

  private static read(): ClinicalNotesConfig {
    const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
    return parseConfig((key) => c.get(key));
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
