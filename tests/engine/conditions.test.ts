import { expect } from 'chai';
import { compileCondition } from '../../server/engine/conditions.js';
import { compileFact } from '../../server/engine/facts.js';
import { EngineError, FACT_NAMES, type Condition, type FactName, type LearnerState } from '../../server/engine/index.js';
import { baseDoc, setup, stateWith } from './support/fixtures.js';

const { compiled } = setup(baseDoc());

function busyState(): LearnerState {
  return stateWith(compiled, {
    stepCount: 4,
    currentActivity: 'q1',
    visited: ['survey', 'q1'],
    visits: { survey: 1, q1: 2 },
    attempts: { q1: 3 },
    mastery: { o1: 0.97, o2: 0.4 },
    mastered: ['o1'],
    profile: { interests: ['sports'], goals: ['pass'], modality: 'video' },
    diagnostic: { o1: 1 },
    lastResponse: { activityId: 'q1', correct: false, choiceIds: ['b'], misconception: 'm1', attemptNumber: 2, hintsUsed: 1 },
    selfReport: { activityId: 'h1', done: false, confidence: 2 },
    streak: { correct: 0, incorrect: 2 },
    timeOnTask: { total: 300, byActivity: { q1: 120 } },
  });
}

describe('facts', () => {
  const read = (fact: FactName, path?: string) => compileFact(fact, path)(busyState());
  const fresh = (fact: FactName, path?: string) => compileFact(fact, path)(stateWith(compiled, {}));

  it('resolve every fact from the state', () => {
    expect(read('mastery', 'o2')).to.equal(0.4);
    expect(read('mastered')).to.deep.equal(['o1']);
    expect(read('mastered', 'o1')).to.equal(true);
    expect(read('mastered', 'o2')).to.equal(false);
    expect(read('lastResponse', 'correct')).to.equal(false);
    expect(read('lastResponse', 'choiceIds')).to.deep.equal(['b']);
    expect(read('lastResponse', 'misconception')).to.equal('m1');
    expect(read('lastResponse', 'activityId')).to.equal('q1');
    expect(read('lastResponse', 'attemptNumber')).to.equal(2);
    expect(read('lastResponse', 'hintsUsed')).to.equal(1);
    expect(read('attempts', 'q1')).to.equal(3);
    expect(read('attempts', 'q2')).to.equal(0);
    expect(read('streak', 'incorrect')).to.equal(2);
    expect(read('streak', 'correct')).to.equal(0);
    expect(read('timeOnTask')).to.equal(300);
    expect(read('timeOnTask', 'q1')).to.equal(120);
    expect(read('timeOnTask', 'q2')).to.equal(0);
    expect(read('profile', 'interests')).to.deep.equal(['sports']);
    expect(read('profile', 'goals')).to.deep.equal(['pass']);
    expect(read('profile', 'modality')).to.equal('video');
    expect(read('diagnostic', 'o1')).to.equal(1);
    expect(read('diagnostic', 'o2')).to.equal(null);
    expect(read('visited')).to.deep.equal(['survey', 'q1']);
    expect(read('visited', 'q1')).to.equal(true);
    expect(read('visited', 'q2')).to.equal(false);
    expect(read('currentActivity')).to.equal('q1');
    expect(read('stepCount')).to.equal(4);
    expect(read('selfReport', 'done')).to.equal(false);
    expect(read('selfReport', 'confidence')).to.equal(2);
    expect(read('selfReport', 'activityId')).to.equal('h1');
  });

  it('read null before there is anything to report', () => {
    expect(fresh('lastResponse', 'correct')).to.equal(null);
    expect(fresh('diagnostic', 'o1')).to.equal(null);
    expect(fresh('selfReport', 'done')).to.equal(null);
    expect(fresh('currentActivity')).to.equal(null);
    expect(fresh('profile', 'modality')).to.equal(null);
    expect(fresh('mastery', 'o1')).to.equal(0.2);
  });

  it('ids that are Object.prototype names read as absent', () => {
    expect(compileFact('attempts', 'constructor')(busyState())).to.equal(0);
    expect(compileFact('visited', 'toString')(busyState())).to.equal(false);
    expect(compileFact('mastery', 'hasOwnProperty')(busyState())).to.equal(null);
  });

  it('refuse invalid fact/path pairs at compile time', () => {
    expect(() => compileFact('mastery', undefined)).to.throw(EngineError, /needs a path/);
    expect(() => compileFact('stepCount', 'x')).to.throw(EngineError, /takes no path/);
    expect(() => compileFact('lastResponse', 'nope')).to.throw(EngineError, /no field 'nope'/);
    expect(() => compileFact('nope' as FactName, undefined)).to.throw(EngineError, /unknown fact/);
  });

  it('cover the facts listed in the brief plus selfReport', () => {
    expect(FACT_NAMES).to.have.members([
      'mastery', 'mastered', 'lastResponse', 'attempts', 'streak', 'timeOnTask', 'profile',
      'diagnostic', 'visited', 'currentActivity', 'stepCount', 'selfReport',
    ]);
  });
});

describe('conditions', () => {
  const holds = (condition: Condition, state = busyState()) => compileCondition(condition)(state);

  it('all / any / not combine', () => {
    const yes: Condition = { fact: 'stepCount', operator: 'equal', value: 4 };
    const no: Condition = { fact: 'stepCount', operator: 'equal', value: 5 };
    expect(holds({ all: [yes, yes] })).to.equal(true);
    expect(holds({ all: [yes, no] })).to.equal(false);
    expect(holds({ any: [no, yes] })).to.equal(true);
    expect(holds({ any: [no, no] })).to.equal(false);
    expect(holds({ not: no })).to.equal(true);
    expect(holds({ not: { all: [yes, { any: [no, { not: no }] }] } })).to.equal(false);
    expect(holds({ all: [yes] })).to.equal(true);
    expect(holds({ any: [no] })).to.equal(false);
  });

  it('compare a fact with another fact', () => {
    expect(holds({ fact: 'mastery', path: 'o1', operator: 'greaterThan', value: { fact: 'mastery', path: 'o2' } })).to.equal(true);
    expect(holds({ fact: 'currentActivity', operator: 'equal', value: { fact: 'lastResponse', path: 'activityId' } })).to.equal(true);
  });

  it('snapshot constant arrays: editing the document afterwards changes nothing', () => {
    const value = ['q1'];
    const predicate = compileCondition({ fact: 'currentActivity', operator: 'in', value });
    value.pop();
    expect(predicate(busyState())).to.equal(true);
  });

  it('refuse unknown operators', () => {
    expect(() => compileCondition({ fact: 'stepCount', operator: 'like' as 'equal', value: 1 })).to.throw(EngineError, /unknown operator 'like'/);
  });
});
