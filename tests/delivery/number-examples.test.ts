/**
 * A numeric answer refused shows examples that suit the question, over HTTP
 * as learners meet it: a whole number where the answer is one, with the
 * question's unit, and never the answer itself, whatever the refusal. (Every
 * case: tests/delivery/numbers.)
 */
import { expect } from 'chai';
import type { SequenceDoc } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, correctAnswer, Learner, questionOf, step, toQuestion, wrongAnswer } from './support/learner.js';

const fractions = loadSample('fractions');
const privacy = loadSample('data-privacy');

/** The warm-up posted with `typed` for `id`, every other item answered right: the refusal's page. */
async function refusedWarmUp(learner: Learner, doc: SequenceDoc, id: string, typed: string): Promise<string> {
  const warmUp = await step(learner, doc, await learner.screen());
  if (warmUp.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${warmUp.kind}`);
  const others = warmUp.items.filter((i) => i.id !== id).flatMap((i) => answerFields(correctAnswer(questionOf(doc, i.id)), `a.${i.id}`));
  const res = await learner.formPost('/diagnostic', [...at(warmUp), ['k', warmUp.key], ...others, [`a.${id}`, typed]]);
  expect(res.status).to.equal(400);
  return res.text;
}

describe('delivery: the example in "not a number"', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('the warm-up’s hours (72): a whole number, alone and with the unit', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    const html = await refusedWarmUp(learner, privacy, 'dx-breach-hours', 'seventy-two');
    expect(html).to.contain('Question 3 (Notification deadline): “seventy-two” is not a number. Type digits, like 12 or 12 hours.</a>');
  });

  it('the warm-up’s 0.75, asked as a decimal: another decimal and fraction, not the answer', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    const html = await refusedWarmUp(learner, fractions, 'diag-add', 'three quarters');
    expect(html).to.contain('Question 3 (A half and a quarter): “three quarters” is not a number. Type digits, like 0.25 or 1/4.</a>');
  });

  // QA: "12/" was told to write a fraction "like 3/4", which is 0.75, the answer.
  it('the warm-up’s 0.75: a fraction refused is shown another fraction, never 3/4', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-liam');
    const html = await refusedWarmUp(learner, fractions, 'diag-add', '12/');
    expect(html).to.contain(
      'Question 3 (A half and a quarter): “12/” is not a fraction we can read. Write a whole number on each side of the slash, like 1/4, or a mixed number with a space, like 2 1/4.</a>',
    );
    expect(html).not.to.contain('like 3/4');
  });

  it('a question whose answer is 12: not 12', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas');
    // Wrong answers keep the path going until the question comes up, whatever mastery the engine reckons.
    const screen = await toQuestion(learner, fractions, { answer: wrongAnswer }, (s) => s.question.id === 'eq-missing');
    expect(questionOf(fractions, screen.question.id)).to.include({ answer: 12 });
    const refused = await learner.post('/answer', [...at(screen), ['k', 'not-a-number-key'], ['value', 'twelve']]);
    expect(refused.status).to.equal(400);
    expect(refused.json.error).to.include({ code: 'NOT_A_NUMBER', message: '“twelve” is not a number. Type digits, like 30.' });
  });
});
