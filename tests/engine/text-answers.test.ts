/**
 * QA: on the fractions sample's "Which sign?" a full-width "＜" (what a
 * Japanese or Chinese keyboard types) was marked wrong and cost an attempt,
 * while full-width digits were read in number answers. Text answers are now
 * folded the way numbers are (NFKC, fractions, slashes, apostrophes) before
 * they are compared, and the question's case and whitespace rules still apply.
 */
import { expect } from 'chai';
import type { GradedAnswer } from '../../server/engine/answers.js';
import { compileSequence, gradeAnswer, isQuestion, type ShortTextQuestion } from '../../server/engine/index.js';
import { loadSample } from './support/samples.js';

const fractions = compileSequence(loadSample('fractions'));

function grade(id: string, text: string): GradedAnswer {
  const question = fractions.activityById.get(id);
  if (question === undefined || !isQuestion(question) || question.kind !== 'shortText') throw new Error(`${id} is not a text question of the sample`);
  return gradeAnswer(question, { kind: 'shortText', text }, fractions);
}

/** A question of the sample, changed: the same compiler, the same grading. */
function gradeChanged(id: string, change: Partial<ShortTextQuestion>, text: string): GradedAnswer {
  const doc = loadSample('fractions');
  const index = doc.activities.findIndex((a) => a.id === id);
  doc.activities[index] = { ...(doc.activities[index] as ShortTextQuestion), ...change };
  const compiled = compileSequence(doc);
  const question = compiled.activityById.get(id);
  if (question === undefined || !isQuestion(question)) throw new Error(id);
  return gradeAnswer(question, { kind: 'shortText', text }, compiled);
}

describe('engine: text answers typed in other forms of the same characters', () => {
  it('“Which sign?” takes a full-width ＜ as <, and reads a full-width ＞ as the misconception >', () => {
    expect(grade('cmp-symbol', '<')).to.include({ correct: true });
    expect(grade('cmp-symbol', '＜')).to.include({ correct: true });
    expect(grade('cmp-symbol', ' ＜\u3000')).to.include({ correct: true });
    expect(grade('cmp-symbol', '＞')).to.include({ correct: false, misconception: 'compare-parts' });
    expect(grade('cmp-symbol', '＝')).to.include({ correct: false, misconception: null });
  });

  it('fractions typed as ¾, with a fraction slash or in full-width digits are the fractions', () => {
    expect(grade('eq-simplify', '¾')).to.include({ correct: true });
    expect(grade('eq-simplify', '3⁄4')).to.include({ correct: true });
    expect(grade('eq-simplify', '３／４')).to.include({ correct: true });
    expect(grade('eq-simplify', '６/８').feedback[0]).to.include({ source: 'distractor' });
    // A distractor's pattern sees the folded answer too.
    expect(grade('eq-simplify', '３/８')).to.include({ correct: false, misconception: 'one-part-only' });
    expect(grade('add-map', '½')).to.include({ correct: true });
    expect(grade('add-map', '０.５')).to.include({ correct: true }); // through the pattern 0?[.,]50*
    expect(grade('add-map', '1/3')).to.include({ correct: false });
  });

  it('keeps the question’s case and whitespace rules', () => {
    const strict = { acceptedAnswers: ['New  York'], caseSensitive: true, ignoreWhitespace: false };
    expect(gradeChanged('cmp-symbol', strict, 'Ｎｅｗ\u3000Ｙｏｒｋ')).to.include({ correct: true });
    expect(gradeChanged('cmp-symbol', strict, 'ｎｅｗ ｙｏｒｋ'), 'case still counts').to.include({ correct: false });
    expect(gradeChanged('cmp-symbol', strict, 'ＮｅｗＹｏｒｋ'), 'spaces still count').to.include({ correct: false });
    const lenient = { acceptedAnswers: ['New York'] };
    expect(gradeChanged('cmp-symbol', lenient, 'ＮＥＷＹＯＲＫ')).to.include({ correct: true });
    expect(gradeChanged('cmp-symbol', lenient, 'Ｎｅｗ Ｙｏｒｋ.')).to.include({ correct: true });
  });

  it('keeps an exponent an exponent, and a pattern written with one still matches it as typed', () => {
    expect(gradeChanged('cmp-symbol', { acceptedAnswers: ['x²'] }, 'x²')).to.include({ correct: true });
    expect(gradeChanged('cmp-symbol', { acceptedAnswers: ['x²'] }, 'x2'), 'not x times 2').to.include({ correct: false });
    expect(gradeChanged('cmp-symbol', { acceptedAnswers: ['x²'] }, 'x^2')).to.include({ correct: true });
    expect(gradeChanged('cmp-symbol', { acceptedAnswers: [], pattern: 'x²' }, 'x²')).to.include({ correct: true });
    expect(gradeChanged('cmp-symbol', { acceptedAnswers: [], pattern: 'x²' }, 'x2')).to.include({ correct: false });
  });

  it('takes a curly apostrophe for a straight one, as phones type it', () => {
    expect(gradeChanged('cmp-symbol', { acceptedAnswers: ["don't know"] }, 'don’t know')).to.include({ correct: true });
    expect(gradeChanged('cmp-symbol', { acceptedAnswers: ['don’t know'] }, "don't know")).to.include({ correct: true });
  });

  it('describes the expected kind from the folded answer: full-width digits are a fraction', () => {
    const messages = grade('eq-simplify', '５/８').feedback.map((f) => f.message);
    expect(messages).to.include('That answer was not recognized.');
  });
});
