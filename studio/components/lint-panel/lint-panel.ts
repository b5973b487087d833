/**
 * <ap-lint-panel>: the problems in the draft as a list beside the editor.
 *
 * While the text does not parse it lists only the editor's syntax errors, first
 * in the text first: the server cannot lint what is not JSON, and the editor's
 * schema checks of a tolerant parse flag places that are fine ("Missing
 * property activities" for one missing comma). Otherwise the server's issues,
 * errors first. Each entry is a button that reveals the place in the editor, and
 * names it under the message unless the message already does.
 *
 * @event reveal-path - RevealPathEvent with the issue's pointer, or its line for syntax errors.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Issue } from '../../lib/api.js';
import { issuePlace } from '../../lib/describe.js';
import { syntaxErrors } from '../../lib/diagnostics.js';
import { RevealPathEvent, type EditorDiagnostic } from '../../lib/events.js';
import { shared } from '../../styles/shared.js';

@customElement('ap-lint-panel')
export class LintPanel extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      header {
        border-bottom: 1px solid var(--ap-border);
        padding: 0.35rem 0.6rem;
      }
      h2 {
        font-size: 0.9rem;
        margin: 0;
      }
      ul {
        flex: 1;
        list-style: none;
        margin: 0;
        overflow: auto;
        padding: 0.25rem;
      }
      li button {
        align-items: flex-start;
        background: none;
        border: 1px solid transparent;
        display: grid;
        gap: 0.1rem 0.5rem;
        grid-template-columns: auto 1fr;
        min-height: 0;
        padding: 0.3rem 0.4rem;
        text-align: left;
        white-space: normal;
        width: 100%;
      }
      li button:hover {
        background: var(--ap-hover);
        border-color: var(--ap-border);
      }
      .badge {
        border-radius: 0.25rem;
        font-size: 0.7rem;
        font-weight: 700;
        letter-spacing: 0.02em;
        padding: 0.05rem 0.35rem;
        text-transform: uppercase;
      }
      .error .badge {
        background: var(--ap-bad-bg);
        color: var(--ap-bad);
      }
      .warning .badge {
        background: var(--ap-warn-bg);
        color: var(--ap-warn);
      }
      .where {
        color: var(--ap-muted);
        font-size: 0.78rem;
        grid-column: 2;
      }
      .message {
        font-size: 0.85rem;
      }
      .count {
        font-size: 0.8rem;
      }
      .hint {
        margin: 0;
        padding: 0.4rem 0.6rem 0;
      }
      .ok {
        color: var(--ap-good);
        padding: 0.5rem 0.6rem;
      }
    `,
  ];

  /** Server lint issues for the current draft. */
  @property({ attribute: false }) accessor issues: readonly Issue[] = [];
  /** The editor's own diagnostics (used while the text does not parse). */
  @property({ attribute: false }) accessor diagnostics: readonly EditorDiagnostic[] = [];
  /** The current text does not parse as JSON. */
  @property({ type: Boolean, attribute: 'parse-error' }) accessor parseError = false;
  /** A lint request is on its way. */
  @property({ type: Boolean }) accessor pending = false;
  /** The lint request failed: why. */
  @property() accessor failure = '';
  /** The parsed draft, to name places ("Activity “eq-pizza” › title"). */
  @property({ attribute: false }) accessor doc: unknown = null;

  override render() {
    const syntax = this.parseError ? syntaxErrors(this.diagnostics) : [];
    const issues = this.parseError ? [] : [...this.issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    const errors = this.parseError ? syntax.length : issues.filter((i) => i.severity === 'error').length;
    const warnings = issues.length - issues.filter((i) => i.severity === 'error').length;
    return html`
      <header class="row">
        <h2 id="heading">Problems</h2>
        <span class="count muted" data-testid="lint-count">${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}</span>
        <span class="spacer"></span>
        ${this.pending ? html`<span class="small muted" role="status">Checking…</span>` : nothing}
      </header>
      ${this.failure ? html`<p class="notice bad small" role="alert">${this.failure}</p>` : nothing}
      ${this.parseError
        ? html`<p class="small muted hint" data-testid="syntax-notice">
            The text is not valid JSON yet; fix the syntax and the full check runs again.${syntax.length > 1 ? ' Errors after the first often follow from it: start there.' : ''}
          </p>`
        : nothing}
      ${errors + warnings === 0 && !this.parseError && !this.pending && !this.failure
        ? html`<p class="ok small" role="status">No problems found.</p>`
        : html`<ul aria-labelledby="heading" data-testid="lint-list">
            ${syntax.map(
              (d) => html`<li class="error">
                <button type="button" @click=${() => this.dispatchEvent(new RevealPathEvent('', { line: d.line, column: d.column }))}>
                  <span class="badge">error</span><span class="message">${d.message}</span>
                  <span class="where">Line ${d.line}, column ${d.column}</span>
                </button>
              </li>`,
            )}
            ${issues.map((i) => {
              // Not "Objective “retention”" under "objective 'retention' cannot reach mastery": the message names it.
              const place = issuePlace(this.doc, i.path, i.message);
              return html`<li class=${i.severity}>
                <button type="button" @click=${() => this.dispatchEvent(new RevealPathEvent(i.path))} title=${i.code}>
                  <span class="badge">${i.severity}</span><span class="message">${i.message}</span>
                  ${place ? html`<span class="where">${place}</span>` : nothing}
                </button>
              </li>`;
            })}
          </ul>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-lint-panel': LintPanel;
  }
}
