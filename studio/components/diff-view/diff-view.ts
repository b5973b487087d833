/**
 * <ap-diff-view>: the changes between two versions of a sequence, in words.
 * Each change names its place ("Activity “eq-pizza” › title") and shows the
 * value before and after; a change in the draft can be revealed in the editor.
 * A whole item added or removed (an activity, a rule…) is named by itself,
 * with its key fields in words and its JSON, pretty-printed, under a toggle.
 *
 * @event reveal-path - RevealPathEvent when a place is activated (only when `revealable`).
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Change } from '../../lib/api.js';
import { describePointer, itemSummary, valuePreview, type ItemSummary } from '../../lib/describe.js';
import { RevealPathEvent } from '../../lib/events.js';
import { shared } from '../../styles/shared.js';

const OPS: Record<string, { label: string; tone: string }> = {
  add: { label: 'added', tone: 'add' },
  added: { label: 'added', tone: 'add' },
  remove: { label: 'removed', tone: 'remove' },
  removed: { label: 'removed', tone: 'remove' },
  replace: { label: 'changed', tone: 'change' },
  change: { label: 'changed', tone: 'change' },
  changed: { label: 'changed', tone: 'change' },
  move: { label: 'moved', tone: 'change' },
};

@customElement('ap-diff-view')
export class DiffView extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      ol {
        display: grid;
        gap: 0.4rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        border: 1px solid var(--ap-border);
        border-left-width: 4px;
        border-radius: var(--ap-radius);
        padding: 0.4rem 0.6rem;
      }
      li.add {
        border-left-color: var(--ap-good);
      }
      li.remove {
        border-left-color: var(--ap-bad);
      }
      li.change {
        border-left-color: var(--ap-accent);
      }
      .op {
        font-size: 0.72rem;
        font-weight: 700;
        letter-spacing: 0.03em;
        text-transform: uppercase;
      }
      .add .op {
        color: var(--ap-good);
      }
      .remove .op {
        color: var(--ap-bad);
      }
      .change .op {
        color: var(--ap-accent-strong);
      }
      .where {
        font-weight: 600;
      }
      .values {
        display: grid;
        gap: 0.15rem;
        margin-top: 0.25rem;
      }
      .value {
        font-family: var(--ap-mono);
        font-size: 0.78rem;
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
      .before {
        background: var(--ap-bad-bg);
        text-decoration: line-through;
        text-decoration-color: rgb(179 38 30 / 50%);
      }
      .after {
        background: var(--ap-good-bg);
      }
      .value::before {
        display: inline-block;
        font-weight: 700;
        width: 1.2em;
      }
      .before::before {
        content: '−';
      }
      .after::before {
        content: '+';
      }
      dl {
        display: grid;
        font-size: 0.85rem;
        gap: 0.1rem 0.75rem;
        grid-template-columns: max-content minmax(0, 1fr);
        margin: 0.3rem 0 0;
      }
      dt {
        color: var(--ap-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      details {
        margin-top: 0.3rem;
      }
      summary {
        color: var(--ap-accent-strong);
        cursor: pointer;
        font-size: 0.8rem;
      }
      pre.json {
        border-radius: var(--ap-radius);
        font-family: var(--ap-mono);
        font-size: 0.75rem;
        margin: 0.25rem 0 0;
        max-height: 20rem;
        overflow: auto;
        padding: 0.4rem 0.6rem;
        white-space: pre;
      }
      .add pre.json {
        background: var(--ap-good-bg);
      }
      .remove pre.json {
        background: var(--ap-bad-bg);
      }
    `,
  ];

  @property({ attribute: false }) accessor changes: readonly Change[] = [];
  /** The document the paths are named from (the newer side). */
  @property({ attribute: false }) accessor doc: unknown = null;
  /** The newer side is the draft in the editor, so places can be revealed. */
  @property({ type: Boolean }) accessor revealable = false;

  override render() {
    if (this.changes.length === 0) return html`<p class="muted" role="status">No differences.</p>`;
    return html`<p class="small muted" role="status">${this.changes.length} change${this.changes.length === 1 ? '' : 's'}</p>
      <ol data-testid="diff-list">
        ${this.changes.map((c) => {
          const op = OPS[c.op] ?? { label: c.op, tone: 'change' };
          const item = op.tone === 'add' ? itemSummary(c.path, c.after) : op.tone === 'remove' ? itemSummary(c.path, c.before) : null;
          if (item) return this.renderItem(c, op, item);
          const where = describePointer(this.doc, c.path);
          return html`<li class=${op.tone}>
            <span class="op">${op.label}</span>
            ${this.revealable && op.tone !== 'remove'
              ? html`<button class="link where" type="button" @click=${() => this.dispatchEvent(new RevealPathEvent(c.path))}>${where}</button>`
              : html`<span class="where">${where}</span>`}
            <div class="values">
              ${'before' in c && c.before !== undefined ? html`<span class="value before" aria-label="before">${valuePreview(c.before, 400)}</span>` : nothing}
              ${'after' in c && c.after !== undefined ? html`<span class="value after" aria-label="after">${valuePreview(c.after, 400)}</span>` : nothing}
            </div>
          </li>`;
        })}
      </ol>`;
  }

  /** A whole item added or removed: named by itself (a removed one is not in the newer document), its facts, its JSON. */
  private renderItem(c: Change, op: { label: string; tone: string }, item: ItemSummary) {
    // An item inside another (a choice of an activity) also says where it is.
    const tokens = c.path.split('/');
    const parent = tokens.slice(0, /^\d+$/.test(tokens[tokens.length - 1] ?? '') ? -2 : -1).join('/');
    const within = parent ? describePointer(this.doc, parent) : '';
    return html`<li class=${op.tone} data-testid="diff-item">
      <span class="op">${op.label}</span>
      ${this.revealable && op.tone === 'add'
        ? html`<button class="link where" type="button" @click=${() => this.dispatchEvent(new RevealPathEvent(c.path))}>${item.heading}</button>`
        : html`<span class="where">${item.heading}</span>`}
      ${within && op.tone === 'add' ? html`<span class="small muted">in ${within}</span>` : nothing}
      ${item.facts.length
        ? html`<dl>
            ${item.facts.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}
          </dl>`
        : nothing}
      <details ?open=${item.facts.length === 0}>
        <summary>JSON</summary>
        <pre class="json" aria-label="${op.label === 'removed' ? 'Removed' : 'Added'} JSON">${item.json}</pre>
      </details>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-diff-view': DiffView;
  }
}
