/**
 * The studio's library and its safety nets, in Chromium against the real tool:
 * duplicate, delete after confirming, restore what was archived, import and
 * export JSON files; the schema
 * in Monaco (completion of enum values, hover docs); and unsaved work that
 * survives a crash, a closing tab and someone else's save.
 */
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { launchAs } from '../helpers/tool.js';
import { createSequence, studioApi } from '../studio/support/studio.js';
import { editorText, focused, openStudio, paste, reveal, text, until } from './studio-support.js';

const rows = (page: Page) => page.getByTestId('sequence-row');

describe('browser: the studio library and unsaved work', function () {
  this.timeout(120_000);
  let context: BrowserContext;
  let page: Page;
  let token: string;
  // Registered before the tool and browser's hooks, as mocha runs `after` hooks in order: the context closes first.
  after(async () => {
    await context?.close();
  });
  const ctx = useToolAndBrowser();
  /** The studio at the route `page` shows, opened afresh in `into` (another tab, as a designer would open it again). */
  const sameRoute = (from: Page, into: Page) => openStudio(into, ctx.tool, token, new URL(from.url()).hash);

  before(async () => {
    ({ token } = await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add'));
    context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
  });

  it('duplicates a sequence and deletes the copy only after confirming', async () => {
    await openStudio(page, ctx.tool, token);
    const before = await until(() => rows(page).count(), (n) => n >= 2, 'the samples');
    await page.getByRole('button', { name: 'Duplicate Fractions: equal, bigger, together' }).click();
    await until(() => rows(page).count(), (n) => n === before + 1, 'the copy');
    const copy = 'Fractions: equal, bigger, together (copy)';
    await page.getByRole('button', { name: `Delete ${copy}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this sequence?' });
    await dialog.waitFor();
    // The safe choice has the focus; Escape dismisses without deleting.
    expect((await focused(page)).text).to.equal('Keep it');
    await screenshot(page, 'studio-delete-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await rows(page).count()).to.equal(before + 1);
    await page.getByRole('button', { name: `Delete ${copy}` }).click();
    // The dialog's buttons are slotted into it: found from the page, not inside the <dialog> node.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await until(() => rows(page).count(), (n) => n === before, 'the copy to go');
    expect(await page.getByRole('button', { name: `Open ${copy}` }).count()).to.equal(0);
    // Not left on the next row's Delete button, one Enter from deleting that one too.
    expect(await until(() => focused(page), (f) => f.tag === 'h1', 'focus on the heading')).to.deep.include({ text: 'Your sequences' });
  });

  it('archives a published sequence out of the list, then restores it from the collapsed Archived section', async () => {
    const api = studioApi(ctx.tool, token);
    const title = 'Archived by mistake';
    const sequence = await createSequence(api, { title, template: 'fractions' });
    await api.post(`/sequences/${sequence.id}/publish`).expect(201);
    await openStudio(page, ctx.tool, token);
    await page.getByRole('button', { name: `Delete ${title}` }).click();
    // The dialog asks what its button does.
    await page.getByRole('dialog', { name: 'Archive this sequence?' }).waitFor();
    await page.getByRole('button', { name: 'Archive it' }).click();
    await until(() => page.getByRole('button', { name: `Open ${title}` }).count(), (n) => n === 0, 'the sequence to leave the list');
    // QA: focus landed on the Delete button of the sequence that moved up into the row.
    expect(await until(() => focused(page), (f) => f.tag === 'h1', 'focus on the heading')).to.deep.include({ text: 'Your sequences' });

    const archived = page.getByTestId('archived');
    const summary = archived.getByText('Archived (1)', { exact: true });
    await summary.waitFor();
    // Collapsed, and apart from the list: nothing archived is among the sequence rows.
    const restore = page.getByRole('button', { name: `Restore ${title}` });
    expect(await restore.isVisible()).to.equal(false);
    expect((await rows(page).allTextContents()).join('\n')).to.not.contain(title);
    await summary.click();
    await restore.waitFor();
    await screenshot(page, 'studio-archived');
    await restore.click();

    await page.getByRole('button', { name: `Open ${title}` }).waitFor();
    await archived.waitFor({ state: 'detached' });
    // QA: focus fell to the page with the Archived section it was in; it goes to the sequence restored.
    await until(() => focused(page), (f) => f.tag === 'button' && f.text === title, 'focus on the restored sequence’s title');
    expect(await page.getByRole('button', { name: title, exact: true }).evaluate((b) => b.closest('tr')?.dataset.testid)).to.equal('sequence-row');
    await until(() => page.getByTestId('toast').allTextContents(), (all) => all.some((t) => t.includes(`Restored “${title}”`)), 'the confirmation');
    // Back as it was: it opens, published.
    expect(await rows(page).filter({ hasText: title }).textContent()).to.contain('version 1');
  });

  it('searches by title', async () => {
    await page.getByRole('searchbox', { name: 'Search sequences' }).fill('privacy');
    await until(() => rows(page).count(), (n) => n === 1, 'one match');
    expect(await rows(page).first().textContent()).to.contain('Data privacy');
    await page.getByRole('searchbox', { name: 'Search sequences' }).fill('');
    await until(() => rows(page).count(), (n) => n >= 2, 'every sequence again');
  });

  it('exports a sequence as a JSON file and imports a file as a new sequence', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Data privacy essentials for practitioners as JSON' }).click()]);
    expect(download.suggestedFilename()).to.equal('data-privacy-essentials-for-practitioners.json');
    const exported = JSON.parse(await streamText(await download.createReadStream())) as { title: string; rules: unknown[] };
    expect(exported.title).to.equal('Data privacy essentials for practitioners');
    expect(exported.rules.length).to.be.greaterThan(5);

    exported.title = 'Imported privacy course';
    await page.locator('#import-file').setInputFiles({ name: 'privacy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await page.getByRole('heading', { name: 'Imported privacy course' }).waitFor();
    await until(() => text(page, 'graph-counts'), (t) => /^\d+ activities, \d+ rules$/.test(t), 'the imported graph');

    await page.getByRole('link', { name: 'Back to your sequences' }).click();
    await page.locator('#import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"title": ') });
    await until(() => page.getByTestId('toast').allTextContents(), (all) => all.some((t) => t.includes('“broken.json” is not valid JSON')), 'the refusal');
  });

  it('completes enum values and shows hover docs from the schema', async () => {
    await page.getByRole('button', { name: 'Open Fractions: equal, bigger, together', exact: true }).click();
    await page.locator('ap-json-editor .view-lines').waitFor();
    await reveal(page, '/activities/5/kind');
    await paste(page, '"kind": ""');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('ap-json-editor .suggest-widget .monaco-list-row');
    await until(() => suggestions.allTextContents(), (all) => all.some((t) => t.includes('multipleChoice')), 'kind suggestions');
    const all = (await suggestions.allTextContents()).join(' ');
    expect(all).to.contain('singleChoice').and.contain('handsOn');
    await screenshot(page, 'studio-completion');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');
    await until(() => editorText(page), (t) => t.includes('"kind": "singleChoice"') && !t.includes('"kind": ""'), 'the undo');

    // Where a rule goes, completion offers ready-made rules.
    await reveal(page, '/rules/0');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Space');
    await until(() => suggestions.allTextContents(), (all) => all.includes('Rule: go to an activity') && all.includes('Default rule'), 'rule snippets');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');

    await reveal(page, '/objectives/0/masteryThreshold');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+i');
    const hover = page.locator('ap-json-editor .monaco-hover');
    await until(async () => ((await hover.count()) ? ((await hover.first().textContent()) ?? '') : ''), (t) => t.includes('Mastery estimate at or above which the objective counts as mastered'), 'the hover doc');
    await page.waitForTimeout(300); // the hover fades in
    await screenshot(page, 'studio-hover');
    await page.keyboard.press('Escape');
  });

  it('keeps unsaved text through a crash and offers it back', async () => {
    const crashing = await context.newPage();
    await sameRoute(page, crashing);
    await crashing.locator('ap-json-editor .view-lines').waitFor();
    await reveal(crashing, '/title');
    await paste(crashing, '"title": "Typed just before the crash"');
    // Long enough for the local backup (0.3 s), too short for the autosave (1.5 s).
    await crashing.waitForTimeout(600);
    await crashing.close({ runBeforeUnload: false });

    const again = await context.newPage();
    await sameRoute(page, again);
    const offer = again.getByRole('button', { name: 'Restore them' });
    await offer.waitFor();
    await screenshot(again, 'studio-restore-offer');
    await offer.click();
    await until(() => editorText(again), (t) => t.includes('"title": "Typed just before the crash"'), 'the restored text');
    await until(() => text(again, 'save-state'), (t) => t === 'Saved', 'the restored text to be saved');
    await again.close();
  });

  it('asks before a tab with unsaved changes closes', async () => {
    const tab = await context.newPage();
    await sameRoute(page, tab);
    await tab.locator('ap-json-editor .view-lines').waitFor();
    // Browsers only ask on pages the person has interacted with: click into the editor, as a designer would.
    await tab.locator('ap-json-editor .view-lines').click();
    await reveal(tab, '/title');
    // Half-typed JSON cannot be saved, so the change is certainly unsaved when the tab closes.
    await paste(tab, '"title": "Not saved yet",,');
    await until(() => text(tab, 'save-state'), (t) => t === 'Not saved: fix the JSON syntax', 'the unsaved state');
    const prompted = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no beforeunload prompt')), 10_000);
      tab.once('dialog', (d) => {
        clearTimeout(timer);
        resolve(d.type());
        void d.accept();
      });
    });
    await tab.close({ runBeforeUnload: true });
    expect(await prompted).to.equal('beforeunload');
  });

  it('turns a save over someone else’s into a conflict to resolve, never a silent overwrite', async () => {
    const mine = page;
    await mine.reload();
    await mine.locator('ap-json-editor .view-lines').waitFor();
    const theirs = await context.newPage();
    await sameRoute(mine, theirs);
    await theirs.locator('ap-json-editor .view-lines').waitFor();
    await reveal(theirs, '/description');
    await paste(theirs, '"description": "Their description"');
    await until(() => text(theirs, 'save-state'), (t) => t === 'Saved', 'their save');

    await reveal(mine, '/description');
    await paste(mine, '"description": "My description"');
    await until(() => text(mine, 'save-state'), (t) => t === 'Conflict: reload or overwrite', 'the conflict');
    await screenshot(mine, 'studio-conflict');
    await mine.getByRole('button', { name: 'Overwrite with mine' }).click();
    await until(() => text(mine, 'save-state'), (t) => t === 'Saved', 'my overwrite');

    await theirs.reload();
    await until(() => editorText(theirs), (t) => t.includes('"description": "My description"'), 'my text on their side');

    // The other way out: take their version. Mine is not dropped: it stays on offer.
    await reveal(theirs, '/description');
    await paste(theirs, '"description": "Their second description"');
    await until(() => text(theirs, 'save-state'), (t) => t === 'Saved', 'their second save');
    await reveal(mine, '/description');
    await paste(mine, '"description": "My second description"');
    await until(() => text(mine, 'save-state'), (t) => t === 'Conflict: reload or overwrite', 'the second conflict');
    await mine.getByRole('button', { name: 'Reload theirs' }).click();
    await until(() => editorText(mine), (t) => t.includes('"description": "Their second description"'), 'their text on my side');
    expect(await text(mine, 'save-state')).to.equal('Saved');
    await mine.getByRole('button', { name: 'Restore them' }).click();
    await until(() => editorText(mine), (t) => t.includes('"description": "My second description"'), 'my text restored');
    await until(() => text(mine, 'save-state'), (t) => t === 'Saved', 'my restored text saved');
    await theirs.close();
  });

  it('opens a rule example from the help page as a new sequence; the tool tabs follow the arrow keys', async () => {
    await openStudio(page, ctx.tool, token, '#/help');
    await page.getByRole('heading', { name: 'The rule language' }).waitFor();
    await page.getByTestId('example-choice').getByRole('button', { name: 'Open as a sequence' }).click();
    await page.getByRole('heading', { name: 'Example: Offer a choice, recommended by preference' }).waitFor();
    await until(() => text(page, 'graph-counts'), (t) => t === '5 activities, 2 rules', 'the example graph');
    await until(() => text(page, 'lint-count'), (t) => t.startsWith('0 errors'), 'an example without errors');

    const graphTab = page.getByRole('tab', { name: 'Path graph' });
    await graphTab.focus();
    await page.keyboard.press('ArrowRight');
    await until(() => page.getByRole('tab', { name: 'Publish' }).getAttribute('aria-selected'), (v) => v === 'true', 'the next tab');
    expect(await page.evaluate(() => location.hash)).to.match(/\/publish$/);
    await page.keyboard.press('End');
    await until(() => page.getByRole('tab', { name: 'Rule help' }).getAttribute('aria-selected'), (v) => v === 'true', 'the last tab');
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
