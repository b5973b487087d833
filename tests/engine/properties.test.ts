/**
 * Property-style tests: many seeded random learners play the sample sequences
 * and every step they take is checked against invariants.
 */
import { expect } from 'chai';
import {
  compileSequence,
  decide,
  grade,
  isQuestion,
  mulberry32,
  startLearner,
  submitAnswer,
  type CompiledSequence,
  type LearnerState,
  type Step,
} from '../../server/engine/index.js';
import { correctAnswer, play, wrongAnswer, type Run } from './support/simulate.js';
import { loadSample, SAMPLE_NAMES } from './support/samples.js';

const RUNS = 60;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function randomLearner(compiled: CompiledSequence, seed: number, observe?: (state: LearnerState) => void): Run {
  const random = mulberry32(seed ^ 0x5bd1e995);
  const modalities = ['text', 'video', 'visual', 'hands-on'];
  const survey = Object.fromEntries(
    compiled.doc.activities
      .flatMap((a) => (a.kind === 'survey' ? a.questions : []))
      .map((q) => [q.id, q.options[Math.floor(random() * q.options.length)]?.value ?? modalities[0]!]),
  );
  const skill = random();
  return play(compiled, startLearner(compiled, { seed }), {
    survey,
    answer: (question) => (random() < skill ? correctAnswer(question) : wrongAnswer(question)),
    choose: (options) => options[Math.floor(random() * options.length)] ?? '',
    confidence: 1 + Math.floor(random() * 5),
    observe,
  });
}

function checkStep(compiled: CompiledSequence, step: Step): void {
  switch (step.type) {
    case 'activity':
      expect(compiled.activityById.has(step.activityId), step.activityId).to.equal(true);
      break;
    case 'choice':
      expect(step.options.length).to.be.at.least(2);
      for (const id of step.options) expect(compiled.activityById.has(id)).to.equal(true);
      if (step.recommended !== null) expect(step.options).to.include(step.recommended);
      break;
    case 'feedback':
      expect(step.message).to.be.a('string').and.not.equal('');
      expect(step.then.type).to.be.oneOf(['activity', 'choice', 'complete']);
      checkStep(compiled, step.then);
      break;
    case 'complete':
      expect(step.reason).to.be.oneOf(['rule', 'mastered', 'maxSteps', 'guardMaxSteps', 'stalled']);
      break;
  }
}

for (const name of SAMPLE_NAMES) {
  describe(`properties over ${RUNS} random learners: ${name}`, () => {
    const compiled = compileSequence(loadSample(name));
    const runs = Array.from({ length: RUNS }, (_, seed) => randomLearner(compiled, seed));

    it('every decision is a valid step and every run completes within the guard', () => {
      for (const run of runs) {
        for (const decision of run.decisions) checkStep(compiled, decision.step);
        expect(run.state.completed).to.not.equal(null);
        expect(run.state.stepCount).to.be.at.most(compiled.guard.maxSteps);
      }
    });

    it('transitions never write to the state they were given, even where the copy shares parts', () => {
      // Modules are strict, so a write to a frozen object throws instead of passing silently.
      for (const seed of [0, 5, 11, 23]) {
        const frozen = randomLearner(compiled, seed, (state) => void deepFreeze(state));
        expect(frozen.path).to.deep.equal(runs[seed]?.path);
        expect(frozen.state).to.deep.equal(runs[seed]?.state);
      }
    });

    it('the same seed gives the same path', () => {
      for (const seed of [0, 7, 31]) {
        const again = randomLearner(compiled, seed);
        expect(again.path).to.deep.equal(runs[seed]?.path);
        expect(again.state).to.deep.equal(runs[seed]?.state);
      }
    });

    it('decide is deterministic on every state a learner passes through', () => {
      for (const run of runs.slice(0, 10)) {
        expect(decide(compiled, run.state)).to.deep.equal(decide(compiled, structuredClone(run.state)));
      }
    });

    it('mastery never decreases on a correct first attempt, hints or not', () => {
      const random = mulberry32(99);
      const questions = compiled.doc.activities.filter(isQuestion);
      for (let i = 0; i < 300; i++) {
        const question = questions[Math.floor(random() * questions.length)]!;
        const mastery = Object.fromEntries(compiled.objectives.map((o) => [o.id, random()]));
        const state: LearnerState = {
          ...startLearner(compiled, { seed: i }),
          currentActivity: question.id,
          mastery,
          visit: { attempts: 0, hintsUsed: Math.floor(random() * 4), finished: false },
        };
        const { result } = submitAnswer(compiled, state, correctAnswer(question));
        expect(result.mastery.length).to.equal(question.objectives?.length ?? 0);
        for (const change of result.mastery) expect(change.after).to.be.at.least(change.before);
      }
    });

    it('mastered objectives, progress and score stay consistent at every state', () => {
      for (let seed = 0; seed < 20; seed++) {
        let mastered: readonly string[] = [];
        let progress = 0;
        let scored = false;
        randomLearner(compiled, seed, (state) => {
          expect(state.mastered.slice(0, mastered.length)).to.deep.equal(mastered);
          const report = grade(compiled, state);
          expect(report.progress).to.be.at.least(progress);
          // No score until there is evidence; once there is one, it stays.
          if (scored || state.completed !== null) expect(report.score).to.be.within(0, 1);
          else if (report.score !== null) expect(report.score).to.be.within(0, 1);
          scored = report.score !== null;
          for (const value of Object.values(state.mastery)) expect(value).to.be.within(0, 1);
          mastered = [...state.mastered];
          progress = report.progress;
        });
      }
    });
  });
}
