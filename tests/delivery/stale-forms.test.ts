/**
 * Forms for a screen that is gone, whatever they carry: a survey sent from a
 * second tab, a field naming another activity. Each is refused (409) rather
 * than dropped or read against the wrong question: a browser gets the screen
 * the learner is on, with a notice that the path moved on and nothing was
 * recorded; JSON gets SCREEN_CHANGED. A true retry of the same submission is
 * still a quiet replay.
 */
import { expect } from 'chai';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { at, Learner, toQuestion, wrongAnswer } from './support/learner.js';

const doc = loadSample('fractions');

describe('delivery: stale forms', function () {
  this.timeout(60_000);
  const ctx = useTool();

  const post = (learner: Learner, path: string, fields: Array<[string, string]>) => learner.formPost(path, fields);

  describe('a survey sent from a second tab', () => {
    let learner: Learner;
    let survey: Array<[string, string]>;
    before(async () => {
      learner = await Learner.launch(ctx.tool, 'learner-maya');
      const screen = await learner.screen();
      expect(screen.kind).to.equal('survey');
      // Both tabs show the same survey: the same step and activity in their forms.
      survey = at(screen);
      const tabA = await post(learner, '/survey', [...survey, ['q.learn-best', 'text']]);
      expect(tabA.status).to.equal(303);
    });

    it('is refused with the current screen and a notice, and keeps the first tab’s answers', async () => {
      const { revision } = await learner.record();
      const tabB = await post(learner, '/survey', [...survey, ['q.learn-best', 'video'], ['q.likes', 'music']]);
      expect(tabB.status).to.equal(409);
      expect(tabB.text).to.contain('Your path moved on in another tab or window, so these answers were not recorded. Here is where you are now.');
      expect(tabB.text).to.contain(`data-screen="${(await learner.screen()).id}"`);
      expect((await learner.record()).revision, 'nothing recorded').to.equal(revision);
      const progress = await learner.page('/app/progress');
      expect(progress.html).to.contain('<dd>Reading a short explanation</dd>');
      expect(progress.html).not.to.contain('Watching a video');
      expect(progress.html).not.to.contain('Music');
    });

    it('is refused over the JSON API too (409 SCREEN_CHANGED), even when it only leaves things out', async () => {
      for (const fields of [[['q.learn-best', 'video']], [], [['q.learn-best', 'text'], ['q.likes', 'music']]] as Array<Array<[string, string]>>) {
        const r = await learner.post('/survey', [...survey, ...fields]);
        expect(r.status, JSON.stringify(fields)).to.equal(409);
        expect((r.json.error as { code: string }).code).to.equal('SCREEN_CHANGED');
      }
    });

    it('sent again unchanged (a double click, a retried POST) is a replay: back to the activity, nothing changes', async () => {
      const { revision } = await learner.record();
      const again = await post(learner, '/survey', [...survey, ['q.learn-best', 'text']]);
      expect(again.status).to.equal(303);
      expect(again.headers.location).to.match(/^\/app\?code=/);
      const json = await learner.post('/survey', [...survey, ['q.learn-best', 'text']]);
      expect(json.status).to.equal(200);
      expect(json.json.replayed).to.equal(true);
      expect((await learner.record()).revision).to.equal(revision);
    });
  });

  describe('a field that does not match the screen', () => {
    it('an `activity` naming another question is stale, not read against that question', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-tomas');
      // Wrong answers keep the path going until a numeric question comes up (see submissions.test.ts).
      const numeric = await toQuestion(learner, doc, { answer: wrongAnswer }, (q) => q.question.kind === 'numeric');
      const elsewhere = doc.activities.find((a) => a.kind === 'singleChoice' && a.id !== numeric.at.activityId)!.id;
      const tampered: Array<[string, string]> = [['step', String(numeric.at.step)], ['activity', elsewhere], ['k', 'tampered-key-01'], ['value', '3/4']];
      const page = await post(learner, '/answer', tampered);
      expect(page.status).to.equal(409);
      expect(page.text).to.contain('Your path moved on in another tab or window, so this answer was not recorded.');
      expect(page.text).to.contain(`data-screen="${numeric.id}"`);
      expect(page.text).not.to.contain('Choose an answer before submitting');
      const json = await learner.post('/answer', tampered);
      expect(json.status).to.equal(409);
      expect((json.json.error as { code: string }).code).to.equal('SCREEN_CHANGED');
    });

    it('a blank answer on a form from an earlier step is stale too, not "answer this first"', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-liam');
      const screen = await toQuestion(learner, doc);
      const page = await post(learner, '/answer', [['step', String(screen.at.step - 1)], ['activity', screen.at.activityId!], ['k', 'stale-blank-01']]);
      expect(page.status).to.equal(409);
      expect(page.text).to.contain('Your path moved on in another tab or window, so this answer was not recorded.');
      expect(page.text).not.to.contain('Answer this first');
    });
  });
});
