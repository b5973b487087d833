import { expect } from 'chai';
import { advance, decide, GUARD_MAX_STEPS_RULE, GUARD_STALLED_RULE, markDone, submitAnswer, type Rule } from '../../server/engine/index.js';
import { setup, stateWith, withRules } from './support/fixtures.js';

describe('loop guard', () => {
  it('ends the sequence at guard.maxSteps, before anything else', () => {
    const { compiled } = setup(withRules([{ id: 'loop', default: true, then: { type: 'goTo', activity: 'r1' } }], { guard: { maxSteps: 5, maxRevisits: 100 } }));
    const decision = decide(compiled, stateWith(compiled, { stepCount: 5, mastered: ['o1', 'o2'] }));
    expect(decision.step).to.include({ type: 'complete', reason: 'guardMaxSteps', ruleId: GUARD_MAX_STEPS_RULE });
  });

  it('refuses an activity shown maxRevisits times without a mastery change, then ends as stalled', () => {
    const rules: Rule[] = [{ id: 'again', default: true, then: { type: 'goTo', activity: 'r1' } }];
    const { compiled, state } = setup(withRules(rules, { guard: { maxRevisits: 3 } }));
    let current = state;
    const shown: string[] = [];
    for (let i = 0; i < 10 && current.completed === null; i++) {
      const { state: next, decision } = advance(compiled, current);
      current = next;
      if (decision.step.type === 'activity') {
        shown.push(decision.step.activityId);
        current = markDone(compiled, current);
      }
    }
    expect(shown).to.deep.equal(['r1', 'r1', 'r1']);
    expect(current.completed).to.include({ reason: 'stalled', ruleId: GUARD_STALLED_RULE });
  });

  it('lets the next rule decide when the first is refused', () => {
    const { compiled } = setup(
      withRules([
        { id: 'reading', priority: 2, when: { fact: 'stepCount', operator: 'greaterThanInclusive', value: 0 }, then: { type: 'goTo', activity: 'r1' } },
        { id: 'video', default: true, then: { type: 'goTo', activity: 'v1' } },
      ]),
    );
    const decision = decide(compiled, stateWith(compiled, { revisits: { r1: 3 } }));
    expect(decision.trace).to.deep.equal([
      { ruleId: 'reading', outcome: 'guarded' },
      { ruleId: 'video', outcome: 'fired' },
    ]);
  });

  it('restarts the window when new evidence moves mastery', () => {
    const { compiled, state } = setup(withRules([{ id: 'q', default: true, then: { type: 'goTo', activity: 'q1' } }]));
    const shown = advance(compiled, { ...state, revisits: { r1: 2 } }).state;
    expect(shown.revisits).to.deep.equal({ r1: 2, q1: 1 });
    const answered = submitAnswer(compiled, shown, { kind: 'singleChoice', choiceId: 'a' }).state;
    expect(answered.revisits).to.deep.equal({});
  });

  it('a question seen before moves mastery when it comes back, but does not restart the window, so going round it still ends', () => {
    const { compiled, state } = setup(withRules([{ id: 'q', default: true, then: { type: 'goTo', activity: 'q1' } }], { guard: { maxRevisits: 3 } }));
    let current = state;
    const estimates: number[] = [];
    const evidence: number[] = [];
    for (let i = 0; i < 10 && current.completed === null; i++) {
      const { state: next, decision } = advance(compiled, current);
      current = next;
      if (decision.step.type !== 'activity') continue;
      // Missed on the first visit; right on every visit after, at the visit's first attempt.
      const first = submitAnswer(compiled, current, { kind: 'singleChoice', choiceId: i === 0 ? 'b' : 'a' });
      evidence.push(first.result.mastery.length);
      current = first.result.final ? first.state : submitAnswer(compiled, first.state, { kind: 'singleChoice', choiceId: 'a' }).state;
      estimates.push(current.mastery.o1!);
    }
    // Each visit's first attempt is evidence, the repeat ones included, and each right repeat raises the estimate.
    expect(evidence).to.deep.equal([1, 1, 1, 1]);
    for (let i = 1; i < estimates.length; i++) expect(estimates[i]).to.be.above(estimates[i - 1]!);
    // Only the first visit's fresh evidence reopened the window: three showings after it, and the path ends.
    expect(current.completed).to.include({ reason: 'stalled' });
  });

  it('skips a start step it refuses instead of looping on it', () => {
    const { compiled } = setup(withRules([{ id: 'r', default: true, then: { type: 'goTo', activity: 'r1' } }], { start: { survey: 'survey' } }));
    const decision = decide(compiled, stateWith(compiled, { revisits: { survey: 3 } }));
    expect(decision.trace.map((t) => [t.ruleId, t.outcome])).to.deep.equal([
      ['@start.survey', 'guarded'],
      ['r', 'fired'],
    ]);
  });
});
