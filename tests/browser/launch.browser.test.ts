/** A person's first minute: open the built-in LMS, press "Launch as learner", land in the tool. */
import { expect } from 'chai';
import { reloadFrame, screenshot, useToolAndBrowser } from '../helpers/browser.js';

describe('browser: launching from the built-in LMS', function () {
  this.timeout(60_000);
  const ctx = useToolAndBrowser();

  it('"Launch as learner" lands on the tool, inside the LMS page, with the learner\'s name visible', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.tool.devPlatform!.issuer}/`);
    await page.getByRole('link', { name: 'Launch as learner (Maya Chen)' }).first().click();
    const frame = page.frameLocator('iframe.tool');
    await expect(await frame.getByTestId('user-name').textContent({ timeout: 15_000 })).to.equal('Maya Chen');
    await screenshot(page, 'launch-as-learner');
    await page.close();
  });

  it('keeps the session out of the address bar: no code and no token in the frame\'s URL, through "My progress", back, and a reload', async () => {
    const page = await ctx.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const requested: string[] = [];
    page.on('request', (r) => void (r.url().startsWith(ctx.tool.url) && requested.push(r.url())));
    await page.goto(`${ctx.tool.devPlatform!.issuer}/`);
    await page.getByRole('link', { name: 'Launch as learner (Maya Chen)' }).first().click();
    const frame = page.frameLocator('iframe.tool');
    await frame.getByRole('heading', { name: 'About you', level: 1 }).waitFor({ timeout: 15_000 });
    const toolFrame = (await (await page.locator('iframe.tool').elementHandle())!.contentFrame())!;
    const address = () => toolFrame.evaluate(() => location.href);
    // The launch redirected to /app?code=…; the page's script took the code out of the address.
    expect(requested.some((u) => /\/app\?code=/.test(u)), 'the landing came with a page code').to.equal(true);
    expect(await address()).to.equal(`${ctx.tool.url}/app`);

    await frame.getByRole('button', { name: 'My progress' }).click();
    await frame.getByRole('heading', { name: 'My progress', level: 1 }).waitFor();
    expect(await address()).to.equal(`${ctx.tool.url}/app/progress`);
    await frame.getByRole('button', { name: 'Activity' }).click();
    await frame.getByRole('heading', { name: 'About you', level: 1 }).waitFor();
    expect(await address()).to.equal(`${ctx.tool.url}/app`);

    // Back in history to the launch's page, then a reload of it: it opens again with a fresh code, from the
    // session token page-code.js keeps in the history entry's state (never in the URL; see resume.browser.test.ts).
    await toolFrame.evaluate(() => history.go(-2));
    await frame.getByRole('heading', { name: 'About you', level: 1 }).waitFor();
    const codesBefore = requested.filter((u) => /\/app\?code=/.test(u)).length;
    await reloadFrame(toolFrame);
    await frame.getByRole('heading', { name: 'About you', level: 1 }).waitFor();
    expect(await address()).to.equal(`${ctx.tool.url}/app`);
    expect(requested.filter((u) => /\/app\?code=/.test(u)).length, 'the reload came back with a fresh code').to.be.greaterThan(codesBefore);

    const token = await frame.locator('input[name="_s"]').first().inputValue();
    for (const url of requested) {
      expect(url).not.to.contain(token);
      expect(new URL(url).searchParams.has('s'), url).to.equal(false);
    }
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('"Launch as instructor" shows the instructor how to place a sequence', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.tool.devPlatform!.issuer}/`);
    await page.getByRole('link', { name: /Launch as instructor/ }).first().click();
    const frame = page.frameLocator('iframe.tool');
    expect(await frame.getByTestId('user-name').textContent({ timeout: 15_000 })).to.equal('Elena Rivera');
    expect(await frame.getByRole('heading', { name: 'Place a sequence' }).isVisible()).to.equal(true);
    await page.close();
  });

  it('a refused launch shows a readable page with its error code', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.tool.url}/lti/login?iss=${encodeURIComponent('https://unknown-lms.example')}&login_hint=x&target_link_uri=${encodeURIComponent(`${ctx.tool.url}/lti/launch`)}`);
    expect(await page.getByTestId('error-code').textContent()).to.equal('LOGIN_UNKNOWN_PLATFORM');
    expect(await page.getByRole('heading', { name: 'What you can do' }).isVisible()).to.equal(true);
    await page.close();
  });
});
