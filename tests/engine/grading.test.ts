import { expect } from 'chai';
import {
  advance,
  bkt,
  compileSequence,
  grade,
  settleLevel,
  startLearner,
  type Answer,
  submitAnswer,
  submitDiagnostic,
  submitSurvey,
  type CompiledSequence,
  type GradingMethod,
  type LearnerModel,
  type LearnerState,
  type Rule,
} from '../../server/engine/index.js';
import { baseDoc, setup, stateWith, withRules } from './support/fixtures.js';
import { loadSample } from './support/samples.js';
import { correctAnswer, play, wrongAnswer } from './support/simulate.js';

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


/** Scores are reported in steps of 0.1% (grading.ts). */
const tenth = (x: number): number => Math.round(x * 1000) / 1000;
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
    expect(grade(compiled, stateWith(compiled, { ...practiced, mastery: { o1: 0.5, o2: 0.2 } })).score).to.equal(tenth(0.3 / SPAN / 2));
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
    expect(grade(compiled, stateWith(compiled, { credit: { q1: 1, q2: 0.5, q3: 0 } })).score).to.equal(tenth(0.5));
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
      // A slow learner model (T 0.01), whose wrong answers alone settle at 0.01·0.8/0.7 ≈ 0.011,
      // below the warm-up's 0.02/0.66 ≈ 0.030: the warm-up's estimate is where gains count from.
      const { compiled, state } = setup(doc(0.01));
      const warmedUp = afterWarmUp(compiled, state, 'b', 99);
      const startedAt = warmedUp.mastery.o1!;
      expect(startedAt).to.be.closeTo(0.02 / 0.66, 1e-12);
      expect(compiled.settleLevels.get('o1')).to.be.below(startedAt);
      const s = answerRight(compiled, warmedUp);
      // Still below the prior after one right answer (0.132), yet a real gain: the warm-up took nothing away.
      expect(s.mastery.o1).to.be.below(0.2);
      expect(grade(compiled, s).score).to.equal(tenth((s.mastery.o1! - startedAt) / (0.95 - startedAt) / 2));
      expect(grade(compiled, s).score).to.be.above(0.05);
    });

    it('after wrong warm-up answers, gains count from no lower than where wrong answers alone settle', () => {
      // T 0.15: wrong answers alone settle at 0.15·0.8/0.7 ≈ 0.171, above the warm-up's 0.030,
      // so that is where gains count from; still below the prior 0.2, so the warm-up took nothing away.
      const { compiled, state } = setup(doc());
      const warmedUp = afterWarmUp(compiled, state, 'b', 99);
      const settle = compiled.settleLevels.get('o1')!;
      expect(settle).to.be.closeTo(0.12 / 0.7, 1e-9);
      expect(warmedUp.mastery.o1).to.be.below(settle);
      const s = answerRight(compiled, warmedUp);
      // One right answer takes o1 from 0.030 to 0.255: 0.084 of the 0.779 from 0.171 to 0.95, so 5.4 % over two
      // objectives (it was 12.2 % counted from 0.030, and would be 3.7 % counted from the prior).
      expect(grade(compiled, s).score).to.equal(tenth((s.mastery.o1! - settle) / (0.95 - settle) / 2));
      expect(grade(compiled, s).score).to.be.above((s.mastery.o1! - 0.2) / SPAN / 2);
    });

    it('right warm-up answers count as shown knowledge, from the prior', () => {
      const { compiled, state } = setup(doc());
      const s = afterWarmUp(compiled, state, 'a', 0.3);
      expect(grade(compiled, s).score).to.equal(tenth((s.mastery.o1! - 0.2 + s.mastery.o2! - 0.2) / SPAN / 2));
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

  describe('meanMastery counts gain from no lower than where wrong answers alone settle', () => {
    // Defaults g 0.2, s 0.1, T 0.15: BKT's learning step holds a learner who only answers wrong at
    // T(1−g)/(1−g−s) = 0.12/0.7 ≈ 0.171, the stable root of 0.7p² − 0.82p + 0.12 = 0.
    const SETTLE = 0.12 / 0.7;

    it('is computed once per objective when the sequence compiles, with its model', () => {
      const compiled = compiledWith('meanMastery');
      for (const o of compiled.objectives) {
        expect(compiled.settleLevels.get(o.id)).to.equal(settleLevel(bkt, o));
        expect(compiled.settleLevels.get(o.id)).to.be.closeTo(SETTLE, 1e-9);
      }
      // Any learner model: one whose wrong answer halves the estimate and whose learning adds 0.05 settles at 0.1.
      const halving: LearnerModel = {
        id: 'halving',
        initial: (o) => o.bkt.prior,
        observe: (p, e) => (e.correct ? p + (1 - p) / 2 : p / 2 + (e.learning ? 0.05 : 0)),
      };
      const other = compileSequence(baseDoc(), { model: halving });
      expect(other.settleLevels.get('o1')).to.be.closeTo(0.1, 1e-11);
      expect(grade(other, stateWith(other, { ...practiced, baseline: { o1: 0.02 }, mastery: { o1: 0.1, o2: 0.2 } })).score).to.equal(0);
      expect(grade(other, stateWith(other, { ...practiced, baseline: { o1: 0.02 }, mastery: { o1: 0.5, o2: 0.2 } })).score).to.equal(tenth(0.4 / 0.85 / 2));
    });

    it('so an estimate that wrong answers lifted above a weak warm-up is no gain', () => {
      const compiled = compiledWith('meanMastery');
      const weak = { ...practiced, baseline: { o1: 0.02, o2: 0.02 } };
      // Counted from 0.02, this learner scored (0.171 − 0.02)/(0.95 − 0.02) = 16.3 %.
      expect(grade(compiled, stateWith(compiled, { ...weak, mastery: { o1: SETTLE, o2: SETTLE } })).score).to.equal(0);
      expect(grade(compiled, stateWith(compiled, { ...weak, mastery: { o1: 0.5, o2: 0.1 } })).score).to.equal(tenth((0.5 - SETTLE) / (0.95 - SETTLE) / 2));
      // Mastered still counts 1.
      expect(grade(compiled, stateWith(compiled, { ...weak, mastery: { o1: 0.9, o2: SETTLE }, mastered: ['o1'] })).score).to.equal(0.5);
    });

    it('and where the prior and the warm-up are above that level, nothing changes', () => {
      const compiled = compiledWith('meanMastery');
      for (const baseline of [0.2, 0.18]) {
        for (const m of [0.1, SETTLE, 0.19, 0.5, 0.9]) {
          const state = stateWith(compiled, { ...practiced, baseline: { o1: baseline }, mastery: { o1: m, o2: 0.2 } });
          expect(grade(compiled, state).score, `baseline ${baseline}, estimate ${m}`).to.equal(tenth(Math.max(0, (m - baseline) / (0.95 - baseline)) / 2));
        }
      }
    });

    it('a prior below that level counts from the level: wrong answers alone score 0', () => {
      // Prior 0.05, no warm-up: 8 wrong answers take o1 to 0.171, which counted from the prior was a 13.5 % gain.
      const { compiled } = setup(withRules([{ id: 'd', default: true, then: { type: 'complete' } }], { objectives: [{ id: 'o1', title: 'One', bkt: { prior: 0.05 } }, { id: 'o2', title: 'Two' }] }));
      let p = 0.05;
      for (let i = 0; i < 8; i++) p = bkt.observe(p, { correct: false, hintsUsed: 0, learning: true }, compiled.objectives[0]!);
      expect(p).to.be.above(0.17);
      expect(grade(compiled, stateWith(compiled, { ...practiced, mastery: { o1: p, o2: 0.2 } })).score).to.be.below(0.001);
    });
  });

  describe('the samples, played to the end through the engine', () => {
    const isWarmUp = (compiled: CompiledSequence, state: LearnerState): boolean => compiled.activityById.get(state.currentActivity ?? '')?.kind === 'diagnostic';

    function playFractions(answer: (compiled: CompiledSequence, state: LearnerState, question: Parameters<typeof wrongAnswer>[0]) => Answer) {
      const compiled = compileSequence(loadSample('fractions'));
      expect(compiled.grading).to.equal('meanMastery');
      let answers = 0;
      const scores: number[] = [];
      const run = play(compiled, startLearner(compiled, { seed: 7 }), {
        answer: (question, state) => {
          answers += 1;
          return answer(compiled, state, question);
        },
        observe: (state) => scores.push(grade(compiled, state).score ?? 0),
      });
      return { compiled, run, answers, scores, report: grade(compiled, run.state) };
    }

    it('fractions, every answer wrong: 0, where it was 15 %', () => {
      const { compiled, run, answers, report } = playFractions((_c, _s, q) => wrongAnswer(q));
      expect(report.completed).to.equal(true);
      expect(answers).to.be.above(20);
      expect(Object.keys(run.state.attempts).length).to.be.above(10);
      // The warm-up put every objective well below where its wrong answers then lifted it.
      for (const o of compiled.objectives) {
        expect(run.state.baseline?.[o.id]).to.be.below(0.05);
        expect(run.state.mastery[o.id]).to.be.closeTo(compiled.settleLevels.get(o.id)!, 0.01);
      }
      expect(report.masteredCount).to.equal(0);
      expect(report.score).to.equal(0);
    });

    it('fractions, the warm-up right and every practice answer wrong: exactly 0, as the learner sees it and the LMS gets it', () => {
      // QA: the screen said 0% while the gradebook showed 0.01 / 100, an estimate still settling from above.
      const { report } = playFractions((compiled, state, q) => (isWarmUp(compiled, state) ? correctAnswer(q) : wrongAnswer(q)));
      expect(report.completed).to.equal(true);
      expect(report.score).to.equal(0);
    });

    it('fractions, right only at the first practice question: the estimate washes it out and so does the score', () => {
      let first = true;
      const { report, scores } = playFractions((compiled, state, q) => {
        if (isWarmUp(compiled, state) || !first) return wrongAnswer(q);
        first = false;
        return correctAnswer(q);
      });
      expect(report.completed).to.equal(true);
      // While it lasts, the right answer is a real gain (one objective's, over three).
      expect(Math.max(...scores)).to.be.above(0.03);
      expect(report.score).to.be.below(0.01);
    });

    it('fractions, a learner who gets two answers in three right: barely changed, mastered objectives count 1', () => {
      let n = 0;
      const { compiled, run, report } = playFractions((_c, _s, q) => (n++ % 3 === 2 ? wrongAnswer(q) : correctAnswer(q)));
      expect(report.masteredCount).to.be.at.least(1);
      // What the grade was before the floor: gain from the prior or the warm-up's lower estimate.
      const before =
        compiled.objectives
          .map((o) => {
            if (run.state.mastered.includes(o.id)) return 1;
            const start = Math.min(o.bkt.prior, run.state.baseline?.[o.id] ?? o.bkt.prior);
            return Math.max(0, (run.state.mastery[o.id]! - start) / (o.threshold - start));
          })
          .reduce((a, b) => a + b, 0) / compiled.objectives.length;
      expect(report.score).to.be.at.most(before);
      expect(report.score).to.be.closeTo(before, 0.02);
    });

    it('data privacy, every answer wrong: 0 as shipped (questionScore), and under 1 % graded by meanMastery', () => {
      const doc = loadSample('data-privacy');
      for (const compiled of [compileSequence(doc), compileSequence({ ...doc, grading: { method: 'meanMastery' } })]) {
        const run = play(compiled, startLearner(compiled, { seed: 7 }), { answer: (q) => wrongAnswer(q) });
        const report = grade(compiled, run.state);
        expect(report.completed).to.equal(true);
        if (compiled.grading === 'questionScore') expect(report.score).to.equal(0);
        // breach-response's prior 0.1 is itself below its settle level 0.2·0.85/0.75 ≈ 0.227: 20 % before.
        else expect(report.score).to.be.below(0.01);
      }
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
