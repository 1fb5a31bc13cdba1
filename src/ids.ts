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
