/** "My progress" counts what the learner answered: a warm-up question left blank was not answered. */
import { expect } from 'chai';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { at, Learner, step } from './support/learner.js';

describe('delivery: answers counted in My progress', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('does not count warm-up questions left blank as answers', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    const doc = loadSample('data-privacy');
    let warmUp = await learner.screen();
    if (warmUp.kind === 'survey') warmUp = await step(learner, doc, warmUp);
    if (warmUp.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${warmUp.kind}`);
    await learner.act('/diagnostic', [...at(warmUp), ['k', warmUp.key]]);
    const { html } = await learner.page('/app/progress');
    expect(html).to.contain('0 answers, 0 correct</p>');
  });
});
