/**
 * What the studio's browser tests share: opening the studio as a designer
 * does, polling, and editing Monaco the way a designer does (select a place,
 * paste over it) through the editor element's public API and real DOM events,
 * never by reaching into Monaco.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { sealPageCode } from '../../server/lti/page-code.js';
import type { RunningServer } from '../../server/server.js';

/**
 * Opens the studio the way a designer does: the staff landing page (as a
 * launch's redirect opens it, with a fresh page code), then its "Open the
 * studio" button, which posts the session token. `hash` is a studio route.
 */
export async function openStudio(page: Page, tool: RunningServer, token: string, hash = ''): Promise<void> {
  await page.goto(`${tool.url}/app?code=${sealPageCode(tool.lti.pageCodes, token, Date.now())}`);
  await Promise.all([page.waitForURL(`${tool.url}/studio`), page.getByRole('button', { name: 'Open the studio' }).click()]);
  if (hash) await page.evaluate((route) => void (location.hash = route), hash);
}

/** Polls until `read` returns something `done` accepts; fails with the last value. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** The trimmed text of the first element with this test id. */
export async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/**
 * The focused element, looking through shadow roots (document.activeElement
 * stops at the first host): its tag, its id and its trimmed text.
 */
export function focused(page: Page): Promise<{ tag: string; id: string; text: string }> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim() };
  });
}

export function editorText(page: Page): Promise<string> {
  return page.locator('ap-json-editor').evaluate((el) => (el as unknown as { value: string }).value);
}

/** Selects the JSON at `pointer` with <ap-json-editor>'s revealPointer. */
export async function reveal(page: Page, pointer: string): Promise<void> {
  const found = await page.locator('ap-json-editor').evaluate((el, p) => (el as unknown as { revealPointer(p: string): boolean }).revealPointer(p), pointer);
  expect(found, `pointer ${pointer} in the editor`).to.equal(true);
}

/**
 * Pastes text where Monaco's cursor is. A paste, not keystrokes: typed quotes
 * and brackets get auto-closed, which is right for people and noise here.
 * Waits until the text has changed: Monaco may apply a paste asynchronously
 * (with its paste-provider contribution), and the test must not outrun it.
 */
export async function paste(page: Page, value: string): Promise<void> {
  const before = await editorText(page);
  await page.locator('ap-json-editor').evaluate((el, v) => {
    const data = new DataTransfer();
    data.setData('text/plain', v);
    el.shadowRoot!.querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, value);
  await until(() => editorText(page), (t) => t !== before, 'the paste to land', 5_000);
}

/** Selects the JSON at `pointer`, then pastes over it. */
export async function replaceAt(page: Page, pointer: string, replacement: string): Promise<void> {
  await reveal(page, pointer);
  await paste(page, replacement);
}

/** Squiggles Monaco draws, with the text of the line each is on. */
export async function squiggles(page: Page): Promise<Array<{ kind: string; line: string }>> {
  return page.locator('ap-json-editor').evaluate((el) => {
    const root = el.shadowRoot!;
    const lines = [...root.querySelectorAll<HTMLElement>('.view-lines .view-line')].map((l) => ({ top: l.style.top, text: l.textContent ?? '' }));
    return [...root.querySelectorAll<HTMLElement>('.view-overlays [class*="squiggly-"]')].map((s) => {
      const top = s.parentElement?.style.top ?? '';
      return { kind: /squiggly-(\w+)/.exec(s.className)?.[1] ?? '', line: lines.find((l) => l.top === top)?.text.replace(/\u00a0/g, ' ') ?? '' };
    });
  });
}
