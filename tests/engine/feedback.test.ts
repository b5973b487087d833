/**
 * "Every answer gets feedback": what a wrong answer shows when the author wrote
 * nothing that applies to it, and that anything the author did write wins.
 */
import { expect } from 'chai';
import {
  advance,
  requestHint,
  submitAnswer,
  type Answer,
  type Choice,
  type LearnerState,
  type MultipleChoiceQuestion,
  type NumericQuestion,
  type Question,
  type SequenceDoc,
  type ShortTextQuestion,
  type SingleChoiceQuestion,
} from '../../server/engine/index.js';
import { expectedShape } from '../../server/engine/fallback-feedback.js';
import { baseDoc, setup } from './support/fixtures.js';

/** baseDoc with its question `id` replaced, on screen. */
function onScreen(question: Question) {
  const doc: SequenceDoc = baseDoc({ rules: [{ id: 'show', default: true, then: { type: 'goTo', activity: question.id } }] });
  doc.activities = doc.activities.map((a) => (a.id === question.id ? question : a));
  const { compiled, state } = setup(doc);
  return { compiled, state: advance(compiled, state).state };
}

function answerOnce(question: Question, given: Answer, prepare: (s: ReturnType<typeof onScreen>) => LearnerState = (s) => s.state) {
  const screen = onScreen(question);
  return submitAnswer(screen.compiled, prepare(screen), given).result;
}

const messages = (result: { feedback: ReadonlyArray<{ source: string; message: string }> }) => result.feedback.map((f) => [f.source, f.message]);

const HINT: [string, string] = ['generic', 'You can ask for a hint.'];

describe('feedback when the author wrote nothing specific', () => {
  describe('multipleChoice', () => {
    const choices: Choice[] = [
      { id: 'a', text: 'A', correct: true },
      { id: 'b', text: 'B', correct: true },
      { id: 'c', text: 'C', feedback: 'C is not one of them.' },
      { id: 'd', text: 'D' },
    ];
    const q = (extra: Partial<MultipleChoiceQuestion> = {}): MultipleChoiceQuestion => ({
      id: 'q2', kind: 'multipleChoice', title: 'Q2', objectives: ['o1'], prompt: 'Pick all', choices, maxAttempts: 3, ...extra,
    });
    const pick = (ids: string[], extra?: Partial<MultipleChoiceQuestion>) => answerOnce(q(extra), { kind: 'multipleChoice', choiceIds: ids });

    it('a right selection gets the author’s word on it first, then the asides on the choices picked', () => {
      const aside: Choice[] = [{ ...choices[0]!, feedback: 'A is the obvious one.' }, ...choices.slice(1)];
      const right = answerOnce(q({ choices: aside, feedback: { correct: 'Right: only C and D are not.' } }), { kind: 'multipleChoice', choiceIds: ['a', 'b'] });
      expect(messages(right)).to.deep.equal([
        ['default', 'Right: only C and D are not.'],
        ['choice', 'A is the obvious one.'],
      ]);
    });

    it('says that some right answers are missing when every choice made is right', () => {
      expect(messages(pick(['a']))).to.deep.equal([['generic', 'You found some of the right answers, but not all of them.']]);
    });

    it('says a choice is wrong, then gives that choice’s own feedback', () => {
      expect(messages(pick(['a', 'b', 'c']))).to.deep.equal([
        ['generic', 'One or more of your choices is not right.'],
        ['choice', 'C is not one of them.'],
      ]);
    });

    it('says both when a choice is wrong and a right answer is missing', () => {
      expect(messages(pick(['a', 'd']))).to.deep.equal([
        ['generic', 'One or more of your choices is not right, and you found some of the right answers but not all of them.'],
      ]);
    });

    it('says when no choice is right, and when nothing was selected', () => {
      expect(messages(pick(['d']))).to.deep.equal([['generic', 'None of your choices is right.']]);
      expect(messages(pick([]))).to.deep.equal([['generic', 'You did not select anything: select every answer that is right.']]);
    });

    it('lets the question’s own incorrect feedback win over the generic text', () => {
      expect(messages(pick(['a'], { feedback: { incorrect: 'Look again at each one.' } }))).to.deep.equal([['default', 'Look again at each one.']]);
    });

    it('does not count a right choice’s feedback as explaining a wrong answer', () => {
      const explained: Choice[] = [{ ...choices[0]!, feedback: 'A is one of them.' }, ...choices.slice(1)];
      expect(messages(pick(['a'], { choices: explained }))).to.deep.equal([
        ['generic', 'You found some of the right answers, but not all of them.'],
        ['choice', 'A is one of them.'],
      ]);
      expect(messages(pick(['a'], { choices: explained, feedback: { incorrect: 'Look again at each one.' } }))).to.deep.equal([
        ['choice', 'A is one of them.'],
        ['default', 'Look again at each one.'],
      ]);
    });

    it('points to the hint while hints and attempts remain', () => {
      expect(messages(pick(['a'], { hints: ['Think.'] }))).to.deep.equal([['generic', 'You found some of the right answers, but not all of them.'], HINT]);
      expect(messages(pick(['a'], { hints: ['Think.'], maxAttempts: 1 })), 'not on the last attempt').to.deep.equal([
        ['generic', 'You found some of the right answers, but not all of them.'],
      ]);
    });

    it('adds nothing to a right answer', () => {
      expect(messages(pick(['a', 'b']))).to.deep.equal([]);
    });
  });

  describe('shortText', () => {
    const q = (extra: Partial<ShortTextQuestion> = {}): ShortTextQuestion => ({
      id: 'q4', kind: 'shortText', title: 'Q4', objectives: ['o2'], prompt: 'Which sign?', acceptedAnswers: ['<'], distractors: [{ text: '>', misconception: 'm1' }, { text: '=' }], ...extra,
    });
    const type = (text: string, extra?: Partial<ShortTextQuestion>, prepare?: Parameters<typeof answerOnce>[2]) => answerOnce(q(extra), { kind: 'shortText', text }, prepare);

    it('says an unrecognized answer was not recognized, and what kind of answer is expected', () => {
      expect(messages(type('no idea'))).to.deep.equal([['generic', 'That answer was not recognized. Answer with a single symbol.']]);
    });

    it('points to the hint while hints remain', () => {
      expect(messages(type('no idea', { hints: ['Which is closer to 1?'] }))).to.deep.equal([
        ['generic', 'That answer was not recognized. Answer with a single symbol.'],
        HINT,
      ]);
      const allHintsSeen = (s: ReturnType<typeof onScreen>) => requestHint(s.compiled, s.state).state;
      expect(messages(type('no idea', { hints: ['Which is closer to 1?'] }, allHintsSeen))).to.deep.equal([
        ['generic', 'That answer was not recognized. Answer with a single symbol.'],
      ]);
    });

    it('does not describe the expected kind when the answer already has it, or when a pattern may accept others', () => {
      expect(messages(type('#'))).to.deep.equal([['generic', 'That answer was not recognized.']]);
      expect(messages(type('banana', { acceptedAnswers: ['pseudonymisation'], pattern: 'pseudonymi[sz](ation|ing)' }))).to.deep.equal([
        ['generic', 'That answer was not recognized.'],
      ]);
    });

    it('says an anticipated answer without feedback of its own is not right, rather than not recognized', () => {
      expect(messages(type('='))).to.deep.equal([['generic', 'That answer is not right.']]);
      expect(messages(type('>'))).to.deep.equal([['misconception', 'Misconception one feedback.']]);
    });

    it('lets the question’s own incorrect feedback win over the generic text', () => {
      expect(messages(type('no idea', { feedback: { incorrect: 'Compare each with 1.' }, hints: ['Which is closer to 1?'] }))).to.deep.equal([
        ['default', 'Compare each with 1.'],
      ]);
    });
  });

  describe('expectedShape', () => {
    const shape = (accepted: string[], pattern?: string) =>
      expectedShape({ id: 'q', kind: 'shortText', title: 'Q', prompt: 'P', acceptedAnswers: accepted, ...(pattern === undefined ? {} : { pattern }) })?.description ?? null;

    it('names the kind every accepted answer shares', () => {
      expect(shape(['<'])).to.equal('a single symbol');
      expect(shape(['3/4'])).to.equal('a fraction written like a/b');
      expect(shape(['42', '-0.5'])).to.equal('a number');
      expect(shape(['pseudonymisation', 'pseudonymization'])).to.equal('one word');
      expect(shape(['legitimate interests', 'legitimate interest'])).to.equal('two words');
    });

    it('names none when the accepted answers differ in kind or a pattern may accept others', () => {
      expect(shape(['1/2', '0.5'])).to.equal(null);
      expect(shape(['one', 'two words'])).to.equal(null);
      expect(shape(['1/2'], '0?[.,]50*')).to.equal(null);
      expect(shape([])).to.equal(null);
    });
  });

  describe('numeric', () => {
    const q = (extra: Partial<NumericQuestion> = {}): NumericQuestion => ({
      id: 'q3', kind: 'numeric', title: 'Q3', objectives: ['o2'], prompt: 'How many?', answer: 6, tolerance: 0.5, distractors: [{ value: 1, misconception: 'm2' }], ...extra,
    });
    const give = (value: number, extra?: Partial<NumericQuestion>) => answerOnce(q(extra), { kind: 'numeric', value });

    it('says the number is not right, without a direction unless the author allows it', () => {
      expect(messages(give(9))).to.deep.equal([['generic', 'That number is not right.']]);
    });

    it('says too high or too low when the author allows it', () => {
      expect(messages(give(9, { revealDirection: true }))).to.deep.equal([['generic', 'Your answer is too high.']]);
      expect(messages(give(5.4, { revealDirection: true }))).to.deep.equal([['generic', 'Your answer is too low.']]);
      expect(messages(give(1, { revealDirection: true })), 'after a distractor’s feedback').to.deep.equal([
        ['misconception', 'Misconception two feedback.'],
        ['generic', 'Your answer is too low.'],
      ]);
      expect(messages(give(9, { revealDirection: true, feedback: { incorrect: 'Count again.' } }))).to.deep.equal([
        ['default', 'Count again.'],
        ['generic', 'Your answer is too high.'],
      ]);
      expect(messages(give(6.4, { revealDirection: true })), 'nothing on a right answer').to.deep.equal([]);
    });

    it('lets the question’s own incorrect feedback win over the generic text', () => {
      expect(messages(give(9, { feedback: { incorrect: 'Count again.' } }))).to.deep.equal([['default', 'Count again.']]);
    });
  });

  describe('singleChoice', () => {
    const q: SingleChoiceQuestion = {
      id: 'q1', kind: 'singleChoice', title: 'Q1', objectives: ['o1'], prompt: 'Pick A', choices: [{ id: 'a', text: 'A', correct: true }, { id: 'c', text: 'C' }],
    };

    it('says the choice is not right', () => {
      expect(messages(answerOnce(q, { kind: 'singleChoice', choiceId: 'c' }))).to.deep.equal([['generic', 'That choice is not right.']]);
    });
  });
});
