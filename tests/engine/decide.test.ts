import { expect } from 'chai';
import {
  advance,
  COMPLETION_MASTERED_RULE,
  COMPLETION_MAX_STEPS_RULE,
  decide,
  GUARD_STALLED_RULE,
  START_DIAGNOSTIC_RULE,
  START_SURVEY_RULE,
  submitSurvey,
  type Condition,
  type Rule,
} from '../../server/engine/index.js';
import { setup, stateWith, withRules } from './support/fixtures.js';

const always: Condition = { fact: 'stepCount', operator: 'greaterThanInclusive', value: 0 };
const never: Condition = { fact: 'stepCount', operator: 'lessThan', value: 0 };
const fallback: Rule = { id: 'fallback', default: true, description: 'Nothing else applies.', then: { type: 'goTo', activity: 'r1' } };

describe('decide', () => {
  it('tries rules from the highest priority down', () => {
    const { compiled, state } = setup(
      withRules([
        { id: 'low', priority: 1, when: always, then: { type: 'goTo', activity: 'q1' } },
        { id: 'high', priority: 10, description: 'High wins.', when: always, then: { type: 'goTo', activity: 'q2' } },
        { id: 'mid', priority: 5, when: never, then: { type: 'goTo', activity: 'q3' } },
        fallback,
      ]),
    );
    const decision = decide(compiled, state);
    expect(decision.step).to.deep.equal({ type: 'activity', activityId: 'q2', ruleId: 'high', why: 'High wins.' });
    expect(decision.trace).to.deep.equal([{ ruleId: 'high', outcome: 'fired' }]);
  });

  it('keeps document order among equal priorities', () => {
    const { compiled, state } = setup(
      withRules([
        { id: 'first', priority: 3, when: always, then: { type: 'goTo', activity: 'q1' } },
        { id: 'second', priority: 3, when: always, then: { type: 'goTo', activity: 'q2' } },
        fallback,
      ]),
    );
    expect(decide(compiled, state).step).to.include({ activityId: 'q1', ruleId: 'first' });
    expect(compiled.rules.map((r) => r.id)).to.deep.equal(['first', 'second', 'fallback']);
  });

  it('runs the default rule last, whatever its position, when nothing else matches', () => {
    const { compiled, state } = setup(
      withRules([fallback, { id: 'a', priority: -100, when: never, then: { type: 'goTo', activity: 'q1' } }]),
    );
    const decision = decide(compiled, state);
    expect(decision.step).to.include({ type: 'activity', activityId: 'r1', ruleId: 'fallback', why: 'Nothing else applies.' });
    expect(decision.trace).to.deep.equal([
      { ruleId: 'a', outcome: 'noMatch' },
      { ruleId: 'fallback', outcome: 'fired' },
    ]);
  });

  it('records evaluated rules and the one that fired in the trace', () => {
    const { compiled, state } = setup(
      withRules([
        { id: 'no1', priority: 9, when: never, then: { type: 'goTo', activity: 'q1' } },
        { id: 'exhausted', priority: 8, when: always, then: { type: 'pickFromPool', pool: ['q1'] } },
        { id: 'yes', priority: 7, when: always, then: { type: 'goTo', activity: 'q2' } },
        { id: 'unreached', priority: 6, when: always, then: { type: 'goTo', activity: 'q3' } },
        fallback,
      ]),
    );
    const seen = stateWith(compiled, { visited: ['q1'], visits: { q1: 1 } });
    expect(decide(compiled, seen).trace).to.deep.equal([
      { ruleId: 'no1', outcome: 'noMatch' },
      { ruleId: 'exhausted', outcome: 'unavailable' },
      { ruleId: 'yes', outcome: 'fired' },
    ]);
  });

  it('is pure: deciding does not change the state', () => {
    const { compiled, state } = setup(withRules([{ id: 'pool', priority: 1, when: always, then: { type: 'pickFromPool', objective: 'o1' } }, fallback]));
    const before = structuredClone(state);
    const first = decide(compiled, state);
    expect(state).to.deep.equal(before);
    expect(decide(compiled, state)).to.deep.equal(first);
  });

  describe('start', () => {
    const doc = withRules([fallback], { start: { survey: 'survey', diagnostic: 'diag' } });

    it('shows the survey, then the diagnostic, then hands over to the rules', () => {
      const { compiled, state } = setup(doc);
      const first = advance(compiled, state);
      expect(first.decision.step).to.include({ type: 'activity', activityId: 'survey', ruleId: START_SURVEY_RULE });
      const surveyed = submitSurvey(compiled, first.state, { mode: 'video' });
      const second = advance(compiled, surveyed);
      expect(second.decision.step).to.include({ activityId: 'diag', ruleId: START_DIAGNOSTIC_RULE });
      const diagnosed = stateWith(compiled, { ...second.state, diagnostic: { o1: 1 } });
      expect(decide(compiled, diagnosed).step).to.include({ activityId: 'r1', ruleId: 'fallback' });
    });

    it('keeps showing the survey until it is submitted', () => {
      const { compiled, state } = setup(doc);
      const once = advance(compiled, state).state;
      expect(decide(compiled, once).step).to.include({ activityId: 'survey' });
    });
  });

  describe('completion', () => {
    it('completes when every required objective is mastered, before the rules', () => {
      const { compiled } = setup(withRules([{ id: 'r', priority: 1, when: always, then: { type: 'goTo', activity: 'q1' } }, fallback]));
      const decision = decide(compiled, stateWith(compiled, { mastered: ['o2', 'o1'] }));
      expect(decision.step).to.include({ type: 'complete', reason: 'mastered', ruleId: COMPLETION_MASTERED_RULE });
      expect(decision.trace).to.deep.equal([{ ruleId: COMPLETION_MASTERED_RULE, outcome: 'fired' }]);
    });

    it('honours completion.objectives and allObjectivesMastered: false', () => {
      const subset = setup(withRules([fallback], { completion: { objectives: ['o1'] } })).compiled;
      expect(decide(subset, stateWith(subset, { mastered: ['o1'] })).step).to.include({ reason: 'mastered' });
      const off = setup(withRules([fallback], { completion: { allObjectivesMastered: false } })).compiled;
      expect(decide(off, stateWith(off, { mastered: ['o1', 'o2'] })).step).to.include({ activityId: 'r1' });
    });

    it('completes after completion.maxSteps activities', () => {
      const { compiled } = setup(withRules([fallback], { completion: { maxSteps: 3 } }));
      expect(decide(compiled, stateWith(compiled, { stepCount: 2 })).step.type).to.equal('activity');
      expect(decide(compiled, stateWith(compiled, { stepCount: 3 })).step).to.include({ reason: 'maxSteps', ruleId: COMPLETION_MAX_STEPS_RULE });
    });

    it('a completed state keeps returning its completion', () => {
      const { compiled, state } = setup(withRules([{ id: 'done', default: true, description: 'Bye.', then: { type: 'complete', message: 'See you.' } }]));
      const completed = advance(compiled, state).state;
      expect(completed.completed).to.deep.equal({ ruleId: 'done', reason: 'rule', why: 'Bye.', message: 'See you.' });
      expect(decide(compiled, completed).step).to.deep.equal({ type: 'complete', reason: 'rule', message: 'See you.', ruleId: 'done', why: 'Bye.' });
    });
  });

  it('completes as stalled when no rule can produce a step', () => {
    const { compiled } = setup(withRules([{ id: 'only-pool', default: true, then: { type: 'pickFromPool', pool: ['q1'] } }]));
    const decision = decide(compiled, stateWith(compiled, { visits: { q1: 1 }, visited: ['q1'] }));
    expect(decision.step).to.include({ type: 'complete', reason: 'stalled', ruleId: GUARD_STALLED_RULE });
    expect(decision.trace.map((t) => t.outcome)).to.deep.equal(['unavailable', 'fired']);
    // Any course's learner reads it, at school or at work: it names no teacher.
    expect(decision.step.type === 'complete' && decision.step.why).to.equal('No activity is left that could help right now, so the sequence was ended.');
  });
});
