/**
 * The grades hook: called after a commit that changes score, progress or
 * completion, with the report before and after; never for what changes
 * neither (a hint, a repeated wrong answer), and a failing hook never fails
 * the learner's action, which is already committed.
 */
import { expect } from 'chai';
import type { GradeReport } from '../../server/engine/index.js';
import type { Session } from '../../server/store/types.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, Learner, questionOf, toQuestion, wrongAnswer } from './support/learner.js';

describe('delivery: the onScore hook', function () {
  this.timeout(60_000);
  const doc = loadSample('fractions');
  let calls: Array<{ session: Session; report: GradeReport; previous: GradeReport | null }> = [];
  let fail = false;
  const ctx = useTool({}, {
    onScore: (session, report, previous) => {
      calls.push({ session, report, previous });
      if (fail) throw new Error('outbox unavailable');
    },
  });

  it('is told at the start, then only when score, progress or completion change', async () => {
    calls = [];
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    expect(calls).to.have.length(1);
    expect(calls[0]!.previous).to.equal(null);
    expect(calls[0]!.report, 'nothing shown yet, so no score (the priors are not an achievement)').to.include({ method: 'meanMastery', score: null, progress: 1 / 40, completed: false });
    expect(calls[0]!.session).to.include({ userId: 'learner-maya', resourceLinkId: 'link-fractions-add' });

    const screen = await toQuestion(learner, doc);
    const before = calls.length;
    await learner.act('/hint', [...at(screen), ['hint', '1']]);
    expect(calls, 'a hint changes no grade').to.have.length(before);

    const wrong = answerFields(wrongAnswer(questionOf(doc, screen.question.id)));
    await learner.act('/answer', [...at(screen), ['k', 'score-first-1'], ...wrong]);
    expect(calls, 'a first attempt is evidence: mastery and score move').to.have.length(before + 1);
    const last = calls.at(-1)!;
    expect(last.report.score).not.to.equal(last.previous!.score);
    await learner.act('/answer', [...at(screen), ['k', 'score-second-1'], ...wrong]);
    expect(calls, 'a later attempt is not evidence; nothing changed').to.have.length(before + 1);
  });

  it('a hook that throws does not fail the learner, whose action is committed', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-liam');
    fail = true;
    try {
      const screen = await learner.screen();
      const revision = (await learner.record()).revision;
      const acted = await learner.act('/survey', [...at(screen), ['q.learn-best', 'text']]);
      expect(acted.screen.kind).to.equal('diagnostic');
      expect((await learner.record()).revision).to.equal(revision + 1);
    } finally {
      fail = false;
    }
  });
});
