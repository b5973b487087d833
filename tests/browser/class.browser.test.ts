/**
 * An instructor's afternoon, in Chromium: launch from the built-in LMS, read
 * the class overview of a class in mixed states, see who needs help and why,
 * open that learner's story, leave them a note the learner then gets, and
 * download CSVs whose rows match the data.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { sealPageCode } from '../../server/lti/page-code.js';
import { sessionIdFor } from '../../server/lti/session.js';
import { playToEnd } from '../delivery/support/learner.js';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { until } from './studio-support.js';
import { answersIn, csvRecords, Learner, LINKS, play, sample, struggling } from '../class/support.js';

const LINK = 'link-fractions-add';

describe('browser: the class view from the built-in LMS', function () {
  this.timeout(120_000);
  const ctx = useToolAndBrowser();
  let page: Page;
  let frame: Frame;
  let platformId: string;
  const scope = () => ({ platformId, contextId: 'grade7-math-fractions', resourceLinkId: LINK });

  /** Opens the LMS, launches `userId` on the fractions link from the course page, and returns the tool's frame. */
  async function launchFromLms(p: Page, userId: string): Promise<Frame> {
    await p.goto(`${ctx.tool.devPlatform!.issuer}/`);
    await p.locator(`#launch-as-${LINK}`).selectOption(userId);
    await p.locator(`form:has(#launch-as-${LINK})`).getByRole('button', { name: 'Launch' }).click();
    await p.frameLocator('iframe.tool').getByTestId('user-name').waitFor({ timeout: 20_000 });
    const toolFrame = p.frames().find((f) => /\/app(\?|$)/.test(f.url()));
    if (toolFrame === undefined) throw new Error(`no tool frame; frames: ${p.frames().map((f) => f.url()).join(', ')}`);
    return toolFrame;
  }

  /** The session token a page holds, in the `_s` of its forms (never in its URL). */
  const tokenOf = (f: Frame) => f.locator('input[name="_s"]').first().inputValue();

  before(async () => {
    const doc = sample('fractions');
    // The class: Maya finished, Liam struggles, Zanele is part-way, Tomás never launched.
    await playToEnd(await Learner.launch(ctx.tool, 'learner-maya'), doc);
    await play(await Learner.launch(ctx.tool, 'learner-liam'), doc, 15, struggling);
    await play(await Learner.launch(ctx.tool, 'learner-zanele'), doc, 5);
    await ctx.tool.grades.drain();
    page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const landing = await launchFromLms(page, 'instructor-rivera');
    platformId = (await ctx.tool.store.selectSession(sessionIdFor(await tokenOf(landing)), Date.now()))!.platformId;
    // The staff landing page is the player's; its "Class overview" button opens /class with the same session.
    await landing.getByRole('button', { name: 'Class overview' }).click();
    frame = landing;
  });

  it('shows the overview of a class in mixed states', async () => {
    await frame.getByRole('heading', { name: 'Class overview' }).waitFor();
    const table = frame.getByTestId('overview');
    const status = async (name: string) => (await table.getByRole('row', { name: new RegExp(name) }).getByRole('cell').first().textContent())?.trim();
    expect(await status('Maya Chen')).to.equal('Completed');
    expect(await status("Liam O'Brien")).to.match(/^In progress/);
    expect(await status('Zanele Dlamini')).to.match(/^In progress/);
    expect(await status('Tomás García')).to.equal('Not started');
    expect(await frame.getByTestId('status-counts').textContent()).to.match(/4 learners:\s+1 not started, 2 in progress, 1 completed\./);
    expect(await frame.getByTestId('roster-refreshed').textContent()).to.match(/From the LMS roster, refreshed/);
    expect(await frame.locator('svg[role="img"]').count()).to.equal(2);
    await screenshot(page, 'class-overview');
  });

  it('fits the learners table in the LMS frame at 1280 px; narrower, only the table scrolls, names in view', async () => {
    /** Horizontal overflow of the frame's document and of the table's scroll box (scrollWidth − clientWidth). */
    const overflow = () =>
      frame.evaluate(() => {
        const box = document.querySelector<HTMLElement>('#learners .table-scroll')!;
        return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, table: box.scrollWidth - box.clientWidth };
      });
    expect(await overflow()).to.deep.equal({ page: 0, table: 0 });
    // Not squeezed to fit either: a cell wrapping word by word (a date over five lines) makes a row tall.
    const lines = await frame.getByTestId('overview').evaluate((table) => {
      const line = parseFloat(getComputedStyle(table.querySelector('tbody td')!).lineHeight);
      return [...table.querySelectorAll('tbody tr')].map((tr) => Math.round(tr.getBoundingClientRect().height / line));
    });
    expect(Math.max(...lines), `rows' heights in lines: ${lines.join(', ')}`).to.be.at.most(3);
    try {
      await page.setViewportSize({ width: 375, height: 800 });
      const narrow = await until(overflow, (o) => o.table > 0, 'the frame to narrow');
      expect(narrow.page, 'the frame itself never scrolls sideways').to.equal(0);
      const box = frame.locator('#learners .table-scroll');
      const name = frame.getByTestId('overview').getByRole('rowheader', { name: /Maya Chen/ });
      const before = await name.boundingBox();
      await box.evaluate((el) => void (el.scrollLeft = el.scrollWidth));
      expect((await name.boundingBox())?.x, 'the learner column stays put').to.equal(before?.x);
      expect(await frame.getByRole('table', { name: /^Status, progress, score and mastery/ }).count(), 'still a table, named by its caption').to.equal(1);
      await screenshot(page, 'class-overview-narrow');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('fits the privacy class’s learners table at 1280 × 800, whatever its grade sync cells say', async () => {
    // Two learners, three objectives with long titles (as QA found it): Priya's score refused and waiting for
    // "Send again"; Jonas through the warm-up only, so "no score yet" in two columns, and his sync's time in full.
    const privacy = sample('data-privacy');
    await play(await Learner.launch(ctx.tool, 'learner-priya', LINKS.privacy), privacy, 6);
    await play(await Learner.launch(ctx.tool, 'learner-jonas', LINKS.privacy), privacy, 3);
    await ctx.tool.grades.drain();
    const [refused] = await ctx.tool.store.selectGradeJobs({ resourceLinkId: LINKS.privacy, userId: 'learner-priya' });
    await ctx.tool.store.markGradeFailed(refused!.id, refused!.generation, 'score POST: HTTP 403: forbidden: Injected fault: the platform refused the request.', Date.now());

    const lms = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await lms.goto(`${ctx.tool.devPlatform!.issuer}/view?user=instructor-rivera&link=${LINKS.privacy}`);
      await lms.frameLocator('iframe.tool').getByRole('button', { name: 'Class overview' }).click();
      await lms.frameLocator('iframe.tool').getByTestId('overview').waitFor();
      const overview = lms.frames().find((f) => /\/class(\?|$)/.test(f.url()))!;
      const sync = overview.locator('#learners td.sync');
      expect(await sync.locator('.sync-label').allTextContents()).to.deep.equal(['Sent', 'Failed']);
      const jonas = (await sync.first().textContent()) ?? '';
      // This class is minutes old; an instructor's is not. The texts that grow with time get their widest.
      await overview.evaluate(() => {
        for (const when of document.querySelectorAll('#learners td.when, #learners td.sync time')) when.textContent = '12 days ago';
        for (const row of document.querySelectorAll('#learners tbody tr')) row.children[row.children.length - 3]!.textContent = '1 h 05 min';
      });
      const fit = await overview.evaluate(() => {
        const box = document.querySelector<HTMLElement>('#learners .table-scroll')!;
        const right = box.getBoundingClientRect().right;
        return {
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          table: box.scrollWidth - box.clientWidth,
          // "… 03:15 UTC" lost its "UTC" to the box's edge.
          clipped: [...box.querySelectorAll<HTMLElement>('td.sync .sync-line')].filter((el) => el.getBoundingClientRect().right > right + 0.5).map((el) => el.textContent),
        };
      });
      expect(fit).to.deep.equal({ page: 0, table: 0, clipped: [] });
      // When, as Last active says it; the exact time on hover and on the learner's page.
      expect(jonas).to.match(/^\s*Sent \(no score yet\)\s+just now\s*$/);
      expect(await sync.first().locator('time').getAttribute('title')).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      await overview.locator('#learners').scrollIntoViewIfNeeded();
      await screenshot(lms, 'class-overview-privacy-1280');
    } finally {
      await lms.close();
    }
  });

  it('flags the struggling learner with the reason', async () => {
    const flags = frame.getByTestId('flags');
    expect(await flags.locator('li.flagged').count()).to.equal(1);
    const liam = flags.locator('li.flagged[data-user="learner-liam"]');
    expect(await liam.locator('.flag').first().textContent()).to.equal('Practice not paying off');
    expect(await liam.locator('.flag-reason').first().textContent()).to.match(/^Their last 4 answers on “Equivalent fractions” questions (barely moved their mastery, which stays at \d+%|raised their mastery only from \d+% to \d+%|brought their mastery down from \d+% to \d+%); mastery needs 95%\.$/);
  });

  it('opens that learner’s story from the flag', async () => {
    await frame.getByTestId('flags').getByRole('button', { name: "Liam O'Brien" }).click();
    await frame.getByTestId('learner-name').waitFor();
    expect(await frame.getByTestId('learner-name').textContent()).to.equal("Liam O'Brien");
    const timeline = frame.getByTestId('timeline');
    expect(await timeline.locator('li').first().textContent()).to.match(/Step 1\s+Shown “About you”/);
    expect(await timeline.locator('li.event-answer.wrong').count()).to.be.greaterThan(3);
    expect(await timeline.getByText(/^Why: /).count()).to.be.greaterThan(3);
    expect(await frame.locator('svg[role="img"] title').textContent()).to.equal("Liam O'Brien: mastery over time");
    expect(await frame.getByTestId('mastery-table').getByRole('row', { name: /Equivalent fractions/ }).count()).to.equal(1);
    await screenshot(page, 'class-learner-story');
  });

  it('leaves a note that the learner is shown at their next launch', async () => {
    await frame.getByLabel(/Your note/).fill('Liam, let’s look at equivalent fractions together on Monday.');
    await frame.getByRole('button', { name: 'Leave the note' }).click();
    await frame.getByText('Your note was saved.').waitFor();
    expect(await frame.getByTestId('sent-notes').textContent()).to.include('not seen yet');

    const learnerPage = await ctx.browser.newPage();
    const learnerFrame = await launchFromLms(learnerPage, 'learner-liam');
    const banner = learnerFrame.getByTestId('note-banner');
    expect(await banner.textContent()).to.include('let’s look at equivalent fractions together on Monday.');
    await learnerPage.close();

    // A fresh load, as a redirect would open it (the current URL only differs by its #notes fragment, which would not reload).
    await frame.goto(`${ctx.tool.url}/class/learners/learner-liam?code=${sealPageCode(ctx.tool.lti.pageCodes, await tokenOf(frame), Date.now())}`);
    expect(await frame.getByTestId('sent-notes').textContent()).to.match(/seen \d{4}-\d\d-\d\d/);
  });

  it('downloads CSVs whose rows match the data', async () => {
    await frame.getByRole('button', { name: 'Class overview' }).click();
    await frame.getByTestId('export-overview').waitFor();

    const [overviewFile] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('export-overview').click()]);
    expect(overviewFile.suggestedFilename()).to.equal(`class-overview-grade7-math-fractions-${LINK}.csv`);
    const overview = csvRecords(fs.readFileSync((await overviewFile.path())!, 'utf8'));
    const records = await ctx.tool.store.selectLearners(scope());
    expect(overview.map((r) => [r['User ID'], (r.Status ?? '').split(';')[0]])).to.deep.equal([
      ['learner-liam', 'In progress'],
      ['learner-maya', 'Completed'],
      ['learner-tomas', 'Not started'],
      ['learner-zanele', 'In progress'],
    ]);
    for (const record of records) {
      const row = overview.find((r) => r['User ID'] === record.userId)!;
      const attempts = await ctx.tool.store.selectAttempts({ ...scope(), userId: record.userId });
      expect(row.Answers, record.userId).to.equal(String(answersIn(attempts)));
    }
    expect(overview.find((r) => r['User ID'] === 'learner-liam')?.['Needs help']).to.match(/^Practice not paying off: /);

    const [attemptsFile] = await Promise.all([page.waitForEvent('download'), frame.getByTestId('export-attempts').click()]);
    const attempts = csvRecords(fs.readFileSync((await attemptsFile.path())!, 'utf8'));
    const stored = [];
    for await (const a of ctx.tool.store.iterateAttempts(scope())) stored.push(a);
    expect(attempts.map((r) => [r['Attempt ID'], r['User ID'], r['Activity ID'], r.Correct])).to.deep.equal(
      stored.map((a) => [a.id, a.userId, a.activityId, a.correct === null ? '' : a.correct ? 'yes' : 'no']),
    );
  });
});
