/**
 * <ap-simulation-panel>: runs simulated learners through the draft on the
 * server and shows how they fare: a progress bar fed by the NDJSON stream,
 * then the completion rate, a histogram of path lengths, the most common paths
 * and the activities where learners got stuck. The seed makes a run
 * repeatable, so a change to the rules can be judged against the same learners.
 *
 * @event reveal-path - RevealPathEvent when a stuck activity is activated.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type Draft, type StudioApi } from '../../lib/api.js';
import { isRecord } from '../../lib/describe.js';
import { RevealPathEvent } from '../../lib/events.js';
import { percent } from '../../lib/format.js';
import { formatPointer } from '../../lib/json-pointer.js';
import { endingName, summarize, type SimulationSummary } from '../../lib/simulation.js';
import { shared } from '../../styles/shared.js';
import '../bar-chart/bar-chart.js';

const MAX_LEARNERS = 5000;

@customElement('ap-simulation-panel')
export class SimulationPanel extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 0.9rem 1rem 1.5rem;
      }
      form {
        align-items: end;
        margin-bottom: 0.8rem;
      }
      input[type='number'] {
        width: 7rem;
      }
      progress {
        height: 0.9rem;
        width: 100%;
      }
      .big {
        font-size: 2rem;
        font-weight: 700;
        line-height: 1;
      }
      .cards {
        display: grid;
        gap: 0.6rem;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        margin-bottom: 1rem;
      }
      .looped {
        color: var(--ap-warn);
        margin-top: 0.35rem;
      }
      .card {
        border: 1px solid var(--ap-border);
        border-radius: var(--ap-radius);
        padding: 0.6rem 0.75rem;
      }
      section {
        margin-top: 1rem;
      }
      ol.paths {
        margin: 0;
        padding-left: 1.2rem;
      }
      ol.paths li {
        margin-bottom: 0.35rem;
      }
      .path {
        font-family: var(--ap-mono);
        font-size: 0.78rem;
        overflow-wrap: anywhere;
      }
      ul.stuck,
      ul.endings {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ul.stuck li {
        margin-bottom: 0.25rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        border-bottom: 1px solid var(--ap-border);
        font-size: 0.85rem;
        padding: 0.25rem 0.4rem;
        text-align: left;
      }
    `,
  ];

  @property({ attribute: false }) accessor api: StudioApi | null = null;
  @property({ attribute: false }) accessor doc: Draft | null = null;
  @property({ type: Boolean }) accessor stale = false;

  @state() private accessor learners = 200;
  @state() private accessor seed = 1;
  @state() private accessor running = false;
  @state() private accessor done = 0;
  @state() private accessor total = 0;
  @state() private accessor summary: SimulationSummary | null = null;
  @state() private accessor error = '';

  private abort: AbortController | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  private async run(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.api || !this.doc || this.running) return;
    const learners = Math.round(this.learners);
    if (!(learners >= 1 && learners <= MAX_LEARNERS)) {
      this.error = `Choose between 1 and ${MAX_LEARNERS} learners.`;
      return;
    }
    this.abort = new AbortController();
    this.running = true;
    this.error = '';
    this.summary = null;
    this.done = 0;
    this.total = learners;
    try {
      const result = await this.api.simulate({ draft: this.doc, learners, seed: Math.round(this.seed) }, (e) => {
        if (e.type === 'progress') {
          this.done = e.done;
          this.total = e.total;
        }
      }, this.abort.signal);
      this.done = this.total;
      this.summary = summarize({ learners, ...result });
    } catch (error) {
      if ((error as Error).name === 'AbortError') this.error = 'Simulation stopped.';
      else if (error instanceof ApiError && error.unavailable) this.error = 'Simulation is not available on this server yet.';
      else if (error instanceof ApiError && error.status === 429) this.error = 'The server is busy with other simulations; try again in a moment.';
      else if (error instanceof ApiError && error.issues.length) this.error = `The draft has errors to fix first: ${error.issues.filter((i) => i.severity === 'error').map((i) => i.message).slice(0, 3).join('; ')}`;
      else this.error = `The simulation failed: ${(error as Error).message}`;
    } finally {
      this.running = false;
      this.abort = null;
    }
  }

  /** Where an activity or rule of the draft is, to reveal it. */
  private pathOf(kind: 'activity' | 'rule', id: string): string {
    const section = kind === 'rule' ? 'rules' : 'activities';
    const list = this.doc && Array.isArray(this.doc[section]) ? (this.doc[section] as unknown[]) : [];
    const index = list.findIndex((a) => isRecord(a) && a.id === id);
    return index === -1 ? '' : formatPointer([section, index]);
  }

  override render() {
    return html`
      <h2>Simulate learners</h2>
      <p class="small muted">Runs made-up learners of mixed ability and preferences through the current draft, without saving anything.</p>
      <form class="row" @submit=${this.run}>
        <div class="field">
          <label for="learners">Learners</label>
          <input id="learners" type="number" min="1" max=${MAX_LEARNERS} step="1" .value=${String(this.learners)} @input=${(e: Event) => (this.learners = Number((e.target as HTMLInputElement).value))} />
        </div>
        <div class="field">
          <label for="seed">Seed</label>
          <input id="seed" type="number" step="1" .value=${String(this.seed)} @input=${(e: Event) => (this.seed = Number((e.target as HTMLInputElement).value))} />
        </div>
        <button class="primary" type="submit" ?disabled=${this.running || !this.doc || this.stale}>Run simulation</button>
        ${this.running ? html`<button type="button" @click=${() => this.abort?.abort()}>Stop</button>` : nothing}
      </form>
      ${this.stale ? html`<p class="notice small">Fix the JSON syntax to simulate the current text.</p>` : nothing}
      ${this.running || (this.total > 0 && !this.summary && !this.error)
        ? html`<div class="field">
            <label for="progress">Progress</label>
            <progress id="progress" data-testid="sim-progress" max=${this.total || 1} .value=${this.done}></progress>
            <span class="small muted" role="status">${this.done} of ${this.total} learners</span>
          </div>`
        : nothing}
      ${this.error ? html`<p class="notice bad small" role="alert">${this.error}</p>` : nothing} ${this.summary ? this.renderSummary(this.summary) : nothing}
    `;
  }

  private renderSummary(s: SimulationSummary) {
    const stats = s.stats;
    return html`<div data-testid="sim-results">
      <div class="cards">
        <div class="card">
          <div class="big" data-testid="completion-rate">${s.completionRate === null ? '—' : percent(s.completionRate)}</div>
          <div class="small muted">completed as designed${s.learners ? ` (of ${s.learners})` : ''}</div>
          ${s.looped && s.loopedRate !== null
            ? html`<div class="small looped" data-testid="looped-rate">
                <strong>${percent(s.loopedRate)}</strong> looped: the loop guard had to step in (${s.looped} learner${s.looped === 1 ? '' : 's'})
              </div>`
            : nothing}
        </div>
        ${stats && stats.median !== undefined
          ? html`<div class="card">
              <div class="big">${stats.median}</div>
              <div class="small muted">median steps to finish${stats.p90 !== undefined ? `; 90% within ${stats.p90}` : ''}</div>
            </div>`
          : nothing}
        ${s.endings.length
          ? html`<div class="card">
              <ul class="endings small">
                ${s.endings.map(([k, v]) => html`<li><strong>${v}</strong> ${endingName(k)}</li>`)}
              </ul>
            </div>`
          : nothing}
      </div>
      ${s.errors.length
        ? html`<div class="notice bad small" role="alert">
            <strong>The engine refused some steps:</strong>
            <ul>${s.errors.map((e) => html`<li>${e.message} (${e.learners} learners)</li>`)}</ul>
          </div>`
        : nothing}
      ${s.histogram.length
        ? html`<section aria-labelledby="hist-h">
            <h3 id="hist-h">Steps to finish</h3>
            <ap-bar-chart .bars=${s.histogram} caption="Learners who completed, by number of activities shown" x-label="Activities shown" y-label="Learners"></ap-bar-chart>
          </section>`
        : nothing}
      <section aria-labelledby="stuck-h">
        <h3 id="stuck-h">Where learners got stuck</h3>
        ${s.stuck.length === 0
          ? html`<p class="small muted">No learner got stuck: no stalls, no loops cut by the guard, no activity shown again and again.</p>`
          : html`<ul class="stuck">
              ${s.stuck.map((item) => {
                const path = this.pathOf(item.kind, item.id);
                return html`<li>
                  ${path ? html`<button class="link" type="button" @click=${() => this.dispatchEvent(new RevealPathEvent(path))}>${item.kind === 'rule' ? 'rule ' : ''}${item.id}</button>` : html`<code>${item.id}</code>`}:
                  <span class="small">${item.why}${item.learners ? `, ${item.learners} learner${item.learners === 1 ? '' : 's'}` : ''}</span>
                </li>`;
              })}
            </ul>`}
      </section>
      ${s.commonPaths.length
        ? html`<section aria-labelledby="paths-h">
            <h3 id="paths-h">Most common paths</h3>
            <ol class="paths">
              ${s.commonPaths.slice(0, 8).map(
                (p) => html`<li>
                  <span class="small"><strong>${p.count}</strong> learner${p.count === 1 ? '' : 's'}${p.share !== null ? ` (${percent(p.share)})` : ''}, ${p.steps.length} steps</span>
                  <div class="path">${p.steps.join(' → ')}</div>
                </li>`,
              )}
            </ol>
          </section>`
        : nothing}
      ${s.objectives.length
        ? html`<section aria-labelledby="mastery-h">
            <h3 id="mastery-h">Mastery at the end</h3>
            <table>
              <thead>
                <tr><th scope="col">Objective</th><th scope="col">Marked mastered</th><th scope="col">Actually knew it</th><th scope="col">Mean estimate</th></tr>
              </thead>
              <tbody>
                ${s.objectives.map(
                  (o) => html`<tr>
                    <td>${o.title || o.id}</td>
                    <td>${o.masteredShare === null ? '—' : percent(o.masteredShare)}</td>
                    <td>${o.knownShare === null ? '—' : percent(o.knownShare)}</td>
                    <td>${o.meanEstimate === null ? '—' : o.meanEstimate.toFixed(2)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </section>`
        : nothing}
      ${s.segments.map(
        (seg) => html`<section>
          <h3>${seg.title}</h3>
          <table>
            <thead>
              <tr><th scope="col">Learners</th><th scope="col">How many</th><th scope="col">Completed</th><th scope="col">Median steps</th></tr>
            </thead>
            <tbody>
              ${seg.rows.map(
                (r) => html`<tr>
                  <td>${r.name}</td>
                  <td>${r.learners}</td>
                  <td>${r.completionRate === null ? '—' : percent(r.completionRate)}</td>
                  <td>${r.medianSteps ?? '—'}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </section>`,
      )}
      ${s.notes.length
        ? html`<section aria-labelledby="notes-h">
            <h3 id="notes-h">About these figures</h3>
            <ul class="small muted">${s.notes.map((n) => html`<li>${n}</li>`)}</ul>
          </section>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-simulation-panel': SimulationPanel;
  }
}
