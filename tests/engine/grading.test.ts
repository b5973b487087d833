import { expect } from 'chai';
import { advance, grade, type Answer, submitAnswer, submitDiagnostic, submitSurvey, type CompiledSequence, type GradingMethod, type LearnerState, type Rule } from '../../server/engine/index.js';
import { setup, stateWith, withRules } from './support/fixtures.js';

function compiledWith(method: GradingMethod, maxSteps?: number) {
  return setup(
    withRules([{ id: 'd', default: true, then: { type: 'complete' } }], {
      grading: { method },
      ...(maxSteps === undefined ? {} : { completion: { maxSteps } }),
    }),
  ).compiled;
}

/** Default BKT parameters: prior 0.2, mastery at 0.95, so a gain of 0.75 is full marks. */
const SPAN = 0.95 - 0.2;
const practiced = { attempts: { q1: 1 } };

describe('grade', () => {
  it('gives no score before any evidence, whatever the method, and 0 if the path ends that way', () => {
    const completed = { ruleId: 'd', reason: 'rule', why: '', message: null } as const;
    for (const method of ['meanMastery', 'shareMastered', 'questionScore'] as const) {
      const compiled = compiledWith(method);
      expect(grade(compiled, stateWith(compiled, {})).score, method).to.equal(null);
      expect(grade(compiled, stateWith(compiled, { completed })).score, method).to.equal(0);
    }
  });

  it('meanMastery: gain from the prior toward the mastery threshold, a mastered objective counting 1', () => {
    const compiled = compiledWith('meanMastery');
    expect(grade(compiled, stateWith(compiled, { ...practiced, mastery: { o1: 0.5, o2: 0.2 } })).score).to.be.closeTo(0.3 / SPAN / 2, 1e-12);
    // Below the prior is no gain, not a debt.
    expect(grade(compiled, stateWith(compiled, { ...practiced, mastery: { o1: 0.05, o2: 0.2 } })).score).to.equal(0);
    // o1 mastered earlier but slipped to 0.9: still counts 1.
    expect(grade(compiled, stateWith(compiled, { ...practiced, mastery: { o1: 0.9, o2: 0.2 }, mastered: ['o1'] })).score).to.equal(0.5);
    expect(grade(compiled, stateWith(compiled, { ...practiced, mastery: { o1: 0.96, o2: 0.97 }, mastered: ['o1', 'o2'] })).score).to.equal(1);
  });

  it('meanMastery: an objective whose prior is already at its threshold counts only once mastered', () => {
    const { compiled } = setup(
      withRules([{ id: 'd', default: true, then: { type: 'complete' } }], {
        objectives: [
          { id: 'o1', title: 'One', masteryThreshold: 0.5, bkt: { prior: 0.6 } },
          { id: 'o2', title: 'Two' },
        ],
      }),
    );
    expect(grade(compiled, stateWith(compiled, practiced)).score).to.equal(0);
    expect(grade(compiled, stateWith(compiled, { ...practiced, mastered: ['o1'] })).score).to.equal(0.5);
  });

  it('shareMastered: share of objectives mastered, once there is evidence', () => {
    const compiled = compiledWith('shareMastered');
    expect(grade(compiled, stateWith(compiled, practiced)).score).to.equal(0);
    expect(grade(compiled, stateWith(compiled, { mastered: ['o2'] }))).to.include({ score: 0.5, masteredCount: 1, objectiveCount: 2 });
  });

  it('questionScore: mean credit over answered questions', () => {
    const compiled = compiledWith('questionScore');
    expect(grade(compiled, stateWith(compiled, { credit: { q1: 1, q2: 0.5, q3: 0 } })).score).to.be.closeTo(0.5, 1e-12);
    expect(grade(compiled, stateWith(compiled, { credit: { q1: 0 } })).score).to.equal(0);
  });

  describe('the warm-up is not graded', () => {
    // Each objective has two questions, and only a first attempt ever is evidence (warm-up answers are not attempts).
    const next = (objective: string, first: string, second: string): Rule[] => [
      {
        id: `${first}-first`,
        priority: 2,
        when: { all: [{ fact: 'mastered', path: objective, operator: 'equal', value: false }, { fact: 'visited', path: first, operator: 'equal', value: false }] },
        then: { type: 'goTo', activity: first },
      },
      { id: `${first}-then`, priority: 1, when: { fact: 'mastered', path: objective, operator: 'equal', value: false }, then: { type: 'goTo', activity: second } },
    ];
    const doc = (learn = 0.15) =>
      withRules([...next('o1', 'q2', 'q1'), ...next('o2', 'q4', 'q3'), { id: 'd', default: true, then: { type: 'complete' } }], {
        start: { survey: 'survey', diagnostic: 'diag' },
        objectives: [
          { id: 'o1', title: 'One', bkt: { learn } },
          { id: 'o2', title: 'Two', bkt: { learn } },
        ],
      });

    /** Survey, then the warm-up (q1 for o1, q3 for o2) answered as given. */
    function afterWarmUp(compiled: CompiledSequence, state: LearnerState, q1: string, q3: number): LearnerState {
      let s = advance(compiled, state).state;
      s = submitSurvey(compiled, s, { mode: 'text' });
      s = advance(compiled, s).state;
      s = submitDiagnostic(compiled, s, { q1: { kind: 'singleChoice', choiceId: q1 }, q3: { kind: 'numeric', value: q3 } }).state;
      return advance(compiled, s).state;
    }

    function answerRight(compiled: CompiledSequence, state: LearnerState): LearnerState {
      const answers: Record<string, Answer> = {
        q1: { kind: 'singleChoice', choiceId: 'a' },
        q2: { kind: 'multipleChoice', choiceIds: ['a', 'b'] },
        q3: { kind: 'numeric', value: 0.3 },
        q4: { kind: 'shortText', text: 'Paris' },
      };
      const answer = answers[state.currentActivity ?? '']!;
      return advance(compiled, submitAnswer(compiled, state, answer).state).state;
    }

    it('after wrong warm-up answers, practice gains count from where the learner started', () => {
      const { compiled, state } = setup(doc());
      const warmedUp = afterWarmUp(compiled, state, 'b', 99);
      const startedAt = warmedUp.mastery.o1!;
      const s = answerRight(compiled, warmedUp);
      // Back near the prior after one right answer, yet a real gain: the warm-up took nothing away.
      expect(s.mastery.o1).to.be.below(0.4);
      expect(grade(compiled, s).score).to.be.closeTo((s.mastery.o1! - startedAt) / (0.95 - startedAt) / 2, 1e-12);
      expect(grade(compiled, s).score).to.be.above(0.1);
    });

    it('right warm-up answers count as shown knowledge, from the prior', () => {
      const { compiled, state } = setup(doc());
      const s = afterWarmUp(compiled, state, 'a', 0.3);
      expect(grade(compiled, s).score).to.be.closeTo((s.mastery.o1! - 0.2 + s.mastery.o2! - 0.2) / SPAN / 2, 1e-12);
    });

    it('wrong warm-up answers leave no score rather than a low one, and mastery after them is full marks', () => {
      // A fast learner: two right answers master an objective.
      const { compiled, state } = setup(doc(0.9));
      let s = afterWarmUp(compiled, state, 'b', 99);
      expect(s.mastery.o1).to.be.below(0.2);
      expect(grade(compiled, s).score).to.equal(null);
      for (let i = 0; i < 4 && s.completed === null; i += 1) s = answerRight(compiled, s);
      expect(s.mastered).to.deep.equal(['o1', 'o2']);
      expect(grade(compiled, s)).to.include({ score: 1, completed: true });
    });
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
