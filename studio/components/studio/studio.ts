/**
 * <ap-studio>: the authoring studio's shell. Reads the session from the page,
 * routes by the URL's hash (so the page's own address stays untouched and
 * reloading keeps the place), and shows short status messages.
 *
 *   #/                          the library
 *   #/sequences/<id>[/<panel>]  one sequence in the workspace
 *   #/help                      the rule language
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { StudioApi } from '../../lib/api.js';
import type { NotifyEvent, PanelChangeEvent, SequenceOpenEvent } from '../../lib/events.js';
import { shared } from '../../styles/shared.js';
import '../help/help.js';
import '../library/library.js';
import { PANELS, type PanelName } from '../workspace/workspace.js';
import '../workspace/workspace.js';

type Route = { view: 'library' } | { view: 'help' } | { view: 'sequence'; id: string; panel: PanelName };

interface Toast {
  readonly id: number;
  readonly message: string;
  readonly tone: NotifyEvent['tone'];
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'help') return { view: 'help' };
  if (parts[0] === 'sequences' && parts[1]) {
    const panel = PANELS.find((p) => p.name === parts[2])?.name ?? 'graph';
    return { view: 'sequence', id: parts[1], panel };
  }
  return { view: 'library' };
}

@customElement('ap-studio')
export class Studio extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: grid;
        grid-template-rows: var(--ap-bar-height) 1fr;
        height: 100%;
      }
      .bar {
        align-items: center;
        background: var(--ap-ink);
        color: #fff;
        display: flex;
        gap: 1rem;
        padding: 0 1rem;
      }
      .brand {
        font-weight: 700;
        letter-spacing: 0.02em;
        white-space: nowrap;
      }
      .brand span {
        font-weight: 400;
        opacity: 0.75;
      }
      nav {
        display: flex;
        gap: 0.25rem;
      }
      nav a {
        white-space: nowrap;
        border-radius: var(--ap-radius);
        color: #dfe5f2;
        padding: 0.3rem 0.6rem;
        text-decoration: none;
      }
      nav a[aria-current='page'] {
        background: rgb(255 255 255 / 14%);
        color: #fff;
      }
      nav a:hover {
        color: #fff;
      }
      main {
        min-height: 0;
        overflow: auto;
      }
      main.fill {
        overflow: hidden;
      }
      /*
       * Status messages sit in the bar, in the room between the navigation and the name, so
       * they never cover the page (they covered the path graph's legend, bottom right). The
       * newest shows, and errors stay until dismissed: they usually ask for an action.
       */
      .toasts {
        align-items: center;
        display: flex;
        flex: 1 1 auto;
        gap: 0.5rem;
        justify-content: flex-end;
        min-width: 0;
      }
      .toast {
        align-items: center;
        background: rgb(255 255 255 / 14%);
        border-radius: var(--ap-radius);
        color: #fff;
        display: flex;
        flex: 0 1 auto;
        font-size: 0.85rem;
        gap: 0.5rem;
        line-height: 1.25;
        max-width: 30rem;
        min-width: 0;
        padding: 0.2rem 0.3rem 0.2rem 0.6rem;
      }
      .toast .text {
        -webkit-box-orient: vertical;
        -webkit-line-clamp: 2;
        display: -webkit-box;
        overflow: hidden;
      }
      .toast.success {
        background: var(--ap-good);
      }
      .toast.error {
        background: var(--ap-bad);
      }
      .toast button {
        background: transparent;
        border-color: rgb(255 255 255 / 50%);
        color: #fff;
        flex: none;
        min-height: 0;
        padding: 0.1rem 0.4rem;
      }
      .signin {
        margin: 3rem auto;
        max-width: 34rem;
        padding: 0 1rem;
      }
      .who {
        color: #c9d1e3;
        flex: 0 1 auto;
        font-size: 0.85rem;
        min-width: 3rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      @media (max-width: 60rem) {
        main.fill {
          overflow: auto;
        }
        .bar {
          gap: 0.5rem;
          padding: 0 0.5rem;
        }
        .brand span,
        .who {
          display: none;
        }
        /* No room in the bar: over the page, bottom right, where the stacked layout scrolls past. */
        .toasts {
          align-items: stretch;
          bottom: 1rem;
          flex-direction: column;
          max-width: min(26rem, calc(100vw - 2rem));
          position: fixed;
          right: 1rem;
          z-index: 10;
        }
        .toast {
          background: var(--ap-ink);
          box-shadow: 0 4px 16px rgb(0 0 0 / 20%);
          max-width: none;
          padding: 0.55rem 0.75rem;
        }
      }
    `,
  ];

  @state() private accessor route: Route = parseRoute(location.hash);
  @state() private accessor toasts: Toast[] = [];

  private readonly api = StudioApi.fromDocument();
  private nextToast = 1;
  private readonly onHashChange = () => {
    this.route = parseRoute(location.hash);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    this.addEventListener('notify', this.onNotify);
    this.addEventListener('sequence-open', this.onOpen);
    this.addEventListener('panel-change', this.onPanel);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.removeEventListener('notify', this.onNotify);
    this.removeEventListener('sequence-open', this.onOpen);
    this.removeEventListener('panel-change', this.onPanel);
  }

  private readonly onNotify = (event: NotifyEvent): void => {
    const toast = { id: this.nextToast++, message: event.message, tone: event.tone };
    this.toasts = [...this.toasts.slice(-3), toast];
    // Errors stay until dismissed: they usually ask for an action.
    if (event.tone !== 'error') setTimeout(() => this.dismiss(toast.id), 5000);
  };

  private readonly onOpen = (event: SequenceOpenEvent): void => {
    location.hash = `#/sequences/${encodeURIComponent(event.id)}`;
  };

  private readonly onPanel = (event: PanelChangeEvent): void => {
    if (this.route.view !== 'sequence') return;
    // The tab is part of the address (reload keeps it) but not of the history.
    const hash = `#/sequences/${encodeURIComponent(this.route.id)}/${event.panel}`;
    history.replaceState(history.state, '', hash);
    this.route = parseRoute(hash);
  };

  private dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  override render() {
    const route = this.route;
    return html`
      <header class="bar">
        <span class="brand">Adaptive Paths <span>Studio</span></span>
        <nav aria-label="Studio">
          <a href="#/" aria-current=${route.view !== 'help' ? 'page' : 'false'}>Sequences</a>
          <a href="#/help" aria-current=${route.view === 'help' ? 'page' : 'false'}>Rule help</a>
        </nav>
        <div class="toasts" role="status" aria-live="polite">
          ${this.toasts
            .filter((t, i, all) => t.tone === 'error' || i === all.length - 1)
            .map(
              (t) => html`<div class="toast ${t.tone}" data-testid="toast" title=${t.message}>
                <span class="text">${t.message}</span>
                <button type="button" @click=${() => this.dismiss(t.id)} aria-label="Dismiss">×</button>
              </div>`,
            )}
        </div>
        ${this.dataset.userName ? html`<span class="who">${this.dataset.userName}${this.dataset.contextTitle ? ` · ${this.dataset.contextTitle}` : ''}</span>` : nothing}
      </header>
      <main id="main" class=${route.view === 'sequence' ? 'fill' : ''}>${this.renderView(route)}</main>
    `;
  }

  private renderView(route: Route) {
    if (!this.api) {
      return html`<div class="signin notice bad" role="alert">
        <h1>Open the studio from your course</h1>
        <p>The studio needs the session your LMS starts when you open the tool as an instructor. Launch the tool from your course, then choose “Authoring studio”.</p>
      </div>`;
    }
    switch (route.view) {
      case 'library':
        return html`<ap-library .api=${this.api}></ap-library>`;
      case 'help':
        return html`<ap-help .api=${this.api}></ap-help>`;
      case 'sequence':
        // One workspace per sequence: opening another replaces the element, and the old one
        // saves what is pending as it leaves (see Workspace.disconnectedCallback).
        return keyed(route.id, html`<ap-workspace .api=${this.api} sequence-id=${route.id} .panel=${route.panel}></ap-workspace>`);
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-studio': Studio;
  }
}
