import { expect } from 'chai';
import { advance, EngineError, markDone, submitDiagnostic, submitSurvey, type CompiledSequence, type LearnerState } from '../../server/engine/index.js';
import { setup, withRules } from './support/fixtures.js';

function showing(activityId: string): { compiled: CompiledSequence; state: LearnerState } {
  const { compiled, state } = setup(withRules([{ id: 'show', default: true, then: { type: 'goTo', activity: activityId } }]));
  return { compiled, state: advance(compiled, state).state };
}

describe('submitSurvey', () => {
  it('turns answers into profile facts', () => {
    const { compiled, state } = showing('survey');
    const next = submitSurvey(compiled, state, { likes: ['music', 'sports', 'music'], goal: 'pass', mode: 'hands-on' }, { seconds: 40 });
    expect(next.profile).to.deep.equal({ interests: ['music', 'sports'], goals: ['pass'], modality: 'hands-on' });
    expect(next.surveyDone).to.equal(true);
    expect(next.timeOnTask.byActivity.survey).to.equal(40);
  });

  it('allows unanswered questions', () => {
    const { compiled, state } = showing('survey');
    expect(submitSurvey(compiled, state, {}).profile).to.deep.equal({ interests: [], goals: [], modality: null });
  });

  it('refuses values the survey does not offer, several values for a single question and unknown questions', () => {
    const { compiled, state } = showing('survey');
    expect(() => submitSurvey(compiled, state, { mode: 'smell' })).to.throw(EngineError, /not an option/);
    expect(() => submitSurvey(compiled, state, { goal: ['pass', 'master'] })).to.throw(EngineError, /takes one answer/);
    expect(() => submitSurvey(compiled, state, { shoe: 'x' })).to.throw(EngineError, /no question 'shoe'/);
    expect(() => submitSurvey(compiled, showing('q1').state, {})).to.throw(EngineError, /not a survey/);
  });
});

describe('submitDiagnostic', () => {
  it('scores per objective, feeds the model without learning and marks questions seen, not attempted', () => {
    const { compiled, state } = showing('diag');
    const { state: next, result } = submitDiagnostic(compiled, state, {
      q1: { kind: 'singleChoice', choiceId: 'a' },
      q3: { kind: 'numeric', value: 5 },
    });
    expect(result.scores).to.deep.equal({ o1: 1, o2: 0 });
    expect(result.items).to.deep.equal([
      { questionId: 'q1', correct: true, answered: true, feedback: [{ source: 'choice', message: 'A is right.' }] },
      { questionId: 'q3', correct: false, answered: true, feedback: [{ source: 'default', message: 'Try again.' }] },
    ]);
    expect(next.diagnostic).to.deep.equal({ o1: 1, o2: 0 });
    // Evidence only: 0.18 / 0.34 and 0.02 / 0.66.
    expect(next.mastery.o1).to.be.closeTo(0.18 / 0.34, 1e-12);
    expect(next.mastery.o2).to.be.closeTo(0.02 / 0.66, 1e-12);
    expect(next.attempts).to.deep.equal({});
    expect(next.visited).to.deep.equal(['diag', 'q1', 'q3']);
    expect(next.history.at(-1)).to.deep.equal({ type: 'diagnostic', step: 1, activityId: 'diag', correct: 1, total: 2, answered: 2 });
  });

  it('counts a blank as incorrect and refuses a second submission or foreign questions', () => {
    const { compiled, state } = showing('diag');
    const { state: next, result } = submitDiagnostic(compiled, state, {});
    expect(result.scores).to.deep.equal({ o1: 0, o2: 0 });
    expect(() => submitDiagnostic(compiled, next, {})).to.throw(EngineError, /already submitted/);
    expect(() => submitDiagnostic(compiled, state, { q2: { kind: 'multipleChoice', choiceIds: [] } })).to.throw(EngineError, /no question 'q2'/);
  });
});

describe('markDone', () => {
  it('records the self-report of a hands-on task', () => {
    const { compiled, state } = showing('h1');
    const next = markDone(compiled, state, { done: false, confidence: 2, checked: ['step1'], seconds: 90 });
    expect(next.selfReport).to.deep.equal({ activityId: 'h1', done: false, confidence: 2 });
    expect(next.visit.finished).to.equal(true);
    expect(next.history.at(-1)).to.deep.include({ type: 'done', checked: ['step1'] });
    expect(next.mastery).to.deep.equal(state.mastery);
  });

  it('defaults to done without confidence for reading and video', () => {
    for (const id of ['r1', 'v1']) {
      const { compiled, state } = showing(id);
      expect(markDone(compiled, state).selfReport).to.deep.equal({ activityId: id, done: true, confidence: null });
    }
  });

  it('refuses bad reports and non-content', () => {
    const { compiled, state } = showing('h1');
    expect(() => markDone(compiled, state, { confidence: 6 })).to.throw(EngineError, /1 to 5/);
    expect(() => markDone(compiled, state, { confidence: 2.5 })).to.throw(EngineError, /1 to 5/);
    expect(() => markDone(compiled, state, { checked: ['nope'] })).to.throw(EngineError, /no checklist item/);
    expect(() => markDone(compiled, showing('q1').state)).to.throw(EngineError, /not content/);
  });
});

describe('player calls on a wrong state', () => {
  it('refuse a state of another sequence and a completed state', () => {
    const { compiled, state } = showing('r1');
    expect(() => markDone(compiled, { ...state, sequenceId: 'other' })).to.throw(EngineError, /belongs to sequence 'other'/);
    const done = { ...state, completed: { ruleId: 'x', reason: 'rule' as const, why: '', message: null } };
    expect(() => markDone(compiled, done)).to.throw(EngineError, /already complete/);
    expect(() => advance(compiled, done)).to.throw(EngineError, /already complete/);
  });
});
