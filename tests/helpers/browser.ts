/**
 * Debian's Chromium driven by playwright-core. Never a downloaded browser: the
 * machines have no internet, so the flags also stop Chromium's background
 * connections.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** Saves a screenshot under test-results/ so a failing run can be looked at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(process.cwd(), 'test-results', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
