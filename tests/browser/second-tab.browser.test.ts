/**
 * One question open in two tabs, in Chromium with JavaScript on (answers are
 * posted with fetch and the page updates in place): tab A answers wrong, then
 * tab B, still showing "Attempt 1 of 2", sends another wrong answer. B's
 * answer is not recorded as the last attempt: B shows A's feedback, "Attempt 2
 * of 2" and a notice, focused, that the question was answered in another tab.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { fromStored } from '../../server/delivery/player-state.js';
import { loadSample } from '../engine/support/samples.js';
import { openPlayer, screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { Learner, questionOf, step, toQuestion, wrongAnswer } from '../delivery/support/learner.js';

const doc = loadSample('fractions');

describe('browser: a question answered in another tab', function () {
  this.timeout(120_000);
  const ctx = useToolAndBrowser();

  // Refused answers (409) are logged by the browser as console errors; only script errors count here.
  const open = (learner: Learner) => openPlayer(ctx, learner, { consoleErrors: false });

  async function answer(page: Page, value: number): Promise<void> {
    await page.locator('input[name="value"]').fill(String(value));
    await page.getByRole('button', { name: 'Check answer' }).click();
  }

  it('the second tab\'s out-of-date answer is not the last attempt: it shows the first one\'s feedback, with a notice', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    const screen = await toQuestion(learner, doc, { answer: wrongAnswer }, (s) => s.question.kind === 'numeric' && s.attempts.max === 2 && s.attempts.made === 0);
    const q = questionOf(doc, screen.question.id);
    if (q.kind !== 'numeric') throw new Error('expected a numeric question');
    const a = await open(learner);
    const b = await open(learner);
    for (const tab of [a, b]) expect(await tab.page.locator('.attempts').textContent()).to.equal('Attempt 1 of 2');

    await answer(a.page, q.answer + 1000);
    await a.page.locator('#feedback-title').filter({ hasText: 'Not quite: try again' }).waitFor({ timeout: 15_000 });

    await answer(b.page, q.answer + 2000);
    const notice = b.page.locator('#form-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).to.contain('already answered in another tab or window');
    expect(await b.page.evaluate(() => document.activeElement?.id), 'focus on the notice').to.equal('form-notice');
    expect(await b.page.locator('#feedback-title').textContent()).to.equal('Not quite: try again');
    expect(await b.page.locator('.attempts').textContent()).to.equal('Attempt 2 of 2');
    expect(await b.page.locator('input[name="value"]').inputValue(), 'the answer that was recorded').to.equal(String(q.answer + 1000));
    expect(await b.page.getByText('The correct answer').count(), 'no answer given away').to.equal(0);
    expect(await b.page.locator('#screen').getAttribute('data-screen'), 'updated in place').to.equal(screen.id);
    await screenshot(b.page, 'second-tab-notice');
    expect(fromStored((await learner.record()).state).engine.visit.attempts, 'one attempt recorded').to.equal(1);

    // B is now up to date: its next answer is the second attempt.
    await answer(b.page, q.answer + 2000);
    await b.page.locator('#feedback-title').filter({ hasText: 'Not quite' }).waitFor({ timeout: 15_000 });
    await b.page.locator('.answer-shown').waitFor({ timeout: 15_000 });
    expect(await b.page.locator('#form-notice').count(), 'the notice goes with the screen it explained').to.equal(0);
    expect(fromStored((await learner.record()).state).engine.visit.attempts).to.equal(2);
    expect([...a.errors, ...b.errors]).to.deep.equal([]);
    await a.page.close();
    await b.page.close();
  });

  it('a tab whose question another tab answered and left shows where the learner is now, with a notice, in place', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-liam');
    const screen = await toQuestion(learner, doc, { answer: wrongAnswer }, (s) => s.question.kind === 'numeric' && s.attempts.made === 0);
    const q = questionOf(doc, screen.question.id);
    if (q.kind !== 'numeric') throw new Error('expected a numeric question');
    const b = await open(learner);
    // The other tab: answered right, then Continue.
    const now = await step(learner, doc, await step(learner, doc, screen));
    const { revision } = await learner.record();

    await answer(b.page, q.answer);
    const notice = b.page.locator('#form-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).to.contain('Your path moved on in another tab or window, so this answer was not recorded. Here is where you are now.');
    expect(await b.page.evaluate(() => document.activeElement?.id), 'focus on the notice').to.equal('form-notice');
    expect(await b.page.locator('#screen').getAttribute('data-screen')).to.equal(now.id);
    expect(await b.page.locator('#activity-title').textContent()).to.equal(now.title);
    expect(await b.page.getByTestId('error-code').count(), 'not the problem page').to.equal(0);
    expect((await learner.record()).revision, 'nothing recorded').to.equal(revision);
    expect(b.errors).to.deep.equal([]);
    await b.page.close();
  });
});
