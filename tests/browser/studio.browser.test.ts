/**
 * The authoring studio in Chromium against the real tool: an instructor opens
 * it from a launch, creates a sequence from a template, breaks and fixes it in
 * Monaco (markers and the problem list follow the server's lint), watches the
 * graph follow the JSON, tries a rule example, previews, simulates and
 * publishes. Nothing is faked: every call goes to the tool's studio API.
 *
 * One page walks through the steps in order, as a designer would.
 */
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { sealPageCode } from '../../server/lti/page-code.js';
import { launchAs } from '../helpers/tool.js';
import { editorText, focused, openStudio, paste, replaceAt, reveal, squiggles, text, until } from './studio-support.js';

describe('browser: the authoring studio', function () {
  this.timeout(120_000);
  let context: BrowserContext;
  let page: Page;
  let token: string;
  const problems: string[] = [];
  /** Answers of 400 and above, which Chromium logs as console errors: "METHOD path → status". */
  const refused: string[] = [];

  // Registered before the tool and browser's hooks, as mocha runs `after` hooks in order: the context closes first.
  after(async () => {
    await context?.close();
  });
  const ctx = useToolAndBrowser();

  before(async () => {
    ({ token } = await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add'));
    context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) refused.push(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
    });
  });

  it('opens from an instructor launch and lists the sequences', async () => {
    await openStudio(page, ctx.tool, token);
    await page.getByRole('heading', { name: 'Your sequences' }).waitFor();
    expect(page.url(), 'the address holds no session').to.equal(`${ctx.tool.url}/studio`);
    const rows = await until(() => page.getByTestId('sequence-row').count(), (n) => n >= 2, 'the seeded samples');
    expect(rows).to.be.at.least(2);
    expect(await page.getByRole('button', { name: 'New sequence' }).first().isVisible()).to.equal(true);
    await screenshot(page, 'studio-library');
  });

  it('refuses a learner with the forbidden page', async () => {
    const learner = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    const learnerPage = await context.newPage();
    // A learner's pages have no way to the studio; a page code of their session opens it as far as the role check.
    const response = await learnerPage.goto(`${ctx.tool.url}/studio?code=${sealPageCode(ctx.tool.lti.pageCodes, learner.token, Date.now())}`);
    expect(response?.status()).to.equal(403);
    expect(await learnerPage.getByTestId('error-code').textContent()).to.equal('ROLE_FORBIDDEN');
    await learnerPage.close();
  });

  it('creates a sequence from a template and opens it in the editor', async () => {
    await page.getByRole('button', { name: 'New sequence' }).first().click();
    await page.getByLabel('Title').fill('Fractions for 6B');
    await page.getByText('Fractions (grade 6)').click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Fractions for 6B' }).waitFor();
    expect(page.url()).to.match(/#\/sequences\/[^/]+/);
    await page.locator('ap-json-editor .view-lines').waitFor();
    expect(await text(page, 'save-state')).to.equal('Saved');
    await until(() => text(page, 'graph-counts'), (t) => t === '29 activities, 20 rules', 'the graph of the template');
    await until(() => text(page, 'lint-count'), (t) => t === '0 errors, 0 warnings', 'a clean lint');
    await screenshot(page, 'studio-workspace');
  });

  it('shows an invalid edit as a marker on its line and an entry in the problem list, and clears both once fixed', async () => {
    // Rule 2 (add-across-text) goes to read-add; point it at an activity that does not exist.
    await replaceAt(page, '/rules/1/then/activity', '"activity": "read-nowhere"');
    const entry = page.getByTestId('lint-list').getByRole('button', { name: /read-nowhere/ });
    await entry.waitFor({ timeout: 15_000 });
    expect(await text(page, 'lint-count')).to.match(/^1 error/);
    expect(await entry.textContent()).to.contain('Rule “add-across-text”');
    const marks = await until(() => squiggles(page), (s) => s.some((m) => m.kind === 'error'), 'an error squiggle');
    expect(marks.find((m) => m.kind === 'error')?.line).to.contain('"activity": "read-nowhere"');
    // Not saved silently over a good draft without telling: the state says what happens.
    await until(() => text(page, 'save-state'), (t) => t === 'Saved', 'the autosave of the edit');
    await screenshot(page, 'studio-lint-error');

    // Clicking the entry puts the cursor on it; fix the value there.
    await entry.click();
    await replaceAt(page, '/rules/1/then/activity', '"activity": "read-add"');
    await until(() => text(page, 'lint-count'), (t) => t === '0 errors, 0 warnings', 'the lint to clear');
    await until(() => squiggles(page), (s) => s.length === 0, 'the squiggles to go');
    await until(() => text(page, 'save-state'), (t) => t === 'Saved', 'the fix to be saved');
  });

  it('shows a schema mistake from Monaco itself and lists JSON syntax errors while the text does not parse', async () => {
    await replaceAt(page, '/activities/5/kind', '"kind": "quiz"');
    await until(() => squiggles(page), (s) => s.some((m) => m.line.includes('"quiz"')), 'the schema squiggle');
    await page.getByTestId('lint-list').getByRole('button', { name: /must be one of/ }).waitFor();
    // An unterminated string: the rest of its line (the comma) becomes part of it.
    await replaceAt(page, '/activities/5/kind', '"kind": "singleChoice');
    await until(() => text(page, 'save-state'), (t) => t.startsWith('Not saved: fix the JSON'), 'the invalid state');
    await page.getByTestId('lint-list').getByRole('button', { name: /Line \d+, column \d+/ }).first().waitFor();
    await screenshot(page, 'studio-syntax-error');
    await replaceAt(page, '/activities/5/kind', '"kind": "singleChoice",');
    await until(() => text(page, 'save-state'), (t) => t === 'Saved', 'the repaired text to be saved');
    await until(() => text(page, 'lint-count'), (t) => t === '0 errors, 0 warnings', 'a clean lint again');
  });

  it('updates the graph as the JSON changes, and a node reveals its activity', async () => {
    const graph = page.locator('ap-path-graph');
    await graph.locator('[data-node]').first().waitFor();
    // A new activity nothing leads to yet: one more node, flagged.
    await reveal(page, '/activities/0');
    await page.keyboard.press('Home');
    await paste(page, '{ "id": "extra-reading", "kind": "reading", "title": "Extra reading", "body": "More about fractions." },\n');
    await until(() => text(page, 'graph-counts'), (t) => t === '30 activities, 20 rules', 'the new node');
    const node = graph.getByRole('button', { name: /Activity extra-reading: Extra reading \(reading\)\. Nothing leads here/ });
    await node.waitFor();
    // Renaming an activity renames its node.
    await replaceAt(page, '/activities/6/title', '"title": "Pizza party"');
    await graph.getByRole('button', { name: /Activity eq-pizza: Pizza party/ }).waitFor();
    // Keyboard: focus a node and press Enter to reveal it (the editor takes focus).
    await node.focus();
    await page.keyboard.press('Enter');
    await until(() => page.locator('ap-json-editor').evaluate((el) => el.shadowRoot!.activeElement !== null), (focused) => focused, 'the editor to take focus');
    await until(() => text(page, 'save-state'), (t) => t === 'Saved', 'the edits to be saved');
    await screenshot(page, 'studio-graph');
  });

  it('runs a rule example with the engine and shows the trace', async () => {
    await page.getByRole('tab', { name: 'Rule help' }).click();
    const example = page.getByTestId('example-priority');
    await example.getByRole('button', { name: 'Try it' }).click();
    const result = example.getByTestId('trial-result');
    await result.waitFor();
    const shown = (await result.textContent()) ?? '';
    expect(shown).to.contain('Reading: common denominators');
    expect(shown).to.contain('fix-add-across');
    expect(shown).to.contain('decided');
    expect(shown).to.contain('You added the denominators; here is why that does not work.');
  });

  it('previews a step of the draft with the rule that chose it', async function () {
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Start preview' }).click();
    await page.getByTestId('preview-frame').waitFor();
    // The player shows the first step (the survey) with the reason the engine chose it.
    const frame = page.frameLocator('[data-testid="preview-frame"]');
    await frame.getByRole('heading', { name: 'About you' }).waitFor();
    expect(((await frame.locator('body').textContent()) ?? '').replace(/\s+/g, ' ')).to.contain('Why this: A few questions about you');

    // Restart as a learner who prefers videos: the profile stands for the survey, so the warm-up comes first.
    await page.getByText('Restart with a learner state').click();
    await page.getByLabel('Preferred way to learn').selectOption('video');
    await page.getByRole('button', { name: 'Restart with this state' }).click();
    await frame.getByRole('heading', { name: 'Warm-up' }).waitFor();
    await screenshot(page, 'studio-preview');
  });

  it('simulates learners: progress from the stream, then the results', async () => {
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Learners').fill('300');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByTestId('sim-progress').waitFor({ state: 'attached' });
    const results = page.getByTestId('sim-results');
    await results.waitFor({ timeout: 60_000 });
    expect(await text(page, 'completion-rate')).to.match(/^\d+%$/);
    expect(await results.getByRole('heading', { name: 'Steps to finish' }).isVisible()).to.equal(true);
    expect(await results.getByRole('heading', { name: 'Where learners got stuck' }).isVisible()).to.equal(true);
    expect(await results.locator('ap-bar-chart rect.bar').count()).to.be.greaterThan(0);
    await screenshot(page, 'studio-simulation');
  });

  // QA: "Objective “equivalent” : objective 'equivalent' leaves no room…", the place said twice and spaced off its colon.
  it('names an issue’s place once, in the problem list and the publish warnings', async () => {
    await replaceAt(page, '/objectives/0/masteryThreshold', '"masteryThreshold": 0.99');
    await until(() => text(page, 'lint-count'), (t) => t === '0 errors, 2 warnings', 'the mastery warning');
    const entry = page.getByTestId('lint-list').getByRole('button', { name: /objective 'equivalent' leaves no room for a mistake/ });
    expect(((await entry.textContent()) ?? '').replace(/\s+/g, ' ')).to.not.contain('Objective “equivalent”');
    await page.getByRole('tab', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Publish as version 1' }).click();
    const warnings = page.getByTestId('publish-warnings');
    await warnings.waitFor();
    const listed = ((await warnings.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(listed).to.contain("Warning: Objective 'equivalent' leaves no room for a mistake");
    expect(listed).to.not.contain('Objective “equivalent”');
    expect(listed).to.not.match(/ :/);
    await screenshot(page, 'studio-publish-warnings');
    // The message is the link to its place.
    await warnings.getByRole('button', { name: /^Objective 'equivalent' leaves no room/ }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await replaceAt(page, '/objectives/0/masteryThreshold', '"masteryThreshold": 0.95');
    await until(() => text(page, 'lint-count'), (t) => t === '0 errors, 1 warning', 'the threshold back');
    await until(() => text(page, 'save-state'), (t) => t === 'Saved', 'the threshold saved');
  });

  it('blocks publishing on errors, then publishes and compares with the draft', async () => {
    const [problemsBefore, refusedBefore] = [problems.length, refused.length];
    await page.getByRole('tab', { name: 'Publish' }).click();
    await replaceAt(page, '/rules/1/then/activity', '"activity": "read-nowhere"');
    await page.getByRole('button', { name: 'Publish as version 1' }).click();
    const blocked = page.getByTestId('publish-blocked');
    await blocked.waitFor();
    const refusal = ((await blocked.textContent()) ?? '').replace(/\s+/g, ' ');
    // One error and one warning (the extra-reading added above, which nothing leads to): only the error blocks.
    expect(refusal).to.contain('Publishing is blocked by 1 error.');
    expect(refusal).to.contain('1 warning to review as well.');
    expect(await blocked.getByTestId('publish-errors').locator('li').count()).to.equal(1);
    expect(await blocked.getByTestId('publish-errors').textContent()).to.contain('read-nowhere');
    expect(await blocked.getByTestId('publish-warnings').locator('li[data-severity="warning"]').count()).to.equal(1);
    expect(await text(page, 'lint-count')).to.equal('1 error, 1 warning');
    expect(((await blocked.getByTestId('publish-errors').textContent()) ?? '').replace(/\s+/g, ' ')).to.contain('Rule “add-across-text” › then › activity: unknown activity');
    await screenshot(page, 'studio-publish-blocked');
    // The button pressed is disabled while publishing: focus goes to what happened, not to the page.
    expect(await until(() => focused(page), (f) => f.tag !== 'body', 'focus on the errors')).to.deep.include({ tag: 'h3', text: 'Publishing is blocked by 1 error.' });
    await replaceAt(page, '/rules/1/then/activity', '"activity": "read-add"');
    // What is left is a warning: the activity added above that nothing leads to.
    await until(() => text(page, 'lint-count'), (t) => t === '0 errors, 1 warning', 'the fix');

    await page.getByRole('button', { name: 'Publish as version 1' }).click();
    const warnings = page.getByTestId('publish-blocked');
    await until(async () => ((await warnings.textContent()) ?? '').replace(/\s+/g, ' '), (t) => t.includes('1 warning to review'), 'the warning to confirm');
    expect(await warnings.textContent()).to.contain('extra-reading');
    // QA: focus dropped to the page when the warnings came.
    expect(await until(() => focused(page), (f) => f.tag !== 'body', 'focus on the warnings')).to.deep.include({ tag: 'h3', text: '1 warning to review.' });
    await page.getByRole('button', { name: 'Publish anyway' }).click();
    await until(() => text(page, 'publish-message'), (t) => t === 'Published version 1.', 'the publication');
    // "Publish anyway" went with the warnings: focus is on the outcome.
    expect(await until(() => focused(page), (f) => f.id === 'publish-message', 'focus on the outcome')).to.deep.include({ text: 'Published version 1.' });
    // The panel asked the publish check, so blocking and confirming were answers, not refused requests (red in the console).
    expect(refused.slice(refusedBefore), 'failed responses while publishing').to.deep.equal([]);
    expect(problems.slice(problemsBefore), 'console errors while publishing').to.deep.equal([]);
    await until(() => page.getByTestId('version-list').locator('tbody tr').count(), (n) => n === 1, 'the version list');
    await page.getByRole('button', { name: 'Compare version 1 with the draft' }).click();
    await page.getByText('No differences.').waitFor();
    // The draft is version 1: nothing to publish, and the panel says why.
    await page.getByTestId('publish-unchanged').waitFor();
    expect(await text(page, 'publish-unchanged')).to.contain('Nothing has changed since version 1');
    expect(await page.getByTestId('publish').isDisabled()).to.equal(true);
    // An edit after publishing shows up as a readable change.
    await replaceAt(page, '/title', '"title": "Fractions for 6B – second try"');
    await until(() => text(page, 'save-state'), (t) => t === 'Saved', 'the new title to be saved');
    expect(await page.getByTestId('publish').isDisabled(), 'a changed draft can be published').to.equal(false);
    expect(await page.getByTestId('publish-unchanged').count()).to.equal(0);
    // Typographic text is not boxed as "ambiguous"; invisible characters still are.
    const highlight = await page.locator('ap-json-editor').evaluate((el) => {
      // The element's Monaco editor is private to TypeScript, not at run time.
      const editor = (el as unknown as { editor: { getRawOptions(): { unicodeHighlight?: unknown } } }).editor;
      return { boxes: el.shadowRoot!.querySelectorAll('.unicode-highlight').length, options: editor.getRawOptions().unicodeHighlight };
    });
    expect(highlight).to.deep.equal({ boxes: 0, options: { ambiguousCharacters: false, invisibleCharacters: true } });
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const diff = page.getByTestId('diff-list');
    await diff.waitFor();
    expect(await diff.textContent()).to.contain('Fractions for 6B – second try');
    await screenshot(page, 'studio-publish');
  });

  it('does not publish warnings confirmed on a draft someone saved since: a real conflict, said so', async () => {
    const [problemsBefore, refusedBefore] = [problems.length, refused.length];
    await page.getByRole('button', { name: 'Publish as version 2' }).click();
    const warnings = page.getByTestId('publish-blocked');
    await until(async () => ((await warnings.textContent()) ?? '').replace(/\s+/g, ' '), (t) => t.includes('1 warning to review'), 'the warning to confirm');
    // Another tab saves the sequence while the designer reads the warning.
    const id = decodeURIComponent(/#\/sequences\/([^/]+)/.exec(await page.evaluate(() => location.hash))?.[1] ?? '');
    const api = (method: string, body?: unknown) =>
      fetch(`${ctx.tool.url}/studio/api/sequences/${encodeURIComponent(id)}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
    const { sequence } = (await (await api('GET')).json()) as { sequence: { title: string; draft: Record<string, unknown>; updatedAt: number } };
    expect((await api('PUT', { title: sequence.title, draft: { ...sequence.draft, description: 'From another tab' }, baseUpdatedAt: sequence.updatedAt })).status).to.equal(200);

    await page.getByRole('button', { name: 'Publish anyway' }).click();
    await until(() => text(page, 'publish-message'), (t) => t.startsWith('The draft was saved again after you checked it.'), 'the conflict');
    expect(await page.getByTestId('version-list').locator('tbody tr').count(), 'nothing published').to.equal(1);
    // Nothing was unsaved here, so the editor takes the other tab's draft instead of keeping a stale copy.
    await until(() => editorText(page), (t) => t.includes('From another tab'), 'the other tab\'s draft in the editor');
    expect(await text(page, 'save-state')).to.equal('Saved');
    expect(refused.slice(refusedBefore)).to.deep.equal([`POST /studio/api/sequences/${id}/publish → 409`]);
    // The one expected refusal, so the last test can still require none.
    refused.splice(refusedBefore);
    problems.splice(problemsBefore, problems.length - problemsBefore, ...problems.slice(problemsBefore).filter((p) => !/status of 409 \(Conflict\)/.test(p)));
  });

  it('loaded without script errors or refused styles', async function () {
    const hasNonce = await page.evaluate(() => !!document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content'));
    expect(hasNonce, 'the page shell passes the nonce Monaco\'s styles need').to.equal(true);
    expect(problems).to.deep.equal([]);
    expect(refused).to.deep.equal([]);
  });
});
