/**
 * <ap-workspace>: one sequence open for editing. The editor and its problem
 * list on the left; the graph, publishing, simulation, preview and help on the
 * right.
 *
 * The draft itself (parsing, linting, autosave, the local backup, conflicts)
 * lives in a DraftController; the element loads the sequence, renders, and
 * wires the panels' events to it.
 *
 * @event notify - NotifyEvent for outcomes worth a line in the status area.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ApiError, type StudioApi, type VersionSummary } from '../../lib/api.js';
import { PanelChangeEvent, type CursorPathEvent, type DiagnosticsChangeEvent, type EditorDiagnostic, type RevealPathEvent, type ValueChangeEvent } from '../../lib/events.js';
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
import { DraftController, type SaveState } from './draft-controller.js';
import styles from './workspace.styles.js';

export type PanelName = 'graph' | 'publish' | 'simulate' | 'preview' | 'help';
export const PANELS: ReadonlyArray<{ name: PanelName; label: string }> = [
  { name: 'graph', label: 'Path graph' },
  { name: 'publish', label: 'Publish' },
  { name: 'simulate', label: 'Simulate' },
  { name: 'preview', label: 'Preview' },
  { name: 'help', label: 'Rule help' },
];

@customElement('ap-workspace')
export class Workspace extends LitElement {
  static override styles = [shared, styles];

  @property({ attribute: false }) accessor api: StudioApi | null = null;
  @property({ attribute: 'sequence-id' }) accessor sequenceId = '';
  @property() accessor panel: PanelName = 'graph';

  @state() private accessor loadError = '';
  @state() private accessor versions: VersionSummary[] = [];
  @state() private accessor diagnostics: readonly EditorDiagnostic[] = [];
  @state() private accessor cursorPath = '';
  /** Panels opened at least once stay rendered (hidden), so a simulation or preview survives a tab switch. */
  @state() private accessor visited = new Set<PanelName>();

  @query('ap-json-editor') private accessor editor!: JsonEditor | null;

  private readonly draft = new DraftController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('panel')) this.visited = new Set([...this.visited, this.panel]);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('sequenceId') || changed.has('api')) && this.sequenceId && this.api) void this.load();
  }

  hasUnsavedChanges(): boolean {
    return this.draft.hasUnsavedChanges();
  }

  /** Saves now; resolves when the server holds the current text (or it could not). */
  save(options: { overwrite?: boolean } = {}): Promise<boolean> {
    return this.draft.save(options);
  }

  private async load(): Promise<void> {
    if (!this.api) return;
    const id = this.sequenceId;
    this.draft.close();
    this.loadError = '';
    try {
      const { sequence, versions } = await this.api.getSequence(id);
      if (id !== this.sequenceId) return;
      this.versions = versions;
      this.draft.open(sequence);
      await this.updateComplete;
      this.takeFocusIfLost();
    } catch (error) {
      this.loadError = error instanceof ApiError && error.status === 404 ? 'This sequence does not exist (any more).' : (error as Error).message;
    }
  }

  /**
   * Opening a sequence replaces the page it was opened from (the library, its
   * "New sequence" dialog), and the focus went with it, to <body>. The title
   * heading takes it: a screen reader says which sequence is open, and Tab
   * goes on to the editor from there. Focus the designer put somewhere since is
   * left where it is.
   */
  private takeFocusIfLost(): void {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    this.renderRoot.querySelector<HTMLElement>('.head h1')?.focus();
  }

  private async reloadTheirs(): Promise<void> {
    const versions = await this.draft.reloadTheirs();
    if (versions) this.versions = versions;
  }

  private async onDraftStale(): Promise<void> {
    const versions = await this.draft.stale();
    if (versions) this.versions = versions;
  }

  private onReveal(event: RevealPathEvent): void {
    event.stopPropagation();
    if (event.position) this.editor?.revealPosition(event.position.line, event.position.column);
    else this.editor?.revealPointer(event.path);
  }

  private async refreshVersions(): Promise<void> {
    const sequence = this.draft.state.sequence;
    if (!this.api || !sequence) return;
    try {
      this.versions = (await this.api.getSequence(sequence.id)).versions;
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
    const { sequence, text, doc, parseError, lintPending, lintFailure, saveState, saveIssues } = this.draft.state;
    const issues = [...saveIssues, ...this.draft.state.issues];
    if (!sequence) return html`<p class="loading muted" role="status">Opening the sequence…</p>`;
    const title = (doc && typeof doc.title === 'string' && doc.title) || sequence.title;
    return html`
      <div class="head row">
        <a class="button" href="#/" aria-label="Back to your sequences">← Sequences</a>
        <h1 title=${title} tabindex="-1">${title}</h1>
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
            <button type="button" @click=${() => void this.save()} ?disabled=${saveState === 'saved' || saveState === 'invalid' || saveState === 'conflict'}>Save now</button>
          </div>
          <ap-json-editor
            model-key=${sequence.id}
            label="Sequence JSON for ${title}"
            .value=${text}
            .issues=${parseError ? [] : issues}
            @value-change=${(e: ValueChangeEvent) => this.draft.edit(e.value)}
            @diagnostics-change=${(e: DiagnosticsChangeEvent) => (this.diagnostics = e.diagnostics)}
            @cursor-path=${(e: CursorPathEvent) => (this.cursorPath = e.path)}
            @save-request=${() => void this.save()}
            @reveal-path=${this.onReveal}
          ></ap-json-editor>
          <ap-lint-panel
            .issues=${issues}
            .diagnostics=${this.diagnostics}
            .doc=${doc}
            ?parse-error=${parseError}
            ?pending=${lintPending}
            .failure=${lintFailure}
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
    const { saveState, saveError, sequence } = this.draft.state;
    return html`<span class="save ${saveState}" role="status" data-testid="save-state" title=${saveError || fullDate(sequence?.updatedAt)}>${labels[saveState]}</span>`;
  }

  private renderBanners() {
    const { saveState, saveError, backupOffer } = this.draft.state;
    return html`${saveState === 'conflict'
      ? html`<div class="notice bad row" role="alert">
          <span>Someone else saved this sequence after you opened it. Your text is kept here and on this computer.</span>
          <span class="spacer"></span>
          <button type="button" @click=${this.reloadTheirs}>Reload theirs</button>
          <button type="button" class="danger" @click=${() => void this.draft.overwriteWithMine()}>Overwrite with mine</button>
        </div>`
      : nothing}
    ${saveState === 'error'
      ? html`<div class="notice bad row" role="alert">
          <span>Saving failed: ${saveError} Your text is kept on this computer.</span>
          <span class="spacer"></span>
          <button type="button" @click=${() => void this.save()}>Try again</button>
        </div>`
      : nothing}
    ${backupOffer
      ? html`<div class="notice row" role="alert">
          <span>This computer has unsaved changes to this sequence from ${when(backupOffer.savedAt)}.</span>
          <span class="spacer"></span>
          <button type="button" class="primary" @click=${() => this.draft.restoreBackup()}>Restore them</button>
          <button type="button" @click=${() => this.draft.discardBackup()}>Discard</button>
        </div>`
      : nothing}`;
  }

  private renderPanel(name: PanelName) {
    const active = this.panel === name;
    if (!active && !this.visited.has(name)) return nothing;
    const { sequence, doc, parseError } = this.draft.state;
    let content;
    switch (name) {
      case 'graph':
        content = html`<ap-path-graph .doc=${doc} ?stale=${parseError} .selected=${this.cursorPath} @reveal-path=${this.onReveal}></ap-path-graph>`;
        break;
      case 'publish':
        content = html`<ap-publish-panel
          .api=${this.api}
          sequence-id=${sequence!.id}
          .versions=${this.versions}
          .doc=${doc}
          .beforePublish=${() => this.save()}
          @published=${this.refreshVersions}
          @draft-stale=${this.onDraftStale}
          @reveal-path=${this.onReveal}
        ></ap-publish-panel>`;
        break;
      case 'simulate':
        content = html`<ap-simulation-panel .api=${this.api} .doc=${doc} ?stale=${parseError} @reveal-path=${this.onReveal}></ap-simulation-panel>`;
        break;
      case 'preview':
        content = html`<ap-preview-panel .api=${this.api} .doc=${doc} ?stale=${parseError}></ap-preview-panel>`;
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
