/**
 * Submissions under stress: double clicks and retries record one attempt,
 * parallel requests of one learner lose nothing, and bad input is refused
 * with a clear 400 or 409, never a 500, leaving the record untouched.
 */
import { expect } from 'chai';
import { fromStored } from '../../server/delivery/player-state.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, correctAnswer, Learner, questionOf, toQuestion, wrongAnswer, type QuestionScreen } from './support/learner.js';

const doc = loadSample('fractions');

describe('delivery: submissions', function () {
  this.timeout(60_000);
  const ctx = useTool();

  const wrong = (screen: QuestionScreen) => answerFields(wrongAnswer(questionOf(doc, screen.question.id)));
  const right = (screen: QuestionScreen) => answerFields(correctAnswer(questionOf(doc, screen.question.id)));

  describe('idempotency', () => {
    it('a double submit with the same key records one attempt and returns the same outcome', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-maya');
      const screen = await toQuestion(learner, doc);
      const fields = [...at(screen), ['k', screen.key] as [string, string], ...wrong(screen)];
      const before = (await learner.attempts()).length;
      const first = await learner.act('/answer', fields);
      const second = await learner.act('/answer', fields);
      expect(first.replayed).to.equal(false);
      expect(second.replayed).to.equal(true);
      expect(second.reply).to.deep.equal(first.reply);
      expect(second.revision).to.equal(first.revision);
      const attempts = await learner.attempts();
      expect(attempts).to.have.length(before + 1);
      expect(attempts.filter((a) => a.idempotencyKey === screen.key)).to.have.length(1);
      const record = await learner.record();
      expect(fromStored(record.state).engine.visit.attempts).to.equal(1);
    });

    it('a retry after the question is over still answers with the recorded outcome', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-liam');
      const screen = await toQuestion(learner, doc);
      const fields = [...at(screen), ['k', screen.key] as [string, string], ...right(screen)];
      const first = await learner.act('/answer', fields);
      await learner.act('/next', at(screen));
      const retry = await learner.act('/answer', fields);
      expect(retry.replayed).to.equal(true);
      expect(retry.reply).to.deep.equal(first.reply);
      expect((await learner.attempts()).filter((a) => a.idempotencyKey === screen.key)).to.have.length(1);
    });

    it('the same key with a different answer is refused (409) and records nothing', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-zanele');
      const screen = await toQuestion(learner, doc);
      await learner.act('/answer', [...at(screen), ['k', screen.key], ...wrong(screen)]);
      const { revision } = await learner.record();
      const forged = await learner.post('/answer', [...at(screen), ['k', screen.key], ...right(screen)]);
      expect(forged.status).to.equal(409);
      expect(forged.json.error).to.include({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect((await learner.record()).revision).to.equal(revision);
      expect((await learner.attempts()).filter((a) => a.idempotencyKey === screen.key)).to.have.length(1);
    });

    it('a double click on Continue moves on once (the second is a replay)', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-tomas');
      const screen = await toQuestion(learner, doc);
      await learner.act('/answer', [...at(screen), ['k', screen.key], ...right(screen)]);
      const [a, b] = await Promise.all([learner.act('/next', at(screen)), learner.act('/next', at(screen))]);
      expect([a.replayed, b.replayed].sort()).to.deep.equal([false, true]);
      expect(a.screen.id).to.equal(b.screen.id);
      expect((await learner.record()).revision).to.equal(Math.max(a.revision, b.revision));
    });
  });

  describe('concurrency', () => {
    it('parallel answers of one learner: every success is recorded, none lost, the revision counts them', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
      const privacy = loadSample('data-privacy');
      const screen = await toQuestion(learner, privacy);
      const { revision } = await learner.record();
      const q = questionOf(privacy, screen.question.id);
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) => learner.post('/answer', [...at(screen), ['k', `parallel-key-${i}`], ...answerFields(wrongAnswer(q))])),
      );
      const statuses = replies.map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 409), statuses.join(',')).to.equal(true);
      const ok = replies.filter((r) => r.status === 200);
      const max = q.maxAttempts ?? 2;
      expect(ok).to.have.length(max);
      for (const refused of replies.filter((r) => r.status === 409)) expect((refused.json.error as { code: string }).code).to.equal('NO_ATTEMPTS_LEFT');
      const record = await learner.record();
      expect(record.revision).to.equal(revision + max);
      const attempts = (await learner.attempts()).filter((a) => a.idempotencyKey.startsWith('parallel-key-'));
      expect(attempts).to.have.length(max);
      const engine = fromStored(record.state).engine;
      expect(engine.visit.attempts).to.equal(max);
      expect(engine.history.filter((h) => h.type === 'answer' && h.activityId === q.id)).to.have.length(max);
    });

    it('parallel copies of one submission record exactly one attempt and all get its outcome', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-jonas', 'link-privacy-basics');
      const privacy = loadSample('data-privacy');
      const screen = await toQuestion(learner, privacy);
      const fields = [...at(screen), ['k', screen.key] as [string, string], ...answerFields(wrongAnswer(questionOf(privacy, screen.question.id)))];
      const replies = await Promise.all(Array.from({ length: 6 }, () => learner.act('/answer', fields)));
      expect(replies.filter((r) => !r.replayed)).to.have.length(1);
      for (const r of replies) expect(r.reply).to.deep.equal(replies[0]!.reply);
      expect((await learner.attempts()).filter((a) => a.idempotencyKey === screen.key)).to.have.length(1);
    });
  });

  describe('bad input', () => {
    let learner: Learner;
    let screen: QuestionScreen;
    before(async () => {
      // A learner who already played a little: bad input must not disturb a path in progress.
      learner = await Learner.launch(ctx.tool, 'learner-maya');
      screen = await toQuestion(learner, doc);
    });

    async function refused(path: string, fields: Array<[string, string]>, status: number, code: string) {
      const before = await learner.record();
      const attempts = (await learner.attempts()).length;
      const r = await learner.post(path, fields);
      expect(r.status, JSON.stringify(r.json)).to.equal(status);
      expect((r.json.error as { code: string }).code).to.equal(code);
      expect((await learner.record()).revision, 'nothing changed').to.equal(before.revision);
      expect(await learner.attempts()).to.have.length(attempts);
    }

    const key = () => ['k', `bad-${Math.random().toString(36).slice(2)}`] as [string, string];

    it('a missing answer', () => refused('/answer', [...at(screen), key()], 400, 'ANSWER_REQUIRED'));
    it('a choice the question does not have', async () => {
      const q = questionOf(doc, screen.question.id);
      const field = q.kind === 'numeric' ? 'value' : q.kind === 'shortText' ? 'text' : 'choice';
      if (field === 'choice') await refused('/answer', [...at(screen), key(), ['choice', 'no-such-choice']], 400, 'INVALID_ANSWER');
      else if (field === 'value') await refused('/answer', [...at(screen), key(), [field, 'twelve']], 400, 'NOT_A_NUMBER');
      else await refused('/answer', [...at(screen), key(), [field, '   ']], 400, 'ANSWER_REQUIRED');
    });
    it('garbage in a number field', async () => {
      const other = await Learner.launch(ctx.tool, 'learner-tomas');
      // Wrong answers keep the path going until a numeric question comes up: a
      // learner who answers right may reach mastery before one (about 1 seed in 12).
      const numeric = await toQuestion(other, doc, { answer: wrongAnswer }, (q) => q.question.kind === 'numeric');
      const before = await other.record();
      for (const garbage of ['twelve', '1e999x', '3/0', '--2', '0x10']) {
        const r = await other.post('/answer', [...at(numeric), key(), ['value', garbage]]);
        expect(r.status, garbage).to.equal(400);
        expect((r.json.error as { code: string }).code).to.equal('NOT_A_NUMBER');
      }
      expect((await other.record()).revision).to.equal(before.revision);
    });
    it('digits split by a space are refused without costing an attempt; a mixed number is read as one', async () => {
      const other = await Learner.launch(ctx.tool, 'learner-zanele');
      const numeric = await toQuestion(other, doc, { answer: wrongAnswer }, (q) => q.question.kind === 'numeric');
      const before = await other.record();
      const attempts = (await other.attempts()).length;
      // Until this was fixed, "1 2" was read as 12: right on "3/5 = ?/20".
      const split = await other.post('/answer', [...at(numeric), key(), ['value', '1 2']]);
      expect(split.status).to.equal(400);
      const error = split.json.error as { code: string; message: string };
      expect(error.code).to.equal('NOT_A_NUMBER');
      const examples = /^“1 2” has a space between digits\. Type one number with no space, like (\d+), or a mixed number with one space, like (\d+) (\d+)\/(\d+)\.$/.exec(error.message);
      expect(examples, error.message).not.to.equal(null);
      // Not "like 12" where 12 is the answer ("3/5 = ?/20"): the examples never answer the question.
      const asked = questionOf(doc, numeric.question.id);
      if (asked.kind !== 'numeric') throw new Error('expected a numeric question');
      const [, whole = '', w = '', top = '', bottom = ''] = examples!;
      expect(Number(whole)).not.to.equal(asked.answer);
      expect(Number(w) + Number(top) / Number(bottom)).not.to.equal(asked.answer);
      expect((await other.record()).revision, 'nothing changed').to.equal(before.revision);
      expect(await other.attempts()).to.have.length(attempts);
      expect(((await other.screen()) as QuestionScreen).attempts.made).to.equal(numeric.attempts.made);

      const mixed = await other.act('/answer', [...at(numeric), key(), ['value', '2 1/4']]);
      expect(mixed.replayed).to.equal(false);
      const recorded = (await other.attempts()).filter((a) => a.activityId === numeric.question.id);
      expect(recorded.at(-1)?.response).to.deep.include({ kind: 'numeric', value: 2.25 });
    });
    it('an activity the sequence does not have', () => refused('/answer', [['step', String(screen.at.step)], ['activity', 'no-such-activity'], key(), ['choice', 'a']], 400, 'UNKNOWN_ACTIVITY'));
    it('an activity that is not on screen', () => {
      const elsewhere = doc.activities.find((a) => a.kind === 'singleChoice' && a.id !== screen.at.activityId)!.id;
      return refused('/answer', [['step', String(screen.at.step)], ['activity', elsewhere], key(), ['choice', 'a']], 409, 'SCREEN_CHANGED');
    });
    it('a form from an earlier step', () => refused('/answer', [['step', '0'], ['activity', screen.at.activityId!], key(), ...answerFields(wrongAnswer(questionOf(doc, screen.question.id)))], 409, 'SCREEN_CHANGED'));
    it('a missing or malformed submission key', async () => {
      await refused('/answer', [...at(screen), ['choice', 'a']], 400, 'BAD_REQUEST');
      await refused('/answer', [...at(screen), ['k', 'short'], ['choice', 'a']], 400, 'BAD_REQUEST');
      await refused('/answer', [...at(screen), ['k', '<script>alert(1)</script>'], ['choice', 'a']], 400, 'BAD_REQUEST');
    });
    it('a garbage step and a repeated field', async () => {
      await refused('/answer', [['step', 'abc'], ['activity', screen.at.activityId!], key(), ['choice', 'a']], 400, 'BAD_REQUEST');
      await refused('/answer', [...at(screen), key(), ['k', 'another-key-123'], ['choice', 'a']], 400, 'BAD_REQUEST');
    });
    it('continuing before answering, and hints out of order', async () => {
      await refused('/next', at(screen), 409, 'NOT_FINISHED');
      await refused('/hint', [...at(screen), ['hint', '3']], 409, 'HINT_OUT_OF_ORDER');
      await refused('/hint', [...at(screen), ['hint', 'x']], 400, 'BAD_REQUEST');
      await refused('/choose', [['step', String(screen.at.step)], ['option', 'pd-brief']], 409, 'SCREEN_CHANGED');
      await refused('/done', at(screen), 409, 'SCREEN_CHANGED');
    });
    it('a browser posting a blank answer gets the question back with the error, focused, status 400', async () => {
      const res = await fetch(`${ctx.tool.url}/app/answer`, { method: 'POST', body: new URLSearchParams([['_s', learner.token], ...at(screen), key()]), redirect: 'manual' });
      expect(res.status).to.equal(400);
      const html = await res.text();
      expect(html).to.contain(`data-screen="${screen.id}"`);
      expect(html).to.contain('<div id="form-error" data-region class="form-error"><div class="error-summary" id="form-error-summary" tabindex="-1" data-focus autofocus>');
      expect(html, 'focused, so not an alert too').not.to.contain('role="alert"');
      expect(html).to.match(/<a href="#(choice-0|answer-value|answer-text)" id="form-error-text">(Choose an answer|Select at least one|Type a number|Type an answer)/);
    });
    it('a browser posting a stale form gets the current screen, 409, with a notice that nothing was recorded', async () => {
      const res = await fetch(`${ctx.tool.url}/app/answer`, {
        method: 'POST',
        body: new URLSearchParams([['_s', learner.token], ['step', '0'], ['activity', screen.at.activityId!], key(), ['choice', 'a'], ['value', '1'], ['text', 'x']]),
        redirect: 'manual',
      });
      expect(res.status).to.equal(409);
      const html = await res.text();
      expect(html).not.to.contain('data-testid="error-code"');
      expect(html).to.contain(`data-screen="${screen.id}"`);
      expect(html).to.match(/<div class="callout notice" id="form-notice" tabindex="-1" data-focus autofocus><p>Your path moved on in another tab or window, so this answer was not recorded\. Here is where you are now\.<\/p><\/div>/);
    });
    it('instructors cannot post answers, and nobody can without a session', async () => {
      const instructor = await Learner.launch(ctx.tool, 'instructor-rivera');
      const asStaff = await instructor.post('/answer', [...at(screen), key(), ['choice', 'a']]);
      expect(asStaff.status).to.equal(403);
      expect((asStaff.json.error as { code: string }).code).to.equal('ROLE_FORBIDDEN');
      const anonymous = await fetch(`${ctx.tool.url}/app/answer`, { method: 'POST', headers: { accept: 'application/json' }, body: new URLSearchParams([...at(screen), key(), ['choice', 'a']]) });
      expect(anonymous.status).to.equal(401);
    });
  });
});
