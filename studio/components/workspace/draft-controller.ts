/**
 * The open sequence's draft, kept in step with the server and this computer.
 * Every edit is parsed (the graph and panels follow the last text that parsed),
 * linted on the server after a pause, backed up locally at once and saved after
 * a longer pause. Saves carry the `updatedAt` they were based on, so a save over
 * someone else's is refused (409) and shown as a conflict to resolve, never
 * overwritten silently.
 *
 * A Lit controller so the element only renders and wires events: the state lives
 * here and every change to it asks the host to update. Outcomes worth a line in
 * the status area go out as NotifyEvents from the host.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type Draft, type Issue, type SequenceRecord, type StudioApi, type VersionSummary } from '../../lib/api.js';
import { isRecord } from '../../lib/describe.js';
import { clearBackup, readBackup, writeBackup, type Backup } from '../../lib/draft-backup.js';
import { NotifyEvent } from '../../lib/events.js';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'invalid' | 'conflict' | 'error';

export interface DraftState {
  /** The server's record as last loaded or saved; null until one is open. */
  readonly sequence: SequenceRecord | null;
  readonly text: string;
  /** The last text that parsed to an object. */
  readonly doc: Draft | null;
  readonly parseError: boolean;
  readonly issues: readonly Issue[];
  readonly lintPending: boolean;
  readonly lintFailure: string;
  readonly saveState: SaveState;
  readonly saveError: string;
  /** Why the server refused the last save, as problems to list with the lint's; empty once a save lands. */
  readonly saveIssues: readonly Issue[];
  /** An older local copy the designer has not yet restored or discarded. */
  readonly backupOffer: Backup | null;
}

export interface DraftHost extends ReactiveControllerHost, EventTarget {
  readonly api: StudioApi | null;
  /** The sequence the host shows now: a save that returns after a switch must not land. */
  readonly sequenceId: string;
}

const LINT_DELAY_MS = 500;
const SAVE_DELAY_MS = 1500;
const BACKUP_DELAY_MS = 300;

export class DraftController implements ReactiveController {
  private current: DraftState = {
    sequence: null,
    text: '',
    doc: null,
    parseError: false,
    issues: [],
    lintPending: false,
    lintFailure: '',
    saveState: 'saved',
    saveError: '',
    saveIssues: [],
    backupOffer: null,
  };
  /** The text the server holds. */
  private savedText = '';
  private baseUpdatedAt: number | string = 0;
  private saving: Promise<void> | null = null;
  private lintAbort: AbortController | null = null;
  private timers = new Map<'lint' | 'save' | 'backup', ReturnType<typeof setTimeout>>();
  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.hasUnsavedChanges()) return;
    // The local backup already holds the text; the prompt gives a chance to let the save finish.
    this.flushBackup();
    event.preventDefault();
    event.returnValue = '';
  };

  constructor(private readonly host: DraftHost) {
    host.addController(this);
  }

  get state(): DraftState {
    return this.current;
  }

  private set(patch: Partial<DraftState>): void {
    this.current = { ...this.current, ...patch };
    this.host.requestUpdate();
  }

  hostConnected(): void {
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.flushBackup();
    // Leaving for the library: save what is pending rather than drop it.
    if (this.hasUnsavedChanges() && this.current.saveState !== 'conflict' && !this.current.parseError) void this.save();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.lintAbort?.abort();
  }

  hasUnsavedChanges(): boolean {
    return this.current.sequence !== null && (this.current.text !== this.savedText || this.saving !== null);
  }

  private later(name: 'lint' | 'save' | 'backup', ms: number, run: () => void): void {
    clearTimeout(this.timers.get(name));
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        run();
      }, ms),
    );
  }

  private notify(message: string, tone: NotifyEvent['tone'] = 'info'): void {
    this.host.dispatchEvent(new NotifyEvent(message, tone));
  }

  /** While another sequence loads nothing is open, so nothing saves. */
  close(): void {
    this.set({ sequence: null });
  }

  /** Opens the server's copy, offering a newer local copy left from an earlier visit. */
  open(sequence: SequenceRecord): void {
    this.adopt(sequence);
    const backup = readBackup(sequence.id);
    this.set({ backupOffer: backup && backup.text !== this.savedText ? backup : null });
    this.dropBackup();
  }

  /** Takes the server's copy as the current text. */
  private adopt(sequence: SequenceRecord): void {
    this.baseUpdatedAt = sequence.updatedAt;
    const text = `${JSON.stringify(sequence.draft, null, 2)}\n`;
    this.savedText = text;
    this.set({ sequence, saveState: 'saved', saveError: '', saveIssues: [], text });
    this.parse(text);
    if (!this.current.parseError) this.later('lint', 0, () => void this.lint());
  }

  private parse(text: string): void {
    try {
      const value: unknown = JSON.parse(text);
      if (isRecord(value)) {
        this.set({ doc: value, parseError: false });
        return;
      }
    } catch {
      // Half-typed JSON is the normal state while editing.
    }
    this.set({ parseError: true });
  }

  /** The designer changed the text (typing, or a restored backup). */
  edit(text: string): void {
    this.set({ text });
    this.parse(text);
    this.later('backup', BACKUP_DELAY_MS, () => this.flushBackup());
    if (!this.current.parseError) {
      this.set({ lintPending: true });
      this.later('lint', LINT_DELAY_MS, () => void this.lint());
    } else {
      // Nothing can be checked until the JSON parses again: a check still waiting would be for older text.
      clearTimeout(this.timers.get('lint'));
      this.timers.delete('lint');
      this.lintAbort?.abort();
      this.lintAbort = null;
      this.set({ lintPending: false });
    }
    // In a conflict nothing saves on its own: the designer chooses to reload or overwrite.
    if (this.current.saveState === 'conflict') return;
    if (text === this.savedText) {
      this.set({ saveState: this.saving ? 'saving' : 'saved' });
      clearTimeout(this.timers.get('save'));
    } else if (this.current.parseError) {
      this.set({ saveState: 'invalid' });
      clearTimeout(this.timers.get('save'));
    } else {
      this.set({ saveState: this.saving ? 'saving' : 'dirty' });
      this.later('save', SAVE_DELAY_MS, () => void this.save());
    }
  }

  private flushBackup(): void {
    clearTimeout(this.timers.get('backup'));
    this.timers.delete('backup');
    const { sequence, text, backupOffer } = this.current;
    if (!sequence) return;
    if (text === this.savedText) this.dropBackup();
    // While an older copy is on offer, it is the one kept: the designer has not chosen yet.
    else if (!backupOffer) writeBackup(sequence.id, { text, savedAt: Date.now(), baseUpdatedAt: this.baseUpdatedAt });
  }

  /** The server holds the text: the local copy is no longer needed, unless it is on offer. */
  private dropBackup(): void {
    if (this.current.sequence && !this.current.backupOffer) clearBackup(this.current.sequence.id);
  }

  private async lint(): Promise<void> {
    const api = this.host.api;
    const { doc, parseError, text, sequence } = this.current;
    if (!api || !doc || parseError) {
      this.set({ lintPending: false });
      return;
    }
    this.lintAbort?.abort();
    const abort = (this.lintAbort = new AbortController());
    this.set({ lintPending: true });
    try {
      const issues = await api.lint(doc, sequence?.id, abort.signal);
      if (text !== this.current.text) return;
      this.set({ issues, lintFailure: '' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this.set({ lintFailure: error instanceof ApiError && error.unavailable ? 'The server cannot check drafts yet; schema checks in the editor still apply.' : `Checking failed: ${(error as Error).message}` });
    } finally {
      // A newer edit's check may already wait on its timer: it still counts as pending.
      if (this.lintAbort === abort && !this.timers.has('lint')) this.set({ lintPending: false });
    }
  }

  /** Saves now; resolves when the server holds the current text (or it could not). */
  async save(options: { overwrite?: boolean } = {}): Promise<boolean> {
    const api = this.host.api;
    const { sequence: current, doc: draft, parseError, text } = this.current;
    if (!api || !current || !draft || parseError) return false;
    clearTimeout(this.timers.get('save'));
    if (this.saving) {
      await this.saving;
      return this.current.text === this.savedText ? true : this.save(options);
    }
    if (text === this.savedText && !options.overwrite) return true;
    const id = current.id;
    const title = typeof draft.title === 'string' && draft.title.trim() ? draft.title.trim() : current.title;
    this.set({ saveState: 'saving' });
    let ok = false;
    this.saving = (async () => {
      try {
        const { sequence, issues } = await api.saveSequence(id, { title, draft, baseUpdatedAt: this.baseUpdatedAt });
        if (id !== this.host.sequenceId) return;
        this.baseUpdatedAt = sequence.updatedAt;
        this.savedText = text;
        this.set({ sequence, saveError: '', saveIssues: [] });
        if (text === this.current.text) {
          // The save's issues are the publish gate's, for exactly this text.
          this.set({ issues });
          this.dropBackup();
        }
        ok = true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          this.set({ saveState: 'conflict' });
          this.flushBackup();
          return;
        }
        this.set({ saveError: (error as Error).message, saveState: 'error', saveIssues: error instanceof ApiError ? refusalIssues(error) : [] });
        this.flushBackup();
      }
    })();
    await this.saving;
    this.saving = null;
    if (ok) {
      if (this.current.text === this.savedText) this.set({ saveState: 'saved' });
      else if (this.current.parseError) this.set({ saveState: 'invalid' });
      else {
        this.set({ saveState: 'dirty' });
        this.later('save', SAVE_DELAY_MS, () => void this.save());
      }
    }
    return ok && this.current.text === this.savedText;
  }

  /**
   * The saved draft changed elsewhere. With nothing unsaved here, theirs simply
   * replaces the stale copy; with unsaved work it is a conflict the designer
   * resolves (reload or overwrite), as when a save finds it.
   */
  async stale(): Promise<VersionSummary[] | null> {
    if (!this.hasUnsavedChanges()) return this.reloadTheirs();
    this.set({ saveState: 'conflict' });
    this.flushBackup();
    return null;
  }

  /** Resolves with the sequence's published versions, fetched along with theirs, or null if it failed. */
  async reloadTheirs(): Promise<VersionSummary[] | null> {
    const api = this.host.api;
    const { sequence: current, text: mine } = this.current;
    if (!api || !current) return null;
    try {
      const { sequence, versions } = await api.getSequence(current.id);
      this.adopt(sequence);
      // Theirs is in the editor now; mine stays on this computer, one click away, until discarded.
      if (mine !== this.savedText) {
        const backup: Backup = { text: mine, savedAt: Date.now(), baseUpdatedAt: this.baseUpdatedAt };
        writeBackup(sequence.id, backup);
        this.set({ backupOffer: backup });
      } else this.dropBackup();
      this.notify('Loaded the latest saved version.');
      return versions;
    } catch (error) {
      this.notify(`Could not reload: ${(error as Error).message}`, 'error');
      return null;
    }
  }

  async overwriteWithMine(): Promise<void> {
    const api = this.host.api;
    if (!api || !this.current.sequence) return;
    try {
      const { sequence } = await api.getSequence(this.current.sequence.id);
      this.baseUpdatedAt = sequence.updatedAt;
      if (await this.save({ overwrite: true })) this.notify('Saved your version over theirs.', 'success');
    } catch (error) {
      this.notify(`Could not overwrite: ${(error as Error).message}`, 'error');
    }
  }

  restoreBackup(): void {
    const backup = this.current.backupOffer;
    this.set({ backupOffer: null });
    if (!backup) return;
    // Handled like typing (saved, linted); the editor applies it as one undoable edit.
    this.edit(backup.text);
    this.notify('Restored your unsaved changes.', 'success');
  }

  discardBackup(): void {
    if (this.current.sequence) clearBackup(this.current.sequence.id);
    this.set({ backupOffer: null });
  }
}

/**
 * A save the server refused for what it carried (a hard limit, not the draft's
 * problems, which never block a save), as problems at their place in the draft.
 * The save body is {title, draft, baseUpdatedAt}: '/draft/…' is a place in the
 * draft and the title is the draft's title.
 */
export function refusalIssues(error: ApiError): Issue[] {
  const issue = (path: string, message: string): Issue => ({ severity: 'error', path, message, code: 'save-refused' });
  if (error.status === 413) return [issue('', `not saved: ${error.message}`)];
  if (error.status !== 400) return [];
  return error.details.map((d) => {
    const path = d.path.startsWith('/draft/') ? d.path.slice('/draft'.length) : d.path === '/title' ? '/title' : '';
    return issue(path, `not saved: ${d.path === '/' || d.path === '' ? '' : `${d.path.slice(1)} `}${d.message}`);
  });
}
