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
const privacy = loadSample('data-privacy');

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

  // QA: the privacy sample's choice "jane.doe@example.com" was a mailto link, so clicking it opened a mail client instead of ticking the box.
  it('a choice that is an e-mail address is the label’s text, not a link, before and after answering', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    const strategy = { survey: { industry: 'marketing' }, choose: (s: { options: ReadonlyArray<{ id: string }> }) => s.options.find((o) => o.id === 'pd-marketing')?.id ?? s.options[0]!.id };
    const q = await toQuestion(learner, privacy, strategy, (s) => s.question.id === 'pd-marketing');
    const email = q.question.choices.findIndex((c) => c.id === 'email');
    const label = (html: string) => new RegExp(`<label class="option[^"]*" for="choice-${email}">[\\s\\S]*?</label>`).exec(html)?.[0] ?? '';
    const asked = label((await learner.page()).html);
    expect(asked).to.contain('<span>jane.doe@example.com</span>');
    expect(asked).not.to.match(/<a\b|mailto:/);
    // The refused page (no JavaScript) and the finished question carry the same label.
    const refused = await post(learner, '/answer', [...at(q), ['k', 'blank-campaign-01']]);
    expect(refused.status).to.equal(400);
    expect(label(refused.text)).to.contain('<span>jane.doe@example.com</span>').and.not.to.match(/<a\b/);
    await learner.act('/answer', [...at(q), ['k', 'campaign-answer-01'], ...answerFields(wrongAnswer(questionOf(privacy, q.question.id)))]);
    const after = await learner.page();
    expect(label(after.html)).to.contain('jane.doe@example.com').and.not.to.match(/<a\b/);
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
