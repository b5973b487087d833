import { expect } from 'chai';
import { advance, decide, EngineError, submitChoice, type Condition, type ConditionalRule, type LearnerState, type Rule } from '../../server/engine/index.js';
import { setup, stateWith, withRules } from './support/fixtures.js';

const always: Condition = { fact: 'stepCount', operator: 'greaterThanInclusive', value: 0 };
const fallback: Rule = { id: 'fallback', default: true, then: { type: 'complete' } };

/** One conditional rule with id 'rule', plus a default that completes. */
function only(rule: Omit<ConditionalRule, 'id'>) {
  return setup(withRules([{ id: 'rule', ...rule }, fallback]));
}

function seen(...ids: string[]): Partial<LearnerState> {
  return { visited: ids, visits: Object.fromEntries(ids.map((id) => [id, 1])) };
}

describe('actions', () => {
  it('goTo shows the activity', () => {
    const { compiled, state } = only({ priority: 1, when: always, then: { type: 'goTo', activity: 'v1' } });
    expect(decide(compiled, state).step).to.deep.equal({ type: 'activity', activityId: 'v1', ruleId: 'rule', why: '' });
  });

  it('complete ends the sequence with its message', () => {
    const { compiled, state } = only({ priority: 1, when: always, description: 'Done.', then: { type: 'complete', message: 'Well done' } });
    expect(decide(compiled, state).step).to.deep.equal({ type: 'complete', reason: 'rule', message: 'Well done', ruleId: 'rule', why: 'Done.' });
  });

  describe('offerChoice', () => {
    const byModality = only({ priority: 1, when: always, then: { type: 'offerChoice', options: ['r1', 'v1', 'h1', 'r2'], recommendBy: 'modality', prompt: 'Pick' } });

    it('recommends the option in the learner’s modality', () => {
      const { compiled } = byModality;
      const step = (modality: 'text' | 'video' | 'visual' | 'hands-on' | null) =>
        decide(compiled, stateWith(compiled, { profile: { interests: [], goals: [], modality } })).step;
      expect(step('video')).to.deep.equal({ type: 'choice', options: ['r1', 'v1', 'h1', 'r2'], recommended: 'v1', prompt: 'Pick', ruleId: 'rule', why: '' });
      expect(step('hands-on')).to.include({ recommended: 'h1' });
      expect(step('visual')).to.include({ recommended: 'r2' });
      expect(step('text')).to.include({ recommended: 'r1' });
      expect(step(null)).to.include({ recommended: null });
    });

    it('recommends by interest tags', () => {
      const { compiled } = only({ priority: 1, when: always, then: { type: 'offerChoice', options: ['q1', 'q2'], recommendBy: 'interest' } });
      const step = (interests: string[]) => decide(compiled, stateWith(compiled, { profile: { interests, goals: [], modality: null } })).step;
      expect(step(['music'])).to.include({ recommended: 'q2' });
      expect(step(['sports', 'music'])).to.include({ recommended: 'q1' });
      expect(step(['cooking'])).to.include({ recommended: null });
    });

    it('recommends nothing without recommendBy', () => {
      const { compiled, state } = only({ priority: 1, when: always, then: { type: 'offerChoice', options: ['q1', 'q2'] } });
      expect(decide(compiled, state).step).to.include({ recommended: null, prompt: null });
    });

    it('drops options the loop guard refuses, and shows the last one directly', () => {
      const { compiled } = byModality;
      const partly = decide(compiled, stateWith(compiled, { revisits: { r1: 3, h1: 3 } })).step;
      expect(partly).to.include({ type: 'choice' });
      expect(partly.type === 'choice' && partly.options).to.deep.equal(['v1', 'r2']);
      const one = decide(compiled, stateWith(compiled, { revisits: { r1: 3, h1: 3, r2: 3 } })).step;
      expect(one).to.deep.equal({ type: 'activity', activityId: 'v1', ruleId: 'rule', why: '' });
      const none = decide(compiled, stateWith(compiled, { revisits: { r1: 3, v1: 3, h1: 3, r2: 3 } }));
      expect(none.trace[0]).to.deep.equal({ ruleId: 'rule', outcome: 'guarded' });
    });

    it('waits for submitChoice, which shows the chosen option', () => {
      const { compiled, state } = byModality;
      const offered = advance(compiled, state).state;
      expect(offered.pendingChoice?.options).to.deep.equal(['r1', 'v1', 'h1', 'r2']);
      expect(offered.stepCount).to.equal(0);
      expect(decide(compiled, offered).step.type).to.equal('choice');
      expect(() => submitChoice(compiled, offered, 'q1')).to.throw(EngineError, /not one of the options/);
      const chosen = submitChoice(compiled, offered, 'h1');
      expect(chosen.currentActivity).to.equal('h1');
      expect(chosen.pendingChoice).to.equal(null);
      expect(chosen.stepCount).to.equal(1);
      expect(chosen.history.at(-2)).to.deep.equal({ type: 'choice', step: 0, chosen: 'h1', recommended: null });
      expect(() => submitChoice(compiled, chosen, 'h1')).to.throw(EngineError, /no choice/);
    });
  });

  describe('showFeedback', () => {
    it('with then: the message, then that step', () => {
      const { compiled, state } = only({ priority: 1, when: always, then: { type: 'showFeedback', message: 'Hey', then: { type: 'goTo', activity: 'q1' } } });
      expect(decide(compiled, state).step).to.deep.equal({
        type: 'feedback',
        message: 'Hey',
        ruleId: 'rule',
        then: { type: 'activity', activityId: 'q1', ruleId: 'rule', why: '' },
      });
    });

    it('without then: the message leads to whatever the next rules decide; one message per step', () => {
      const { compiled, state } = setup(
        withRules([
          { id: 'note', priority: 9, when: always, then: { type: 'showFeedback', message: 'First' } },
          { id: 'note2', priority: 8, when: always, then: { type: 'showFeedback', message: 'Second' } },
          { id: 'note3', priority: 7, when: always, then: { type: 'showFeedback', message: 'Third', then: { type: 'goTo', activity: 'q3' } } },
          fallback,
        ]),
      );
      const decision = decide(compiled, state);
      expect(decision.step).to.deep.equal({
        type: 'feedback',
        message: 'First',
        ruleId: 'note',
        then: { type: 'activity', activityId: 'q3', ruleId: 'note3', why: '' },
      });
      expect(decision.trace).to.deep.equal([
        { ruleId: 'note', outcome: 'fired' },
        { ruleId: 'note3', outcome: 'fired' },
      ]);
    });

    it('advance commits the step behind the message', () => {
      const { compiled, state } = only({ priority: 1, when: always, then: { type: 'showFeedback', message: 'Hey', then: { type: 'goTo', activity: 'q1' } } });
      expect(advance(compiled, state).state.currentActivity).to.equal('q1');
    });

    it('is unavailable when its then is', () => {
      const { compiled } = only({ priority: 1, when: always, then: { type: 'showFeedback', message: 'Hey', then: { type: 'pickFromPool', pool: ['q1'] } } });
      expect(decide(compiled, stateWith(compiled, seen('q1'))).trace[0]).to.deep.equal({ ruleId: 'rule', outcome: 'unavailable' });
    });
  });

  describe('pickFromPool', () => {
    it('picks an unseen activity of the objective (survey/diagnostic excluded)', () => {
      const { compiled } = only({ priority: 1, when: always, then: { type: 'pickFromPool', objective: 'o1' } });
      const step = decide(compiled, stateWith(compiled, seen('q1', 'q2', 'r1'))).step;
      expect(step).to.include({ type: 'activity', activityId: 'v1' });
    });

    it('from a listed pool, filtered by kinds', () => {
      const { compiled } = only({ priority: 1, when: always, then: { type: 'pickFromPool', pool: ['r1', 'q3', 'v1', 'q4'], kinds: ['numeric', 'shortText'] } });
      const ids = new Set<string>();
      for (let seed = 0; seed < 50; seed++) {
        const step = decide(compiled, stateWith(compiled, {}, seed)).step;
        if (step.type === 'activity') ids.add(step.activityId);
      }
      expect([...ids].sort()).to.deep.equal(['q3', 'q4']);
    });

    it('prefers the learner’s modality when asked', () => {
      const { compiled } = only({ priority: 1, when: always, then: { type: 'pickFromPool', objective: 'o2', preferModality: true } });
      for (let seed = 0; seed < 20; seed++) {
        const state = stateWith(compiled, { profile: { interests: [], goals: [], modality: 'visual' } }, seed);
        expect(decide(compiled, state).step).to.include({ activityId: 'r2' });
      }
      // Nothing in the preferred modality left: any unseen one.
      const state = stateWith(compiled, { profile: { interests: [], goals: [], modality: 'visual' }, ...seen('r2') });
      expect(['q3', 'q4', 'h1']).to.include((decide(compiled, state).step as { activityId: string }).activityId);
    });

    it('is deterministic given seed and counter, and uses the whole pool', () => {
      const { compiled } = only({ priority: 1, when: always, then: { type: 'pickFromPool', objective: 'o1' } });
      const pick = (seed: number, counter: number) => {
        const state = stateWith(compiled, {}, seed);
        state.rng.counter = counter;
        return (decide(compiled, state).step as { activityId: string }).activityId;
      };
      expect(pick(123, 4)).to.equal(pick(123, 4));
      const all = new Set<string>();
      for (let counter = 0; counter < 40; counter++) all.add(pick(99, counter));
      expect([...all].sort()).to.deep.equal(['q1', 'q2', 'r1', 'v1']);
    });

    it('advance consumes one draw only when the step drew', () => {
      const { compiled, state } = only({ priority: 1, when: always, then: { type: 'pickFromPool', objective: 'o1' } });
      const drawn = advance(compiled, state);
      expect(drawn.decision.drewRandom).to.equal(true);
      expect(drawn.state.rng.counter).to.equal(1);
      const plain = only({ priority: 1, when: always, then: { type: 'goTo', activity: 'q1' } });
      expect(advance(plain.compiled, plain.state).state.rng.counter).to.equal(0);
    });

    it('is unavailable once the pool is exhausted, letting the next rule decide', () => {
      const { compiled } = only({ priority: 1, when: always, then: { type: 'pickFromPool', pool: ['q1', 'q2'] } });
      const decision = decide(compiled, stateWith(compiled, seen('q1', 'q2')));
      expect(decision.trace).to.deep.equal([
        { ruleId: 'rule', outcome: 'unavailable' },
        { ruleId: 'fallback', outcome: 'fired' },
      ]);
    });
  });

  describe('review', () => {
    const reviewO2 = () => only({ priority: 1, when: always, then: { type: 'review', objective: 'o2', preferModality: true } });

    it('prefers unseen activities of the objective', () => {
      const { compiled } = reviewO2();
      const step = decide(compiled, stateWith(compiled, seen('q3', 'q4', 'h1'))).step;
      expect(step).to.include({ activityId: 'r2' });
    });

    it('falls back to a seen one, never the activity on screen, preferring the modality', () => {
      const { compiled } = reviewO2();
      const base = { ...seen('q3', 'q4', 'h1', 'r2'), currentActivity: 'r2' };
      for (let seed = 0; seed < 20; seed++) {
        const step = decide(compiled, stateWith(compiled, base, seed)).step;
        expect(['q3', 'q4', 'h1']).to.include((step as { activityId: string }).activityId);
      }
      const handsOn = stateWith(compiled, { ...base, profile: { interests: [], goals: [], modality: 'hands-on' } });
      expect(decide(compiled, handsOn).step).to.include({ activityId: 'h1' });
    });

    it('is guarded when the loop guard refuses every candidate', () => {
      const { compiled } = reviewO2();
      const state = stateWith(compiled, { ...seen('q3', 'q4', 'h1', 'r2'), revisits: { q3: 3, q4: 3, h1: 3, r2: 3 } });
      expect(decide(compiled, state).trace[0]).to.deep.equal({ ruleId: 'rule', outcome: 'guarded' });
    });
  });
});
