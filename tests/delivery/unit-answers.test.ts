/**
 * The privacy sample's warm-up asks for hours: "72h" is read as 72 hours, as
 * "72 hours" always was, and "72 m" (metres? minutes?) is refused beside the
 * question, costing nothing. (Every spelling: tests/delivery/numbers.)
 */
import { expect } from 'chai';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { at, correctAnswer, answerFields, Learner, questionOf, step } from './support/learner.js';

const privacy = loadSample('data-privacy');

describe('delivery: a unit typed with the number', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('the warm-up reads "72h" as 72 hours and refuses "72 m"', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    const warmUp = await step(learner, privacy, await learner.screen());
    if (warmUp.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${warmUp.kind}`);
    const hours = warmUp.items.find((i) => i.kind === 'numeric' && i.units === 'hours')!;
    const others = warmUp.items.filter((i) => i !== hours).flatMap((i) => answerFields(correctAnswer(questionOf(privacy, i.id)), `a.${i.id}`));
    const form = (typed: string): Array<[string, string]> => [...at(warmUp), ['k', warmUp.key], ...others, [`a.${hours.id}`, typed]];

    const refused = await learner.formPost('/diagnostic', form('72 m'));
    expect(refused.status).to.equal(400);
    // Metres, or minutes meant: either way a unit of another kind, so no "like 72" to copy without converting.
    expect(refused.text).to.contain('Give your answer in hours: “72 m” is in metres.');

    const taken = await learner.formPost('/diagnostic', form('72h'));
    expect(taken.status).to.equal(303);
    const result = await learner.screen();
    if (result.kind !== 'diagnostic' || result.result === null) throw new Error('expected the warm-up result');
    expect(result.result.items.find((i) => i.id === hours.id)).to.include({ correct: true, answered: true });
    expect(result.result.correct).to.equal(warmUp.items.length);
  });
});
