/**
 * QA: on the fractions sample's "Which sign?" a full-width "＜" was marked
 * wrong and cost an attempt, while full-width digits were taken in number
 * answers. Over HTTP, as a learner meets it. (Every case: tests/engine/text-answers.)
 */
import { expect } from 'chai';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { at, Learner, toQuestion, wrongAnswer } from './support/learner.js';

const fractions = loadSample('fractions');

describe('delivery: a text answer in full-width characters', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('“Which sign?” takes ＜ as <, first time', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    // Wrong answers keep the path going until the question comes up.
    const screen = await toQuestion(learner, fractions, { answer: wrongAnswer }, (s) => s.question.id === 'cmp-symbol');
    const { reply } = await learner.act('/answer', [...at(screen), ['k', 'full-width-sign'], ['text', '＜']]);
    expect(reply?.result).to.include({ correct: true, attemptNumber: 1 });
  });
});
