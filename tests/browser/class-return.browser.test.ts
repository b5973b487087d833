/**
 * Where the class view leaves an instructor, in Chromium inside the built-in
 * LMS's frame: after "Send again" (a form post and its redirect), focus is on
 * the note that says what came of it, with the table's header row still in
 * view; after a reload, the page comes back without a failed request or a
 * console error on the way, and a session that has really ended still gets
 * the readable "session has ended" page.
 */
import { expect } from 'chai';
import type { ConsoleMessage, Frame, Page, Response } from 'playwright-core';
import { sealPageCode } from '../../server/lti/page-code.js';
import { reloadFrame, useToolAndBrowser } from '../helpers/browser.js';
import { launchStaff, Learner, play, sample } from '../class/support.js';
import { until } from './studio-support.js';

const LINK = 'link-fractions-add';
const LEARNERS = ['learner-liam', 'learner-maya', 'learner-tomas', 'learner-zanele'] as const;
const PAST_THE_CODE = 130_000;

describe('browser: where the class view leaves the instructor', function () {
  this.timeout(120_000);
  let offset = 0;
  const ctx = useToolAndBrowser({}, { now: () => Date.now() + offset });
  let page: Page;

  const jobOf = async (userId: string) => (await ctx.tool.store.selectGradeJobs({ resourceLinkId: LINK, userId }))[0]!;

  /** A score the LMS refused, so the learner's cell offers "Send again". */
  async function refuse(userId: string): Promise<void> {
    const job = await jobOf(userId);
    await ctx.tool.store.markGradeFailed(job.id, job.generation, 'score POST: HTTP 403: forbidden: Injected fault: the platform refused the request.', Date.now());
  }

  /** The instructor's class overview, in the LMS's frame, as a fresh launch opens it. */
  async function classOverview(): Promise<Frame> {
    await page.goto(`${ctx.tool.devPlatform!.issuer}/view?user=instructor-rivera&link=${LINK}`);
    const tool = page.frameLocator('iframe.tool');
    await tool.getByRole('button', { name: 'Class overview' }).click();
    await tool.getByTestId('overview').waitFor({ timeout: 15_000 });
    return page.frames().find((f) => /\/class(\?|$)/.test(f.url()))!;
  }

  /** Where focus is and what is in view, in the frame's own window. */
  const landing = (frame: Frame, context: string) =>
    frame.evaluate((selector) => {
      const note = document.getElementById('retry-note');
      const rect = note?.getBoundingClientRect();
      const active = document.activeElement;
      return {
        active: active?.id ?? null,
        activeRow: active?.closest('tr')?.getAttribute('data-user') ?? null,
        outline: note === null ? null : getComputedStyle(note).outlineStyle,
        note: rect === undefined ? null : { top: rect.top, bottom: rect.bottom },
        contextTop: document.querySelector(selector)!.getBoundingClientRect().top,
        height: document.documentElement.clientHeight,
        scrolled: window.scrollY,
      };
    }, context);

  before(async () => {
    const doc = sample('fractions');
    for (const userId of LEARNERS) await play(await Learner.launch(ctx.tool, userId), doc, 4);
    await ctx.tool.grades.drain();
  });

  beforeEach(async () => {
    offset = 0;
    page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterEach(async () => {
    await page.close();
  });

  describe('after “Send again”', () => {
    it('in the overview: focus on the note in that learner’s cell, the table’s header row in view', async () => {
      // The last row: the page has to scroll to it, past the header row.
      await refuse('learner-zanele');
      const frame = await classOverview();
      const rows = await frame.getByTestId('overview').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-user')));
      expect(rows.at(-1)).to.equal('learner-zanele');

      await frame.locator('tr[data-user="learner-zanele"] td.sync').getByRole('button', { name: 'Send again' }).click();
      await frame.getByTestId('retry-note').waitFor({ timeout: 15_000 });
      await frame.waitForLoadState('load');
      const at = await landing(frame, '#learners thead tr');
      expect(at.active, 'focus is on the note').to.equal('retry-note');
      expect(at.activeRow).to.equal('learner-zanele');
      expect(at.outline, 'and shows it').to.equal('solid');
      expect(at.scrolled, 'the page scrolled to the row').to.be.greaterThan(0);
      expect(at.contextTop, `the header row in view: ${JSON.stringify(at)}`).to.be.at.least(0);
      expect(at.note!.bottom, 'the note in view').to.be.at.most(at.height);
      await until(async () => (await jobOf('learner-zanele')).status, (s) => s === 'sent', 'the score sent again');
    });

    it('on a learner’s page: focus on the note, the “Grade sync” heading in view', async () => {
      await refuse('learner-liam');
      const frame = await classOverview();
      await frame.getByTestId('overview').getByRole('button', { name: "Liam O'Brien" }).click();
      await frame.getByTestId('learner-name').waitFor({ timeout: 15_000 });
      await frame.locator('#grade').getByRole('button', { name: 'Send again' }).click();
      await frame.getByTestId('retry-note').waitFor({ timeout: 15_000 });
      await frame.waitForLoadState('load');
      const at = await landing(frame, '#grade-title');
      expect(at.active, 'focus is on the note').to.equal('retry-note');
      expect(at.contextTop, `the heading in view: ${JSON.stringify(at)}`).to.be.at.least(0);
      expect(at.note!.bottom, 'the note in view').to.be.at.most(at.height);
      await until(async () => (await jobOf('learner-liam')).status, (s) => s === 'sent', 'the score sent again');
    });

    it('without JavaScript: the browser itself focuses the note, which is not pushed to the top edge', async () => {
      await refuse('learner-maya');
      const staff = await launchStaff(ctx.tool);
      const context = await ctx.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 700 } });
      try {
        const plain = await context.newPage();
        await plain.goto(`${ctx.tool.url}/class?code=${sealPageCode(ctx.tool.lti.pageCodes, staff.token, Date.now())}`);
        await plain.locator('tr[data-user="learner-maya"] td.sync').getByRole('button', { name: 'Send again' }).click();
        await plain.getByTestId('retry-note').waitFor({ timeout: 15_000 });
        const at = await landing(plain.mainFrame(), '#learners thead tr');
        expect(at.active, 'focus is on the note').to.equal('retry-note');
        expect(at.activeRow).to.equal('learner-maya');
        expect(at.scrolled, 'the page scrolled to the row').to.be.greaterThan(0);
        // The room the CSS keeps above it: a row or two, or the header row, rather than nothing.
        expect(at.note!.top, JSON.stringify(at)).to.be.within(100, at.height - 20);
      } finally {
        await context.close();
      }
      await until(async () => (await jobOf('learner-maya')).status, (s) => s === 'sent', 'the score sent again');
    });
  });

  describe('a reload', () => {
    /** Console errors and the tool's answers that were refusals, from now on. */
    function watch(p: Page) {
      const errors: string[] = [];
      const refused: string[] = [];
      p.on('console', (m: ConsoleMessage) => void (m.type() === 'error' && errors.push(m.text())));
      p.on('response', (r: Response) => void (r.url().startsWith(ctx.tool.url) && r.status() >= 400 && refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)));
      return { errors, refused };
    }

    it('of the overview and of a learner’s page, after the page code expired: no failed request, no console error, the class data back', async () => {
      const frame = await classOverview();
      const seen = watch(page);
      offset = PAST_THE_CODE;
      await reloadFrame(frame);
      await frame.getByTestId('overview').waitFor({ timeout: 15_000 });
      expect(await frame.getByTestId('status-counts').textContent()).to.match(/4 learners:/);
      expect(new URL(frame.url()).pathname).to.equal('/class');
      expect(new URL(frame.url()).searchParams.has('code'), 'the address keeps no code').to.equal(false);

      await frame.getByTestId('overview').getByRole('button', { name: 'Zanele Dlamini' }).click();
      await frame.getByTestId('learner-name').waitFor({ timeout: 15_000 });
      offset += PAST_THE_CODE;
      await reloadFrame(frame);
      await frame.getByTestId('timeline').waitFor({ timeout: 15_000 });
      expect(await frame.getByTestId('learner-name').textContent()).to.equal('Zanele Dlamini');

      expect(seen.refused, 'no request the tool refused').to.deep.equal([]);
      expect(seen.errors, 'no console error').to.deep.equal([]);
    });

    it('once the session itself has ended: the readable “session has ended” page, with what to do', async () => {
      const frame = await classOverview();
      const seen = watch(page);
      offset = 8 * 3600_000 + 60_000;
      await reloadFrame(frame);
      await frame.getByTestId('error-code').waitFor({ timeout: 15_000 });
      expect(await frame.getByTestId('error-code').textContent()).to.equal('SESSION_MISSING');
      expect(await frame.locator('main').textContent()).to.include('Go back to your course and open the activity again.');
      // This reload did fail, and says so where it failed: the resume of a session that is gone.
      expect(seen.refused).to.deep.equal(['401 POST /resume']);
    });
  });
});
