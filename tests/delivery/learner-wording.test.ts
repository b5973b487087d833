/**
 * What a learner reads when an answer or a form is refused: plain words and
 * the way back, never a JSON pointer, an error code or a request id in the
 * message; those stay on one discreet line for a teacher or support.
 */
import { expect } from 'chai';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { at, Learner, toQuestion, wrongAnswer } from './support/learner.js';

const doc = loadSample('fractions');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The page without its support line: what the learner reads. */
function learnerText(html: string): string {
  return html.replace(/<p class="meta support">[\s\S]*?<\/p>/, '');
}

describe('delivery: wording of refusals for learners', function () {
  this.timeout(60_000);
  const ctx = useTool();

  const post = (learner: Learner, path: string, fields: Array<[string, string]>) => learner.formPost(path, fields);

  it('an answer over 2,000 characters comes back beside the question in plain words', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas');
    // Wrong answers keep the path going until a text question comes up.
    const text = await toQuestion(learner, doc, { answer: wrongAnswer }, (q) => q.question.kind === 'shortText');
    const fields: Array<[string, string]> = [...at(text), ['k', 'too-long-key-1'], ['text', 'x'.repeat(2001)]];
    const before = (await learner.attempts()).length;
    const page = await post(learner, '/answer', fields);
    expect(page.status).to.equal(400);
    expect(page.text).to.contain(`data-screen="${text.id}"`);
    expect(page.text).to.contain('<a href="#answer-text" id="form-error-text">Your answer is too long: keep it under 2,000 characters.</a>');
    expect(page.text).not.to.contain('/answer`');
    expect(page.text).not.to.contain('INVALID_ANSWER');
    const json = await learner.post('/answer', fields);
    expect(json.status).to.equal(400);
    expect((json.json.error as { code: string }).code).to.equal('ANSWER_TOO_LONG');
    expect(await learner.attempts(), 'nothing recorded').to.have.length(before);
  });

  it('a refused answer page speaks plainly, offers the way back, and keeps code and reference on the support line', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    const q = await toQuestion(learner, doc, {}, (s) => s.question.kind === 'singleChoice');
    const page = await post(learner, '/answer', [...at(q), ['k', 'no-such-choice-1'], ['choice', 'no-such-choice']]);
    expect(page.status).to.equal(400);
    expect(page.text).to.contain('<p class="lead">That answer does not fit this question.</p>');
    expect(page.text).to.contain('data-testid="back-to-activity">Back to my activity<');
    expect(page.text).to.match(/<p class="meta support">For your teacher or support: <span data-testid="error-code">INVALID_ANSWER<\/span> · reference <span data-testid="request-id">[0-9a-f-]{36}<\/span><\/p>/);
    const readable = learnerText(page.text);
    expect(readable).not.to.contain('INVALID_ANSWER');
    expect(readable).not.to.match(UUID);
    expect(readable, 'no JSON pointer or engine message').not.to.match(/<code>|\/answer<|not an option/);
  });

  it('a form that cannot be read says so without naming fields', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-zanele');
    const q = await toQuestion(learner, doc);
    const page = await post(learner, '/answer', [...at(q), ['k', 'repeated-key-1'], ['k', 'repeated-key-2'], ['choice', 'a']]);
    expect(page.status).to.equal(400);
    expect(page.text).to.contain('<p class="lead">This page could not send your work: it may be an older copy of your activity.</p>');
    expect(page.text).to.contain('Go back to your activity and try again.');
    const readable = learnerText(page.text);
    expect(readable).not.to.match(/'k'|must be given once|BAD_REQUEST/);
  });
});
