/**
 * Styles every studio component adopts: controls, focus ring, small type
 * helpers. Colours and spacing come from custom properties set on :root in
 * studio/styles/page.css, which inherit into shadow roots.
 */
import { css } from 'lit';

export const shared = css`
  :host {
    /* Contains .visually-hidden descendants, which would otherwise lengthen the page. */
    position: relative;
    box-sizing: border-box;
    color: var(--ap-ink);
    font: var(--ap-font);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.5rem;
  }
  h2 {
    font-size: 1.05rem;
  }
  h3 {
    font-size: 0.95rem;
  }
  p {
    margin: 0 0 0.6rem;
  }
  button,
  .button {
    align-items: center;
    background: var(--ap-surface);
    border: 1px solid var(--ap-border-strong);
    border-radius: var(--ap-radius);
    color: var(--ap-ink);
    cursor: pointer;
    display: inline-flex;
    font: inherit;
    font-size: 0.875rem;
    gap: 0.35rem;
    line-height: 1.2;
    min-height: 2rem;
    padding: 0.35rem 0.75rem;
    text-decoration: none;
    white-space: nowrap;
  }
  button:hover:not(:disabled) {
    background: var(--ap-hover);
  }
  button.primary {
    background: var(--ap-accent);
    border-color: var(--ap-accent);
    color: #fff;
  }
  button.primary:hover:not(:disabled) {
    background: var(--ap-accent-strong);
  }
  button.danger {
    background: var(--ap-bad);
    border-color: var(--ap-bad);
    color: #fff;
  }
  button.link {
    background: none;
    border: 0;
    color: var(--ap-accent-strong);
    min-height: 0;
    padding: 0.1rem 0.2rem;
    text-decoration: underline;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  input:not([type='checkbox'], [type='radio'], [type='range']),
  select,
  textarea {
    background: var(--ap-surface);
    border: 1px solid var(--ap-border-strong);
    border-radius: var(--ap-radius);
    color: var(--ap-ink);
    font: inherit;
    font-size: 0.875rem;
    min-height: 2rem;
    padding: 0.3rem 0.5rem;
  }
  input[type='checkbox'],
  input[type='radio'] {
    accent-color: var(--ap-accent);
    margin: 0 0.3rem 0 0;
    vertical-align: -0.1em;
  }
  textarea {
    font-family: var(--ap-mono);
    font-size: 0.8rem;
  }
  :focus-visible {
    outline: 3px solid var(--ap-focus);
    outline-offset: 2px;
  }
  label {
    font-size: 0.85rem;
    font-weight: 600;
  }
  .muted {
    color: var(--ap-muted);
  }
  .small {
    font-size: 0.8rem;
  }
  .mono,
  code {
    font-family: var(--ap-mono);
    font-size: 0.85em;
  }
  code {
    background: var(--ap-code-bg);
    border-radius: 0.25rem;
    padding: 0.05rem 0.3rem;
  }
  .visually-hidden {
    border: 0;
    clip: rect(0 0 0 0);
    height: 1px;
    margin: -1px;
    overflow: hidden;
    padding: 0;
    position: absolute;
    white-space: nowrap;
    width: 1px;
  }
  .row {
    align-items: center;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .spacer {
    flex: 1;
  }
  .error-text {
    color: var(--ap-bad);
  }
  .notice {
    background: var(--ap-notice-bg);
    border: 1px solid var(--ap-notice-border);
    border-radius: var(--ap-radius);
    padding: 0.6rem 0.8rem;
  }
  .notice.bad {
    background: var(--ap-bad-bg);
    border-color: var(--ap-bad);
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
`;
