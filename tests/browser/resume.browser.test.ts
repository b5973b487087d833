/**
 * A reload long after the page opened, in Chromium inside the built-in LMS's
 * frame: the server's clock moves past the page code's two minutes (a reading
 * takes longer than that; a phone restores a discarded tab by reloading), and
 * the reload shows the same screen, not "your session has ended". Past the
 * session's eight hours, the same reload gets that page once, without a loop.
 */
import { expect } from 'chai';
import type { Frame, Page } from 'playwright-core';
import { reloadFrame, useToolAndBrowser } from '../helpers/browser.js';
import { studioApi } from '../studio/support/studio.js';
import { loadSample } from '../engine/support/samples.js';

const LINK = 'link-fractions-add';
const PAST_THE_CODE = 130_000;

describe('browser: a reload after the page code expired reopens the same page', function () {
  this.timeout(120_000);
  let offset = 0;
  const ctx = useToolAndBrowser({}, { now: () => Date.now() + offset });
  let page: Page;
  const requests: Array<{ method: string; url: string; body: string }> = [];

  beforeEach(async () => {
    offset = 0;
    requests.length = 0;
    page = await ctx.browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.on('request', (r) => void (r.url().startsWith(ctx.tool.url) && requests.push({ method: r.method(), url: r.url(), body: r.postData() ?? '' })));
  });
  afterEach(async () => {
    await page.close();
  });

  async function launchFromLms(userId: string): Promise<Frame> {
    await page.goto(`${ctx.tool.devPlatform!.issuer}/`);
    await page.locator(`#launch-as-${LINK}`).selectOption(userId);
    await page.locator(`form:has(#launch-as-${LINK})`).getByRole('button', { name: 'Launch' }).click();
    await page.frameLocator('iframe.tool').getByTestId('user-name').waitFor({ timeout: 20_000 });
    const frame = page.frames().find((f) => f.url().startsWith(`${ctx.tool.url}/app`));
    if (frame === undefined) throw new Error(`no tool frame; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
    return frame;
  }

  const screenOf = (frame: Frame) => frame.locator('#screen').getAttribute('data-screen', { timeout: 15_000 });
  const errorCode = (frame: Frame) => frame.getByTestId('error-code').textContent({ timeout: 1_000 }).catch(() => null);

  /** No URL the browser asked the tool for held the token, and the address bar holds no code. */
  async function expectNoTokenInUrls(frame: Frame, token: string): Promise<void> {
    for (const r of requests) expect(r.url, `${r.method} ${r.url}`).not.to.contain(token);
    expect(new URL(frame.url()).searchParams.has('code'), frame.url()).to.equal(false);
  }

  it('the player: a warm-up question, then "My progress", each reloaded after more than two minutes', async () => {
    const frame = await launchFromLms('learner-maya');
    await frame.getByRole('heading', { name: 'About you', level: 1 }).waitFor({ timeout: 15_000 });
    const token = await frame.locator('input[name="_s"]').first().inputValue();
    await frame.getByRole('group', { name: 'How do you learn best?' }).getByLabel('Reading a short explanation').check();
    await frame.getByRole('group', { name: /What do you enjoy/ }).getByLabel('Sports').check();
    await frame.getByRole('button', { name: 'Continue' }).click();
    await frame.getByRole('heading', { name: 'Warm-up', level: 1 }).waitFor();
    const warmUp = await screenOf(frame);
    const entries = await frame.evaluate(() => history.length);

    offset = PAST_THE_CODE;
    await reloadFrame(frame);
    await frame.getByRole('heading', { name: 'Warm-up', level: 1 }).waitFor({ timeout: 15_000 });
    expect(await screenOf(frame)).to.equal(warmUp);
    expect(await errorCode(frame)).to.equal(null);
    expect(new URL(frame.url()).pathname).to.equal('/app');
    expect(await frame.evaluate(() => history.length), 'the resume replaced the entry, Back still works').to.equal(entries);
    const resumed = requests.filter((r) => r.url === `${ctx.tool.url}/resume`);
    expect(resumed).to.have.length(1);
    expect(new URLSearchParams(resumed[0]!.body).get('to')).to.equal('/app');

    // "My progress" is a form post; its reload asks with GET (no resubmission prompt) and resumes the same way.
    await frame.getByRole('button', { name: 'My progress' }).click();
    await frame.getByRole('heading', { name: 'My progress', level: 1 }).waitFor();
    offset += PAST_THE_CODE;
    const before = requests.length;
    await reloadFrame(frame);
    await frame.getByRole('heading', { name: 'My progress', level: 1 }).waitFor({ timeout: 15_000 });
    expect(requests.slice(before).map((r) => `${r.method} ${new URL(r.url).pathname}`).filter((r) => !r.includes('/static/'))).to.deep.equal([
      'GET /app/progress',
      'POST /resume',
      'GET /app/progress',
    ]);
    expect(new URL(frame.url()).pathname).to.equal('/app/progress');
    await expectNoTokenInUrls(frame, token);
  });

  it('once the session itself has expired, the reload shows "your session has ended" once, without a loop', async () => {
    const frame = await launchFromLms('learner-zanele');
    await frame.getByRole('heading', { name: 'About you', level: 1 }).waitFor({ timeout: 15_000 });
    offset = 8 * 3600_000 + 60_000;
    await reloadFrame(frame);
    await frame.getByTestId('error-code').waitFor({ timeout: 15_000 });
    // Long enough for a loop to show itself.
    await page.waitForTimeout(1_500);
    expect(await frame.getByTestId('error-code').textContent()).to.equal('SESSION_MISSING');
    expect(await frame.getByText('you continue where you left off').count()).to.equal(1);
    expect(requests.filter((r) => r.url === `${ctx.tool.url}/resume`)).to.have.length(1);
    expect(requests.filter((r) => new URL(r.url).pathname === '/app').length, 'the launch, the reload and nothing more').to.be.at.most(2);
  });

  it('the class view after an action\'s redirect, reloaded after more than two minutes', async () => {
    const frame = await launchFromLms('instructor-rivera');
    const token = await frame.locator('input[name="_s"]').first().inputValue();
    await frame.getByRole('button', { name: 'Class overview' }).click();
    await frame.getByRole('heading', { name: 'Class overview' }).waitFor({ timeout: 15_000 });
    // POST → 303 → /class?code=…&notice=…#roster: the page a reload asks for again.
    await frame.getByRole('button', { name: 'Refresh the class list' }).click();
    await frame.getByText('The class list was refreshed from the LMS.').waitFor({ timeout: 15_000 });
    offset = PAST_THE_CODE;
    await reloadFrame(frame);
    await frame.getByText('The class list was refreshed from the LMS.').waitFor({ timeout: 15_000 });
    expect(await errorCode(frame)).to.equal(null);
    expect(new URL(frame.url()).pathname).to.equal('/class');
    expect(new URL(frame.url()).hash).to.equal('#roster');
    await expectNoTokenInUrls(frame, token);
  });

  it('the studio\'s preview, reloaded after more than two minutes', async () => {
    const frame = await launchFromLms('instructor-rivera');
    const token = await frame.locator('input[name="_s"]').first().inputValue();
    const { url } = (await studioApi(ctx.tool, token).post('/preview', { draft: loadSample('fractions') }).expect(201)).body as { url: string };
    await frame.goto(`${ctx.tool.url}${url}`);
    await frame.getByTestId('preview-banner').waitFor({ timeout: 15_000 });
    const shown = await screenOf(frame);
    offset = PAST_THE_CODE;
    await reloadFrame(frame);
    await frame.getByTestId('preview-banner').waitFor({ timeout: 15_000 });
    expect(await screenOf(frame)).to.equal(shown);
    expect(new URL(frame.url()).pathname).to.equal(new URL(url, ctx.tool.url).pathname);
    await expectNoTokenInUrls(frame, token);
  });
});
