/** Over real HTTP: a partly right selection on a sample question gets the tool's summary, as JSON and on the page. */
import { expect } from 'chai';
import type { MultipleChoiceQuestion } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { at, Learner, questionOf, toQuestion, wrongAnswer } from './support/learner.js';

describe('delivery: feedback on a partly right answer', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('tells a learner who chose only some of the right answers that some are missing, without naming them', async () => {
    const doc = loadSample('fractions');
    // A sample question whose author left the wrong-answer feedback to the tool.
    const fits = (id: string) => {
      const q = questionOf(doc, id);
      return q.kind === 'multipleChoice' && q.feedback?.incorrect === undefined && q.choices.filter((c) => c.correct === true).length >= 2;
    };
    const learner = await Learner.launch(ctx.tool, 'learner-maya', 'link-fractions-add');
    // Wrong answers keep objectives unmastered, so the practice pools (which hold these questions) stay in play.
    const screen = await toQuestion(learner, doc, { survey: { 'learn-best': 'text' }, answer: wrongAnswer }, (s) => fits(s.question.id));
    const question = questionOf(doc, screen.question.id) as MultipleChoiceQuestion;
    const oneRight = question.choices.find((c) => c.correct === true)!;

    const { screen: after } = await learner.act('/answer', [...at(screen), ['k', 'partial-1'], ['choice', oneRight.id]]);
    if (after.kind !== 'question' || after.feedback === null) throw new Error(`expected feedback on ${question.id}, got ${after.kind}`);
    expect(after.feedback).to.include({ correct: false, final: false, headline: 'Not quite: try again' });
    expect(after.feedback.messagesHtml, 'the summary leads the messages').to.have.length.above(0);
    expect(after.feedback.messagesHtml[0]).to.contain('You found some of the right answers, but not all of them.');
    if ((question.hints ?? []).length > 0) expect(after.feedback.messagesHtml.at(-1)).to.contain('You can ask for a hint.');

    const page = await learner.page();
    expect(page.html).to.match(/<div class="feedback-message">\s*<p>You found some of the right answers, but not all of them.<\/p>/);
    const missed = question.choices.filter((c) => c.correct === true && c.id !== oneRight.id);
    for (const c of missed) expect(page.html, 'the feedback names no missing choice').not.to.match(new RegExp(`feedback-message">[^<]*<p>[^<]*${c.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  });
});
