/**
 * Where focus goes when an answer is refused, with JavaScript and without:
 * one pattern for a question and for the warm-up, GOV.UK's error summary.
 * The summary at the top of the form is focused (so it is read first), the
 * title says "Error:", and its link, reached with Tab and followed with
 * Enter, puts focus in the refused field, which is invalid and described by
 * the message. QA found the warm-up left the learner on the message with no
 * way to the field but searching the form; then that the summary was both
 * focused and an alert, which some screen readers announce twice.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { SequenceDoc } from '../../server/engine/index.js';
import { sealPageCode } from '../../server/lti/page-code.js';
import { loadSample } from '../engine/support/samples.js';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { at, Learner, toQuestion, wrongAnswer } from '../delivery/support/learner.js';

const fractions: SequenceDoc = loadSample('fractions');

const active = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('browser: a refused answer, with and without JavaScript', function () {
  this.timeout(120_000);
  const ctx = useToolAndBrowser();

  async function open(learner: Learner, javaScriptEnabled: boolean): Promise<Page> {
    const context = await ctx.browser.newContext({ javaScriptEnabled, viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${ctx.tool.url}/app?code=${sealPageCode(ctx.tool.lti.pageCodes, learner.token, Date.now())}`);
    return page;
  }

  /** After a refusal: the summary has focus; Tab reaches its link, Enter puts focus in `field`. */
  async function expectSummaryThenField(page: Page, field: string, message: RegExp): Promise<void> {
    await page.waitForFunction(() => document.activeElement?.id === 'form-error-summary', undefined, { timeout: 15_000 });
    // Focus announces it; an alert (or a live region around it) as well made screen readers say it twice.
    expect(
      await page.locator('#form-error-summary').evaluate((el) => ({ live: el.closest('[role="alert"], [role="status"], [aria-live]')?.outerHTML.slice(0, 80) ?? null, labelledBy: el.getAttribute('aria-labelledby') })),
    ).to.deep.equal({ live: null, labelledBy: null });
    expect(await page.title()).to.match(/^Error: /);
    expect(await page.locator('#form-error-summary h2').textContent()).to.equal('There is a problem');
    const link = page.locator('#form-error-summary a');
    expect(await link.textContent()).to.match(message);
    expect(await link.getAttribute('href')).to.equal(`#${field}`);
    const input = page.locator(`#${field}`);
    expect(await input.getAttribute('aria-invalid')).to.equal('true');
    expect((await input.getAttribute('aria-describedby'))!.split(' ')).to.include('form-error-text');
    await page.keyboard.press('Tab');
    expect(await active(page), 'Tab from the summary reaches its link').to.equal('form-error-text');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.activeElement?.id === id, field, { timeout: 5_000 });
    expect(await input.isVisible()).to.equal(true);
  }

  for (const js of [true, false]) {
    const mode = js ? 'with JavaScript' : 'without JavaScript';

    it(`a question (${mode}): the summary is focused, and its link focuses the field`, async () => {
      const learner = await Learner.launch(ctx.tool, js ? 'learner-maya' : 'learner-liam');
      const screen = await toQuestion(learner, fractions, { answer: wrongAnswer }, (s) => s.question.kind === 'numeric');
      const page = await open(learner, js);
      await page.getByLabel(/Your answer/).fill('twelve');
      await page.getByRole('button', { name: 'Check answer' }).click();
      await expectSummaryThenField(page, 'answer-value', /“twelve” is not a number/);
      if (js) expect(await page.locator('#screen').getAttribute('data-screen'), 'updated in place').to.equal(screen.id);
      await page.keyboard.type('12');
      await screenshot(page, `player-question-refused-${js ? 'js' : 'nojs'}`);
      await page.context().close();
    });

    it(`the warm-up (${mode}): the same summary, whose link focuses the refused item's field`, async () => {
      const learner = await Learner.launch(ctx.tool, js ? 'learner-priya' : 'learner-jonas', 'link-privacy-basics');
      let screen = await learner.screen();
      if (screen.kind === 'survey') screen = (await learner.act('/survey', at(screen))).screen;
      if (screen.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${screen.kind}`);
      const numeric = screen.items.find((i) => i.kind === 'numeric')!;
      const page = await open(learner, js);
      await page.locator(`#${numeric.id}-input`).fill('seventy-two');
      await page.getByRole('button', { name: 'Check my answers' }).click();
      await expectSummaryThenField(page, `${numeric.id}-input`, /^Question \d+ \(.+\): “seventy-two” is not a number/);
      // The field's question is on screen with it, not above the top edge.
      const legendTop = await page.getByRole('group', { name: new RegExp(numeric.title) }).locator('legend').evaluate((l) => l.getBoundingClientRect().top);
      expect(legendTop, 'the question above its field is on screen').to.be.within(0, 700);
      await screenshot(page, `player-warm-up-refused-${js ? 'js' : 'nojs'}`);
      await page.context().close();
    });
  }
});
