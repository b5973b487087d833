/**
 * A question with the keyboard only (Tab, Space, Enter): the options are
 * reachable, one is chosen, the answer is submitted, focus lands on the
 * feedback heading and the feedback is in a polite live region, so a screen
 * reader announces it.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { sealPageCode } from '../../server/lti/page-code.js';
import { loadSample } from '../engine/support/samples.js';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { Learner, toQuestion } from '../delivery/support/learner.js';

async function focused(page: Page): Promise<{ tag: string; id: string; type: string; name: string; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName ?? '', id: el?.id ?? '', type: el?.getAttribute('type') ?? '', name: el?.getAttribute('name') ?? '', text: el?.textContent?.trim() ?? '' };
  });
}

/** Presses Tab until `done` holds for the focused element; fails after `max` presses. */
async function tabUntil(page: Page, done: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (done(await focused(page))) return;
  }
  throw new Error(`not reached with ${max} Tabs; focus is on ${JSON.stringify(await focused(page))}`);
}

describe('browser: answering with the keyboard only', function () {
  this.timeout(60_000);
  const ctx = useToolAndBrowser();

  it('Tab to the options, Space to choose, Tab and Enter to submit: focus and the live region carry the feedback', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-zanele');
    const question = await toQuestion(learner, loadSample('fractions'), {}, (q) => q.question.kind === 'singleChoice');
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.tool.url}/app?code=${sealPageCode(ctx.tool.lti.pageCodes, learner.token, Date.now())}`);
    expect(await page.locator('#screen').getAttribute('data-screen')).to.equal(question.id);

    await page.keyboard.press('Tab');
    expect(await focused(page)).to.include({ tag: 'A', text: 'Skip to content' });
    await tabUntil(page, (f) => f.tag === 'INPUT' && f.name === 'choice');
    expect((await focused(page)).type).to.equal('radio');
    await page.keyboard.press('Space');
    expect(await page.locator('input[name="choice"]:checked').count()).to.equal(1);
    await tabUntil(page, (f) => f.tag === 'BUTTON', 3);
    expect((await focused(page)).text).to.equal('Check answer');
    await page.keyboard.press('Enter');

    await page.waitForFunction(() => document.activeElement?.id === 'feedback-title', undefined, { timeout: 10_000 });
    const live = page.locator('#feedback');
    expect(await live.getAttribute('aria-live')).to.equal('polite');
    const headline = (await page.locator('#feedback-title').textContent())!;
    expect(headline).to.match(/^(Correct!|Not quite(: try again)?)$/);
    expect(await live.textContent()).to.contain(headline);
    expect(await live.locator('.feedback-message, .explanation').count(), 'the feedback says why').to.be.above(0);
    expect(await page.locator('#screen').getAttribute('data-screen'), 'updated in place, same screen').to.equal(question.id);
    await screenshot(page, 'player-keyboard-feedback');

    // Onwards with the keyboard: retry or continue, whichever the feedback allows.
    const button = headline === 'Correct!' || headline === 'Not quite' ? 'Continue' : 'Check answer';
    await tabUntil(page, (f) => f.tag === 'BUTTON' && f.text === button, 30);
    await page.close();
  });
});
