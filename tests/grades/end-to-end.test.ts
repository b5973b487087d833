/**
 * The promise to the gradebook, end to end with the real server wiring: a
 * learner plays a sample sequence through the player, and the built-in LMS's
 * gradebook ends with the learner's score, Completed and FullyGraded.
 */
import { expect } from 'chai';
import { fromStored } from '../../server/delivery/player-state.js';
import { compileSequence, grade } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { Learner, playToEnd } from '../delivery/support/learner.js';
import { useTool } from '../helpers/hooks.js';

describe('grades: a completed sequence reaches the LMS gradebook', function () {
  this.timeout(60_000);
  const ctx = useTool();

  for (const [sample, userId, linkId] of [
    ['fractions', 'learner-zanele', 'link-fractions-add'],
    ['data-privacy', 'learner-priya', 'link-privacy-basics'],
  ] as const) {
    it(`${sample}: the gradebook shows the final score as Completed / FullyGraded`, async () => {
      const doc = loadSample(sample);
      const learner = await Learner.launch(ctx.tool, userId, linkId);
      await ctx.tool.grades.drain();
      const lineItem = ctx.tool.devPlatform!.gradebook.lineItems().find((li) => li.resourceLinkId === linkId)!;
      const started = ctx.tool.devPlatform!.gradebook.latestScore(lineItem.id, userId);
      expect(started, 'starting the path already tells the gradebook, with no score yet').to.include({ activityProgress: 'Started', gradingProgress: 'NotReady', scoreGiven: null });

      await playToEnd(learner, doc, { survey: { 'how-you-learn': 'video' } });
      await ctx.tool.grades.drain();

      const record = await learner.record();
      const report = grade(compileSequence(doc), fromStored(record.state).engine);
      expect(report.completed).to.equal(true);
      const final = ctx.tool.devPlatform!.gradebook.latestScore(lineItem.id, userId)!;
      expect(final).to.include({ activityProgress: 'Completed', gradingProgress: 'FullyGraded', scoreMaximum: 100 });
      expect(final.scoreGiven).to.be.closeTo(report.score! * 100, 0.01);
      expect(await ctx.tool.store.countPendingGrades()).to.equal(0);
    });
  }
});
