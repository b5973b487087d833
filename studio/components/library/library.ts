/**
 * <ap-library>: the designer's sequences. Search, create (blank or from a
 * template), duplicate, delete (after confirmation), import a JSON file as a
 * new sequence and export one as a file. Archived sequences are listed apart,
 * under the list, to be restored (archived.ts).
 *
 * When the list changes under the designer's focus (a sequence deleted,
 * archived or restored), focus moves somewhere that says what happened
 * (the toast announces the outcome): the restored sequence's title, or the
 * heading. Left alone it would fall to the page, or onto the Delete button of
 * the row that moved up, one Enter away from deleting another sequence.
 *
 * @event sequence-open - SequenceOpenEvent with the id to open.
 * @event notify - NotifyEvent for outcomes worth a line in the status area.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ApiError, type ArchivedSequenceSummary, type SequencePlace, type SequenceSummary, type SequenceUsage, type StudioApi, type Template } from '../../lib/api.js';
import { isRecord } from '../../lib/describe.js';
import { NotifyEvent, SequenceOpenEvent, type DialogCloseEvent, type SequenceRestoredEvent } from '../../lib/events.js';
import { download, fullDate, slug, when } from '../../lib/format.js';
import { shared } from '../../styles/shared.js';
import type { Dialog } from '../dialog/dialog.js';
import '../dialog/dialog.js';
import './archived.js';

const TEMPLATES: ReadonlyArray<{ value: Template; label: string; hint: string }> = [
  { value: 'blank', label: 'Blank', hint: 'One objective, an introduction and five questions to start from.' },
  { value: 'fractions', label: 'Fractions (grade 6)', hint: 'The full sample: survey, diagnostic, misconceptions and every kind of rule.' },
  { value: 'data-privacy', label: 'Data privacy (workplace)', hint: 'The adult-learning sample: case studies picked by industry.' },
];

@customElement('ap-library')
export class Library extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        margin: 0 auto;
        max-width: 68rem;
        padding: 1.25rem 1.5rem 2rem;
      }
      .top {
        margin-bottom: 1rem;
      }
      h1 {
        font-size: 1.35rem;
        margin: 0;
      }
      .search {
        min-width: min(22rem, 100%);
      }
      table {
        background: var(--ap-surface);
        border: 1px solid var(--ap-border);
        border-collapse: collapse;
        border-radius: 0.6rem;
        overflow: hidden;
        width: 100%;
      }
      th,
      td {
        border-bottom: 1px solid var(--ap-border);
        padding: 0.55rem 0.75rem;
        text-align: left;
        vertical-align: middle;
      }
      th {
        background: #f7f8fb;
        color: var(--ap-muted);
        font-size: 0.78rem;
        font-weight: 600;
        letter-spacing: 0.03em;
        text-transform: uppercase;
      }
      tr:last-child td {
        border-bottom: 0;
      }
      .title button {
        font-size: 0.95rem;
        font-weight: 600;
        text-align: left;
        white-space: normal;
      }
      .actions {
        text-align: right;
      }
      .actions .row {
        justify-content: flex-end;
        flex-wrap: nowrap;
      }
      .pill {
        background: var(--ap-good-bg);
        border-radius: 1rem;
        color: var(--ap-good);
        font-size: 0.78rem;
        padding: 0.1rem 0.5rem;
      }
      .pill.draft {
        background: var(--ap-code-bg);
        color: var(--ap-muted);
      }
      .empty {
        background: var(--ap-surface);
        border: 1px dashed var(--ap-border-strong);
        border-radius: 0.6rem;
        padding: 2rem;
        text-align: center;
      }
      fieldset {
        border: 0;
        display: grid;
        gap: 0.4rem;
        margin: 0.75rem 0 0;
        padding: 0;
      }
      legend {
        font-size: 0.85rem;
        font-weight: 600;
        margin-bottom: 0.3rem;
      }
      .choice {
        align-items: flex-start;
        border: 1px solid var(--ap-border);
        border-radius: var(--ap-radius);
        display: flex;
        font-weight: normal;
        gap: 0.5rem;
        padding: 0.45rem 0.6rem;
      }
      .choice:has(input:checked) {
        background: var(--ap-accent-soft);
        border-color: var(--ap-accent);
      }
      .choice input {
        margin-top: 0.25rem;
      }
      .choice strong {
        display: block;
      }
      input[type='file'] {
        display: none;
      }
      @media (max-width: 48rem) {
        :host {
          padding: 1rem;
        }
        thead {
          display: none;
        }
        table,
        tbody,
        tr,
        td {
          display: block;
          width: 100%;
        }
        tr {
          border-bottom: 1px solid var(--ap-border);
          padding: 0.4rem 0;
        }
        td {
          border: 0;
          padding: 0.2rem 0.75rem;
        }
        .actions {
          text-align: left;
        }
        .actions .row {
          justify-content: flex-start;
          flex-wrap: wrap;
        }
      }
    `,
  ];

  @property({ attribute: false }) accessor api: StudioApi | null = null;

  @state() private accessor sequences: SequenceSummary[] = [];
  /** Matching the same search: a designer looking for a sequence they archived finds it there. */
  @state() private accessor archived: ArchivedSequenceSummary[] = [];
  @state() private accessor query = '';
  @state() private accessor loading = true;
  @state() private accessor error = '';
  @state() private accessor busy = false;
  @state() private accessor createError = '';
  @state() private accessor toDelete: SequenceSummary | null = null;
  /** Where the sequence to delete is used; null until the tool has said. */
  @state() private accessor deleteUsage: SequenceUsage | null = null;

  @query('#create') private accessor createDialog!: Dialog;
  @query('#delete') private accessor deleteDialog!: Dialog;
  @query('#import-file') private accessor importInput!: HTMLInputElement;
  @query('h1') private accessor heading!: HTMLElement;

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private listAbort: AbortController | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached: the list may have changed meanwhile. The first load follows `api` (below).
    if (this.hasUpdated) void this.refresh();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api')) void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
    this.listAbort?.abort();
  }

  async refresh(): Promise<void> {
    if (!this.api) return;
    this.listAbort?.abort();
    const abort = (this.listAbort = new AbortController());
    this.loading = true;
    try {
      const q = this.query.trim();
      const [library, archived] = await Promise.all([this.api.listSequences(q, abort.signal), this.api.listArchivedSequences(q, abort.signal)]);
      this.sequences = library.sequences;
      this.archived = archived.sequences;
      this.error = '';
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this.error = (error as Error).message;
    } finally {
      if (this.listAbort === abort) this.loading = false;
    }
  }

  private onSearch(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.refresh(), 250);
  }

  private notify(message: string, tone: NotifyEvent['tone'] = 'info'): void {
    this.dispatchEvent(new NotifyEvent(message, tone));
  }

  private open(id: string): void {
    this.dispatchEvent(new SequenceOpenEvent(id));
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.api) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const template = String(data.get('template') ?? 'blank') as Template;
    if (!title) {
      this.createError = 'Give the sequence a title.';
      return;
    }
    this.busy = true;
    try {
      const { sequence } = await this.api.createSequence({ title, template });
      this.createDialog.close('created');
      form.reset();
      this.createError = '';
      this.notify(`Created “${sequence.title}”.`, 'success');
      this.open(sequence.id);
    } catch (error) {
      this.createError = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async duplicate(s: SequenceSummary): Promise<void> {
    if (!this.api) return;
    this.busy = true;
    try {
      const { sequence } = await this.api.createSequence({ title: `${s.title} (copy)`, duplicateOf: s.id });
      this.notify(`Duplicated as “${sequence.title}”.`, 'success');
      await this.refresh();
    } catch (error) {
      this.notify(`Could not duplicate: ${(error as Error).message}`, 'error');
    } finally {
      this.busy = false;
    }
  }

  private async exportOne(s: SequenceSummary): Promise<void> {
    if (!this.api) return;
    try {
      const { sequence } = await this.api.getSequence(s.id);
      download(`${slug(s.title)}.json`, `${JSON.stringify(sequence.draft, null, 2)}\n`);
      this.notify(`Exported “${s.title}”.`);
    } catch (error) {
      this.notify(`Could not export: ${(error as Error).message}`, 'error');
    }
  }

  private async importFile(): Promise<void> {
    const file = this.importInput.files?.[0];
    this.importInput.value = '';
    if (!file || !this.api) return;
    let draft: unknown;
    try {
      draft = JSON.parse(await file.text());
    } catch (error) {
      this.notify(`“${file.name}” is not valid JSON: ${(error as Error).message}`, 'error');
      return;
    }
    if (!isRecord(draft)) {
      this.notify(`“${file.name}” does not hold a sequence (a JSON object).`, 'error');
      return;
    }
    const title = typeof draft.title === 'string' && draft.title.trim() ? draft.title.trim() : file.name.replace(/\.json$/i, '');
    this.busy = true;
    try {
      const { sequence } = await this.api.createSequence({ title, draft });
      this.notify(`Imported “${sequence.title}”.`, 'success');
      this.open(sequence.id);
    } catch (error) {
      const details = error instanceof ApiError && error.details.length ? ` (${error.details.map((d) => `${d.path}: ${d.message}`).join('; ')})` : '';
      this.notify(`Could not import “${file.name}”: ${(error as Error).message}${details}`, 'error');
    } finally {
      this.busy = false;
    }
  }

  private async askDelete(s: SequenceSummary): Promise<void> {
    if (!this.api) return;
    this.toDelete = s;
    this.deleteUsage = null;
    try {
      // The dialog names the courses before the designer decides, not after a refusal.
      this.deleteUsage = await this.api.sequenceUsage(s.id);
    } catch (error) {
      this.toDelete = null;
      this.notify(`Could not check where “${s.title}” is used: ${(error as Error).message}`, 'error');
      return;
    }
    this.deleteDialog.show();
  }

  private async onDeleteClosed(value: string): Promise<void> {
    const target = this.toDelete;
    const usage = this.deleteUsage;
    this.toDelete = null;
    this.deleteUsage = null;
    if (value !== 'delete' || !target || !usage || !this.api) return;
    try {
      const outcome = await this.api.deleteSequence(target.id, usage.places.length > 0);
      this.notify(
        outcome === 'archived' ? `Archived “${target.title}”: it left your library; its published versions are kept. Restore it from Archived below.` : `Deleted “${target.title}”.`,
        'success',
      );
      await this.refresh();
      await this.focusAfterChange(null);
    } catch (error) {
      this.notify(`Could not delete: ${(error as Error).message}`, 'error');
    }
  }

  private async onRestored(event: SequenceRestoredEvent): Promise<void> {
    await this.refresh();
    await this.focusAfterChange(event.id);
  }

  /** Focus on `id`'s title when the list shows it, else on the heading. */
  private async focusAfterChange(id: string | null): Promise<void> {
    await this.updateComplete;
    const title = id === null ? null : this.renderRoot.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"] .title button`);
    (title ?? this.heading).focus();
  }

  override render() {
    return html`
      <div class="top row">
        <h1 tabindex="-1">Your sequences</h1>
        <span class="spacer"></span>
        <input
          class="search"
          type="search"
          placeholder="Search by title"
          aria-label="Search sequences"
          .value=${this.query}
          @input=${this.onSearch}
        />
        <button type="button" @click=${() => this.importInput.click()} ?disabled=${this.busy}>Import JSON…</button>
        <input id="import-file" type="file" accept="application/json,.json" @change=${this.importFile} aria-label="JSON file to import" />
        <button class="primary" type="button" @click=${() => this.createDialog.show()}>New sequence</button>
      </div>
      ${this.error ? html`<p class="notice bad" role="alert">Could not load your sequences: ${this.error} <button class="link" @click=${this.refresh}>Try again</button></p>` : nothing}
      ${this.renderList()}
      <ap-archived-sequences .api=${this.api} .sequences=${this.archived} @sequence-restored=${this.onRestored}></ap-archived-sequences>
      ${this.renderCreateDialog()} ${this.renderDeleteDialog()}
    `;
  }

  private renderList() {
    if (this.loading && this.sequences.length === 0) return html`<p class="muted" role="status">Loading…</p>`;
    if (this.sequences.length === 0) {
      return html`<div class="empty">
        ${this.query
          ? html`<p>No sequence matches “${this.query}”.</p>`
          : html`<p><strong>${this.archived.length === 0 ? 'No sequences yet.' : 'No sequences in your library.'}</strong></p>
              <p class="muted">Start from a template to see how objectives, activities and rules fit together.</p>
              <button class="primary" type="button" @click=${() => this.createDialog.show()}>New sequence</button>`}
      </div>`;
    }
    return html`<table aria-label="Sequences" aria-busy=${this.loading ? 'true' : 'false'}>
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Last edited</th>
          <th scope="col">Published</th>
          <th scope="col" class="actions"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${this.sequences.map(
          (s) => html`<tr data-testid="sequence-row" data-id=${s.id}>
            <td class="title"><button class="link" type="button" @click=${() => this.open(s.id)}>${s.title}</button></td>
            <td title=${fullDate(s.updatedAt)}>${when(s.updatedAt)}</td>
            <td>${s.latestVersion ? html`<span class="pill">version ${s.latestVersion}</span>` : html`<span class="pill draft">draft only</span>`}</td>
            <td class="actions">
              <div class="row">
                <button type="button" @click=${() => this.open(s.id)} aria-label="Open ${s.title}">Open</button>
                <button type="button" @click=${() => this.duplicate(s)} ?disabled=${this.busy} aria-label="Duplicate ${s.title}">Duplicate</button>
                <button type="button" @click=${() => this.exportOne(s)} aria-label="Export ${s.title} as JSON">Export</button>
                <button type="button" @click=${() => void this.askDelete(s)} aria-label="Delete ${s.title}">Delete</button>
              </div>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderCreateDialog() {
    return html`<ap-dialog id="create" heading="New sequence" @dialog-close=${() => (this.createError = '')}>
      <form id="create-form" @submit=${this.create}>
        <div class="field">
          <label for="new-title">Title</label>
          <input id="new-title" name="title" required maxlength="200" autocomplete="off" autofocus />
        </div>
        <fieldset>
          <legend>Start from</legend>
          ${TEMPLATES.map(
            (t, i) => html`<label class="choice">
              <input type="radio" name="template" value=${t.value} ?checked=${i === 0} />
              <span><strong>${t.label}</strong><span class="small muted">${t.hint}</span></span>
            </label>`,
          )}
        </fieldset>
        ${this.createError ? html`<p class="error-text small" role="alert">${this.createError}</p>` : nothing}
      </form>
      <button slot="footer" type="button" @click=${() => this.createDialog.close()}>Cancel</button>
      <button slot="footer" class="primary" type="submit" form="create-form" ?disabled=${this.busy}>Create</button>
    </ap-dialog>`;
  }

  private renderDeleteDialog() {
    const target = this.toDelete;
    const usage = this.deleteUsage;
    const archives = usage?.published === true;
    // The heading asks what the button does: a published sequence is archived, not deleted.
    return html`<ap-dialog id="delete" heading=${archives ? 'Archive this sequence?' : 'Delete this sequence?'} @dialog-close=${(e: DialogCloseEvent) => this.onDeleteClosed(e.value)}>
      ${archives ? this.renderArchiveText(target?.title ?? '', usage.places) : html`<p>“${target?.title ?? ''}” and its draft will be deleted. It was never published, so no course uses it.</p>
        <p class="muted small">This cannot be undone. Export it first if you may want it back.</p>`}
      <button slot="footer" type="button" autofocus @click=${() => this.deleteDialog.close()}>Keep it</button>
      <button slot="footer" class="danger" type="button" @click=${() => this.deleteDialog.close('delete')}>${archives ? 'Archive it' : 'Delete'}</button>
    </ap-dialog>`;
  }

  private renderArchiveText(title: string, places: SequencePlace[]) {
    const learners = (n: number) => (n === 0 ? 'no learners yet' : `${n} ${n === 1 ? 'learner' : 'learners'}`);
    return html`<p>“${title}” has published versions, so it will be archived rather than deleted: it leaves your library and the lists to place from, and its published versions are kept.</p>
      ${places.length === 0
        ? html`<p class="small">It is not placed in any course and nobody has started it.</p>`
        : html`<p>It is used in:</p>
            <ul class="small" data-testid="delete-places">
              ${places.map((p) => html`<li>${p.label}: ${p.placed ? 'placed here' : 'no longer placed here'}, ${learners(p.learners)}</li>`)}
            </ul>
            <p class="small">Those links keep delivering it and its learners keep their progress and grades. To stop new learners getting it, place another sequence on those links.</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-library': Library;
  }
}
