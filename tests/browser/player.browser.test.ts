/**
 * A learner's whole session in Chromium, inside the built-in LMS's frame:
 * survey (video), a missed warm-up item, remediation offered in the chosen
 * modality with the reason shown, answers until mastery, the completion screen.
 */
import { expect } from 'chai';
import type { FrameLocator, Page } from 'playwright-core';
import { isQuestion, type Question, type SequenceDoc } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { screenshot, useToolAndBrowser } from '../helpers/browser.js';

const doc: SequenceDoc = loadSample('fractions');

function question(id: string): Question {
  const q = doc.activities.find((a) => a.id === id);
  if (q === undefined || !isQuestion(q)) throw new Error(`${id} is not a question`);
  return q;
}

async function screenId(frame: FrameLocator): Promise<string> {
  return (await frame.locator('#screen').getAttribute('data-screen', { timeout: 15_000 })) ?? '';
}

/** Clicks a button and waits for the player to show another screen. */
async function moveOn(frame: FrameLocator, button: string | RegExp): Promise<void> {
  const before = await screenId(frame);
  await frame.getByRole('button', { name: button }).click();
  await frame.locator(`#screen:not([data-screen="${before}"])`).waitFor({ timeout: 15_000 });
}

/** Answers the question on screen correctly, the way a learner would: by clicking labels and typing. */
async function answerCorrectly(frame: FrameLocator, q: Question): Promise<void> {
  switch (q.kind) {
    case 'singleChoice':
    case 'multipleChoice':
      for (const c of q.choices) if (c.correct === true) await frame.locator(`input[name="choice"][value="${c.id}"]`).check();
      break;
    case 'numeric':
      await frame.getByLabel(/Your answer/).fill(String(q.answer));
      break;
    case 'shortText':
      await frame.getByLabel('Your answer').fill(q.acceptedAnswers![0]!);
      break;
  }
  await frame.getByRole('button', { name: 'Check answer' }).click();
  await expect(await frame.locator('#feedback-title').textContent({ timeout: 15_000 })).to.equal('Correct!');
}

describe('browser: a learner plays a path from the LMS', function () {
  this.timeout(120_000);
  const ctx = useToolAndBrowser();
  let page: Page;

  before(async () => {
    page = await ctx.browser.newPage({ viewport: { width: 1000, height: 900 } });
  });

  it('survey → missed warm-up item → video remediation, recommended because of the survey → mastery → completion → the LMS gradebook', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${ctx.tool.devPlatform!.issuer}/`);
    await page.getByRole('link', { name: 'Launch as learner (Maya Chen)' }).first().click();
    const frame = page.frameLocator('iframe.tool');

    await frame.getByRole('heading', { name: 'About you', level: 1 }).waitFor({ timeout: 15_000 });
    await frame.getByRole('group', { name: 'How do you learn best?' }).getByLabel('Watching a video').check();
    await frame.getByRole('group', { name: /What do you enjoy/ }).getByLabel('Sports').check();
    await moveOn(frame, 'Continue');

    // The warm-up: equivalent fractions missed (2/6 changes only the denominator), the rest right.
    await frame.getByRole('heading', { name: 'Warm-up', level: 1 }).waitFor();
    await frame.getByRole('group', { name: /Equal to two thirds/ }).getByLabel('2/6').check();
    await frame.getByRole('group', { name: /Quarter or eighth/ }).getByLabel('1/4', { exact: true }).check();
    await frame.getByRole('group', { name: /A half and a quarter/ }).getByLabel(/Your answer/).fill('0.75');
    await frame.getByRole('button', { name: 'Check my answers' }).click();
    expect(await frame.locator('#feedback-title').textContent()).to.equal('You answered 2 of 3 correctly');
    // The page script swaps in the server's results, the missed item's right answer with them.
    expect(await frame.locator('.results .answer-shown').allTextContents()).to.deep.equal(['The correct answer: 4/6']);
    await screenshot(page, 'player-warm-up-result');
    await moveOn(frame, 'Continue');

    // Remediation: a choice of modalities, the video recommended because the learner chose video.
    await frame.getByRole('heading', { name: 'How would you like to learn about equivalent fractions?', level: 1 }).waitFor();
    const recommended = frame.locator('.choice-option.is-recommended');
    expect(await recommended.locator('.option-title').textContent()).to.equal('Equivalent fractions: fold a strip');
    expect(await recommended.getByTestId('recommended-because').textContent()).to.equal('Recommended because you chose video');
    expect(await frame.getByRole('radio', { name: /Equivalent fractions: fold a strip/ }).isChecked()).to.equal(true);
    expect(await frame.getByTestId('why').textContent()).to.contain('The warm-up showed equivalent fractions are new to you');
    await screenshot(page, 'player-choice');
    await moveOn(frame, 'Start');

    await frame.getByRole('heading', { name: 'Equivalent fractions: fold a strip', level: 1 }).waitFor();
    expect(await frame.locator('#screen').getAttribute('data-kind')).to.equal('video');
    expect(await frame.getByTestId('why').textContent()).to.contain('Recommended because you chose video');
    // The sample's video is installed: it plays, with its captions.
    expect(await frame.locator('video.video').getAttribute('src')).to.equal('/static/media/fractions/equivalent-fractions.mp4');
    expect(await frame.locator('video.video track[kind="captions"]').getAttribute('src')).to.equal('/static/media/fractions/equivalent-fractions.vtt');
    expect(await frame.getByTestId('video-unavailable').count()).to.equal(0);
    expect(await frame.getByRole('heading', { name: /Transcript/ }).isVisible()).to.equal(true);
    await screenshot(page, 'player-video');
    await moveOn(frame, /Done/);

    // Practice until the engine says every objective is mastered.
    for (let i = 0; i < 40; i++) {
      const kind = await frame.locator('#screen').getAttribute('data-kind');
      if (kind === 'complete') break;
      if (kind === 'question') {
        await answerCorrectly(frame, question((await frame.locator('#screen').getAttribute('data-activity-id'))!));
        if (i === 0) await screenshot(page, 'player-feedback');
        await moveOn(frame, 'Continue');
      } else if (kind === 'choice') await moveOn(frame, 'Start');
      else if (kind === 'handsOn') await moveOn(frame, 'Continue');
      else await moveOn(frame, /Done/);
    }

    await frame.getByRole('heading', { name: 'You have finished', level: 1 }).waitFor();
    expect(await frame.getByText('You have mastered every topic of this sequence.').isVisible()).to.equal(true);
    const shownScore = (await frame.getByTestId('score').textContent())!;
    expect(shownScore).to.match(/Your score: \d+%/);
    await screenshot(page, 'player-complete');
    await frame.getByRole('button', { name: 'See my progress' }).click();
    await frame.getByRole('heading', { name: 'My progress', level: 1 }).waitFor();
    expect(await frame.locator('.meter-text').allTextContents()).to.deep.equal(['100% · mastered', '100% · mastered', '100% · mastered']);
    await screenshot(page, 'player-progress');
    expect(errors, 'no script errors').to.deep.equal([]);

    // The LMS's gradebook hears about it: the page's score, Completed and FullyGraded.
    const percent = Number(/(\d+)%/.exec(shownScore)![1]);
    const platform = ctx.tool.devPlatform!;
    const lineItem = platform.gradebook.lineItems().find((li) => li.resourceLinkId === 'link-fractions-add')!;
    await ctx.tool.grades.drain();
    const recorded = platform.gradebook.latestScore(lineItem.id, 'learner-maya')!;
    expect(recorded).to.include({ activityProgress: 'Completed', gradingProgress: 'FullyGraded', scoreMaximum: 100 });
    expect(Math.round(recorded.scoreGiven!)).to.equal(percent);
  });
});
