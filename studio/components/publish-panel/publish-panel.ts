/**
 * <ap-publish-panel>: publish the draft as a new immutable version, list the
 * versions and compare any two of them (or a version with the draft).
 *
 * Errors block publishing and are listed (each reveals its place); warnings
 * are listed apart, never counted as errors, and publishing goes ahead on them
 * only when the designer confirms. A draft equal to the latest version cannot
 * be published, so the button says so instead.
 * The draft is saved first (through `beforePublish`), so what is published is
 * what the editor shows. Then the server's publish check says what publishing
 * would do (an answer, not a refusal: a designer's normal publish makes no
 * failing request), and the publish names the draft checked, so "Publish
 * anyway" publishes the draft whose warnings were shown. The publish itself
 * still refuses (422 errors, 409 unconfirmed warnings, NOTHING_CHANGED,
 * DRAFT_CHANGED) when the draft changed in between, and the panel shows why.
 *
 * @event published - PublishedEvent with the new version number.
 * @event reveal-path - RevealPathEvent from an issue or a change.
 * @event notify - NotifyEvent with the outcome.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type Change, type Issue, type StudioApi, type VersionRecord, type VersionSummary } from '../../lib/api.js';
import { isRecord, issuePlace } from '../../lib/describe.js';
import { DraftStaleEvent, NotifyEvent, PublishedEvent, RevealPathEvent } from '../../lib/events.js';
import { download, fullDate, when } from '../../lib/format.js';
import { shared } from '../../styles/shared.js';
import { sameJson } from '../../../server/studio/diff.js';
import type { Json } from '../../../server/store/types.js';
import '../diff-view/diff-view.js';

/** `updatedAt`: the draft whose warnings are shown (unknown when a publish refused them). */
type Blocked = { kind: 'errors' | 'warnings'; issues: readonly Issue[]; updatedAt?: number };

@customElement('ap-publish-panel')
export class PublishPanel extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 0.9rem 1rem 1.5rem;
      }
      section + section {
        border-top: 1px solid var(--ap-border);
        margin-top: 1rem;
        padding-top: 1rem;
      }
      .blocked h3 {
        font-size: inherit;
        margin-bottom: 0.3rem;
      }
      ul.issues {
        display: grid;
        gap: 0.25rem;
        list-style: none;
        margin: 0.5rem 0;
        padding: 0;
      }
      ul.issues button {
        text-align: left;
        white-space: normal;
      }
      /* The colon follows the place's last letter, as in the text: no padding makes it look spaced off. */
      ul.issues button.place {
        padding-inline-end: 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        border-bottom: 1px solid var(--ap-border);
        font-size: 0.875rem;
        padding: 0.35rem 0.4rem;
        text-align: left;
      }
      td.actions {
        text-align: right;
      }
      .compare {
        align-items: end;
        margin-bottom: 0.75rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor api: StudioApi | null = null;
  @property({ attribute: 'sequence-id' }) accessor sequenceId = '';
  @property({ attribute: false }) accessor versions: readonly VersionSummary[] = [];
  /** The parsed draft, to name places in issues and changes. */
  @property({ attribute: false }) accessor doc: unknown = null;
  /** Saves the draft; resolves true when the server holds what the editor shows. */
  @property({ attribute: false }) accessor beforePublish: () => Promise<boolean> = async () => true;

  @state() private accessor busy = false;
  @state() private accessor blocked: Blocked | null = null;
  @state() private accessor message = '';
  @state() private accessor from = '';
  @state() private accessor to = 'draft';
  @state() private accessor changes: readonly Change[] | null = null;
  @state() private accessor comparing = false;
  @state() private accessor compareError = '';
  @state() private accessor comparedDoc: unknown = null;
  @state() private accessor comparedToDraft = false;
  /** The latest version's content, to tell whether the draft changed since. */
  @state() private accessor latest: { version: number; content: unknown } | null = null;

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('versions') || changed.has('sequenceId') || changed.has('api')) void this.loadLatest();
  }

  private async loadLatest(): Promise<void> {
    const top = this.sorted()[0];
    if (!top || !this.api) {
      this.latest = null;
      return;
    }
    if (this.latest?.version === top.version) return;
    try {
      this.latest = { version: top.version, content: contentOf(await this.api.getVersion(this.sequenceId, top.version)) };
    } catch {
      // Unknown: the button stays enabled and the server decides.
      this.latest = null;
    }
  }

  /** The latest version's number when the editor's draft equals it. */
  private unchangedSince(): number | null {
    const { latest, doc } = this;
    return latest && doc !== null && sameJson(latest.content as Json, doc as Json) ? latest.version : null;
  }

  private sorted(): VersionSummary[] {
    return [...this.versions].sort((a, b) => b.version - a.version);
  }

  /** Saves, checks, and publishes right away only when there is nothing to show first. */
  private async publish(): Promise<void> {
    await this.whileBusy(async (api) => {
      if (!(await this.beforePublish())) {
        this.message = 'The draft could not be saved (a JSON syntax error, a conflict or a network problem). Fix that first: only a saved draft is published.';
        return;
      }
      const check = await api.publishCheck(this.sequenceId);
      if (check.outcome === 'nothing-changed') this.message = `Nothing has changed since version ${check.latestVersion}. Change the draft to publish a new version.`;
      else if (check.outcome === 'blocked') this.blocked = { kind: 'errors', issues: check.issues };
      else if (check.outcome === 'needs-confirmation') this.blocked = { kind: 'warnings', issues: check.issues, updatedAt: check.updatedAt };
      else await this.send(api, { baseUpdatedAt: check.updatedAt });
    });
  }

  private async publishAnyway(updatedAt: number | undefined): Promise<void> {
    await this.whileBusy((api) => this.send(api, { confirmWarnings: true, ...(updatedAt === undefined ? {} : { baseUpdatedAt: updatedAt }) }));
  }

  private async send(api: StudioApi, options: { confirmWarnings?: boolean; baseUpdatedAt?: number }): Promise<void> {
    const result = await api.publish(this.sequenceId, options);
    const version = typeof result.version === 'number' ? result.version : result.version.version;
    this.blocked = null;
    this.message = `Published version ${version}.`;
    this.dispatchEvent(new NotifyEvent(`Published version ${version}.`, 'success'));
    this.dispatchEvent(new PublishedEvent(version));
  }

  private async whileBusy(work: (api: StudioApi) => Promise<void>): Promise<void> {
    if (!this.api || this.busy) return;
    this.busy = true;
    this.message = '';
    this.blocked = null;
    try {
      await work(this.api);
    } catch (error) {
      this.refused(error);
    } finally {
      this.busy = false;
    }
    await this.focusOutcome();
  }

  /**
   * The button pressed is disabled while publishing ("Publish anyway" goes with
   * its warnings), so focus fell to the page: it goes to what happened, the
   * blocked list's heading or the message. Being focused is how they are
   * announced, so neither is a live region too (that said them twice).
   */
  private async focusOutcome(): Promise<void> {
    await this.updateComplete;
    const active = document.activeElement;
    // The designer may have gone on to the editor meanwhile: that focus stays theirs.
    if (active !== null && active !== document.body && !this.shadowRoot?.activeElement) return;
    this.renderRoot.querySelector<HTMLElement>(this.blocked ? '#blocked-h' : '#publish-message')?.focus();
  }

  /** Refusals of the publish itself come from a draft that changed after its check (another tab, a colleague). */
  private refused(error: unknown): void {
    if (error instanceof ApiError && (error.code === 'NOTHING_CHANGED' || error.code === 'DRAFT_CHANGED')) {
      this.message = `${error.message}${error.code === 'NOTHING_CHANGED' ? ' Change the draft to publish a new version.' : ''}`;
      if (error.code === 'DRAFT_CHANGED') this.dispatchEvent(new DraftStaleEvent());
    } else if (error instanceof ApiError && (error.status === 422 || error.status === 409)) {
      this.blocked = { kind: error.status === 422 ? 'errors' : 'warnings', issues: error.issues };
    } else {
      this.message = `Publishing failed: ${(error as Error).message}`;
    }
  }

  private async compare(): Promise<void> {
    if (!this.api) return;
    const versions = this.sorted();
    const from = this.from || String(versions[0]?.version ?? '');
    const to = this.to;
    if (!from || from === to) {
      this.compareError = 'Choose two different versions.';
      return;
    }
    this.comparing = true;
    this.compareError = '';
    try {
      const [{ changes }, newer] = await Promise.all([this.api.diff(this.sequenceId, from, to), this.documentOf(to)]);
      this.changes = changes;
      this.comparedDoc = newer;
      this.comparedToDraft = to === 'draft';
    } catch (error) {
      this.changes = null;
      this.compareError = error instanceof ApiError && error.unavailable ? 'Comparing versions is not available on this server yet.' : `Could not compare: ${(error as Error).message}`;
    } finally {
      this.comparing = false;
    }
  }

  /** The document on one side of a comparison, to name the changed places. */
  private async documentOf(side: string): Promise<unknown> {
    if (side === 'draft' || !this.api) return this.doc;
    try {
      return contentOf(await this.api.getVersion(this.sequenceId, Number(side)));
    } catch {
      return this.doc;
    }
  }

  private async downloadVersion(v: VersionSummary): Promise<void> {
    if (!this.api) return;
    try {
      const content = contentOf(await this.api.getVersion(this.sequenceId, v.version));
      const id = isRecord(content) && typeof content.id === 'string' ? content.id : this.sequenceId;
      download(`${id}-v${v.version}.json`, `${JSON.stringify(content, null, 2)}\n`);
    } catch (error) {
      this.dispatchEvent(new NotifyEvent(`Could not download version ${v.version}: ${(error as Error).message}`, 'error'));
    }
  }

  override render() {
    const versions = this.sorted();
    const next = (versions[0]?.version ?? 0) + 1;
    const unchanged = this.unchangedSince();
    return html`
      <section aria-labelledby="publish-h">
        <h2 id="publish-h">Publish</h2>
        <p class="small muted">Learners get the latest published version; the draft stays private. A version never changes once published.</p>
        <button
          class="primary"
          type="button"
          data-testid="publish"
          @click=${() => this.publish()}
          ?disabled=${this.busy || unchanged !== null}
          aria-describedby=${unchanged !== null ? 'publish-unchanged' : nothing}
        >
          ${this.busy ? 'Publishing…' : `Publish as version ${next}`}
        </button>
        ${unchanged !== null
          ? html`<p class="small muted" id="publish-unchanged" data-testid="publish-unchanged">Nothing has changed since version ${unchanged}: edit the draft to publish a new version.</p>`
          : nothing}
        ${this.message ? html`<p class="notice small" id="publish-message" tabindex="-1" data-testid="publish-message">${this.message}</p>` : nothing} ${this.renderBlocked()}
      </section>
      <section aria-labelledby="versions-h">
        <h2 id="versions-h">Versions</h2>
        ${versions.length === 0
          ? html`<p class="muted small">Nothing published yet.</p>`
          : html`<table data-testid="version-list">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Published</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${versions.map(
                  (v) => html`<tr>
                    <td>${v.version}</td>
                    <td title=${fullDate(v.publishedAt)}>${when(v.publishedAt)}</td>
                    <td class="actions">
                      <button type="button" @click=${() => this.compareWithDraft(v)} aria-label="Compare version ${v.version} with the draft">Compare with draft</button>
                      <button type="button" @click=${() => this.downloadVersion(v)} aria-label="Download version ${v.version}">Download</button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </section>
      ${versions.length > 0 ? this.renderCompare(versions) : nothing}
    `;
  }

  private compareWithDraft(v: VersionSummary): void {
    this.from = String(v.version);
    this.to = 'draft';
    void this.compare();
  }

  private renderBlocked() {
    const b = this.blocked;
    if (!b) return nothing;
    // A 422 carries every issue of the draft; only its errors block.
    const errors = b.issues.filter((i) => i.severity === 'error');
    const warnings = b.issues.filter((i) => i.severity !== 'error');
    const blocking = b.kind === 'errors';
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    // The heading says the outcome and takes the focus (focusOutcome); the rest is read from there.
    return html`<div class="notice blocked ${blocking ? 'bad' : ''}" data-testid="publish-blocked">
      ${blocking
        ? html`<h3 id="blocked-h" tabindex="-1">Publishing is blocked by ${plural(errors.length, 'error')}.</h3>
            <p>Fix ${errors.length === 1 ? 'it' : 'them'} in the editor, then publish again.</p>
            ${this.renderIssues(errors, 'errors')}`
        : nothing}
      ${warnings.length > 0
        ? html`${blocking
              ? html`<p><strong>${plural(warnings.length, 'warning')} to review as well.</strong> Warnings do not block publishing.</p>`
              : html`<h3 id="blocked-h" tabindex="-1">${plural(warnings.length, 'warning')} to review.</h3>
                  <p>Learners can use the sequence, but check these first.</p>`}
            ${this.renderIssues(warnings, 'warnings')}`
        : nothing}
      ${blocking
        ? nothing
        : html`<div class="row">
            <button class="primary" type="button" @click=${() => this.publishAnyway(b.updatedAt)} ?disabled=${this.busy}>Publish anyway</button>
            <button type="button" @click=${() => (this.blocked = null)}>Cancel</button>
          </div>`}
    </div>`;
  }

  private renderIssues(issues: readonly Issue[], kind: 'errors' | 'warnings') {
    const reveal = (i: Issue) => () => this.dispatchEvent(new RevealPathEvent(i.path));
    // Each issue reveals its place; a message that names its place in full is the link itself.
    return html`<ul class="issues" data-testid="publish-${kind}">
      ${issues.map((i) => {
        const place = issuePlace(this.doc, i.path, i.message);
        return html`<li data-severity=${i.severity}>
          <span class="visually-hidden">${i.severity === 'error' ? 'Error' : 'Warning'}:</span>
          ${place
            ? html`<button class="link place" type="button" @click=${reveal(i)}>${place}</button>: ${i.message}`
            : html`<button class="link" type="button" @click=${reveal(i)}>${capitalise(i.message)}</button>`}
        </li>`;
      })}
    </ul>`;
  }

  private renderCompare(versions: VersionSummary[]) {
    const options = (selected: string) => html`<option value="draft" ?selected=${selected === 'draft'}>Draft (editor)</option>
      ${versions.map((v) => html`<option value=${String(v.version)} ?selected=${selected === String(v.version)}>Version ${v.version}</option>`)}`;
    const from = this.from || String(versions[0]?.version ?? '');
    return html`<section aria-labelledby="compare-h">
      <h2 id="compare-h">Compare</h2>
      <div class="row compare">
        <div class="field">
          <label for="from">From</label>
          <select id="from" @change=${(e: Event) => (this.from = (e.target as HTMLSelectElement).value)}>${options(from)}</select>
        </div>
        <div class="field">
          <label for="to">To</label>
          <select id="to" @change=${(e: Event) => (this.to = (e.target as HTMLSelectElement).value)}>${options(this.to)}</select>
        </div>
        <button type="button" @click=${this.compare} ?disabled=${this.comparing}>${this.comparing ? 'Comparing…' : 'Compare'}</button>
      </div>
      ${this.compareError ? html`<p class="notice bad small" role="alert">${this.compareError}</p>` : nothing}
      ${this.changes ? html`<ap-diff-view .changes=${this.changes} .doc=${this.comparedDoc} ?revealable=${this.comparedToDraft}></ap-diff-view>` : nothing}
    </section>`;
  }
}

/** The lint writes its messages to follow "place: ", so one standing alone starts as a sentence does. */
function capitalise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** GET /versions/:v answers `{version, publishedAt, content}`. */
function contentOf(record: VersionRecord): unknown {
  return record.content;
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-publish-panel': PublishPanel;
  }
}
