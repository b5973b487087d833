import { expect } from 'chai';
import { grade, type GradingMethod } from '../../server/engine/index.js';
import { setup, stateWith, withRules } from './support/fixtures.js';

function compiledWith(method: GradingMethod, maxSteps?: number) {
  return setup(
    withRules([{ id: 'd', default: true, then: { type: 'complete' } }], {
      grading: { method },
      ...(maxSteps === undefined ? {} : { completion: { maxSteps } }),
    }),
  ).compiled;
}

describe('grade', () => {
  it('meanMastery: mean estimate, a mastered objective counting 1', () => {
    const compiled = compiledWith('meanMastery');
    expect(grade(compiled, stateWith(compiled, { mastery: { o1: 0.5, o2: 0.3 } })).score).to.be.closeTo(0.4, 1e-12);
    // o1 mastered earlier but slipped to 0.9: still counts 1 → (1 + 0.3) / 2
    expect(grade(compiled, stateWith(compiled, { mastery: { o1: 0.9, o2: 0.3 }, mastered: ['o1'] })).score).to.be.closeTo(0.65, 1e-12);
  });

  it('shareMastered: share of objectives mastered', () => {
    const compiled = compiledWith('shareMastered');
    expect(grade(compiled, stateWith(compiled, {})).score).to.equal(0);
    expect(grade(compiled, stateWith(compiled, { mastered: ['o2'] }))).to.include({ score: 0.5, masteredCount: 1, objectiveCount: 2 });
  });

  it('questionScore: mean credit over answered questions, 0 before any', () => {
    const compiled = compiledWith('questionScore');
    expect(grade(compiled, stateWith(compiled, {})).score).to.equal(0);
    expect(grade(compiled, stateWith(compiled, { credit: { q1: 1, q2: 0.5, q3: 0 } })).score).to.be.closeTo(0.5, 1e-12);
  });

  it('progress: the larger of mastered share and step share, below 1 until complete', () => {
    const compiled = compiledWith('meanMastery', 10);
    expect(grade(compiled, stateWith(compiled, {})).progress).to.equal(0);
    expect(grade(compiled, stateWith(compiled, { mastered: ['o1'], stepCount: 2 })).progress).to.equal(0.5);
    expect(grade(compiled, stateWith(compiled, { stepCount: 7 })).progress).to.equal(0.7);
    expect(grade(compiled, stateWith(compiled, { mastered: ['o1', 'o2'] })).progress).to.equal(0.99);
    const done = stateWith(compiled, { completed: { ruleId: 'd', reason: 'rule', why: '', message: null } });
    expect(grade(compiled, done)).to.include({ progress: 1, completed: true });
  });
});
