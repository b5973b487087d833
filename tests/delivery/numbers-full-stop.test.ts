/**
 * QA: a full stop ending a number was read two ways. "0.25." on "How much
 * more" was refused with talk of thousands separators, "3/4." on the warm-up
 * as a fraction "we can read", while "12." on "Missing numerator" was taken.
 * A full stop ending the answer ends a sentence: the number is read without
 * it, over HTTP as learners type it. (Every case: tests/delivery/numbers.)
 */
import { expect } from 'chai';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, correctAnswer, Learner, questionOf, step } from './support/learner.js';

const fractions = loadSample('fractions');

describe('delivery: a full stop after the number', function () {
  this.timeout(60_000);
  const ctx = useTool();

  for (const [user, typed] of [['learner-maya', '0.75.'], ['learner-liam', '3/4.']] as const) {
    it(`the warm-up takes “${typed}” for 1/2 + 1/4, as a decimal`, async () => {
      const learner = await Learner.launch(ctx.tool, user);
      const warmUp = await step(learner, fractions, await learner.screen());
      if (warmUp.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${warmUp.kind}`);
      const others = warmUp.items.filter((i) => i.id !== 'diag-add').flatMap((i) => answerFields(correctAnswer(questionOf(fractions, i.id)), `a.${i.id}`));
      const taken = await learner.formPost('/diagnostic', [...at(warmUp), ['k', warmUp.key], ...others, ['a.diag-add', typed]]);
      expect(taken.status, taken.text.slice(0, 200)).to.equal(303);
      const result = await learner.screen();
      if (result.kind !== 'diagnostic' || result.result === null) throw new Error('expected the warm-up result');
      expect(result.result.items.find((i) => i.id === 'diag-add')).to.include({ correct: true, answered: true });
    });
  }
});
