/**
 * Trying "Send again" by hand, in Chromium: the built-in LMS's course page
 * makes its score endpoint refuse grades, a learner's score is refused, the
 * instructor's class view shows the refusal with the LMS's reason, and once
 * the fault is switched off, "Send again" delivers the score.
 */
import { expect } from 'chai';
import type { Frame, Page } from 'playwright-core';
import { reloadFrame, screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { Learner, play, sample } from '../class/support.js';
import { until } from './studio-support.js';

const LINK = 'link-fractions-add';

describe('browser: a grade the LMS refuses, sent again from the class view', function () {
  this.timeout(120_000);
  const ctx = useToolAndBrowser();
  let lms: Page;

  const jobOf = async (userId: string) => (await ctx.tool.store.selectGradeJobs({ resourceLinkId: LINK, userId }))[0];
  const lineItem = () => ctx.tool.devPlatform!.gradebook.lineItems().find((li) => li.resourceLinkId === LINK)!;

  /** The instructor's class overview, in the LMS's frame, as a fresh launch opens it. */
  async function classOverview(page: Page): Promise<Frame> {
    await page.goto(`${ctx.tool.devPlatform!.issuer}/view?user=instructor-rivera&link=${LINK}`);
    const tool = page.frameLocator('iframe.tool');
    await tool.getByRole('button', { name: 'Class overview' }).click();
    await tool.getByTestId('overview').waitFor();
    return page.frames().find((f) => /\/class(\?|$)/.test(f.url()))!;
  }

  before(async () => {
    lms = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  /** The fault card's status line has the focus, and is in view. */
  async function focusedOnResult(): Promise<void> {
    const focused = () => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null;
    await lms.waitForFunction((testid) => document.activeElement?.getAttribute('data-testid') === testid, 'score-fault', { timeout: 5_000 }).catch(() => undefined);
    expect(await lms.evaluate(focused)).to.equal('score-fault');
    expect(await lms.getByTestId('score-fault').evaluate((el) => el.getAttribute('role'))).to.equal('status');
    const box = await lms.getByTestId('score-fault').boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= 900, `in view: ${JSON.stringify(box)}`).to.equal(true);
  }

  it('switches the score endpoint to refuse from the LMS course page', async () => {
    await lms.goto(`${ctx.tool.devPlatform!.issuer}/`);
    await lms.getByLabel('Score endpoint').selectOption({ label: 'Refuse: 403 Forbidden' });
    await lms.getByRole('button', { name: 'Apply' }).click();
    expect(await lms.getByTestId('score-fault').textContent()).to.match(/^The score endpoint refuses scores with 403 until switched off\./);
    // Focus lands on the card's result (read out by a screen reader), not on <body> at the top of the reloaded page.
    expect(lms.url()).to.match(/#score-fault-status$/);
    await focusedOnResult();
  });

  it('shows the refused grade with the LMS’s reason; once the fault is off, “Send again” delivers it', async () => {
    await play(await Learner.launch(ctx.tool, 'learner-liam'), sample('fractions'), 4);
    await ctx.tool.grades.drain();
    expect((await jobOf('learner-liam'))?.status).to.equal('failed');

    const frame = await classOverview(await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } }));
    const sync = frame.getByTestId('overview').locator('tr[data-user="learner-liam"] td.sync');
    expect(await sync.locator('.sync-label').textContent()).to.equal('Failed');
    expect(await sync.getByTestId('grade-reason').textContent()).to.equal('The LMS does not allow this tool to send grades for this activity (HTTP 403).');
    // The platform's own words stay one click away, for whoever the instructor asks for help.
    const detail = sync.getByTestId('grade-reason-detail');
    expect(await detail.isVisible()).to.equal(false);
    await sync.getByText('Technical detail').click();
    expect(await detail.textContent()).to.equal('score POST: HTTP 403: forbidden: Injected fault: the platform refused the request.');
    expect(ctx.tool.devPlatform!.gradebook.latestScore(lineItem().id, 'learner-liam')).to.equal(undefined);
    await sync.scrollIntoViewIfNeeded();
    await screenshot(frame.page(), 'grade-refused');

    await lms.getByRole('button', { name: 'Switch off' }).click();
    expect(await lms.getByTestId('score-fault').textContent()).to.match(/^The score endpoint accepts scores normally\./);
    await focusedOnResult();

    await sync.getByRole('button', { name: 'Send again' }).click();
    // The redirect comes back to Liam's cell, in view, and the cell says what came of it (the top of the page says nothing).
    const note = sync.getByTestId('retry-note');
    expect(await note.textContent()).to.match(/^Sent again: (on its way to the LMS|the LMS has it now)/);
    const [shown, view] = [await note.boundingBox(), await frame.page().locator('iframe.tool').boundingBox()];
    expect(shown!.y >= Math.max(0, view!.y) && shown!.y + shown!.height <= Math.min(900, view!.y + view!.height), `in view: ${JSON.stringify({ shown, view })}`).to.equal(true);
    expect(await frame.locator('p.notice').count()).to.equal(0);
    const delivered = await until(async () => ctx.tool.devPlatform!.gradebook.latestScore(lineItem().id, 'learner-liam'), (s) => s !== undefined, 'the score in the gradebook');
    expect(delivered?.scoreGiven).to.equal((await jobOf('learner-liam'))?.score.scoreGiven);
    // Reloading the frame asks for the same address: what it says follows the row, now Sent, never "on its way".
    await reloadFrame(frame);
    await note.filter({ hasText: 'Sent again: the LMS has it now.' }).waitFor();
    expect(await sync.locator('.sync-label').textContent()).to.equal('Sent');
    await screenshot(frame.page(), 'grade-sent-again');

    const again = await classOverview(frame.page());
    expect(await again.getByTestId('overview').locator('tr[data-user="learner-liam"] .sync-label').textContent()).to.equal('Sent');
    await lms.reload();
    expect(await lms.getByRole('row', { name: /Liam O'Brien/ }).first().textContent()).to.match(/\d+(\.\d+)? \/ 100/);
  });
});
