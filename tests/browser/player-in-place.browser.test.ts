/**
 * What the page script updates in place, and what the question's fields tell
 * assistive technology, checked in Chromium with JavaScript on: the mastery
 * line follows the answer that reaches mastery, and a refused answer marks its
 * fields invalid and points them at the error.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { applyAction } from '../../server/delivery/actions.js';
import { fromStored } from '../../server/delivery/player-state.js';
import { presentScreen } from '../../server/delivery/present.js';
import { compileSequence, type Answer } from '../../server/engine/index.js';
import { sealPageCode } from '../../server/lti/page-code.js';
import { loadSample } from '../engine/support/samples.js';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { answerFields, correctAnswer, Learner, questionOf, step, toQuestion, wrongAnswer, type QuestionScreen } from '../delivery/support/learner.js';

const doc = loadSample('fractions');

interface AXNode {
  role?: { value: string };
  description?: { value: string };
  properties?: Array<{ name: string; value: { value: unknown } }>;
}
const compiled = compileSequence(doc);

/** How many objectives the page would say are mastered after `answer`, worked out with the pure player, without committing anything. */
async function masteredAfter(learner: Learner, screen: QuestionScreen, answer: Answer): Promise<number> {
  const state = fromStored((await learner.record()).state);
  const applied = applyAction(compiled, state, { type: 'answer', at: screen.at, key: 'prediction-only', answer });
  if (applied.replayed) throw new Error('a prediction cannot be a replay');
  return presentScreen(compiled, applied.state, { newKey: () => 'k', media: () => false }).progress.mastered;
}

describe('browser: the player updates in place and labels its fields', function () {
  this.timeout(120_000);
  const ctx = useToolAndBrowser();

  async function open(learner: Learner): Promise<{ page: Page; errors: string[] }> {
    const page = await ctx.browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${ctx.tool.url}/app?code=${sealPageCode(ctx.tool.lti.pageCodes, learner.token, Date.now())}`);
    return { page, errors };
  }

  it('the answer that reaches mastery updates "N of 3 objectives mastered" at once, not after Continue', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    // Answer right, over the API, until the next right answer is the one that masters an objective.
    let screen = await learner.screen();
    let target: QuestionScreen | null = null;
    for (let i = 0; i < 60 && target === null; i++) {
      if (screen.kind === 'question' && !screen.finished) {
        const answer = correctAnswer(questionOf(doc, screen.question.id));
        if ((await masteredAfter(learner, screen, answer)) > screen.progress.mastered) {
          target = screen;
          break;
        }
      }
      if (screen.kind === 'complete') break;
      screen = await step(learner, doc, screen);
    }
    if (target === null) throw new Error('no answer that reaches mastery came up');
    const before = target.progress.mastered;

    const { page, errors } = await open(learner);
    const progress = page.locator('#screen .path-progress');
    expect(await progress.textContent()).to.contain(`${before} of 3 objectives mastered`);
    const q = questionOf(doc, target.question.id);
    for (const [name, value] of answerFields(correctAnswer(q))) {
      if (name === 'choice') await page.locator(`input[name="choice"][value="${value}"]`).check();
      else await page.locator(`input[name="${name}"]`).fill(value);
    }
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.locator('#feedback-title').filter({ hasText: 'Correct!' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#screen').getAttribute('data-screen'), 'the same screen, updated in place').to.equal(target.id);
    expect(await progress.textContent()).to.contain(`${before + 1} of 3 objectives mastered`);
    await screenshot(page, 'player-mastery-in-place');
    expect(errors, 'no script or console errors (a missing favicon was one)').to.deep.equal([]);
    await page.close();
  });

  it('a refused answer marks the fields invalid and describes them by the error, until it is fixed', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-zanele');
    const screen = await toQuestion(learner, doc, {}, (s) => s.question.kind === 'singleChoice');
    const { page } = await open(learner);
    const radios = page.locator('input[name="choice"]');
    expect(await radios.first().getAttribute('aria-invalid')).to.equal(null);
    // As an older browser would, which does not stop a blank required field itself.
    await page.locator('form.answer-form').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.locator('#form-error-text').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('form-error-text');
    for (const radio of await radios.all()) {
      expect(await radio.getAttribute('aria-invalid')).to.equal('true');
      expect((await radio.getAttribute('aria-describedby'))!.split(' ')).to.include('form-error-text');
    }
    expect((await page.locator('fieldset').getAttribute('aria-describedby'))!.split(' ')).to.include.members(['prompt', 'form-error-text']);
    // What Chromium hands a screen reader: each radio invalid, described by the error.
    const error = (await page.locator('#form-error-text').textContent())!;
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const axRadios = nodes.filter((n) => n.role?.value === 'radio');
    expect(axRadios).to.have.length(await radios.count());
    for (const n of axRadios) {
      expect(n.properties?.find((p) => p.name === 'invalid')?.value.value).to.equal('true');
      expect(n.description?.value).to.contain(error);
    }
    await cdp.detach();
    await screenshot(page, 'player-blank-answer-error');

    const q = questionOf(doc, screen.question.id);
    const [, wrong] = answerFields(wrongAnswer(q))[0]!;
    await page.locator(`input[name="choice"][value="${wrong}"]`).check();
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.locator('#feedback-title').waitFor({ timeout: 15_000 });
    expect(await page.locator('#form-error-text').count(), 'the error is gone').to.equal(0);
    expect(await radios.first().getAttribute('aria-invalid')).to.equal(null);
    await page.close();
  });
});
