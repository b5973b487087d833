/**
 * Before a learner has shown anything to grade, every place a score appears
 * says so, over HTTP with the real wiring: the built-in LMS receives progress
 * without a scoreGiven, and its gradebook, "My progress" and the class view
 * show "no score yet", not the priors' 20% nor a 0. A warm-up answered all
 * wrong changes none of that.
 */
import { expect } from 'chai';
import { Learner, step, wrongAnswer } from '../delivery/support/learner.js';
import { launchStaff, rowOf, sample, text } from '../class/support.js';
import { useTool } from '../helpers/hooks.js';

describe('grades: no score before any evidence', function () {
  this.timeout(60_000);
  const ctx = useTool();
  const doc = sample('fractions');
  const userId = 'learner-tomas';

  const lineItem = () => ctx.tool.devPlatform!.gradebook.lineItems().find((li) => li.resourceLinkId === 'link-fractions-add')!;
  const onRecord = () => ctx.tool.devPlatform!.gradebook.latestScore(lineItem().id, userId);

  async function expectNoScoreAnywhere(learner: Learner): Promise<void> {
    await ctx.tool.grades.drain();
    const score = onRecord();
    expect(score, 'the LMS heard from the tool').not.to.equal(undefined);
    expect(score).to.include({ scoreGiven: null, scoreMaximum: null, gradingProgress: 'NotReady' });

    const gradebook = text(await (await fetch(`${ctx.tool.url}/platform/`)).text());
    expect(gradebook).to.match(/Tomás García no score yet (Started|InProgress), NotReady/);

    const progress = await learner.page('/app/progress');
    expect(progress.html).to.contain('data-testid="progress-score">no score yet</strong>');
    expect(progress.html).not.to.match(/Score so far/);

    const staff = await launchStaff(ctx.tool);
    const row = text(rowOf(await (await staff.get('/class')).text(), userId));
    expect(row).to.match(/In progress .* no score yet /);
    expect(row).to.include('Sent (no score yet)');
    expect(text(await (await staff.get(`/class/learners/${userId}`)).text())).to.include('Score no score yet');
  }

  it('a fresh launch sends Started without scoreGiven, and nothing shows a score', async () => {
    const learner = await Learner.launch(ctx.tool, userId);
    await expectNoScoreAnywhere(learner);
    expect(onRecord()).to.include({ activityProgress: 'Started' });
  });

  it('a warm-up answered all wrong still leaves no score, rather than a low one', async () => {
    const learner = await Learner.launch(ctx.tool, userId);
    let screen = await learner.screen();
    screen = await step(learner, doc, screen, { survey: { 'learn-best': 'text' } });
    expect(screen.kind).to.equal('diagnostic');
    screen = await step(learner, doc, screen, { answer: wrongAnswer });
    expect(screen.kind === 'diagnostic' && screen.result !== null, 'the warm-up was submitted').to.equal(true);
    await expectNoScoreAnywhere(learner);
  });
});
