/**
 * Debian's Chromium driven by playwright-core. Never a downloaded browser: the
 * machines have no internet, so the flags also stop Chromium's background
 * connections.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { sealPageCode } from '../../server/lti/page-code.js';
import type { RunningServer, StartOptions } from '../../server/server.js';
import { started, type WithTool } from './hooks.js';
import { startTestTool } from './tool.js';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', ...extraArgs],
  });
}

/**
 * The tool and Chromium for the calling describe block, as `useTool` does it;
 * one pair of hooks, so the browser closes before the tool it was talking to.
 */
export function useToolAndBrowser(env: Record<string, string> = {}, opts: StartOptions = {}): WithTool & { readonly browser: Browser } {
  let tool: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    tool = await startTestTool(env, opts);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await tool?.close();
  });
  return {
    get tool() {
      return started(tool, 'tool');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}

/**
 * The learner's player opened in a new page the way a launch lands there (a fresh page code),
 * with the page's script errors collected, and console errors too unless the test expects
 * some (a refused answer's 4xx is logged by the browser).
 */
export async function openPlayer(
  ctx: WithTool & { readonly browser: Browser },
  learner: { readonly token: string },
  options: { readonly consoleErrors?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.consoleErrors !== false) {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  }
  await page.goto(`${ctx.tool.url}/app?code=${sealPageCode(ctx.tool.lti.pageCodes, learner.token, Date.now())}`);
  return { page, errors };
}

/** Saves a screenshot under test-results/ so a failing run can be looked at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(process.cwd(), 'test-results', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Reloads `frame` and resolves once a new document has loaded in it. Waiting
 * for something on the page right after `location.reload()` can match the old
 * document, which is still there until the browser navigates: the marker
 * tells the two apart.
 */
export async function reloadFrame(frame: Frame, timeoutMs = 15_000): Promise<void> {
  await frame.evaluate(() => {
    (window as unknown as { beforeReload?: boolean }).beforeReload = true;
    location.reload();
  });
  const until = Date.now() + timeoutMs;
  for (;;) {
    // The old document's context goes away mid-navigation; that only means "not yet".
    const fresh = await frame
      .evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload !== true && document.readyState !== 'loading')
      .catch(() => false);
    if (fresh) return;
    if (Date.now() > until) throw new Error(`the frame at ${frame.url()} did not reload within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
