/**
 * Feedback is about the question it is shown on. A heuristic for the samples: every
 * number or fraction a feedback message quotes (a choice's or distractor's own text, the
 * question's default correct/incorrect text, and the feedback of each misconception the
 * question can reveal, which is shared by every question tagging it) must occur in that
 * question's prompt, choices or answers, or equal one of them in value (9/12 is 3/4,
 * 0.75 is 3/4). QA found "1/8 has the bigger denominator" on "The race" (3/4 against 2/3)
 * and "2/3 = 4/6" on the pizza question: a misconception's example taken from another question.
 * Hints and the explanation do not count as the question's numbers: "Which sign?" hints at
 * 1/8 and still had nothing to do with "1/8 has the bigger denominator".
 */
import { expect } from 'chai';
import { isQuestion, type Question, type SequenceDoc } from '../../server/engine/index.js';
import { loadSample, SAMPLE_NAMES } from '../engine/support/samples.js';

/**
 * Numbers a message may quote although the question does not: each with the reason it is
 * still about that question, e.g. { number: '12', why: 'the common denominator the worked
 * comparison uses' }. Keyed by sample, then question id. Empty today: every message was
 * rewritten to quote its question's own numbers, or numbers equal to them.
 */
const ALLOWED: Readonly<Record<string, Readonly<Record<string, ReadonlyArray<{ readonly number: string; readonly why: string }>>>>> = {
  fractions: {},
  'data-privacy': {},
};

/** A quoted number: a fraction "3/4" or a plain number "12", "0.75", "40,000". */
interface Quoted {
  readonly text: string;
  readonly value: number;
}

const FRACTION = /(\d+)\s*\/\s*(\d+)/g;
const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?/g;

/** Fractions first, then the numbers outside them. */
function quoted(text: string): { fractions: Quoted[]; numbers: Quoted[] } {
  const fractions: Quoted[] = [];
  for (const m of text.matchAll(FRACTION)) fractions.push({ text: `${m[1]}/${m[2]}`, value: Number(m[1]) / Number(m[2]) });
  const rest = text.replace(FRACTION, ' ');
  const numbers: Quoted[] = [];
  for (const m of rest.matchAll(NUMBER)) numbers.push({ text: m[0].replace(/,/g, ''), value: Number(m[0].replace(/,/g, '')) });
  return { fractions, numbers };
}

/** What the question itself says: prompt, choices and answers (accepted, and the wrong ones it anticipates). */
function questionTexts(q: Question): string[] {
  const texts = [q.prompt];
  switch (q.kind) {
    case 'singleChoice':
    case 'multipleChoice':
      texts.push(...q.choices.map((c) => c.text));
      break;
    case 'numeric':
      texts.push(String(q.answer), ...(q.distractors ?? []).map((d) => String(d.value)));
      break;
    case 'shortText':
      texts.push(...(q.acceptedAnswers ?? []), ...(q.distractors ?? []).flatMap((d) => (d.text === undefined ? [] : [d.text])));
      break;
  }
  return texts;
}

/** Every message the learner can read beside an answer to the question, with where it comes from. */
function feedbackOf(doc: SequenceDoc, q: Question): Array<{ where: string; text: string }> {
  const misconceptions = new Map((doc.misconceptions ?? []).map((m) => [m.id, m.feedback]));
  const out: Array<{ where: string; text: string }> = [];
  const tagged = new Set<string>();
  const add = (where: string, text: string | undefined, misconception: string | undefined) => {
    if (text !== undefined) out.push({ where, text });
    if (misconception !== undefined) tagged.add(misconception);
  };
  if (q.kind === 'singleChoice' || q.kind === 'multipleChoice') for (const c of q.choices) add(`choice ${c.id}`, c.feedback, c.misconception);
  if (q.kind === 'numeric') for (const d of q.distractors ?? []) add(`distractor ${d.value}`, d.feedback, d.misconception);
  if (q.kind === 'shortText') for (const d of q.distractors ?? []) add(`distractor ${d.text ?? d.pattern ?? ''}`, d.feedback, d.misconception);
  add('feedback.correct', q.feedback?.correct, undefined);
  add('feedback.incorrect', q.feedback?.incorrect, undefined);
  for (const id of tagged) add(`misconception ${id}`, misconceptions.get(id), undefined);
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** The numbers in `text` that `q` neither says nor equals in value. */
function strangers(q: Question, text: string): string[] {
  const own = questionTexts(q).map(quoted);
  const fractions = new Set(own.flatMap((o) => o.fractions.map((f) => f.text)));
  // A number the question says, alone or as part of a fraction ("the denominator 8" of 3/8).
  const numbers = new Set(questionTexts(q).flatMap((t) => [...t.matchAll(NUMBER)].map((m) => m[0].replace(/,/g, ''))));
  const values = own.flatMap((o) => [...o.fractions, ...o.numbers].map((x) => x.value));
  const { fractions: f, numbers: n } = quoted(text);
  return [
    ...f.filter((x) => !fractions.has(x.text) && !values.some((v) => same(v, x.value))).map((x) => x.text),
    ...n.filter((x) => !numbers.has(x.text) && !values.some((v) => same(v, x.value))).map((x) => x.text),
  ];
}

describe('samples: every feedback message quotes only numbers of the question it is shown on', () => {
  for (const name of SAMPLE_NAMES) {
    const doc = loadSample(name);
    const allowed = ALLOWED[name] ?? {};

    it(`${name}: numbers in feedback and misconception messages occur in the question's prompt, choices or answers`, () => {
      const problems: string[] = [];
      for (const q of doc.activities) {
        if (!isQuestion(q)) continue;
        const exceptions = new Set((allowed[q.id] ?? []).map((a) => a.number));
        for (const { where, text } of feedbackOf(doc, q)) {
          const odd = strangers(q, text).filter((s) => !exceptions.has(s));
          if (odd.length > 0) problems.push(`${q.id} (“${q.title}”), ${where}: ${odd.join(', ')} in “${text}”`);
        }
      }
      expect(problems).to.deep.equal([]);
    });

    it(`${name}: every allowed exception is still needed, and says why`, () => {
      for (const [id, exceptions] of Object.entries(allowed)) {
        const q = doc.activities.find((a) => a.id === id);
        if (q === undefined || !isQuestion(q)) throw new Error(`${id} is not a question of ${name}`);
        const quotedAnywhere = new Set(feedbackOf(doc, q).flatMap(({ text }) => strangers(q, text)));
        for (const { number, why } of exceptions) {
          expect(quotedAnywhere.has(number), `${id}: ${number} is no longer quoted; drop it from the list`).to.equal(true);
          expect(why.length, `${id}: ${number} needs a reason`).to.be.greaterThan(10);
        }
      }
    });
  }

  it('the heuristic catches what QA saw', () => {
    const race = loadSample('fractions').activities.find((a) => a.id === 'cmp-race');
    if (race === undefined || !isQuestion(race)) throw new Error('no race');
    expect(strangers(race, '1/8 has the bigger denominator but the *smaller* pieces.')).to.deep.equal(['1/8']);
    expect(strangers(race, 'Yes: 3/4 = 9/12 and 2/3 = 8/12.')).to.deep.equal([]);
    const pizza = loadSample('fractions').activities.find((a) => a.id === 'eq-pizza');
    if (pizza === undefined || !isQuestion(pizza)) throw new Error('no pizza');
    expect(strangers(pizza, '2/3 = (2×2)/(3×2) = 4/6.')).to.deep.equal(['2/3', '4/6', '3']);
  });
});
