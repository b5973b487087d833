/**
 * "My progress" while the activity on screen is finished (a question answered
 * right or out of attempts, a warm-up submitted) and the learner has not
 * pressed Continue: "What is next" names what Continue leads to, worked out
 * without moving the learner on, and "Continue my path" goes back to the
 * finished screen, with its feedback, whose Continue then leads there.
 */
import { expect } from 'chai';
import { sentenceStop, type ProgressView } from '../../server/delivery/progress.js';
import type { Screen } from '../../server/delivery/present.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { Learner, step, toQuestion, wrongAnswer } from './support/learner.js';

const doc = loadSample('fractions');

const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

async function progressOf(learner: Learner): Promise<ProgressView> {
  const res = await fetch(`${learner.tool.url}/app/progress`, { headers: { accept: 'application/json', authorization: `Bearer ${learner.token}` } });
  expect(res.status).to.equal(200);
  return ((await res.json()) as { progress: ProgressView }).progress;
}

/** What the page names under "What is next, and why", and the finished activity it mentions, if any. */
function nextOnPage(html: string): { title: string | undefined; finished: string | undefined; why: string | undefined } {
  return {
    title: /<p class="next"><strong>([^<]*)<\/strong>/.exec(html)?.[1],
    finished: /data-testid="finished-on-screen">You have finished <strong>([^<]*)<\/strong>/.exec(html)?.[1],
    why: /data-testid="next-why">([^<]*)</.exec(html)?.[1]?.trim(),
  };
}

describe('delivery: "My progress" names what Continue leads to once the screen is finished', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('a question answered right: the next step, not the question; nothing moves until Continue', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya', 'link-fractions-add');
    const question = await toQuestion(learner, doc);
    const answered = await step(learner, doc, question);
    if (answered.kind !== 'question' || !answered.finished || answered.feedback?.correct !== true) throw new Error('expected the question, answered right');
    const before = await learner.record();

    const { html } = await learner.page('/app/progress');
    const shown = nextOnPage(html);
    expect(shown.finished, 'says the question on screen is finished').to.equal(question.title);
    expect(shown.title, 'not the finished question').to.not.equal(question.title);
    const progress = await progressOf(learner);
    expect(progress.now?.finished).to.equal(question.title);

    const after = await learner.record();
    expect(after.revision, 'looking changes nothing').to.equal(before.revision);
    expect(after.state).to.deep.equal(before.state);

    // "Continue my path" is the player again: the finished question with its feedback and its Continue.
    const back = await learner.page('/app');
    expect(back.html).to.contain(`data-screen="${answered.id}"`);
    expect(back.html).to.contain('Correct!');
    expect(back.html).to.contain('action="/app/next"');

    // Its Continue leads where "My progress" said, for the reason it gave.
    const next: Screen = await step(learner, doc, answered);
    expect(decode(shown.title ?? ''), 'what Continue led to').to.equal(next.title);
    expect(progress.now?.title).to.equal(next.title);
    if (next.why !== null) expect(decode(shown.why ?? '')).to.contain(next.why);
  });

  it('a question out of attempts and the warm-up\'s result: the same', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-liam', 'link-fractions-add');
    let screen = await learner.screen();
    if (screen.kind === 'survey') screen = await step(learner, doc, screen);
    if (screen.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${screen.kind}`);
    const result = await step(learner, doc, screen);
    if (result.kind !== 'diagnostic' || result.result === null) throw new Error('expected the warm-up result');
    const onWarmUp = nextOnPage((await learner.page('/app/progress')).html);
    expect(onWarmUp.finished).to.equal(result.title);
    const afterWarmUp = await step(learner, doc, result);
    expect(decode(onWarmUp.title ?? '')).to.equal(afterWarmUp.title);

    let question = await toQuestion(learner, doc);
    for (;;) {
      const answered = await step(learner, doc, question, { answer: wrongAnswer });
      if (answered.kind !== 'question') throw new Error(`expected the question, got ${answered.kind}`);
      if (answered.finished) {
        const shown = nextOnPage((await learner.page('/app/progress')).html);
        expect(shown.finished).to.equal(question.title);
        const next = await step(learner, doc, answered);
        expect(decode(shown.title ?? '')).to.equal(next.title);
        break;
      }
      question = answered;
    }
  });

  it('while the question can still be answered, it is what is next', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas', 'link-fractions-add');
    const question = await toQuestion(learner, doc);
    const { html } = await learner.page('/app/progress');
    const shown = nextOnPage(html);
    expect(shown.title).to.equal(question.title);
    expect(shown.finished).to.equal(undefined);
  });

  it('the sentence naming the finished question has one full stop, and none after a title ending in "?"', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-zanele', 'link-fractions-add');
    const sentence = async (): Promise<string | undefined> => /data-testid="finished-on-screen">([\s\S]*?)<\/p>/.exec((await learner.page('/app/progress')).html)?.[1];

    const plain = await toQuestion(learner, doc);
    expect(plain.title, 'a title without its own punctuation').to.match(/[^.?!]$/);
    await step(learner, doc, plain);
    expect(await sentence()).to.equal(`You have finished <strong>${plain.title}</strong>. Its Continue button takes you to:`);

    // "Which sign?" is on some learners' paths only, so the rule itself is checked apart.
    expect(['Which sign?', 'Ready.', 'Go!', ' Done? '].map(sentenceStop)).to.deep.equal(['', '', '', '']);
    expect(sentenceStop(plain.title)).to.equal('.');
  });
});
