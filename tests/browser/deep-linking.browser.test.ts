/**
 * Placing a sequence in a course as an instructor does it: "Add content" in the
 * LMS, choose a published sequence in the tool, back to the LMS, which now has
 * a link and a gradebook column; a learner launching that link lands in it.
 */
import { expect } from 'chai';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';

describe('browser: placing a sequence through Deep Linking', function () {
  this.timeout(90_000);
  const ctx = useToolAndBrowser();

  it('an instructor adds a published sequence to a course, and a learner launching it lands in that sequence', async () => {
    const platform = ctx.tool.devPlatform!;
    const course = 'grade7-math-fractions';
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
