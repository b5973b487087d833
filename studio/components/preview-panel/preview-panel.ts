/**
 * <ap-preview-panel>: the draft as a learner sees it, in the real player,
 * framed from the tool itself. "Restart with state" starts the preview from a
 * chosen learner (mastery per objective, survey answers), so a designer can
 * check what a rule does for a given learner without clicking through the path.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type Draft, type StudioApi } from '../../lib/api.js';
import { isRecord, str } from '../../lib/describe.js';
import { shared } from '../../styles/shared.js';

const MODALITIES = ['text', 'video', 'visual', 'hands-on'] as const;

interface Option {
  readonly value: string;
  readonly label: string;
}

interface ObjectiveOption extends Option {
  /** Where the slider starts: the objective's BKT prior, i.e. a learner with no evidence yet. */
  readonly prior: number;
}

/** The schema's default prior, used by the engine when an objective gives none. */
const DEFAULT_PRIOR = 0.2;

/** What the draft offers to set: its objectives and its survey's options. */
function choices(doc: Draft | null): { objectives: ObjectiveOption[]; interests: Option[]; goals: Option[]; modalities: Option[] } {
  const objectives: ObjectiveOption[] = [];
  const interests: Option[] = [];
  const goals: Option[] = [];
  let modalities: Option[] = [];
  if (doc && Array.isArray(doc.objectives)) {
    for (const o of doc.objectives) {
      if (!isRecord(o) || !str(o.id)) continue;
      const prior = isRecord(o.bkt) && typeof o.bkt.prior === 'number' ? o.bkt.prior : DEFAULT_PRIOR;
      objectives.push({ value: str(o.id)!, label: str(o.title) ?? str(o.id)!, prior });
    }
  }
  const activities = doc && Array.isArray(doc.activities) ? doc.activities : [];
  for (const a of activities) {
    if (!isRecord(a) || a.kind !== 'survey' || !Array.isArray(a.questions)) continue;
    for (const q of a.questions) {
      if (!isRecord(q) || !Array.isArray(q.options)) continue;
      const options = q.options.flatMap((o): Option[] => (isRecord(o) && str(o.value) ? [{ value: str(o.value)!, label: str(o.label) ?? str(o.value)! }] : []));
      if (q.target === 'interests') interests.push(...options);
      else if (q.target === 'goals') goals.push(...options);
      else if (q.target === 'modality') modalities = options;
    }
  }
  if (modalities.length === 0) modalities = MODALITIES.map((m) => ({ value: m, label: m }));
  const unique = (list: Option[]) => [...new Map(list.map((o) => [o.value, o])).values()];
  return { objectives, interests: unique(interests), goals: unique(goals), modalities };
}

@customElement('ap-preview-panel')
export class PreviewPanel extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        padding: 0.6rem 0.75rem;
      }
      details {
        border: 1px solid var(--ap-border);
        border-radius: var(--ap-radius);
        margin-bottom: 0.6rem;
        padding: 0.4rem 0.6rem;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      fieldset {
        border: 0;
        margin: 0.5rem 0 0;
        padding: 0;
      }
      legend {
        font-size: 0.85rem;
        font-weight: 600;
      }
      .mastery {
        display: grid;
        gap: 0.25rem 0.6rem;
        grid-template-columns: minmax(8rem, 1fr) 2fr 3rem;
        align-items: center;
      }
      .mastery label {
        font-weight: normal;
      }
      .checks {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.9rem;
      }
      .checks label {
        font-weight: normal;
      }
      .frame {
        border: 1px solid var(--ap-border);
        border-radius: var(--ap-radius);
        flex: 1;
        min-height: 24rem;
        overflow: hidden;
      }
      iframe {
        border: 0;
        display: block;
        height: 100%;
        min-height: 24rem;
        width: 100%;
      }
    `,
  ];

  @property({ attribute: false }) accessor api: StudioApi | null = null;
  @property({ attribute: false }) accessor doc: Draft | null = null;
  @property({ type: Boolean }) accessor stale = false;

  @state() private accessor url = '';
  @state() private accessor busy = false;
  @state() private accessor error = '';
  @state() private accessor unavailable = false;

  private async start(withState: boolean): Promise<void> {
    if (!this.api || !this.doc || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      const { url } = await this.api.preview(this.doc, withState ? this.readState() : undefined);
      // Only the tool's own pages are framed: the answer is a path or a same-origin URL.
      const target = new URL(url, location.href);
      if (target.origin !== location.origin) throw new Error('the preview URL is not on this tool');
      this.url = target.href;
      this.unavailable = false;
    } catch (error) {
      if (error instanceof ApiError && error.unavailable) this.unavailable = true;
      else if (error instanceof ApiError && error.issues.length) this.error = `Fix these errors first: ${error.issues.filter((i) => i.severity === 'error').map((i) => i.message).slice(0, 3).join('; ')}`;
      else this.error = `The preview could not start: ${(error as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  /** The "restart with state" form as the preview's `start`. */
  private readState(): { mastery: Record<string, number>; profile: { interests: string[]; goals: string[]; modality: string | null } } {
    const root = this.renderRoot;
    const mastery: Record<string, number> = {};
    for (const input of root.querySelectorAll<HTMLInputElement>('input[data-objective]')) mastery[input.dataset.objective!] = Number(input.value);
    const checked = (name: string) => [...root.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
    const modality = root.querySelector<HTMLSelectElement>('#modality')?.value ?? '';
    return { mastery, profile: { interests: checked('interest'), goals: checked('goal'), modality: modality || null } };
  }

  override render() {
    const c = choices(this.doc);
    return html`
      <div class="row">
        <h2>Preview</h2>
        <span class="spacer"></span>
        <button class="primary" type="button" @click=${() => this.start(false)} ?disabled=${this.busy || !this.doc || this.stale}>${this.url ? 'Restart' : 'Start preview'}</button>
      </div>
      <p class="small muted">Plays the current draft (saved or not) as a new learner. Nothing is recorded or sent to the gradebook.</p>
      ${this.stale ? html`<p class="notice small">Fix the JSON syntax to preview the current text.</p>` : nothing}
      <details>
        <summary>Restart with a learner state</summary>
        <p class="small muted">Start as a learner who already has this mastery and these survey answers (the survey is then skipped), to see what the rules do for them.</p>
        <form @submit=${this.restartWithState}>
          <fieldset>
            <legend>Mastery per objective</legend>
            <div class="mastery">
              ${c.objectives.map(
                (o) => html`<label for="m-${o.value}">${o.label}</label>
                  <input id="m-${o.value}" type="range" min="0" max="1" step="0.05" .value=${String(o.prior)} data-objective=${o.value} @input=${this.syncOutput} />
                  <output for="m-${o.value}" class="small">${o.prior.toFixed(2)}</output>`,
              )}
            </div>
          </fieldset>
          ${c.interests.length
            ? html`<fieldset>
                <legend>Interests</legend>
                <div class="checks">${c.interests.map((o) => html`<label><input type="checkbox" name="interest" value=${o.value} /> ${o.label}</label>`)}</div>
              </fieldset>`
            : nothing}
          ${c.goals.length
            ? html`<fieldset>
                <legend>Goals</legend>
                <div class="checks">${c.goals.map((o) => html`<label><input type="checkbox" name="goal" value=${o.value} /> ${o.label}</label>`)}</div>
              </fieldset>`
            : nothing}
          <fieldset>
            <div class="field">
              <label for="modality">Preferred way to learn</label>
              <select id="modality">
                <option value="">Not answered</option>
                ${c.modalities.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
              </select>
            </div>
          </fieldset>
          <p class="row"><button type="submit" ?disabled=${this.busy || !this.doc || this.stale}>Restart with this state</button></p>
        </form>
      </details>
      ${this.unavailable ? html`<p class="notice" role="status">Preview is not available on this server yet. Use Simulate to check paths meanwhile.</p>` : nothing}
      ${this.error ? html`<p class="notice bad small" role="alert">${this.error}</p>` : nothing}
      ${this.url
        ? html`<div class="frame"><iframe title="Learner preview of the draft" src=${this.url} data-testid="preview-frame"></iframe></div>`
        : this.unavailable
          ? nothing
          : html`<p class="muted small">Start the preview to see the first step and why it was chosen.</p>`}
    `;
  }

  private restartWithState(event: SubmitEvent): void {
    event.preventDefault();
    // Fold the form away so the restarted preview is in view.
    const details = (event.target as HTMLElement).closest('details');
    void this.start(true).then(() => {
      if (details && this.url && !this.error) details.open = false;
    });
  }

  private syncOutput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const output = input.nextElementSibling;
    if (output instanceof HTMLOutputElement) output.value = Number(input.value).toFixed(2);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-preview-panel': PreviewPanel;
  }
}
