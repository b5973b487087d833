/**
 * <ap-dialog>: a modal dialog on the native <dialog> element, which gives the
 * focus trap, Escape to dismiss, inertness of the page and the top layer for free.
 *
 * Put the content in the default slot and the buttons in slot="footer"; call
 * close(value) from a button. Focus goes to the first element with `autofocus`
 * in the content (put it on the safe choice) and back to where it was on close.
 *
 * @event dialog-close - DialogCloseEvent with the value passed to close(), '' when dismissed.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { DialogCloseEvent } from '../../lib/events.js';
import { shared } from '../../styles/shared.js';

@customElement('ap-dialog')
export class Dialog extends LitElement {
  static override styles = [
    shared,
    css`
      dialog {
        border: 0;
        border-radius: 0.6rem;
        box-shadow: 0 10px 40px rgb(0 0 0 / 25%);
        max-width: min(34rem, calc(100vw - 2rem));
        padding: 0;
        width: 100%;
      }
      dialog::backdrop {
        background: rgb(20 28 45 / 45%);
      }
      .body {
        padding: 1.1rem 1.25rem 0.5rem;
      }
      footer {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        justify-content: flex-end;
        padding: 0.75rem 1.25rem 1.1rem;
      }
    `,
  ];

  @property() accessor heading = '';
  @property({ type: Boolean, reflect: true }) accessor open = false;

  @query('dialog') private accessor dialog!: HTMLDialogElement;
  private returnTo: HTMLElement | null = null;
  private closingValue = '';

  override render() {
    return html`<dialog aria-labelledby="heading" @close=${this.onClose} @cancel=${() => (this.closingValue = '')}>
      <div class="body">
        <h2 id="heading">${this.heading}</h2>
        <slot></slot>
      </div>
      <footer><slot name="footer"></slot></footer>
    </dialog>`;
  }

  show(): void {
    this.open = true;
  }

  close(value = ''): void {
    this.closingValue = value;
    this.open = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      this.returnTo = deepActiveElement();
      this.closingValue = '';
      this.dialog.showModal();
      const preferred = this.querySelector<HTMLElement>('[autofocus]');
      preferred?.focus();
    } else if (!this.open && this.dialog.open) {
      this.dialog.close(this.closingValue);
    }
  }

  private onClose(): void {
    this.open = false;
    const value = this.closingValue;
    this.closingValue = '';
    this.returnTo?.focus();
    this.returnTo = null;
    this.dispatchEvent(new DialogCloseEvent(value));
  }
}

/** The focused element, looking through shadow roots (document.activeElement stops at the first host). */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-dialog': Dialog;
  }
}
