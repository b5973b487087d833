/**
 * The browser's Back button after a launch, in Chromium inside the built-in
 * LMS's frame. The launch's posts (the platform's form_post and, with platform
 * storage, the tool page's second leg) must leave no POST entry in the frame's
 * history: Back to one asks to resubmit a spent launch, which Chrome shows as
 * "Confirm Form Resubmission" (net::ERR_CACHE_MISS) inside the LMS page.
 * Back leaves the tool for the LMS page the launch started from; Forward
 * brings the learner back where they left off.
 */
import { expect } from 'chai';
import type { Frame, Page } from 'playwright-core';
import { useToolAndBrowser } from '../helpers/browser.js';

const LINK = 'link-fractions-add';

describe('browser: Back after a launch leaves the tool, never onto the launch\'s post', function () {
  this.timeout(120_000);
  const ctx = useToolAndBrowser();
  let page: Page;
  const failures: string[] = [];
  /** The launch's posts to the tool. */
  const launches: string[] = [];

  beforeEach(async () => {
    failures.length = 0;
    launches.length = 0;
    page = await ctx.browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.on('request', (r) => void (r.method() === 'POST' && new URL(r.url()).pathname === '/lti/launch' && launches.push(r.url())));
    page.on('requestfailed', (r) => failures.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? '?'}`));
    page.on('console', (m) => void (m.type() === 'error' && failures.push(`console: ${m.text()}`)));
  });
  afterEach(async () => {
    await page.close();
  });

  const courses = () => `${ctx.tool.devPlatform!.issuer}/`;

  function toolFrame(): Frame {
    const frame = page.frames().find((f) => f.url().startsWith(`${ctx.tool.url}/app`));
    if (frame === undefined) throw new Error(`no tool frame; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
    return frame;
  }

  /** From the LMS's course page, as a person does it: pick the learner, press Launch (platform storage on). */
  async function launchFromCourses(userId: string): Promise<Frame> {
    await page.goto(courses());
    await page.locator(`#launch-as-${LINK}`).selectOption(userId);
    await page.locator(`form:has(#launch-as-${LINK})`).getByRole('button', { name: 'Launch' }).click();
    await page.frameLocator('iframe.tool').getByTestId('user-name').waitFor({ timeout: 20_000 });
    return toolFrame();
  }

  /** The survey, answered with JavaScript on: the page updates in place, adding no history entry. */
  async function answerSurvey(frame: Frame): Promise<void> {
    await frame.getByRole('heading', { name: 'About you', level: 1 }).waitFor({ timeout: 15_000 });
    await frame.getByRole('group', { name: 'How do you learn best?' }).getByLabel('Reading a short explanation').check();
    await frame.getByRole('group', { name: /What do you enjoy/ }).getByLabel('Sports').check();
    await frame.getByRole('button', { name: 'Continue' }).click();
    await frame.getByRole('heading', { name: 'Warm-up', level: 1 }).waitFor();
  }

  /** Back, then what the window shows: never an error page in the frame, never a resubmitted launch. */
  async function back(): Promise<void> {
    const launchesBefore = launches.length;
    // With a POST entry behind the player, Chrome's error page never fires the load Back waits for.
    await page.goBack({ timeout: 10_000 }).catch((e: Error) => failures.push(`goBack: ${e.message.split('\n')[0]}`));
    await page.waitForLoadState('load');
    expect(page.frames().map((f) => f.url()).filter((u) => u.startsWith('chrome-error:')), 'no error page in any frame').to.deep.equal([]);
    expect(launches.slice(launchesBefore), 'Back resubmitted the launch').to.deep.equal([]);
    expect(failures).to.deep.equal([]);
  }

  it('with platform storage (the LMS\'s default): Back from the player returns to the course page; Forward resumes', async () => {
    const frame = await launchFromCourses('learner-liam');
    expect(launches, 'the platform\'s post, then the tool page\'s').to.have.length(2);
    await answerSurvey(frame);

    await back();
    expect(page.url(), 'the LMS page the launch started from').to.equal(courses());
    expect(page.frames().map((f) => f.url()), 'no frame: the tool is gone').to.deep.equal([courses()]);

    // Forward restores the LMS page with the frame's entry, the bare /app: its "session has ended" answer (401)
    // resumes from the token page-code.js kept in that entry (POST /resume), and the learner is where they left off.
    await page.goForward();
    await page.frameLocator('iframe.tool').getByRole('heading', { name: 'Warm-up', level: 1 }).waitFor({ timeout: 20_000 });
    expect(failures.filter((f) => !f.includes('status of 401'))).to.deep.equal([]);
    expect(page.frames().map((f) => f.url()).filter((u) => u.startsWith('chrome-error:'))).to.deep.equal([]);
  });

  it('when the LMS\'s auto-posting page stays in the frame\'s history, Back steps over it and Forward launches afresh', async () => {
    // An LMS whose form_post starts after its page has loaded: Chrome then keeps that page's entry (it
    // replaces it only when the post starts during the load, which the built-in LMS's usually does).
    let late = 0;
    await page.route(`${ctx.tool.devPlatform!.issuer}/auth?*`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('return form.submit();', 'return setTimeout(function () { form.submit(); }, 500);');
      if (body.includes('setTimeout(function () { form.submit(); }')) late += 1;
      await route.fulfill({ response, body });
    });
    const frame = await launchFromCourses('learner-zanele');
    expect(late, 'the LMS page posted late').to.equal(1);
    // The courses page, the LMS page with its frame on the auto-posting page, then with the tool (and the new tab's blank page).
    expect(await frame.evaluate(() => history.length), 'the LMS page\'s entry is there').to.equal(4);
    await answerSurvey(frame);

    await back();
    expect(page.url(), 'the LMS page the launch started from').to.equal(courses());
    expect(page.frames().map((f) => f.url())).to.deep.equal([courses()]);

    await page.goForward();
    await page.frameLocator('iframe.tool').getByRole('heading', { name: 'Warm-up', level: 1 }).waitFor({ timeout: 20_000 });
    expect(page.frames().map((f) => f.url()).filter((u) => u.startsWith('chrome-error:'))).to.deep.equal([]);
    expect(failures.filter((f) => !f.includes('status of 401'))).to.deep.equal([]);
  });

  it('without platform storage (cookie binding): the same', async () => {
    await page.goto(courses());
    await page.goto(`${ctx.tool.devPlatform!.issuer}/view?user=learner-tomas&link=${LINK}&storage=off`);
    await page.frameLocator('iframe.tool').getByTestId('user-name').waitFor({ timeout: 20_000 });
    await answerSurvey(toolFrame());

    await back();
    expect(page.url()).to.equal(courses());
  });

  it('a refused second leg, posted with fetch, still shows the readable page with its code in the frame', async () => {
    // The tool page's post reaches the tool with a nonce from another login.
    await page.route(`${ctx.tool.url}/lti/launch`, (route) => {
      const body = new URLSearchParams(route.request().postData() ?? '');
      if (body.get('lti_storage_checked') !== '1') return route.continue();
      body.set('lti_storage_nonce', 'not-the-nonce');
      return route.continue({ postData: body.toString() });
    });
    await page.goto(courses());
    await page.locator(`#launch-as-${LINK}`).selectOption('learner-maya');
    await page.locator(`form:has(#launch-as-${LINK})`).getByRole('button', { name: 'Launch' }).click();
    const frame = page.frameLocator('iframe.tool');
    expect(await frame.getByTestId('error-code').textContent({ timeout: 20_000 })).to.equal('LAUNCH_STORAGE_MISMATCH');
    expect(await frame.getByRole('heading', { name: 'What you can do' }).isVisible()).to.equal(true);
    expect(launches).to.have.length(2);
    expect(failures.filter((f) => !f.includes('status of 401'))).to.deep.equal([]);
  });
});
