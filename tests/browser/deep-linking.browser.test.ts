/**
 * Placing a sequence in a course as an instructor does it: "Add content" in the
 * LMS, choose a published sequence in the tool, back to the LMS, which now has
 * a link and a gradebook column; a learner launching that link lands in it.
 */
import { expect } from 'chai';
import type { FrameLocator, Page } from 'playwright-core';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { launchFrom } from '../studio/support/deep-linking.js';

describe('browser: placing a sequence through Deep Linking', function () {
  this.timeout(90_000);
  const ctx = useToolAndBrowser();
  const course = 'grade7-math-fractions';

  /** The LMS's "Add content" for the course, and the tool's chooser in its frame. */
  async function chooser(page: Page): Promise<FrameLocator> {
    await page.goto(`${ctx.tool.devPlatform!.issuer}/`);
    await page.locator(`form:has(input[name="course"][value="${course}"])`).getByRole('button', { name: 'Add content (Deep Linking)' }).click();
    const frame = page.frameLocator('iframe.tool');
    await frame.getByTestId('placeable').first().waitFor({ timeout: 15_000 });
    return frame;
  }

  // QA: the search box was tiny and unstyled beside its button, and the list changed only on Search.
  it('narrows the list as the instructor types, with a search field as wide as the card', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1024, height: 768 } });
    const frame = await chooser(page);
    const field = frame.getByRole('searchbox', { name: 'Search published sequences' });
    const button = frame.getByRole('button', { name: 'Search', exact: true });
    const [fieldBox, buttonBox, cardBox] = [await field.boundingBox(), await button.boundingBox(), await frame.locator('section.card').first().boundingBox()];
    expect(fieldBox!.width, 'most of the card').to.be.greaterThan(cardBox!.width * 0.6);
    expect(Math.abs(fieldBox!.height - buttonBox!.height), 'as tall as its button').to.be.at.most(2);
    expect(fieldBox!.x + fieldBox!.width, 'beside its button').to.be.at.most(buttonBox!.x);
    expect(await field.evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).to.not.equal('0px');

    const shown = frame.locator('[data-testid="placeable"]:visible');
    const all = await shown.count();
    expect(all).to.be.greaterThan(1);
    await field.pressSequentially('privacy');
    // No Search pressed: the list follows the typing.
    await frame.locator('[data-testid="placeable"]:visible').first().waitFor();
    expect(await shown.allTextContents()).to.have.length(1);
    expect((await shown.first().textContent()) ?? '').to.contain('Data privacy essentials');
    await frame.getByText(`1 of ${all} sequences match.`).waitFor();
    // What is chosen stays in view while the search changes.
    await frame.getByRole('radio', { name: /Data privacy essentials/ }).check();
    await field.fill('nothing like this');
    await frame.getByText('No published sequence matches your search.').waitFor({ state: 'hidden' });
    expect(await shown.count()).to.equal(1);
    await field.fill('');
    expect(await shown.count()).to.equal(all);
    await screenshot(page, 'deep-linking-search');
    await page.close();
  });

  it('searches with the Search button where JavaScript does not run', async () => {
    const { landingUrl } = await launchFrom(ctx.tool, ctx.tool.devPlatform!.deepLinkStartUrl('instructor-rivera', course));
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(landingUrl);
    const all = await page.getByTestId('placeable').count();
    expect(all).to.be.greaterThan(1);
    await page.getByRole('searchbox', { name: 'Search published sequences' }).fill('privacy');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: 'Sequences matching “privacy”' }).waitFor();
    expect(await page.getByTestId('placeable').allTextContents()).to.satisfy((found: string[]) => found.length === 1 && found[0]!.includes('Data privacy essentials'));
    await context.close();
  });

  it('an instructor adds a published sequence to a course, and a learner launching it lands in that sequence', async () => {
    const platform = ctx.tool.devPlatform!;
    const linksBefore = platform.directory.links(course).length;
    const page = await ctx.browser.newPage();
    await page.goto(`${platform.issuer}/`);
    await page.locator(`form:has(input[name="course"][value="${course}"])`).getByRole('button', { name: 'Add content (Deep Linking)' }).click();

    const frame = page.frameLocator('iframe.tool');
    await frame.getByTestId('placeable').first().waitFor({ timeout: 15_000 }).catch(async (err) => {
      await screenshot(page, 'deep-linking-failed');
      throw err;
    });
    await frame.getByRole('radio', { name: /Data privacy essentials/ }).check();
    await frame.getByRole('button', { name: 'Add to the course' }).click();
    await frame.getByRole('heading', { name: /Content added to Grade 7 Math/ }).waitFor({ timeout: 15_000 }).catch(async (err) => {
      await screenshot(page, 'deep-linking-failed');
      throw err;
    });
    await screenshot(page, 'deep-linking-added');

    const links = platform.directory.links(course);
    expect(links).to.have.length(linksBefore + 1);
    const added = links.at(-1)!;
    expect(added.custom).to.deep.include({ sequence_id: 'data-privacy-essentials' });
    expect(platform.gradebook.lineItems(course).some((li) => li.resourceLinkId === added.id), 'a gradebook column for it').to.equal(true);

    await page.goto(`${platform.issuer}/view?user=learner-liam&link=${encodeURIComponent(added.id)}`);
    const learner = page.frameLocator('iframe.tool');
    await learner.getByTestId('user-name').waitFor({ timeout: 15_000 });
    expect(await learner.getByTestId('user-name').textContent()).to.contain('Liam');
    expect(await learner.locator('.path-progress').textContent()).to.contain('Data privacy essentials');
    await screenshot(page, 'deep-linking-learner');
    await page.close();
  });
});
