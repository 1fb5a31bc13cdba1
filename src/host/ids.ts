/**
 * Every command id, view/scheme name and language id the extension uses, declared once. package.json
 * repeats the command ids (VS Code reads them from there); a unit test checks the two agree.
 */

/** Commands. `internal.*` ones are hidden from the palette (menus.commandPalette `when: false`). */
export const CommandId = {
  search: 'clinicalNotes.search',
  insertWorkup: 'clinicalNotes.insertWorkup',
  insertTreatmentPlan: 'clinicalNotes.insertTreatmentPlan',
  insertNote: 'clinicalNotes.insertNote',
  insertPatientInformation: 'clinicalNotes.insertPatientInformation',
  insertFollowUp: 'clinicalNotes.insertFollowUp',
  showCardAtCursor: 'clinicalNotes.showCardAtCursor',
  /** Reloads the built-in and the clinic's own knowledge packs now. */
  reloadPacks: 'clinicalNotes.reloadPacks',
  /** Lists the loaded packs (entries, files) and their problems. */
  showLoadedPacks: 'clinicalNotes.showLoadedPacks',
  /** Returns what the last pack load did (packs, problems, trust); for tests and automation. */
  packsState: 'clinicalNotes.internal.packsState',
  /** Knowledge browser: filter (an InputBox; with a string argument, no UI), clear the filter. */
  browserFilter: 'clinicalNotes.browser.filter',
  browserClearFilter: 'clinicalNotes.browser.clearFilter',
  /** Knowledge browser context actions on an entry. */
  browserInsert: 'clinicalNotes.browser.insert',
  browserCopyCode: 'clinicalNotes.browser.copyCode',
  browserOpenCard: 'clinicalNotes.browser.openCard',
  /** The browser's tree as the view shows it, and an entry's action run by its labels; for tests. */
  browserSnapshot: 'clinicalNotes.internal.browserTree',
  browserRun: 'clinicalNotes.internal.browserRun',
  /** Getting Started: the sample note as an untitled document, and the try-it buttons of its steps. */
  openSampleNote: 'clinicalNotes.openSampleNote',
  tryCompletion: 'clinicalNotes.walkthrough.tryCompletion',
  tryHover: 'clinicalNotes.walkthrough.tryHover',
  /** Opens the card of an entry by id (from the lookup's button, later the browser). */
  openCard: 'clinicalNotes.internal.openCard',
  /** Runs the lookup without its QuickPick UI and returns what it did; for tests and automation. */
  lookupHeadless: 'clinicalNotes.internal.lookup',
  /** Selects the next / previous `***` blank, wrapping (F2 / Shift+F2 in a note, as in Epic). */
  nextBlank: 'clinicalNotes.nextBlank',
  previousBlank: 'clinicalNotes.previousBlank',
  /** Multi-select lists of the pack's workup items / treatment options, inserted as one sentence. */
  chooseWorkup: 'clinicalNotes.chooseWorkup',
  chooseTreatment: 'clinicalNotes.chooseTreatment',
  /** Inserts the sentence for given entry ids without the QuickPick, and returns it; for tests and automation. */
  chooseHeadless: 'clinicalNotes.internal.choose',
  /** Problems in This Note: focus the view (and list the active note now); copy the present conditions' codes. */
  showProblems: 'clinicalNotes.showProblems',
  copyAssessmentCodes: 'clinicalNotes.copyAssessmentCodes',
  /** A problem's click target: select its mention; and the view's content, for tests and automation. */
  problemsReveal: 'clinicalNotes.internal.problemsReveal',
  problemsSnapshot: 'clinicalNotes.internal.problems',
  /** Opens the choices of the list slot at the cursor (`{imaging}`, `{multi: a | b}`); the choice replaces it. */
  chooseFromList: 'clinicalNotes.chooseFromList',
  /** Fills the list slot at the cursor with given choice texts, without the QuickPick; for tests and automation. */
  chooseFromListHeadless: 'clinicalNotes.internal.chooseFromList',
  /** EHR-ready text of the note in a new editor and on the clipboard, or the required items still open. */
  finalizeNote: 'clinicalNotes.finalizeNote',
  /** The selection becomes a phrase of a pack the user picks (personal or a workspace pack). */
  newPhraseFromSelection: 'clinicalNotes.newPhraseFromSelection',
  /** The same with `{ trigger, title, file }` given, without UI; for tests and automation. */
  newPhraseHeadless: 'clinicalNotes.internal.newPhrase',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** The note language contributed by the extension. */
export const NOTE_LANGUAGE = 'clinical-note';

/** Read-only virtual documents that show a card. */
export const CARD_SCHEME = 'clinical-notes-card';

/** The `source` of the note checks' diagnostics (shown in the Problems panel). */
export const DIAGNOSTIC_SOURCE = 'Clinical Notes';

/** Context key: the active editor's note has `***` blanks (enables the blank keys outside `.note` files). */
export const HAS_BLANKS_CONTEXT = 'clinicalNotes.editorHasBlanks';

/** The output channel where knowledge-pack problems are listed. */
export const OUTPUT_CHANNEL = 'Clinical Notes';

/** The activity-bar container and the knowledge browser's tree view. */
export const VIEW_CONTAINER = 'clinicalNotes';
export const KNOWLEDGE_VIEW = 'clinicalNotes.knowledge';
/** The Problems in This Note view (same container). */
export const PROBLEMS_VIEW = 'clinicalNotes.problems';

/** Context key: the knowledge browser has a filter (shows its "Clear Filter" button). */
export const BROWSER_FILTERED_CONTEXT = 'clinicalNotes.browserFiltered';

/** The `source` of knowledge-pack problems shown on the pack files. */
export const PACK_DIAGNOSTIC_SOURCE = 'Clinical Notes pack';

/** The Getting Started walkthrough, as `<publisher>.<name>#<id>`. */
export const WALKTHROUGH_ID = 'clinical-notes.clinical-notes#clinicalNotes.gettingStarted';
