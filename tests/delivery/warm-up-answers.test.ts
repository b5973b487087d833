/**
 * The warm-up's results give the right answer to each item missed or left
 * blank, as a question out of attempts does: the warm-up cannot be answered
 * again once submitted. Its choices are not on the results screen, so the
 * right ones are named rather than marked. The JSON screen and the page
 * without JavaScript say the same (the page script swaps in the server's
 * HTML: tests/browser/player checks the warm-up that way).
 */
import { expect } from 'chai';
import type { Screen } from '../../server/delivery/present.js';
import type { SequenceDoc } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, correctAnswer, Learner, questionOf, step } from './support/learner.js';

const fractions = loadSample('fractions');
const privacy = loadSample('data-privacy');

type WarmUp = Extract<Screen, { kind: 'diagnostic' }>;
type Given = Readonly<Record<string, Array<[string, string]>>>;

/** Submits the warm-up with the fields in `given` for some items (an empty list leaves one blank), every other item answered right. */
async function submitWarmUp(learner: Learner, doc: SequenceDoc, given: Given): Promise<{ result: NonNullable<WarmUp['result']>; html: string }> {
  const warmUp = await step(learner, doc, await learner.screen());
  if (warmUp.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${warmUp.kind}`);
  const fields = warmUp.items.flatMap((i) => given[i.id] ?? answerFields(correctAnswer(questionOf(doc, i.id)), `a.${i.id}`));
  const after = (await learner.act('/diagnostic', [...at(warmUp), ['k', warmUp.key], ...fields])).screen;
  if (after.kind !== 'diagnostic' || after.result === null) throw new Error('expected the warm-up result');
  return { result: after.result, html: (await learner.page()).html };
}

/** An item's entry in the results list, up to the next item's. */
function entry(html: string, title: string): string {
  const start = html.search(new RegExp(`<li class="is-(?:correct|wrong)">${title}: `));
  if (start < 0) throw new Error(`no result for ${title}`);
  const next = html.slice(start + 1).search(/<li class="is-(?:correct|wrong)">/);
  return next < 0 ? html.slice(start) : html.slice(start, start + 1 + next);
}

describe('delivery: the warm-up’s results give the right answers', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('a missed choice by its text, a blank number in the sequence’s locale, nothing for an item answered right', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    const { result, html } = await submitWarmUp(learner, fractions, { 'diag-equivalent': [['a.diag-equivalent', 'b']], 'diag-add': [] });
    const item = (id: string) => result.items.find((i) => i.id === id)!;

    expect(item('diag-equivalent')).to.deep.include({ correct: false, answered: true, correctAnswer: { kind: 'choices', choiceIds: ['a'] } });
    const missed = entry(html, 'Equal to two thirds');
    expect(missed).to.contain('<strong>not yet</strong>');
    expect(missed).to.contain('<p class="answer-shown">The correct answer: <strong>4/6</strong></p>');
    // In reading order: what was asked, the feedback on the answer given, the right answer, then how it works.
    expect(missed.indexOf('feedback-message')).to.be.below(missed.indexOf('answer-shown'));
    expect(missed.indexOf('answer-shown')).to.be.below(missed.indexOf('How it works'));

    expect(item('diag-add')).to.deep.include({ correct: false, answered: false, correctAnswer: { kind: 'text', text: '0.75' } });
    const blank = entry(html, 'A half and a quarter');
    expect(blank).to.contain('<strong>left blank</strong>');
    expect(blank).to.contain('<p class="answer-shown">The correct answer: <strong>0.75</strong></p>');

    expect(item('diag-compare')).to.include({ correct: true, correctAnswer: null });
    expect(entry(html, 'Quarter or eighth')).not.to.contain('answer-shown');
  });

  it('a missed number with its units, and every right choice of a multiple choice, listed', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    const { result, html } = await submitWarmUp(learner, privacy, {
      'dx-breach-hours': [['a.dx-breach-hours', '24']],
      'dx-breach-steps': [['a.dx-breach-steps', 'contain'], ['a.dx-breach-steps', 'wait']],
    });
    const item = (id: string) => result.items.find((i) => i.id === id)!;

    expect(item('dx-breach-hours')).to.deep.include({ correct: false, answered: true, correctAnswer: { kind: 'text', text: '72 hours' } });
    const hours = entry(html, 'Notification deadline');
    expect(hours).to.contain('24 hours applies to some sector rules');
    expect(hours).to.contain('<p class="answer-shown">The correct answer: <strong>72 hours</strong></p>');

    expect(item('dx-breach-steps')).to.deep.include({ correct: false, correctAnswer: { kind: 'choices', choiceIds: ['contain', 'record'] } });
    expect(entry(html, 'First moves')).to.contain(
      '<p class="answer-shown">The correct answers:</p>\n<ul class="answers-shown"><li>Remotely wipe or lock the device</li><li>Record the incident in the breach log</li></ul>',
    );
  });

});
