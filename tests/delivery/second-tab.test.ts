/**
 * The same question open in two tabs. Its answer form says how many attempts
 * the visit had when it was rendered (`attempts`), as it says which step and
 * activity: once tab A has answered, tab B's form, still showing "Attempt 1
 * of 2", is out of date. Its answer is not recorded (it would silently be the
 * last attempt, with feedback the learner never saw in between); B gets the
 * question as it stands, A's feedback and "Attempt 2 of 2", with a notice. A
 * retry of the same submission (same key) is still a replay.
 */
import { expect } from 'chai';
import type { Screen } from '../../server/delivery/present.js';
import { fromStored } from '../../server/delivery/player-state.js';
import type { Question } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, correctAnswer, Learner, questionOf, step, toQuestion, wrongAnswer, type QuestionScreen } from './support/learner.js';

const doc = loadSample('fractions');
const NOTICE = 'already answered in another tab or window';
const MOVED_ON = 'Your path moved on in another tab or window';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

/**
 * A page a browser got for a form whose screen is gone: the learner's current screen (its heading
 * and forms) with the notice, focused, saying `outcome` and "Here is where you are now"; not the
 * "Your path has moved on" problem page; nothing recorded.
 */
async function expectCurrentScreen(learner: Learner, res: { status: number; text: string }, revision: number, outcome: string): Promise<void> {
  const now = await learner.screen();
  expect(res.status, res.text.slice(0, 400)).to.equal(409);
  expect(res.text).to.contain(`data-screen="${now.id}"`);
  expect(res.text).to.contain(`<h1 id="activity-title" tabindex="-1">${escapeHtml(now.title)}</h1>`);
  expect(res.text).to.contain(`${MOVED_ON}${outcome}. Here is where you are now.`);
  expect(res.text, 'not the problem page').not.to.contain('data-testid="error-code"');
  expect(res.text).not.to.contain('Your path has moved on');
  expect(res.text.match(/data-focus/g), 'focus on the notice only').to.have.length(1);
  expect(res.text).to.match(/id="form-notice"[^>]*data-focus/);
  expect((await learner.record()).revision, 'nothing recorded').to.equal(revision);
}

/** The hidden fields of the form posting to `action` in a player page, as a browser would send them. */
function hiddenFields(html: string, action: string): Array<[string, string]> {
  const form = new RegExp(`<form method="post" action="${action}"[\\s\\S]*?</form>`).exec(html)?.[0];
  if (form === undefined) throw new Error(`no form for ${action} in the page`);
  return [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!] as [string, string]).filter(([name]) => name !== 'seconds' && name !== '_s');
}

/** Two wrong answers that differ, for a numeric question. */
const wrong = (q: Question, n: number): Array<[string, string]> => {
  if (q.kind !== 'numeric') throw new Error('expected a numeric question');
  return [['value', String(q.answer + 1000 * n)]];
};

async function numericWithTwoAttempts(learner: Learner): Promise<QuestionScreen> {
  return toQuestion(learner, doc, { answer: wrongAnswer }, (s) => s.question.kind === 'numeric' && s.attempts.max === 2 && s.attempts.made === 0);
}

describe('delivery: a question answered in another tab', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('without JavaScript: the out-of-date form records nothing and shows the question as it stands, with a notice', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas');
    const screen = await numericWithTwoAttempts(learner);
    const q = questionOf(doc, screen.question.id);
    const tabA = (await learner.page('/app')).html;
    const tabB = (await learner.page('/app')).html;
    for (const tab of [tabA, tabB]) expect(tab).to.contain('Attempt 1 of 2');
    const formA = hiddenFields(tabA, '/app/answer');
    const formB = hiddenFields(tabB, '/app/answer');
    expect(formB).to.deep.include(['attempts', '0']);

    expect((await learner.formPost('/answer', [...formA, ...wrong(q, 1)])).status).to.equal(303);
    const { revision } = await learner.record();

    const b = await learner.formPost('/answer', [...formB, ...wrong(q, 2)]);
    expect(b.status).to.equal(409);
    expect(b.text).to.contain(NOTICE);
    expect(b.text, 'the first attempt\'s feedback').to.contain('Not quite: try again');
    expect(b.text).to.contain('Attempt 2 of 2');
    expect(b.text).to.contain(`value="${q.kind === 'numeric' ? q.answer + 1000 : ''}"`);
    expect(b.text, 'no answer given away').not.to.contain('class="answer-shown');
    expect(b.text.match(/data-focus/g), 'focus on the notice only').to.have.length(1);
    expect(b.text).to.match(/id="form-notice"[^>]*data-focus/);
    expect((await learner.record()).revision, 'nothing recorded').to.equal(revision);
    expect(fromStored((await learner.record()).state).engine.visit.attempts).to.equal(1);
    expect((await learner.attempts()).filter((a) => a.activityId === q.id)).to.have.length(1);

    // Tab A's submission sent again (a retried POST) is still a replay.
    const retry = await learner.formPost('/answer', [...formA, ...wrong(q, 1)]);
    expect(retry.status).to.equal(303);
    expect((await learner.record()).revision).to.equal(revision);

    // The page B now shows is up to date: its answer counts, as the second and last attempt.
    const formB2 = hiddenFields(b.text, '/app/answer');
    expect(formB2).to.deep.include(['attempts', '1']);
    expect((await learner.formPost('/answer', [...formB2, ...wrong(q, 2)])).status).to.equal(303);
    expect(fromStored((await learner.record()).state).engine.visit.attempts).to.equal(2);
  });

  it('over JSON: 409 ANSWERED_ELSEWHERE with the screen as it stands; the same key again replays', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-liam');
    const screen = await numericWithTwoAttempts(learner);
    const q = questionOf(doc, screen.question.id);
    const form = (s: Screen, k: string): Array<[string, string]> => [
      ['step', String(s.at.step)],
      ['activity', s.at.activityId!],
      ['k', k],
      ['attempts', String(s.kind === 'question' ? s.attempts.made : 0)],
    ];
    const a = await learner.act('/answer', [...form(screen, 'tab-a-key-0001'), ...wrong(q, 1)]);
    expect(a.replayed).to.equal(false);
    const { revision } = await learner.record();

    const b = await learner.post('/answer', [...form(screen, 'tab-b-key-0001'), ...wrong(q, 2)]);
    expect(b.status).to.equal(409);
    expect((b.json.error as { code: string; message: string }).code).to.equal('ANSWERED_ELSEWHERE');
    expect((b.json.error as { message: string }).message).to.contain(NOTICE);
    const now = b.json.screen as QuestionScreen;
    expect(now.attempts).to.deep.equal({ made: 1, max: 2 });
    expect(now.feedback?.correct).to.equal(false);
    expect(now.finished).to.equal(false);
    expect(b.json.revision).to.equal(revision);
    expect((await learner.record()).revision).to.equal(revision);

    const retry = await learner.act('/answer', [...form(screen, 'tab-a-key-0001'), ...wrong(q, 1)]);
    expect(retry.replayed).to.equal(true);
    expect(retry.reply).to.deep.equal(a.reply);
    // Another answer under tab A's key is still refused as a reused key, not taken for tab B's case.
    const reused = await learner.post('/answer', [...form(screen, 'tab-a-key-0001'), ...wrong(q, 3)]);
    expect(reused.status).to.equal(409);
    expect((reused.json.error as { code: string }).code).to.equal('IDEMPOTENCY_KEY_REUSED');
    // A client that does not send `attempts` is answered as before.
    const plain = await learner.act('/answer', [...form(now, 'api-key-00001').filter(([n]) => n !== 'attempts'), ...wrong(q, 2)]);
    expect(plain.replayed).to.equal(false);
  });

  it('the warm-up submitted in another tab: the second copy records nothing and shows the result, with a notice', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-zanele');
    let screen = await learner.screen();
    if (screen.kind === 'survey') screen = await step(learner, doc, screen);
    if (screen.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${screen.kind}`);
    const tabA = hiddenFields((await learner.page('/app')).html, '/app/diagnostic');
    const tabB = hiddenFields((await learner.page('/app')).html, '/app/diagnostic');
    expect((await learner.formPost('/diagnostic', tabA)).status).to.equal(303);
    const { revision } = await learner.record();
    const b = await learner.formPost('/diagnostic', tabB);
    expect(b.status).to.equal(409);
    expect(b.text).to.contain('already submitted in another tab or window');
    expect(b.text).to.contain('action="/app/next"');
    expect((await learner.record()).revision).to.equal(revision);
    expect((await learner.formPost('/diagnostic', tabA)).status, 'tab A\'s again: a replay').to.equal(303);
  });

  describe('a form from a screen the path has since moved on from (another tab answered and continued)', () => {
    // Learners of their own: the ones above have been moved along already.
    const fresh = useTool();
    it('an answer: B shows where the learner is now, with a notice, and records nothing', async () => {
      const learner = await Learner.launch(fresh.tool, 'learner-maya');
      const screen = await toQuestion(learner, doc, {}, (s) => s.hints.next !== null);
      const q = questionOf(doc, screen.question.id);
      const tabA = (await learner.page('/app')).html;
      const tabB = (await learner.page('/app')).html;
      // In A: answer right, then Continue.
      expect((await learner.formPost('/answer', [...hiddenFields(tabA, '/app/answer'), ...answerFields(correctAnswer(q))])).status).to.equal(303);
      const answered = (await learner.page('/app')).html;
      expect((await learner.formPost('/next', hiddenFields(answered, '/app/next'))).status).to.equal(303);
      const { revision } = await learner.record();
      const attempts = (await learner.attempts()).length;
      const now = await learner.screen();
      expect(now.at.step, 'A moved on').to.be.greaterThan(screen.at.step);

      // In B, still showing the question: its answer, right or wrong, and its hint.
      const formB = hiddenFields(tabB, '/app/answer');
      await expectCurrentScreen(learner, await learner.formPost('/answer', [...formB, ...answerFields(correctAnswer(q))]), revision, ', so this answer was not recorded');
      await expectCurrentScreen(learner, await learner.formPost('/answer', [...formB, ...answerFields(wrongAnswer(q))]), revision, ', so this answer was not recorded');
      await expectCurrentScreen(learner, await learner.formPost('/answer', formB), revision, ', so this answer was not recorded');
      await expectCurrentScreen(learner, await learner.formPost('/hint', hiddenFields(tabB, '/app/hint')), revision, ', so no hint was shown');
      // Forms naming a screen that is not the learner's: a done for the old question, a step not reached yet.
      await expectCurrentScreen(learner, await learner.formPost('/done', at(screen)), revision, ', so nothing was recorded');
      await expectCurrentScreen(learner, await learner.formPost('/next', [['step', String(now.at.step + 5)], ['activity', now.at.activityId ?? '']]), revision, '');
      expect((await learner.attempts()).length, 'no attempt recorded').to.equal(attempts);

      // JSON clients: the refusal, with the screen as it stands and the revision.
      const json = await learner.post('/answer', [...formB, ...answerFields(correctAnswer(q))]);
      expect(json.status).to.equal(409);
      expect((json.json.error as { code: string }).code).to.equal('SCREEN_CHANGED');
      expect((json.json.screen as { id: string }).id).to.equal(now.id);
      expect(json.json.revision).to.equal(revision);

      // The page B now shows is up to date: its forms are for the screen the learner is on.
      const shown = await learner.formPost('/answer', [...formB, ...answerFields(correctAnswer(q))]);
      expect(shown.text).to.contain(`<input type="hidden" name="step" value="${now.at.step}">`);
    });

    it('the survey, the warm-up and a choice: each shows where the learner is now, with a notice', async () => {
      const learner = await Learner.launch(fresh.tool, 'learner-liam');
      let screen = await learner.screen();
      const seen = new Set<string>();
      for (let i = 0; i < 40 && screen.kind !== 'complete' && seen.size < 3; i++) {
        const tabB = (await learner.page('/app')).html;
        if (screen.kind === 'survey') {
          screen = await step(learner, doc, screen, { survey: { 'learn-best': 'text' } });
          const { revision } = await learner.record();
          await expectCurrentScreen(learner, await learner.formPost('/survey', [...hiddenFields(tabB, '/app/survey'), ['q.learn-best', 'video']]), revision, ', so these answers were not recorded');
          seen.add('survey');
        } else if (screen.kind === 'diagnostic' && screen.result === null) {
          screen = await step(learner, doc, await step(learner, doc, screen));
          const { revision } = await learner.record();
          await expectCurrentScreen(learner, await learner.formPost('/diagnostic', hiddenFields(tabB, '/app/diagnostic')), revision, ', so these answers were not recorded');
          seen.add('diagnostic');
        } else if (screen.kind === 'choice') {
          const [first, second] = screen.options;
          if (!first || !second) throw new Error('expected two options');
          screen = await step(learner, doc, screen, { choose: () => first.id });
          const { revision } = await learner.record();
          await expectCurrentScreen(learner, await learner.formPost('/choose', [...hiddenFields(tabB, '/app/choose'), ['option', second.id]]), revision, ', so this choice was not recorded');
          seen.add('choice');
        } else {
          screen = await step(learner, doc, screen);
        }
      }
      expect([...seen].sort()).to.deep.equal(['choice', 'diagnostic', 'survey']);
    });
  });
});
