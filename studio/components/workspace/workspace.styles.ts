/**
 * Layout of <ap-workspace>: a header and banners over two columns (editor and
 * problems left, tool tabs right) that stack on narrow screens. The controls'
 * look comes from the shared styles the element adopts first.
 */
import { css } from 'lit';

export default css`
  :host {
    display: grid;
    grid-template-rows: auto auto 1fr;
    height: 100%;
    min-height: 0;
  }
  .head {
    background: var(--ap-surface);
    border-bottom: 1px solid var(--ap-border);
    padding: 0.4rem 0.9rem;
  }
  .head h1 {
    font-size: 1.05rem;
    margin: 0;
    max-width: 40vw;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .save {
    border-radius: 1rem;
    font-size: 0.8rem;
    padding: 0.15rem 0.6rem;
  }
  .save.saved {
    background: var(--ap-good-bg);
    color: var(--ap-good);
  }
  .save.dirty,
  .save.saving {
    background: var(--ap-code-bg);
    color: var(--ap-muted);
  }
  .save.invalid,
  .save.error,
  .save.conflict {
    background: var(--ap-bad-bg);
    color: var(--ap-bad);
  }
  .banners:empty {
    display: none;
  }
  .banners > * {
    margin: 0.5rem 0.9rem 0;
  }
  .main {
    display: grid;
    gap: 0;
    grid-template-columns: minmax(0, 11fr) minmax(0, 9fr);
    min-height: 0;
  }
  /*
   * One explicit column that may shrink below its content: an implicit grid column is sized
   * by its widest item's min-content (the editor bar's one-line hint), which pushed the editor
   * and its buttons under the tools at 1024 px. Monaco follows its box (automaticLayout).
   */
  .left {
    border-right: 1px solid var(--ap-border);
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-template-rows: auto minmax(12rem, 1fr) auto;
    min-height: 0;
    min-width: 0;
  }
  .left > *,
  .right > * {
    min-width: 0;
  }
  .editor-bar {
    background: #f7f8fb;
    border-bottom: 1px solid var(--ap-border);
    padding: 0.3rem 0.6rem;
  }
  ap-json-editor {
    min-height: 0;
  }
  ap-lint-panel {
    background: var(--ap-surface);
    border-top: 1px solid var(--ap-border);
    max-height: 32vh;
    min-height: 0;
  }
  /* The hint wraps rather than lose its end ("Ctrl+M: Tab leaves th…") when the pane is narrow. */
  .editor-bar .hint {
    flex: 1 1 auto;
    line-height: 1.25;
    min-width: 0;
  }
  .editor-bar {
    flex-wrap: nowrap;
  }
  .editor-bar button {
    flex: none;
  }
  .right {
    background: var(--ap-surface);
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-template-rows: auto minmax(0, 1fr);
    min-height: 0;
    min-width: 0;
  }
  /*
   * All five tabs in view, never a strip that scrolls sideways with no sign of it: at 1024 px the
   * pane is about 460 px wide, so the tabs are a little tighter than other buttons and, on a
   * narrower pane still, wrap to a second row.
   */
  [role='tablist'] {
    border-bottom: 1px solid var(--ap-border);
    display: flex;
    flex-wrap: wrap;
    gap: 0.1rem;
    padding: 0.35rem 0.4rem 0;
  }
  [role='tab'] {
    padding: 0.35rem 0.55rem;
    background: none;
    border: 1px solid transparent;
    border-bottom: 0;
    border-radius: var(--ap-radius) var(--ap-radius) 0 0;
    color: var(--ap-muted);
    font-weight: 600;
    margin-bottom: -1px;
  }
  [role='tab'][aria-selected='true'] {
    background: var(--ap-surface);
    border-color: var(--ap-border);
    border-bottom: 1px solid var(--ap-surface);
    color: var(--ap-accent-strong);
  }
  [role='tabpanel'] {
    display: flex;
    flex-direction: column;
    min-height: 0;
    overflow: auto;
  }
  [role='tabpanel'] > * {
    flex: 1;
    min-height: 0;
  }
  .loading {
    padding: 2rem;
  }
  @media (max-width: 60rem) {
    :host {
      height: auto;
    }
    .main {
      grid-template-columns: minmax(0, 1fr);
    }
    .left {
      border-right: 0;
      grid-template-rows: auto 60vh auto;
    }
    ap-lint-panel {
      max-height: 40vh;
    }
    .right {
      border-top: 1px solid var(--ap-border);
      min-height: 70vh;
    }
    .head h1 {
      max-width: 100%;
      white-space: normal;
    }
    .editor-bar .hint {
      display: none;
    }
    .editor-bar {
      justify-content: flex-end;
    }
  }
`;
