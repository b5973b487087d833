/**
 * <ap-workspace>: one sequence open for editing. The editor and its problem
 * list on the left; the graph, publishing, simulation, preview and help on the
 * right.
 *
 * It owns the draft's lifecycle: every edit is parsed (the graph and panels
 * follow the last text that parsed), linted on the server after a pause, backed
 * up locally at once and saved after a longer pause. Saves carry the
 * `updatedAt` they were based on, so a save over someone else's is refused
 * (409) and shown as a conflict to resolve, never overwritten silently.
 *
 * @event notify - NotifyEvent for outcomes worth a line in the status area.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ApiError, type Draft, type Issue, type SequenceRecord, type StudioApi, type VersionSummary } from '../../lib/api.js';
import { isRecord } from '../../lib/describe.js';
import { clearBackup, readBackup, writeBackup, type Backup } from '../../lib/draft-backup.js';
import { NotifyEvent, PanelChangeEvent, ValueChangeEvent, type CursorPathEvent, type DiagnosticsChangeEvent, type EditorDiagnostic, type RevealPathEvent } from '../../lib/events.js';
import { fullDate, when } from '../../lib/format.js';
import { shared } from '../../styles/shared.js';
import type { JsonEditor } from '../json-editor/json-editor.js';
import '../help/help.js';
import '../json-editor/json-editor.js';
import '../lint-panel/lint-panel.js';
import '../path-graph/path-graph.js';
import '../preview-panel/preview-panel.js';
import '../publish-panel/publish-panel.js';
import '../simulation-panel/simulation-panel.js';
import styles from './workspace.styles.js';

export type PanelName = 'graph' | 'publish' | 'simulate' | 'preview' | 'help';
export const PANELS: ReadonlyArray<{ name: PanelName; label: string }> = [
  { name: 'graph', label: 'Path graph' },
  { name: 'publish', label: 'Publish' },
  { name: 'simulate', label: 'Simulate' },
  { name: 'preview', label: 'Preview' },
  { name: 'help', label: 'Rule help' },
];

type SaveState = 'saved' | 'dirty' | 'saving' | 'invalid' | 'conflict' | 'error';

const LINT_DELAY_MS = 500;
const SAVE_DELAY_MS = 1500;
const BACKUP_DELAY_MS = 300;

@customElement('ap-workspace')
export class Workspace extends LitElement {
  static override styles = [shared, styles];

  @property({ attribute: false }) accessor api: StudioApi | null = null;
  @property({ attribute: 'sequence-id' }) accessor sequenceId = '';
  @property() accessor panel: PanelName = 'graph';

  @state() private accessor loadError = '';
  @state() private accessor sequence: SequenceRecord | null = null;
  @state() private accessor versions: VersionSummary[] = [];
  @state() private accessor text = '';
  @state() private accessor doc: Draft | null = null;
  @state() private accessor parseError = false;
  @state() private accessor issues: readonly Issue[] = [];
  @state() private accessor diagnostics: readonly EditorDiagnostic[] = [];
  @state() private accessor lintPending = false;
  @state() private accessor lintFailure = '';
  @state() private accessor saveState: SaveState = 'saved';
  @state() private accessor saveError = '';
  @state() private accessor cursorPath = '';
  @state() private accessor backupOffer: Backup | null = null;
  /** Panels opened at least once stay rendered (hidden), so a simulation or preview survives a tab switch. */
  @state() private accessor visited = new Set<PanelName>();

  @query('ap-json-editor') private accessor editor!: JsonEditor | null;

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

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.flushBackup();
    // Leaving for the library: save what is pending rather than drop it.
    if (this.hasUnsavedChanges() && this.saveState !== 'conflict' && !this.parseError) void this.save();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.lintAbort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('panel')) this.visited = new Set([...this.visited, this.panel]);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('sequenceId') || changed.has('api')) && this.sequenceId && this.api) void this.load();
  }

  hasUnsavedChanges(): boolean {
    return this.sequence !== null && (this.text !== this.savedText || this.saving !== null);
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
    this.dispatchEvent(new NotifyEvent(message, tone));
  }

  private async load(): Promise<void> {
    if (!this.api) return;
    const id = this.sequenceId;
    this.sequence = null;
    this.loadError = '';
    try {
      const { sequence, versions } = await this.api.getSequence(id);
      if (id !== this.sequenceId) return;
      this.versions = versions;
      this.adopt(sequence);
      const backup = readBackup(id);
      this.backupOffer = backup && backup.text !== this.savedText ? backup : null;
      this.dropBackup();
    } catch (error) {
      this.loadError = error instanceof ApiError && error.status === 404 ? 'This sequence does not exist (any more).' : (error as Error).message;
    }
  }

  /** Takes the server's copy as the current text. */
  private adopt(sequence: SequenceRecord): void {
    this.sequence = sequence;
    this.baseUpdatedAt = sequence.updatedAt;
    const text = `${JSON.stringify(sequence.draft, null, 2)}\n`;
    this.savedText = text;
    this.saveState = 'saved';
    this.saveError = '';
    this.applyText(text);
  }

  private applyText(text: string): void {
    this.text = text;
    this.parse(text);
    if (!this.parseError) this.later('lint', 0, () => void this.lint());
  }

  private parse(text: string): void {
    try {
      const value: unknown = JSON.parse(text);
      if (isRecord(value)) {
        this.doc = value;
        this.parseError = false;
        return;
      }
    } catch {
      // Half-typed JSON is the normal state while editing.
    }
    this.parseError = true;
  }

  private onValueChange(event: ValueChangeEvent): void {
    const text = event.value;
    this.text = text;
    this.parse(text);
    this.later('backup', BACKUP_DELAY_MS, () => this.flushBackup());
    if (!this.parseError) {
      this.lintPending = true;
      this.later('lint', LINT_DELAY_MS, () => void this.lint());
    }
    // In a conflict nothing saves on its own: the designer chooses to reload or overwrite.
    if (this.saveState === 'conflict') return;
    if (text === this.savedText) {
      this.saveState = this.saving ? 'saving' : 'saved';
      clearTimeout(this.timers.get('save'));
    } else if (this.parseError) {
      this.saveState = 'invalid';
      clearTimeout(this.timers.get('save'));
    } else {
      this.saveState = this.saving ? 'saving' : 'dirty';
      this.later('save', SAVE_DELAY_MS, () => void this.save());
    }
  }

  private flushBackup(): void {
    clearTimeout(this.timers.get('backup'));
    this.timers.delete('backup');
    if (!this.sequence) return;
    if (this.text === this.savedText) this.dropBackup();
    // While an older copy is on offer, it is the one kept: the designer has not chosen yet.
    else if (!this.backupOffer) writeBackup(this.sequence.id, { text: this.text, savedAt: Date.now(), baseUpdatedAt: this.baseUpdatedAt });
  }

  /** The server holds the text: the local copy is no longer needed, unless it is on offer. */
  private dropBackup(): void {
    if (this.sequence && !this.backupOffer) clearBackup(this.sequence.id);
  }

  private async lint(): Promise<void> {
    if (!this.api || !this.doc || this.parseError) return;
    this.lintAbort?.abort();
    const abort = (this.lintAbort = new AbortController());
    const text = this.text;
    this.lintPending = true;
    try {
      const issues = await this.api.lint(this.doc, this.sequence?.id, abort.signal);
      if (text !== this.text) return;
      this.issues = issues;
      this.lintFailure = '';
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this.lintFailure = error instanceof ApiError && error.unavailable ? 'The server cannot check drafts yet; schema checks in the editor still apply.' : `Checking failed: ${(error as Error).message}`;
    } finally {
      if (this.lintAbort === abort) this.lintPending = false;
    }
  }

  /** Saves now; resolves when the server holds the current text (or it could not). */
  async save(options: { overwrite?: boolean } = {}): Promise<boolean> {
    if (!this.api || !this.sequence || !this.doc || this.parseError) return false;
    clearTimeout(this.timers.get('save'));
    if (this.saving) {
      await this.saving;
      return this.text === this.savedText ? true : this.save(options);
    }
    if (this.text === this.savedText && !options.overwrite) return true;
    const api = this.api;
    const id = this.sequence.id;
    const text = this.text;
    const draft = this.doc;
    const title = typeof draft.title === 'string' && draft.title.trim() ? draft.title.trim() : this.sequence.title;
    this.saveState = 'saving';
    let ok = false;
    this.saving = (async () => {
      try {
        const { sequence, issues } = await api.saveSequence(id, { title, draft, baseUpdatedAt: this.baseUpdatedAt });
        if (id !== this.sequenceId) return;
        this.sequence = sequence;
        this.baseUpdatedAt = sequence.updatedAt;
        this.savedText = text;
        if (text === this.text) {
          // The save's issues are the publish gate's, for exactly this text.
          this.issues = issues;
          this.dropBackup();
        }
        this.saveError = '';
        ok = true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          this.saveState = 'conflict';
          this.flushBackup();
          return;
        }
        this.saveError = (error as Error).message;
        this.saveState = 'error';
        this.flushBackup();
      }
    })();
    await this.saving;
    this.saving = null;
    if (ok) {
      if (this.text === this.savedText) this.saveState = 'saved';
      else if (this.parseError) this.saveState = 'invalid';
      else {
        this.saveState = 'dirty';
        this.later('save', SAVE_DELAY_MS, () => void this.save());
      }
    }
    return ok && this.text === this.savedText;
  }

  private async reloadTheirs(): Promise<void> {
    if (!this.api || !this.sequence) return;
    const mine = this.text;
    try {
      const { sequence, versions } = await this.api.getSequence(this.sequence.id);
      this.versions = versions;
      this.adopt(sequence);
      // Theirs is in the editor now; mine stays on this computer, one click away, until discarded.
      if (mine !== this.savedText) {
        const backup: Backup = { text: mine, savedAt: Date.now(), baseUpdatedAt: this.baseUpdatedAt };
        writeBackup(sequence.id, backup);
        this.backupOffer = backup;
      } else this.dropBackup();
      this.notify('Loaded the latest saved version.');
    } catch (error) {
      this.notify(`Could not reload: ${(error as Error).message}`, 'error');
    }
  }

  private async overwriteWithMine(): Promise<void> {
    if (!this.api || !this.sequence) return;
    try {
      const { sequence } = await this.api.getSequence(this.sequence.id);
      this.baseUpdatedAt = sequence.updatedAt;
      if (await this.save({ overwrite: true })) this.notify('Saved your version over theirs.', 'success');
    } catch (error) {
      this.notify(`Could not overwrite: ${(error as Error).message}`, 'error');
    }
  }

  private restoreBackup(): void {
    const backup = this.backupOffer;
    this.backupOffer = null;
    if (!backup) return;
    // Handled like typing (saved, linted); the editor applies it as one undoable edit.
    this.onValueChange(new ValueChangeEvent(backup.text));
    this.notify('Restored your unsaved changes.', 'success');
  }

  private discardBackup(): void {
    if (this.sequence) clearBackup(this.sequence.id);
    this.backupOffer = null;
  }

  private onReveal(event: RevealPathEvent): void {
    event.stopPropagation();
    if (event.position) this.editor?.revealPosition(event.position.line, event.position.column);
    else this.editor?.revealPointer(event.path);
  }

  private async refreshVersions(): Promise<void> {
    if (!this.api || !this.sequence) return;
    try {
      this.versions = (await this.api.getSequence(this.sequence.id)).versions;
    } catch {
      // The publish panel reports its own failures; a stale list is harmless.
    }
  }

  private selectPanel(name: PanelName): void {
    this.panel = name;
    this.dispatchEvent(new PanelChangeEvent(name));
  }

  private onTabKey(event: KeyboardEvent): void {
    const i = PANELS.findIndex((p) => p.name === this.panel);
    let next = i;
    if (event.key === 'ArrowRight') next = (i + 1) % PANELS.length;
    else if (event.key === 'ArrowLeft') next = (i - 1 + PANELS.length) % PANELS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = PANELS.length - 1;
    else return;
    event.preventDefault();
    const target = PANELS[next];
    if (!target) return;
    this.selectPanel(target.name);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${target.name}`)?.focus());
  }

  override render() {
    if (this.loadError) {
      return html`<div class="loading"><p class="notice bad" role="alert">${this.loadError}</p><p><a class="button" href="#/">Back to your sequences</a></p></div>`;
    }
    if (!this.sequence) return html`<p class="loading muted" role="status">Opening the sequence…</p>`;
    const title = (this.doc && typeof this.doc.title === 'string' && this.doc.title) || this.sequence.title;
    return html`
      <div class="head row">
        <a class="button" href="#/" aria-label="Back to your sequences">← Sequences</a>
        <h1 title=${title}>${title}</h1>
        ${this.renderSaveState()}
        <span class="spacer"></span>
        <span class="small muted">${this.versions.length ? `Published: version ${Math.max(...this.versions.map((v) => v.version))}` : 'Not published yet'}</span>
      </div>
      <div class="banners">${this.renderBanners()}</div>
      <div class="main">
        <section class="left" aria-label="Editor">
          <div class="editor-bar row small">
            <span class="muted hint">Ctrl+Space suggest · F1 commands · Ctrl+M: Tab leaves the editor</span>
            <button type="button" @click=${() => void this.editor?.format()}>Format</button>
            <button type="button" @click=${() => void this.save()} ?disabled=${this.saveState === 'saved' || this.saveState === 'invalid' || this.saveState === 'conflict'}>Save now</button>
          </div>
          <ap-json-editor
            model-key=${this.sequence.id}
            label="Sequence JSON for ${title}"
            .value=${this.text}
            .issues=${this.parseError ? [] : this.issues}
            @value-change=${this.onValueChange}
            @diagnostics-change=${(e: DiagnosticsChangeEvent) => (this.diagnostics = e.diagnostics)}
            @cursor-path=${(e: CursorPathEvent) => (this.cursorPath = e.path)}
            @save-request=${() => void this.save()}
            @reveal-path=${this.onReveal}
          ></ap-json-editor>
          <ap-lint-panel
            .issues=${this.issues}
            .diagnostics=${this.diagnostics}
            .doc=${this.doc}
            ?parse-error=${this.parseError}
            ?pending=${this.lintPending}
            .failure=${this.lintFailure}
            @reveal-path=${this.onReveal}
          ></ap-lint-panel>
        </section>
        <section class="right" aria-label="Tools">
          <div role="tablist" aria-label="Tools" @keydown=${this.onTabKey}>
            ${PANELS.map(
              (p) => html`<button
                role="tab"
                id="tab-${p.name}"
                aria-controls="panel-${p.name}"
                aria-selected=${this.panel === p.name ? 'true' : 'false'}
                tabindex=${this.panel === p.name ? 0 : -1}
                @click=${() => this.selectPanel(p.name)}
              >
                ${p.label}
              </button>`,
            )}
          </div>
          ${PANELS.map((p) => this.renderPanel(p.name))}
        </section>
      </div>
    `;
  }

  private renderSaveState() {
    const labels: Record<SaveState, string> = {
      saved: 'Saved',
      dirty: 'Unsaved changes',
      saving: 'Saving…',
      invalid: 'Not saved: fix the JSON syntax',
      conflict: 'Conflict: reload or overwrite',
      error: 'Not saved',
    };
    return html`<span class="save ${this.saveState}" role="status" data-testid="save-state" title=${this.saveError || fullDate(this.sequence?.updatedAt)}>${labels[this.saveState]}</span>`;
  }

  private renderBanners() {
    return html`${this.saveState === 'conflict'
      ? html`<div class="notice bad row" role="alert">
          <span>Someone else saved this sequence after you opened it. Your text is kept here and on this computer.</span>
          <span class="spacer"></span>
          <button type="button" @click=${this.reloadTheirs}>Reload theirs</button>
          <button type="button" class="danger" @click=${this.overwriteWithMine}>Overwrite with mine</button>
        </div>`
      : nothing}
    ${this.saveState === 'error'
      ? html`<div class="notice bad row" role="alert">
          <span>Saving failed: ${this.saveError} Your text is kept on this computer.</span>
          <span class="spacer"></span>
          <button type="button" @click=${() => void this.save()}>Try again</button>
        </div>`
      : nothing}
    ${this.backupOffer
      ? html`<div class="notice row" role="alert">
          <span>This computer has unsaved changes to this sequence from ${when(this.backupOffer.savedAt)}.</span>
          <span class="spacer"></span>
          <button type="button" class="primary" @click=${this.restoreBackup}>Restore them</button>
          <button type="button" @click=${this.discardBackup}>Discard</button>
        </div>`
      : nothing}`;
  }

  private renderPanel(name: PanelName) {
    const active = this.panel === name;
    if (!active && !this.visited.has(name)) return nothing;
    const sequence = this.sequence!;
    let content;
    switch (name) {
      case 'graph':
        content = html`<ap-path-graph .doc=${this.doc} ?stale=${this.parseError} .selected=${this.cursorPath} @reveal-path=${this.onReveal}></ap-path-graph>`;
        break;
      case 'publish':
        content = html`<ap-publish-panel
          .api=${this.api}
          sequence-id=${sequence.id}
          .versions=${this.versions}
          .doc=${this.doc}
          .beforePublish=${() => this.save()}
          @published=${this.refreshVersions}
          @reveal-path=${this.onReveal}
        ></ap-publish-panel>`;
        break;
      case 'simulate':
        content = html`<ap-simulation-panel .api=${this.api} .doc=${this.doc} ?stale=${this.parseError} @reveal-path=${this.onReveal}></ap-simulation-panel>`;
        break;
      case 'preview':
        content = html`<ap-preview-panel .api=${this.api} .doc=${this.doc} ?stale=${this.parseError}></ap-preview-panel>`;
        break;
      case 'help':
        content = html`<ap-help compact .api=${this.api}></ap-help>`;
        break;
    }
    return html`<div role="tabpanel" id="panel-${name}" aria-labelledby="tab-${name}" ?hidden=${!active}>${content}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-workspace': Workspace;
  }
}
