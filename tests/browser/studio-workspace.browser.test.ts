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
import { focused, openStudio, paste, replaceAt, reveal, squiggles, text, until } from './studio-support.js';

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
      // QA at 1024 px: "Rule help" ran past x=1024 in a strip that scrolled sideways with no sign of it.
      const tabs = await page.getByRole('tab').all();
      expect(tabs).to.have.length(5);
      for (const tab of tabs) {
        const b = (await tab.boundingBox())!;
        const name = (await tab.textContent())?.trim();
        expect(overlap(save, b), `Save now against ${name}`).to.equal(false);
        const inPane = b.x >= right.x - 0.5 && b.x + b.width <= right.x + right.width + 0.5;
        expect(inPane, `${name} ${JSON.stringify(b)} within the tools ${JSON.stringify(right)}`).to.equal(true);
        expect(b.x >= 0 && b.x + b.width <= width, `${name} ${JSON.stringify(b)} within the ${width} px viewport`).to.equal(true);
      }
      const scroll = async (selector: string) =>
        page.locator(selector).first().evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      const strip = await scroll('ap-workspace [role="tablist"]');
      expect(strip.scrollWidth, `the tab strip scrolls sideways ${JSON.stringify(strip)}`).to.be.at.most(strip.clientWidth);
      const page_ = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(page_.scrollWidth, `the page scrolls sideways ${JSON.stringify(page_)}`).to.be.at.most(page_.clientWidth);
      // The editor's hint is read whole ("Ctrl+M: Tab leaves th…" was cut).
      const hint = await scroll('ap-workspace .editor-bar .hint');
      expect(hint.scrollWidth, `the hint is cut ${JSON.stringify(hint)}`).to.be.at.most(hint.clientWidth);
      // A click where the Path graph tab is drawn reaches the tab.
      await page.getByRole('tab', { name: 'Publish' }).click();
      const graphTab = (await page.getByRole('tab', { name: 'Path graph' }).boundingBox())!;
      await page.mouse.click(graphTab.x + 4, graphTab.y + graphTab.height / 2);
      expect(await page.getByRole('tab', { name: 'Path graph' }).getAttribute('aria-selected')).to.equal('true');
      await screenshot(page, `studio-workspace-${width}`);
    });
  }

  // QA: three seconds after "Create", focus was still on <body>: the library it was in had gone.
  it('puts focus on the new sequence’s title once it opens', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openStudio(page, ctx.tool, token);
    await page.getByRole('button', { name: 'New sequence' }).first().click();
    await page.getByLabel('Title').fill('Checks in order');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Checks in order' }).waitFor();
    expect(await until(() => focused(page), (f) => f.tag !== 'body', 'focus in the workspace', 5_000)).to.deep.include({ tag: 'h1', text: 'Checks in order' });
    await page.waitForTimeout(3_000);
    expect(await focused(page), 'still there three seconds later').to.deep.include({ tag: 'h1', text: 'Checks in order' });
    // Tab goes on from the title to the workspace's controls.
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).to.not.equal('body');
  });

  // QA: at 1280 px the graph's fixed 80 % cut nodes off, and "Created…" covered its legend.
  it('fits the first picture of the graph to its pane and keeps status messages off the legend', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openStudio(page, ctx.tool, token);
    await page.getByRole('button', { name: 'New sequence' }).first().click();
    await page.getByLabel('Title').fill('Fits the pane');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Fits the pane' }).waitFor();
    const graph = page.locator('ap-path-graph');
    await graph.locator('[data-node]').first().waitFor();
    const toast = page.getByTestId('toast').filter({ hasText: 'Created “Fits the pane”' });
    await toast.waitFor();
    const legend = await box(page, 'ap-path-graph .legend');
    const message = (await toast.boundingBox())!;
    expect(overlap(message, legend), `the message ${JSON.stringify(message)} over the legend ${JSON.stringify(legend)}`).to.equal(false);
    expect(overlap(message, await box(page, 'ap-workspace')), 'the message over the workspace').to.equal(false);

    const zoom = Number((await text(page, 'graph-zoom')).replace('%', ''));
    expect(zoom).to.be.at.most(100);
    const canvas = await box(page, 'ap-path-graph .canvas');
    for (const node of await graph.locator('[data-node]').all()) {
      const b = (await node.boundingBox())!;
      const inside = b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height;
      expect(inside, `${await node.getAttribute('aria-label')} ${JSON.stringify(b)} in the pane ${JSON.stringify(canvas)} at ${zoom}%`).to.equal(true);
    }
    await screenshot(page, 'studio-graph-fitted');
    // The zoom is the designer's from then on: an edit that redraws the graph keeps it.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const chosen = await text(page, 'graph-zoom');
    await replaceAt(page, '/activities/1/title', '"title": "First check, renamed"');
    await graph.getByRole('button', { name: /First check, renamed/ }).waitFor();
    expect(await text(page, 'graph-zoom')).to.equal(chosen);
  });

  // QA: a new objective pasted over `"objectives": [` without its bracket closed showed six errors, five of them
  // schema checks of a tolerant parse ("Missing property activities", "Property bkt is not allowed"…).
  it('lists only the syntax errors, first one first, while a slip keeps the text from parsing', async () => {
    const sequence = await createSequence(studioApi(ctx.tool, token), { title: 'Syntax slip', template: 'data-privacy' });
    await openStudio(page, ctx.tool, token, `#/sequences/${encodeURIComponent(sequence.id)}`);
    await page.locator('ap-json-editor .view-lines').waitFor();
    await until(() => text(page, 'lint-count'), (t) => t.startsWith('0 errors'), 'the first lint');
    await replaceAt(page, '/objectives', '"objectives": [\n{ "id": "new-one", "title": "New objective" }\n],');
    await until(() => text(page, 'save-state'), (t) => t.startsWith('Not saved: fix the JSON'), 'the invalid state');
    const list = page.getByTestId('lint-list').getByRole('button');
    await until(() => list.count(), (n) => n > 0, 'the syntax errors');
    // Monaco validates half a second after an edit: give any schema noise the time to arrive.
    await page.waitForTimeout(1500);
    const entries = (await list.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(entries.join('\n')).to.not.match(/Missing property|is not allowed|Incorrect type|must be/);
    expect(entries[0]).to.match(/^error ?(Property expected|Expected comma).*Line \d+, column \d+$/);
    const places = entries.map((e) => /Line (\d+), column (\d+)/.exec(e)!.slice(1).map(Number) as [number, number]);
    expect(places, 'first in the text first').to.deep.equal([...places].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(await text(page, 'lint-count')).to.equal(`${entries.length} error${entries.length === 1 ? '' : 's'}, 0 warnings`);
    expect(await text(page, 'syntax-notice')).to.contain('the full check runs again');
    // The editor agrees: one error squiggle, where the slip is; none on the untouched lines above and
    // below that the tolerant parse flagged (a missing property on line 1, duplicate keys, "bkt is not allowed").
    const marks = await squiggles(page);
    expect(marks).to.have.length(entries.length);
    expect(marks.every((m) => m.kind === 'error')).to.equal(true);
    await screenshot(page, 'studio-syntax-only');

    // Undo the slip, then add a stray brace at the end: "End of file expected." carries the schema's code (0),
    // and is still listed, as the only problem.
    await page.keyboard.press('Control+z');
    await until(() => text(page, 'save-state'), (t) => !t.startsWith('Not saved'), 'the text to parse again');
    await until(() => text(page, 'lint-count'), (t) => t.startsWith('0 errors'), 'the full check again');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('}');
    await until(() => list.allTextContents(), (all) => all.length === 1 && all[0]!.includes('End of file expected.'), 'the one syntax error');
    expect(await text(page, 'lint-count')).to.equal('1 error, 0 warnings');
    await page.keyboard.press('Backspace');
    await until(() => text(page, 'save-state'), (t) => t === 'Saved', 'the repaired text');
  });

  // QA: comparing a version with the draft showed an added activity as one line of raw JSON.
  it('shows an added activity in a comparison by its title, its key fields and its JSON', async () => {
    const api = studioApi(ctx.tool, token);
    const sequence = await createSequence(api, { title: 'Compared', template: 'fractions' });
    await api.post(`/sequences/${sequence.id}/publish`).expect(201);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openStudio(page, ctx.tool, token, `#/sequences/${encodeURIComponent(sequence.id)}/publish`);
    await page.locator('ap-json-editor .view-lines').waitFor();
    await reveal(page, '/activities/0');
    await page.keyboard.press('Home');
    await paste(page, '{ "id": "extra-reading", "kind": "reading", "title": "Extra reading", "objectives": ["equivalent"], "body": "More about fractions." },\n');
    await until(() => text(page, 'save-state'), (t) => t === 'Saved', 'the new activity to be saved');
    await page.getByRole('button', { name: 'Compare version 1 with the draft' }).click();
    const item = page.getByTestId('diff-item').filter({ hasText: 'Extra reading' });
    await item.waitFor();
    expect(await item.getByRole('button', { name: 'Activity “extra-reading”: Extra reading' }).count(), 'named, and revealable in the draft').to.equal(1);
    const facts = await item.locator('dl').evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`));
    expect(facts).to.deep.equal(['Kind: reading', 'Objectives: equivalent', 'Text: More about fractions.']);
    await item.getByText('JSON', { exact: true }).click();
    const json = (await item.locator('pre').textContent()) ?? '';
    expect(JSON.parse(json)).to.deep.include({ id: 'extra-reading', kind: 'reading' });
    expect(json.split('\n').length, 'pretty-printed').to.be.greaterThan(5);
    expect(await item.locator('pre').isVisible()).to.equal(true);
    await screenshot(page, 'studio-diff-item');
  });

  it('loaded without script errors', () => {
    expect(problems).to.deep.equal([]);
  });
});
