/**
 * The question's fields as a page without JavaScript gets them: a refused
 * answer marks them invalid and describes them by the error; a finished
 * question marks the learner's own choice in words. (Chromium checks what a
 * screen reader and the eye get of the same: tests/browser/player-in-place.)
 */
import { expect } from 'chai';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, Learner, questionOf, toQuestion, wrongAnswer } from './support/learner.js';

const doc = loadSample('fractions');

describe('delivery: question fields', function () {
  this.timeout(60_000);
  const ctx = useTool();

  const post = (learner: Learner, path: string, fields: Array<[string, string]>) => learner.formPost(path, fields);

  it('a blank choice: every option is aria-invalid and described by the error, the group by prompt and error', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    const q = await toQuestion(learner, doc, {}, (s) => s.question.kind === 'singleChoice');
    const page = await post(learner, '/answer', [...at(q), ['k', 'blank-choice-01']]);
    expect(page.status).to.equal(400);
    expect(page.text).to.contain('<a href="#choice-0" id="form-error-text">Choose an answer before submitting.</a>');
    expect(page.text).to.contain('<fieldset aria-describedby="prompt form-error-text">');
    const options = page.text.match(/<input type="radio"[^>]*>/g)!;
    expect(options).to.have.length(q.question.choices.length);
    for (const input of options) expect(input).to.contain('aria-invalid="true" aria-describedby="form-error-text"');
  });

  it('an unreadable number: the field is aria-invalid and described by prompt, help and error', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas');
    const q = await toQuestion(learner, doc, { answer: wrongAnswer }, (s) => s.question.kind === 'numeric');
    const page = await post(learner, '/answer', [...at(q), ['k', 'not-a-number-01'], ['value', 'twelve']]);
    expect(page.status).to.equal(400);
    expect(page.text).to.match(/<input id="answer-value"[^>]* aria-describedby="prompt number-help form-error-text" aria-invalid="true"[^>]* value="twelve">/);
  });

  it('without an error the fields are neither invalid nor described by one', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-zanele');
    await toQuestion(learner, doc);
    const { html } = await learner.page();
    expect(html).not.to.contain('aria-invalid');
    expect(html).not.to.contain('form-error-text');
  });

  it('after the final attempt the learner’s choice is marked "Your answer"', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-liam');
    const q = await toQuestion(learner, doc, {}, (s) => s.question.kind === 'singleChoice');
    const wrong = answerFields(wrongAnswer(questionOf(doc, q.question.id)));
    for (let i = 0; i < q.attempts.max; i++) await learner.act('/answer', [...at(q), ['k', `final-attempt-${i}-key`], ...wrong]);
    const { html } = await learner.page();
    expect(html).to.contain('<fieldset aria-describedby="prompt" disabled>');
    const chosen = html.match(/<label class="option is-chosen"[^>]*>[\s\S]*?<\/label>/g)!;
    expect(chosen).to.have.length(1);
    expect(chosen[0]).to.contain(`value="${wrong[0]![1]}" required checked>`);
    expect(chosen[0]).to.contain('<span class="your-answer">Your answer</span>');
  });
});
