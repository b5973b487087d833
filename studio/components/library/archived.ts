/**
 * <ap-archived-sequences>: the library's archived sequences, collapsed under
 * "Archived (n)" so they stay out of the way of the working list, each with a
 * Restore button for the designer who archived one by mistake. The library
 * loads the list (with its search); this element restores.
 *
 * @event sequence-restored - SequenceRestoredEvent once a sequence is back in the library.
 * @event notify - NotifyEvent with the outcome.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ArchivedSequenceSummary, StudioApi } from '../../lib/api.js';
import { NotifyEvent, SequenceRestoredEvent } from '../../lib/events.js';
import { fullDate, when } from '../../lib/format.js';
import { shared } from '../../styles/shared.js';

@customElement('ap-archived-sequences')
export class ArchivedSequences extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        margin-top: 1.25rem;
      }
      details {
        background: var(--ap-surface);
        border: 1px solid var(--ap-border);
        border-radius: 0.6rem;
        padding: 0.55rem 0.75rem;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      /* Content inherits through <details>' own (user-agent) slot, which is content-box: the shared inherit would make buttons taller. */
      details * {
        box-sizing: border-box;
      }
      details[open] summary {
        margin-bottom: 0.4rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        align-items: center;
        border-top: 1px solid var(--ap-border);
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        padding: 0.45rem 0;
      }
      .title {
        flex: 1 1 16rem;
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) accessor api: StudioApi | null = null;
  @property({ attribute: false }) accessor sequences: ArchivedSequenceSummary[] = [];

  /** The id being restored: its button waits, the others stay usable. */
  @state() private accessor restoring: string | null = null;

  private async restore(s: ArchivedSequenceSummary): Promise<void> {
    if (!this.api || this.restoring) return;
    this.restoring = s.id;
    try {
      await this.api.restoreSequence(s.id);
      this.dispatchEvent(new NotifyEvent(`Restored “${s.title}”: it is back in your library and can be placed in courses again.`, 'success'));
      this.dispatchEvent(new SequenceRestoredEvent(s.id));
    } catch (error) {
      this.dispatchEvent(new NotifyEvent(`Could not restore “${s.title}”: ${(error as Error).message}`, 'error'));
    } finally {
      this.restoring = null;
    }
  }

  override render() {
    if (this.sequences.length === 0) return nothing;
    return html`<details data-testid="archived">
      <summary>Archived (${this.sequences.length})</summary>
      <p class="small muted">Out of your library and the lists to place from. Courses that use them keep delivering them; restoring one brings it back as it was.</p>
      <ul aria-label="Archived sequences">
        ${this.sequences.map(
          (s) => html`<li data-testid="archived-row">
            <span class="title">${s.title}</span>
            <span class="small muted" title=${fullDate(s.archivedAt)}>archived ${when(s.archivedAt)}</span>
            <span class="small muted">${s.latestVersion ? `version ${s.latestVersion}` : 'draft only'}</span>
            <button type="button" @click=${() => void this.restore(s)} ?disabled=${this.restoring !== null} aria-label="Restore ${s.title}">${this.restoring === s.id ? 'Restoring…' : 'Restore'}</button>
          </li>`,
        )}
      </ul>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-archived-sequences': ArchivedSequences;
  }
}
