import { expect } from 'chai';
import {
  advance,
  EngineError,
  requestHint,
  submitAnswer,
  type Answer,
  type CompiledSequence,
  type LearnerState,
  type SequenceDoc,
} from '../../server/engine/index.js';
import { baseDoc, setup } from './support/fixtures.js';

/** A learner with the given question on screen. */
function onScreen(questionId: string, doc: SequenceDoc = baseDoc()): { compiled: CompiledSequence; state: LearnerState } {
  const { compiled, state } = setup({ ...doc, rules: [{ id: 'show', default: true, then: { type: 'goTo', activity: questionId } }] });
  return { compiled, state: advance(compiled, state).state };
}

function answer(questionId: string, given: Answer, doc?: SequenceDoc) {
  const { compiled, state } = onScreen(questionId, doc);
  return submitAnswer(compiled, state, given);
}

describe('submitAnswer', () => {
  describe('singleChoice', () => {
    it('grades the chosen choice and shows its feedback instead of the default', () => {
      const { result } = answer('q1', { kind: 'singleChoice', choiceId: 'a' });
      expect(result).to.include({ correct: true, final: true, attemptNumber: 1, attemptsLeft: 0, misconception: null, explanation: 'Because A.' });
      expect(result.feedback).to.deep.equal([{ source: 'choice', message: 'A is right.' }]);
    });

    it('adds the misconception’s feedback after the choice’s', () => {
      const { result } = answer('q1', { kind: 'singleChoice', choiceId: 'b' });
      expect(result).to.include({ correct: false, final: false, attemptsLeft: 1, misconception: 'm1', explanation: null });
      expect(result.feedback).to.deep.equal([
        { source: 'choice', message: 'B is tempting.' },
        { source: 'misconception', message: 'Misconception one feedback.', misconception: 'm1' },
      ]);
    });

    it('falls back to the default incorrect feedback', () => {
      const { result } = answer('q1', { kind: 'singleChoice', choiceId: 'c' });
      expect(result.feedback).to.deep.equal([{ source: 'default', message: 'Not quite.' }]);
    });

    it('refuses unknown choices and answers of another kind', () => {
      expect(() => answer('q1', { kind: 'singleChoice', choiceId: 'zz' })).to.throw(EngineError, /no choice 'zz'/);
      expect(() => answer('q1', { kind: 'numeric', value: 1 })).to.throw(EngineError, /expects a singleChoice answer/);
    });
  });

  describe('multipleChoice', () => {
    it('is correct only for exactly the correct set, in any order', () => {
      expect(answer('q2', { kind: 'multipleChoice', choiceIds: ['b', 'a'] }).result.correct).to.equal(true);
      expect(answer('q2', { kind: 'multipleChoice', choiceIds: ['a', 'a', 'b'] }).result.correct).to.equal(true);
      expect(answer('q2', { kind: 'multipleChoice', choiceIds: ['a'] }).result.correct).to.equal(false);
      expect(answer('q2', { kind: 'multipleChoice', choiceIds: ['a', 'b', 'c'] }).result.correct).to.equal(false);
      expect(answer('q2', { kind: 'multipleChoice', choiceIds: [] }).result.correct).to.equal(false);
    });

    it('reports selected choices in display order and every misconception revealed', () => {
      const { state, result } = answer('q2', { kind: 'multipleChoice', choiceIds: ['d', 'c'] });
      expect(state.lastResponse?.choiceIds).to.deep.equal(['c', 'd']);
      expect(result.misconception).to.equal('m2');
      // The selection's summary leads: no per-choice text says that A and B were missed.
      expect(result.feedback.map((f) => f.source)).to.deep.equal(['generic', 'choice', 'misconception', 'misconception']);
    });

    it('refuses unknown choice ids', () => {
      expect(() => answer('q2', { kind: 'multipleChoice', choiceIds: ['a', 'x'] })).to.throw(EngineError, /no choice 'x'/);
    });
  });

  describe('numeric', () => {
    it('absorbs binary rounding when the tolerance is 0', () => {
      expect(answer('q3', { kind: 'numeric', value: 0.1 + 0.2 }).result.correct).to.equal(true);
      expect(answer('q3', { kind: 'numeric', value: 0.3001 }).result.correct).to.equal(false);
    });

    it('accepts values within the tolerance, inclusive', () => {
      const doc = baseDoc();
      const q3 = doc.activities.find((a) => a.id === 'q3');
      if (q3?.kind !== 'numeric') throw new Error('fixture');
      q3.tolerance = 0.05;
      expect(answer('q3', { kind: 'numeric', value: 0.35 }, doc).result.correct).to.equal(true);
      expect(answer('q3', { kind: 'numeric', value: 0.25 }, doc).result.correct).to.equal(true);
      expect(answer('q3', { kind: 'numeric', value: 0.36 }, doc).result.correct).to.equal(false);
    });

    it('matches distractors within their own tolerance', () => {
      const { result } = answer('q3', { kind: 'numeric', value: 0.124 });
      expect(result.misconception).to.equal('m2');
      expect(result.feedback).to.deep.equal([
        { source: 'distractor', message: 'You concatenated.' },
        { source: 'misconception', message: 'Misconception two feedback.', misconception: 'm2' },
      ]);
      expect(answer('q3', { kind: 'numeric', value: 7 }).result.feedback).to.deep.equal([{ source: 'default', message: 'Try again.' }]);
    });

    it('refuses non-finite numbers', () => {
      expect(() => answer('q3', { kind: 'numeric', value: Number.NaN })).to.throw(EngineError, /finite/);
      expect(() => answer('q3', { kind: 'numeric', value: Infinity })).to.throw(EngineError, /finite/);
    });
  });

  describe('shortText', () => {
    const text = (given: string, doc?: SequenceDoc) => answer('q4', { kind: 'shortText', text: given }, doc).result;

    it('ignores case and whitespace by default', () => {
      expect(text('Paris').correct).to.equal(true);
      expect(text('  pA ris ').correct).to.equal(true);
      expect(text('Pariss').correct).to.equal(false);
    });

    it('accepts a word answer ended like a sentence, against the accepted answers and the pattern', () => {
      expect(text('Paris.').correct).to.equal(true);
      expect(text(' Paris, France! ').correct).to.equal(true);
      expect(text('Paris?!').correct).to.equal(true);
      expect(text('.').correct).to.equal(false);
      expect(text('Paris.x').correct).to.equal(false);
    });

    it('honours caseSensitive and ignoreWhitespace: false', () => {
      const doc = baseDoc();
      const q4 = doc.activities.find((a) => a.id === 'q4');
      if (q4?.kind !== 'shortText') throw new Error('fixture');
      q4.caseSensitive = true;
      q4.ignoreWhitespace = false;
      q4.acceptedAnswers = ['New  York'];
      q4.pattern = undefined;
      expect(text('New York', doc).correct).to.equal(true);
      expect(text('  New   York ', doc).correct).to.equal(true);
      expect(text('new york', doc).correct).to.equal(false);
      expect(text('NewYork', doc).correct).to.equal(false);
    });

    it('accepts a full match of the pattern, case-insensitively unless caseSensitive', () => {
      expect(text('Paris, France').correct).to.equal(true);
      expect(text('PARIS FRANCE').correct).to.equal(true);
      expect(text('I think Paris, France').correct).to.equal(false);
    });

    it('matches distractors by text and by pattern', () => {
      expect(text('lyon')).to.include({ correct: false, misconception: 'm1' });
      expect(text('Marseille').feedback).to.deep.equal([{ source: 'distractor', message: 'Marseille is a port.' }]);
    });

    it('refuses overlong answers before any pattern runs', () => {
      expect(() => text('a'.repeat(2001))).to.throw(EngineError, /limited to 2000/);
    });
  });

  describe('attempts', () => {
    it('counts attempts per visit and in total, and ends the question when they run out', () => {
      const { compiled, state } = onScreen('q1');
      const first = submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'c' });
      expect(first.result).to.include({ attemptNumber: 1, attemptsLeft: 1, final: false });
      const second = submitAnswer(compiled, first.state, { kind: 'singleChoice', choiceId: 'b' });
      expect(second.result).to.include({ attemptNumber: 2, attemptsLeft: 0, final: true, explanation: 'Because A.' });
      expect(second.state.attempts.q1).to.equal(2);
      expect(() => submitAnswer(compiled, second.state, { kind: 'singleChoice', choiceId: 'a' })).to.throw(EngineError, /over for this visit/);
    });

    it('updates the learner model on the first attempt ever only', () => {
      const { compiled, state } = onScreen('q1');
      const first = submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'c' });
      // 0.2 → incorrect → 0.116 / 0.66 (see bkt.test.ts)
      expect(first.result.mastery).to.deep.equal([{ objectiveId: 'o1', before: 0.2, after: first.state.mastery.o1, mastered: false }]);
      expect(first.state.mastery.o1).to.be.closeTo(0.116 / 0.66, 1e-12);
      const second = submitAnswer(compiled, first.state, { kind: 'singleChoice', choiceId: 'a' });
      expect(second.result.mastery).to.deep.equal([]);
      expect(second.state.mastery.o1).to.equal(first.state.mastery.o1);
    });

    it('keeps streaks, lastResponse and time', () => {
      const { compiled, state } = onScreen('q1');
      const wrong = submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'b' }, { seconds: 12 });
      expect(wrong.state.streak).to.deep.equal({ correct: 0, incorrect: 1 });
      expect(wrong.state.lastResponse).to.deep.equal({ activityId: 'q1', correct: false, choiceIds: ['b'], misconception: 'm1', attemptNumber: 1, hintsUsed: 0 });
      const right = submitAnswer(compiled, wrong.state, { kind: 'singleChoice', choiceId: 'a' }, { seconds: 8 });
      expect(right.state.streak).to.deep.equal({ correct: 1, incorrect: 0 });
      expect(right.state.timeOnTask).to.deep.equal({ total: 20, byActivity: { q1: 20 } });
      expect(() => submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'a' }, { seconds: -1 })).to.throw(EngineError, /seconds/);
    });

    it('gives question credit 1, halved per extra attempt, 0 when never right', () => {
      const { compiled, state } = onScreen('q1');
      const firstTry = submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'a' }).state;
      expect(firstTry.credit).to.deep.equal({ q1: 1 });
      const wrong = submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'b' }).state;
      expect(submitAnswer(compiled, wrong, { kind: 'singleChoice', choiceId: 'a' }).state.credit).to.deep.equal({ q1: 0.5 });
      expect(submitAnswer(compiled, wrong, { kind: 'singleChoice', choiceId: 'c' }).state.credit).to.deep.equal({ q1: 0 });
    });

    it('refuses answers when no question is on screen', () => {
      const { compiled, state } = setup(baseDoc());
      expect(() => submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'a' })).to.throw(EngineError, /not a question/);
    });
  });

  describe('hints', () => {
    it('are revealed in order and counted as evidence-weakening', () => {
      const { compiled, state } = onScreen('q1');
      const one = requestHint(compiled, state);
      expect(one.result).to.deep.equal({ hint: 'Hint one', index: 1, hintsLeft: 1 });
      const two = requestHint(compiled, one.state);
      expect(two.result).to.deep.equal({ hint: 'Hint two', index: 2, hintsLeft: 0 });
      expect(() => requestHint(compiled, two.state)).to.throw(EngineError, /no more hints/);

      const hinted = submitAnswer(compiled, two.state, { kind: 'singleChoice', choiceId: 'a' });
      const plain = submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'a' });
      expect(hinted.state.lastResponse?.hintsUsed).to.equal(2);
      // Two hints: g_2 = 0.725, posterior 0.18 / (0.18 + 0.8·0.725) = 0.236842, learn → 0.351316; unhinted 0.6.
      expect(hinted.state.mastery.o1).to.be.closeTo(0.18 / 0.76 + (1 - 0.18 / 0.76) * 0.15, 1e-12);
      expect(plain.state.mastery.o1).to.be.closeTo(0.6, 1e-12);
      expect(hinted.state.mastery.o1).to.be.greaterThan(0.2);
    });
  });

  it('never mutates the state it was given', () => {
    const { compiled, state } = onScreen('q1');
    const before = structuredClone(state);
    submitAnswer(compiled, state, { kind: 'singleChoice', choiceId: 'a' });
    requestHint(compiled, state);
    expect(state).to.deep.equal(before);
  });
});
