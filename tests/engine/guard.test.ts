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

  it('skips a start step it refuses instead of looping on it', () => {
    const { compiled } = setup(withRules([{ id: 'r', default: true, then: { type: 'goTo', activity: 'r1' } }], { start: { survey: 'survey' } }));
    const decision = decide(compiled, stateWith(compiled, { revisits: { survey: 3 } }));
    expect(decision.trace.map((t) => [t.ruleId, t.outcome])).to.deep.equal([
      ['@start.survey', 'guarded'],
      ['r', 'fired'],
    ]);
  });
});
