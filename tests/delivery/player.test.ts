/** The player over real HTTP: launches land in the path, learners finish both samples, and leaving keeps their place. */
import { expect } from 'chai';
import type { GradeReport } from '../../server/engine/index.js';
import type { Session } from '../../server/store/types.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { launchAs } from '../helpers/tool.js';
import { answerFields, at, Learner, playToEnd, questionOf, step, toQuestion, wrongAnswer } from './support/learner.js';

interface ScoreCall {
  userId: string;
  report: GradeReport;
  previous: GradeReport | null;
}

/** The completion screen's card, without the player's header (whose progress line counts mastered objectives on every screen). */
function completionCard(html: string): string {
  const card = /<article class="card activity complete"[\s\S]*?<\/article>/.exec(html)?.[0];
  if (card === undefined) throw new Error('no completion screen on the page');
  return card;
}

describe('delivery: the learner player', function () {
  this.timeout(60_000);
  const scores: ScoreCall[] = [];

  const ctx = useTool({}, { onScore: (s: Session, report, previous) => void scores.push({ userId: s.userId, report, previous }) });

  it('a learner launch lands on the profile survey, inside the player', async () => {
    const { html } = await launchAs(ctx.tool, 'learner-zanele', 'link-fractions-add');
    expect(html).to.contain('data-testid="user-name">Zanele Dlamini<');
    expect(html).to.match(/<h1 id="activity-title"[^>]*>About you<\/h1>/);
    expect(html).to.contain('data-kind="survey"');
    expect(html).to.contain('action="/app/survey"');
    expect(html).to.contain('<legend>How do you learn best?</legend>');
    expect(html).to.contain('<script src="/static/player.js" defer></script>');
    expect(html, 'no inline script').not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html, 'no inline style').not.to.match(/\sstyle=|<style/);
  });

  for (const [name, link, survey] of [
    ['fractions', 'link-fractions-add', { 'learn-best': 'video', likes: ['sports', 'music'], goal: 'test-prep' }],
    ['data-privacy', 'link-privacy-basics', {}],
  ] as const) {
    it(`a learner who always answers correctly completes ${name} by mastery, and the LMS hook hears it`, async () => {
      const doc = loadSample(name);
      const user = name === 'fractions' ? 'learner-maya' : 'learner-priya';
      const learner = await Learner.launch(ctx.tool, user, link);
      const seen = await playToEnd(learner, doc, { survey: survey as Record<string, string | string[]> });
      const last = seen.at(-1)!;
      expect(last.kind).to.equal('complete');
      expect(last).to.include({ reason: 'mastered', scorePercent: 100 });
      expect(seen.map((s) => s.kind)).to.include.members(['survey', 'diagnostic', 'question']);

      const page = await learner.page();
      expect(page.html).to.contain('You have finished');
      expect(page.html).to.match(/data-testid="score">Your score: <strong>100%<\/strong>/);
      // Said once: the reason, not again as a count of 3 of 3.
      const card = completionCard(page.html);
      expect(card).to.contain('<p class="lead">You have mastered every topic of this sequence.</p>');
      expect(card.match(/mastered/gi), card).to.have.length(1);

      const mine = scores.filter((c) => c.userId === user);
      expect(mine[0]!.previous, 'the first report is the start').to.equal(null);
      expect(mine.at(-1)!.report).to.include({ completed: true, score: 1, progress: 1 });
      for (const call of mine.slice(1)) {
        const { report, previous } = call;
        expect(previous).not.to.equal(null);
        expect(report.score !== previous!.score || report.progress !== previous!.progress || report.completed !== previous!.completed, 'called only on change').to.equal(true);
      }
      const record = await ctx.tool.store.selectLearner({ platformId: (await ctx.tool.store.selectPlatforms())[0]!.id, contextId: name === 'fractions' ? 'grade7-math-fractions' : 'privacy-pd', resourceLinkId: link, userId: user });
      expect(record).to.include({ sequenceId: doc.id, version: 1 });
    });
  }

  it('leaving and relaunching resumes on exactly the same screen, feedback and hints included', async () => {
    const doc = loadSample('fractions');
    const learner = await Learner.launch(ctx.tool, 'learner-liam', 'link-fractions-add');
    const screen = await toQuestion(learner, doc, { survey: { 'learn-best': 'text' } });
    expect(screen.hints.next, 'the sample questions have hints').to.equal(1);
    await learner.act('/hint', [...at(screen), ['hint', '1']]);
    const before = (await learner.act('/answer', [...at(screen), ['k', 'resume-wrong-1'], ...answerFields(wrongAnswer(questionOf(doc, screen.question.id)))])).screen;
    expect(before.kind === 'question' && before.feedback?.correct).to.equal(false);

    await learner.relaunch();
    const after = await learner.screen();
    if (after.kind !== 'question' || before.kind !== 'question') throw new Error(`expected the question again, got ${after.kind}`);
    expect(after.id).to.equal(before.id);
    expect(after.hints.shownHtml).to.have.length(1);
    expect(after.hints.shownHtml).to.deep.equal(before.hints.shownHtml);
    expect(after.feedback).to.deep.equal(before.feedback);
    expect(after.question.response).to.deep.equal(before.question.response);
    expect(after.why).to.equal(before.why);
    expect(after.key, 'every rendering gets a fresh submission key').not.to.equal(before.key);
  });

  it('forms work without JavaScript: POST answers 303 to the page, which shows focused feedback', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas', 'link-fractions-add');
    const doc = loadSample('fractions');
    const screen = await toQuestion(learner, doc);
    const res = await fetch(`${ctx.tool.url}/app/answer`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams([['_s', learner.token], ...at(screen), ['k', 'no-js-key-0001'], ...answerFields(wrongAnswer(questionOf(doc, screen.question.id)))]),
    });
    expect(res.status).to.equal(303);
    const location = res.headers.get('location')!;
    expect(location).to.match(/^\/app\?code=[A-Za-z0-9_-]+&focus=feedback$/);
    expect(location).not.to.contain(learner.token);
    const page = await fetch(new URL(location, ctx.tool.url));
    const html = await page.text();
    expect(html).to.match(/<div id="feedback" data-region aria-live="polite" class="feedback is-wrong">/);
    expect(html).to.match(/<h2 id="feedback-title" tabindex="-1" data-focus autofocus>Not quite/);
  });

  it('a warm-up refused for an unreadable number comes back with the error, naming the item, and keeps every answer given', async () => {
    const privacy = loadSample('data-privacy');
    const learner = await Learner.launch(ctx.tool, 'learner-jonas', 'link-privacy-basics');
    const warmUp = await step(learner, privacy, await learner.screen());
    if (warmUp.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${warmUp.kind}`);
    const numeric = warmUp.items.find((i) => i.kind === 'numeric')!;
    const choice = warmUp.items.find((i) => i.kind === 'singleChoice')!;
    const res = await fetch(`${ctx.tool.url}/app/diagnostic`, {
      method: 'POST',
      body: new URLSearchParams([['_s', learner.token], ...at(warmUp), ['k', warmUp.key], [`a.${choice.id}`, choice.choices[1]!.id], [`a.${numeric.id}`, 'seventy-two']]),
    });
    expect(res.status).to.equal(400);
    const html = await res.text();
    const n = warmUp.items.indexOf(numeric) + 1;
    // An error summary, focused, whose link takes the learner to the refused field; focus announces it, so no alert says it again.
    expect(html).to.contain('<div id="form-error" class="form-error"><div class="error-summary" id="form-error-summary" tabindex="-1" data-focus autofocus>');
    expect(html).not.to.contain('role="alert"');
    expect(html).to.contain(`<a href="#${numeric.id}-input" id="form-error-text">Question ${n} (${numeric.title}): “seventy-two” is not a number.`);
    expect(html).to.contain(`<input id="${numeric.id}-input" name="a.${numeric.id}"`);
    expect(html).to.match(/<title>Error: /);
    expect(html).to.contain(`name="a.${choice.id}" value="${choice.choices[1]!.id}" checked>`);
    // A plain text keyboard: the decimal keypad of phones has no slash or space, and answers may be 3/4 or 2 1/4.
    // The refused item, and only it, says it is invalid and points at the error.
    expect(html).to.contain(`name="a.${numeric.id}" type="text" autocomplete="off" aria-invalid="true" aria-describedby="form-error-text" value="seventy-two">`);
    expect(html).to.contain(`<fieldset class="item" aria-describedby="prompt-${numeric.id} form-error-text">`);
    expect(html).to.contain(`<fieldset class="item" aria-describedby="prompt-${choice.id}">`);
    expect(html.match(/data-focus/g), 'one place to focus').to.have.length(1);
    expect(html.match(/aria-invalid/g)).to.have.length(1);
    expect(html).to.not.contain('inputmode="decimal"');
    expect((await learner.screen()).kind, 'nothing was submitted').to.equal('diagnostic');
  });

  it('a link with nothing placed tells the learner, and staff see the placement with a way to change it', async () => {
    const { html } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-compare');
    expect(html).to.contain('Nothing here yet');
    const staff = await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add');
    expect(staff.html).to.contain('data-testid="placed-sequence">Fractions: equal, bigger, together<');
    expect(staff.html).to.contain('Place a sequence');
    expect(staff.html).to.match(/value="fractions-grade6" required checked/);
  });

  it('"My progress" counts each warm-up question as an answer, and says the warm-up is finished while its result is shown', async () => {
    // Jonas has not answered the privacy warm-up yet (the refused warm-up above submitted nothing).
    const learner = await Learner.launch(ctx.tool, 'learner-jonas', 'link-privacy-basics');
    const doc = loadSample('data-privacy');
    let warmUp = await learner.screen();
    if (warmUp.kind === 'survey') warmUp = await step(learner, doc, warmUp);
    if (warmUp.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${warmUp.kind}`);
    const result = await step(learner, doc, warmUp);
    if (result.kind !== 'diagnostic' || result.result === null) throw new Error('expected the warm-up result');
    const { html } = await learner.page('/app/progress');
    const items = warmUp.items.length;
    expect(html).to.contain(`${items} answers, ${items} correct</p>`);
    // What is next is where its Continue leads (tests/delivery/progress-next.test.ts), not the warm-up.
    expect(html).to.contain(`data-testid="finished-on-screen">You have finished <strong>${warmUp.title}</strong>`);
    expect(html).not.to.contain(`<p class="next"><strong>${warmUp.title}`);
  });

  it('"My progress" shows mastery bars with text values, what is next and why, and the survey goals', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-zanele', 'link-fractions-add');
    const doc = loadSample('fractions');
    let screen = await learner.screen();
    screen = await step(learner, doc, screen, { survey: { goal: 'catch-up', 'learn-best': 'visual', likes: ['cooking'] } });
    await step(learner, doc, screen);
    const { html, status } = await learner.page('/app/progress');
    expect(status).to.equal(200);
    for (const title of ['Equivalent fractions', 'Comparing fractions', 'Adding unlike fractions']) expect(html).to.contain(`class="objective-title">${title}</label>`);
    expect(html).to.match(/<meter id="meter-equivalent" min="0" max="1" value="[0-9.]+"/);
    expect(html).to.match(/id="meter-equivalent-text">\d+% · mastered at 95%/);
    expect(html).to.contain('<dt>Your goals</dt><dd>Catch up on fractions</dd>');
    expect(html).to.contain('<dd>Looking at pictures and diagrams</dd>');
    expect(html).to.contain('<dd>Cooking and food</dd>');
    expect(html).to.match(/What is next, and why/);
    expect(html).to.contain('data-testid="next-why"');
  });
});

describe('delivery: the completion screen without mastery', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('tells a learner who finishes without mastering everything how many topics they mastered', async () => {
    const doc = loadSample('data-privacy');
    const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    const seen = await playToEnd(learner, doc, { answer: wrongAnswer });
    expect(seen.at(-1)).to.include({ kind: 'complete', reason: 'rule' });
    const { html } = await learner.page();
    const card = completionCard(html);
    expect(card).to.contain('<p class="lead">You have answered every question this module has on the topics you have not mastered yet.</p>');
    expect(card).to.contain('<p data-testid="mastered-count">You mastered 0 of 3 topics.</p>');
    // The status line above the card says the path is over, and leaves the count to the card.
    expect(html).to.match(/id="path-progress"[^>]*>Data privacy essentials for practitioners · finished after \d+ steps<\/p>/);
    expect(html.match(/of 3 topics/g)).to.have.length(1);
  });
});
