/**
 * What the page script updates in place, and what the question's fields tell
 * assistive technology, checked in Chromium with JavaScript on: the mastery
 * line follows the answer that reaches mastery, a refused answer marks its
 * fields invalid and points them at the error, and a question missed to its
 * last attempt shows the learner's own choice and the right one, legibly.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { applyAction } from '../../server/delivery/actions.js';
import { fromStored } from '../../server/delivery/player-state.js';
import { presentScreen } from '../../server/delivery/present.js';
import { compileSequence, type Answer } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { openPlayer, screenshot, useToolAndBrowser } from '../helpers/browser.js';
import { sealPageCode } from '../../server/lti/page-code.js';
import { answerFields, at, correctAnswer, Learner, questionOf, step, toQuestion, wrongAnswer, type QuestionScreen } from '../delivery/support/learner.js';

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

const rgba = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number);

/** `top` (with its alpha) painted over the opaque `below`. */
function over(top: number[], below: number[]): number[] {
  const a = top[3] ?? 1;
  return [0, 1, 2].map((i) => top[i]! * a + below[i]! * (1 - a));
}

function luminance(c: number[]): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The contrast ratio of an element's text against what it is drawn on (WCAG 2 relative luminance), faded ancestors included. */
async function contrastOf(page: Page, selector: string): Promise<number> {
  // Only plain data crosses into the page: tsx names nested functions with a helper the page lacks.
  const { color, backgrounds, opacity } = await page.locator(selector).first().evaluate((el) => {
    const backgrounds: string[] = [];
    let opacity = 1;
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      opacity *= Number(style.opacity);
      backgrounds.push(style.backgroundColor);
    }
    return { color: getComputedStyle(el).color, backgrounds, opacity };
  });
  let background = [255, 255, 255];
  for (const layer of backgrounds.reverse()) background = over(rgba(layer), background);
  const text = rgba(color);
  const shown = over([text[0]!, text[1]!, text[2]!, (text[3] ?? 1) * opacity], background);
  const [hi, lo] = [luminance(shown), luminance(background)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('browser: the player updates in place and labels its fields', function () {
  this.timeout(120_000);
  const ctx = useToolAndBrowser();

  const open = (learner: Learner) => openPlayer(ctx, learner);

  it('the answer that reaches mastery updates "N of 3 topics mastered" at once, not after Continue', async () => {
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
    expect(await progress.textContent()).to.contain(`${before} of 3 topics mastered`);
    const q = questionOf(doc, target.question.id);
    for (const [name, value] of answerFields(correctAnswer(q))) {
      if (name === 'choice') await page.locator(`input[name="choice"][value="${value}"]`).check();
      else await page.locator(`input[name="${name}"]`).fill(value);
    }
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.locator('#feedback-title').filter({ hasText: 'Correct!' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#screen').getAttribute('data-screen'), 'the same screen, updated in place').to.equal(target.id);
    expect(await progress.textContent()).to.contain(`${before + 1} of 3 topics mastered`);
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
    expect(await page.evaluate(() => document.activeElement?.id), 'the error summary (tests/browser/player-errors)').to.equal('form-error-summary');
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

  it('the final wrong attempt marks the learner’s choice "Your answer" and the right one "Correct answer", in place as without JavaScript, legibly (contrast ≥ 4.5:1)', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas');
    const screen = await toQuestion(learner, doc, {}, (s) => s.question.kind === 'singleChoice');
    const q = questionOf(doc, screen.question.id);
    if (q.kind !== 'singleChoice') throw new Error('not a single choice');
    const wrong = answerFields(wrongAnswer(q))[0]![1];
    const right = q.choices.find((c) => c.correct === true)!.id;
    for (let i = 0; i < screen.attempts.max - 1; i++) await learner.act('/answer', [...at(screen), ['k', `final-attempt-${i}-key`], ['choice', wrong]]);
    const { page } = await open(learner);
    expect(await page.locator('.correct-answer').count(), 'not while an attempt remains').to.equal(0);
    await page.locator(`input[name="choice"][value="${wrong}"]`).check();
    await page.getByRole('button', { name: 'Check answer' }).click();
    await page.locator('#feedback-title').filter({ hasText: /^Not quite$/ }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#screen').getAttribute('data-screen'), 'updated in place').to.equal(screen.id);
    expect(await page.locator('fieldset').getAttribute('disabled'), 'the question is over').to.not.equal(null);
    expect(await page.locator('#feedback .answer-shown').textContent()).to.equal('The correct answer is marked “Correct answer” above.');

    const marks = (p: Page) =>
      p.locator('label.option').evaluateAll((labels) => labels.map((l) => `${l.querySelector('input')?.value}: ${[...l.querySelectorAll('.marks > span')].map((m) => m.textContent).join(', ')}`));
    const inPlace = await marks(page);
    expect(inPlace).to.include.members([`${wrong}: Your answer`, `${right}: Correct answer`]);
    expect(inPlace.filter((m) => !m.endsWith(': ')), 'no other option is marked').to.have.length(2);
    // A screen reader names the options with their marks.
    expect(await page.getByRole('radio', { name: /Correct answer$/ }).getAttribute('value')).to.equal(right);
    expect(await page.getByRole('radio', { name: /Your answer$/ }).getAttribute('value')).to.equal(wrong);

    const noScript = await ctx.browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${ctx.tool.url}/app?code=${sealPageCode(ctx.tool.lti.pageCodes, learner.token, Date.now())}`);
    expect(await marks(plain), 'the page without JavaScript marks the same').to.deep.equal(inPlace);
    await noScript.close();

    expect(await contrastOf(page, 'label.option.is-chosen > span:not(.marks)')).to.be.at.least(4.5);
    expect(await contrastOf(page, 'label.option.is-chosen .your-answer')).to.be.at.least(4.5);
    expect(await contrastOf(page, 'label.option.is-right > span:not(.marks)')).to.be.at.least(4.5);
    expect(await contrastOf(page, 'label.option.is-right .correct-answer')).to.be.at.least(4.5);
    expect(await contrastOf(page, 'label.option:not(.is-chosen):not(.is-right) > span'), 'the other options stay readable too').to.be.at.least(4.5);
    await screenshot(page, 'player-final-attempt');
    await page.close();
  });
});
