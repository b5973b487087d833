/** A person's first minute: open the built-in LMS, press "Launch as learner", land in the tool. */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../server/server.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestTool } from '../helpers/tool.js';

describe('browser: launching from the built-in LMS', function () {
  this.timeout(60_000);
  let tool: RunningServer;
  let browser: Browser;

  before(async () => {
    tool = await startTestTool();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await tool?.close();
  });

  it('"Launch as learner" lands on the tool, inside the LMS page, with the learner\'s name visible', async () => {
    const page = await browser.newPage();
    await page.goto(`${tool.devPlatform!.issuer}/`);
    await page.getByRole('link', { name: 'Launch as learner (Maya Chen)' }).first().click();
    const frame = page.frameLocator('iframe.tool');
    await expect(await frame.getByTestId('user-name').textContent({ timeout: 15_000 })).to.equal('Maya Chen');
    await screenshot(page, 'launch-as-learner');
    await page.close();
  });

  it('"Launch as instructor" shows the instructor how to place a sequence', async () => {
    const page = await browser.newPage();
    await page.goto(`${tool.devPlatform!.issuer}/`);
    await page.getByRole('link', { name: /Launch as instructor/ }).first().click();
    const frame = page.frameLocator('iframe.tool');
    expect(await frame.getByTestId('user-name').textContent({ timeout: 15_000 })).to.equal('Elena Rivera');
    expect(await frame.getByRole('heading', { name: 'Place a sequence' }).isVisible()).to.equal(true);
    await page.close();
  });

  it('a refused launch shows a readable page with its error code', async () => {
    const page = await browser.newPage();
    await page.goto(`${tool.url}/lti/login?iss=${encodeURIComponent('https://unknown-lms.example')}&login_hint=x&target_link_uri=${encodeURIComponent(`${tool.url}/lti/launch`)}`);
    expect(await page.getByTestId('error-code').textContent()).to.equal('LOGIN_UNKNOWN_PLATFORM');
    expect(await page.getByRole('heading', { name: 'What you can do' }).isVisible()).to.equal(true);
    await page.close();
  });
});
