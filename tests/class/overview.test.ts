/**
 * The class view over HTTP, for a class in mixed states driven through the
 * player's own endpoints: one learner finished, one struggling, one part-way,
 * one who never launched. Checks what an instructor reads on each page.
 */
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { classRoutes } from '../../server/class/routes.js';
import { errorHandler } from '../../server/http/errors.js';
import { configureViews } from '../../server/http/views.js';
import { newSessionToken } from '../../server/lti/session.js';
import type { GradeJob } from '../../server/store/types.js';
import { describeResponse, readOutcome, type AnswerOutcome } from '../../server/class/attempt-view.js';
import { markdownText } from '../../server/delivery/markdown.js';
import { compileSequence } from '../../server/engine/index.js';
import { playToEnd } from '../delivery/support/learner.js';
import { useTool } from '../helpers/hooks.js';
import { Learner, launchStaff, play, rowOf, sample, section, struggling, text, type Staff } from './support.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const REFUSAL = 'score POST: HTTP 400: invalid_request: the line item no longer accepts scores';

describe('class: the overview, per activity and one learner’s story', function () {
  this.timeout(90_000);
  const ctx = useTool();
  let staff: Staff;
  let html: string;
  const doc = sample('fractions');

  const scope = () => ({ platformId: staff.session.platformId, contextId: staff.session.contextId, resourceLinkId: staff.session.resourceLinkId });
  const attemptsOf = (userId: string) => ctx.tool.store.selectAttempts({ ...scope(), userId });

  /** The learner's first wrong answer to a question, in the words the class view should use. */
  async function firstWrong(userId: string) {
    const compiled = compileSequence(doc);
    const attempt = (await attemptsOf(userId)).find((a) => a.correct === false && readOutcome(a).kind === 'answer');
    if (attempt === undefined) throw new Error(`${userId} answered nothing wrong`);
    const outcome = readOutcome(attempt) as AnswerOutcome;
    const activity = compiled.activityById.get(attempt.activityId)!;
    return {
      attempt,
      title: activity.title,
      kindLabel: { singleChoice: 'Question (one answer)', multipleChoice: 'Question (several answers)', numeric: 'Question (number)', shortText: 'Question (typed answer)' }[activity.kind as 'numeric'],
      answer: describeResponse(activity, attempt.response).label,
      misconception: outcome.misconception === null ? null : (compiled.misconceptionById.get(outcome.misconception)?.title ?? null),
      feedback: outcome.feedback[0] === undefined ? null : markdownText(outcome.feedback[0]),
    };
  }

  async function gradeOf(userId: string): Promise<GradeJob> {
    const [job] = await ctx.tool.store.selectGradeJobs({ resourceLinkId: 'link-fractions-add', userId });
    if (job === undefined) throw new Error(`no grade job for ${userId}`);
    return job;
  }

  before(async () => {
    await playToEnd(await Learner.launch(ctx.tool, 'learner-maya'), doc);
    await play(await Learner.launch(ctx.tool, 'learner-liam'), doc, 15, struggling);
    await play(await Learner.launch(ctx.tool, 'learner-zanele'), doc, 4);
    await ctx.tool.grades.drain();
    staff = await launchStaff(ctx.tool);
    const res = await staff.get('/class');
    expect(res.status).to.equal(200);
    html = await res.text();
  });

  it('gives each learner a status, with those who never launched as not started', () => {
    expect(text(rowOf(html, 'learner-maya'))).to.include('Completed');
    expect(text(rowOf(html, 'learner-liam'))).to.include('In progress');
    expect(text(rowOf(html, 'learner-zanele'))).to.include('In progress');
    expect(text(rowOf(html, 'learner-tomas'))).to.include('Not started');
    expect(text(html)).to.include('4 learners: 1 not started, 2 in progress, 1 completed.');
  });

  it('shows progress, score and a mastery heatmap whose cells carry their value as text', () => {
    const maya = rowOf(html, 'learner-maya');
    expect(maya.match(/class="heat heat-3"/g)).to.have.length(3);
    // Every objective mastered and the steps it took; score full; each mastery cell gives the estimate, which mastery does not round up.
    expect(text(maya)).to.match(/3 of 3 mastered \d+ steps 100% \d+% ✓ mastered \d+% ✓ mastered \d+% ✓ mastered/);
    const tomas = rowOf(html, 'learner-tomas');
    expect(tomas.match(/class="heat heat-none">—/g)).to.have.length(3);
    const liam = text(rowOf(html, 'learner-liam'));
    expect(liam).to.match(/0 of 3 mastered step \d+ \d+% \d+% \d+% \d+%/);
    // The legend says what each colour means, in words.
    expect(text(html)).to.include('just started: below 40% of the objective\'s target');
    expect(html).to.include('<caption><span class="caption-text">Status, progress, score and mastery per objective for each learner.');
    expect(html).to.match(/<th scope="col" class="objective">Equivalent fractions <span class="meta">\(target 95%\)<\/span><\/th>/);
  });

  it('flags the struggling learner, and only them, saying why in plain words', () => {
    const help = text(section(html, 'help'));
    expect(help).to.include("Liam O'Brien");
    expect(help).to.match(/Practice not paying off Their last 4 answers on “Equivalent fractions” questions (barely moved their mastery, which stays at \d+%|raised their mastery only from \d+% to \d+%|brought their mastery down from \d+% to \d+%); mastery needs 95%\./);
    for (const name of ['Maya Chen', 'Zanele Dlamini', 'Tomás García']) expect(help).not.to.include(name);
  });

  it('shows the grade sync state of each score', async () => {
    expect(text(rowOf(html, 'learner-maya'))).to.include('Sent (100 / 100)');
    expect(text(rowOf(html, 'learner-tomas'))).to.include('Nothing to send');
    expect((await gradeOf('learner-maya')).status).to.equal('sent');
  });

  it('shows a refused score with the platform’s reason, and sends it again on request', async () => {
    const failed = await gradeOf('learner-liam');
    await ctx.tool.store.markGradeFailed(failed.id, failed.generation, REFUSAL, Date.now());
    const page = await (await staff.get('/class')).text();
    const row = rowOf(page, 'learner-liam');
    expect(text(row)).to.include(`Failed`);
    expect(text(row)).to.include('The LMS refused the score as invalid (HTTP 400). Technical detail ' + REFUSAL);
    expect(row).to.include('action="/class/learners/learner-liam/grade/retry"');

    const retry = await staff.post('/class/learners/learner-liam/grade/retry', { from: 'overview' });
    expect(retry.status).to.equal(303);
    expect(retry.headers.get('location')).to.match(/\?code=[\w-]+&retry=queued&learner=learner-liam#retry-note$/);
    const queued = await gradeOf('learner-liam');
    expect(queued.id, 'the same job, re-queued').to.equal(failed.id);
    expect(queued.generation).to.be.greaterThan(failed.generation);
    expect(queued.score).to.deep.include({ scoreGiven: failed.score.scoreGiven, scoreMaximum: failed.score.scoreMaximum, activityProgress: failed.score.activityProgress });
    await ctx.tool.grades.drain();
    expect((await gradeOf('learner-liam')).status).to.equal('sent');
    const lineItem = ctx.tool.devPlatform!.gradebook.lineItems().find((li) => li.resourceLinkId === 'link-fractions-add')!;
    expect(ctx.tool.devPlatform!.gradebook.latestScore(lineItem.id, 'learner-liam')?.scoreGiven).to.equal(failed.score.scoreGiven);
    expect(text(rowOf(await (await staff.get('/class?retry=queued&learner=learner-liam')).text(), 'learner-liam'))).to.include('Sent again: the LMS has it now.');
  });

  it('wakes the grade worker after a retry', async () => {
    const job = await gradeOf('learner-zanele');
    await ctx.tool.store.markGradeFailed(job.id, job.generation, REFUSAL, Date.now());
    let kicks = 0;
    const app = express();
    configureViews(app);
    app.use('/class', classRoutes({ store: ctx.tool.store, lti: ctx.tool.lti, now: Date.now, logger: ctx.tool.logger, grades: { kick: () => void kicks++ } }));
    app.use(errorHandler(ctx.tool.logger));
    const res = await request(app).post('/class/learners/learner-zanele/grade/retry').type('form').send({ _s: staff.token, from: 'learner' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.match(/^\/class\/learners\/learner-zanele\?code=[A-Za-z0-9_-]+&retry=queued&learner=learner-zanele#retry-note$/);
    expect(kicks).to.equal(1);
    const again = await request(app).post('/class/learners/learner-zanele/grade/retry').type('form').send({ _s: staff.token });
    expect(again.headers.location, 'nothing failed any more').to.include('retry=nothing');
    expect(kicks).to.equal(1);
    await ctx.tool.grades.drain();
  });

  it('lists per activity the attempts, first-try success, common wrong answers and misconceptions', async () => {
    // Pool picks depend on a per-learner seed, so the expected figures are counted from the attempts themselves.
    const wrong = await firstWrong('learner-liam');
    const all = (await attemptsOf('learner-liam')).concat(await attemptsOf('learner-maya'), await attemptsOf('learner-zanele')).filter((a) => a.activityId === wrong.attempt.activityId);
    const sameAnswer = all.filter((a) => a.correct === false && JSON.stringify(a.response) === JSON.stringify(wrong.attempt.response)).length;
    const row = text(section(html, 'activities').split(`data-activity="${wrong.attempt.activityId}">`)[1]!.split('</tr>')[0]!);
    expect(row).to.include(`${wrong.title} ${wrong.kindLabel}`);
    expect(row).to.include(`${wrong.answer} ×${sameAnswer}`);
    if (wrong.misconception !== null) expect(row).to.include(`${wrong.misconception} ×`);
    expect(row).to.match(new RegExp(`^ ?${escape(wrong.title)} ${escape(wrong.kindLabel)} \\d+ ${all.length} \\d+% of \\d+ `));
    const survey = text(section(html, 'activities').split('data-activity="about-you">')[1]!.split('</tr>')[0]!);
    expect(survey).to.include('About you Survey 3');
  });

  it('draws accessible charts: an image with a title and a description, and the same numbers in a table', () => {
    const svgs = html.match(/<svg[^>]*>/g) ?? [];
    expect(svgs).to.have.length(2);
    for (const svg of svgs) {
      expect(svg).to.include('role="img"');
      expect(svg).to.match(/aria-labelledby="chart-[a-z-]+-title chart-[a-z-]+-desc"/);
    }
    expect(html).to.match(/<title id="chart-first-try-title">Correct at the first try, per question<\/title><desc id="chart-first-try-desc">Share of learners whose first answer was right, for \d+ questions\./);
    expect(html).to.include('<title id="chart-reach-title">Learners who reached each activity</title>');
    expect(html).to.include('data-testid="activities"');
  });

  it('explains the table’s “Where paths are now” column in the words of its heading and its values', () => {
    const activities = section(html, 'activities');
    expect(activities).to.include('<th scope="col">Where paths are now</th>');
    expect(text(activities)).to.include(
      'The table’s “Where paths are now” column counts the learners whose path is at an activity: “here now” if they were active in the last 7 days, “left here” if not, and “stopped by the guard” if the loop guard ended their path there.',
    );
    expect(text(activities)).to.match(/ \d+ here now /);
  });

  it('needs no inline script or style, which the CSP would block', async () => {
    const res = await staff.get('/class');
    expect(res.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("style-src 'self'");
    const page = await res.text();
    expect(page).not.to.match(/\sstyle=/);
    expect(page).not.to.match(/<style/);
    expect(page).not.to.match(/<script(?![^>]*\ssrc=)/);
    expect(res.headers.get('cache-control')).to.equal('no-store');
  });

  it('tells one learner’s story: what was shown and why, answers, feedback and mastery over time', async () => {
    const res = await staff.get('/class/learners/learner-liam');
    expect(res.status).to.equal(200);
    const page = await res.text();
    const story = text(section(page, 'story'));
    expect(story).to.include('Step 1 Shown “About you” Why: The sequence starts with its survey.');
    expect(story).to.match(/Shown “[^”]+” Why: Practice equivalent fractions until they feel easy\./);
    // The rule's words, not its id: an instructor does not know rule ids (the attempts export keeps them as data).
    for (const id of ['@start.survey', '@start.diagnostic', ...doc.rules.map((r) => r.id)]) expect(text(page), id).not.to.include(id);
    const wrong = await firstWrong('learner-liam');
    const told = [`Answered “${wrong.title}” (attempt 1) ✗ wrong`, `answer: ${wrong.answer}`];
    if (wrong.misconception !== null) told.push(`misconception: ${wrong.misconception}`);
    if (wrong.feedback !== null) told.push(`Feedback shown: ${wrong.feedback}`);
    for (const words of told) expect(story).to.include(words);
    expect(story).to.match(/Mastery: Equivalent fractions \d+% → \d+%/);
    const mastery = section(page, 'mastery');
    expect(mastery).to.include('role="img"');
    expect(text(mastery)).to.match(/Equivalent fractions 95% step 0: 25% → step 2: \d+% →/);
    expect(text(section(page, 'learner-title'))).to.include("Liam O'Brien");
    expect(text(page)).to.include('Why this learner is flagged Practice not paying off');
  });

  it('shows a learner who never launched without a story', async () => {
    const page = await (await staff.get('/class/learners/learner-tomas')).text();
    expect(text(page)).to.include('This learner has not opened the activity yet.');
    expect(page).to.include('id="notes"');
  });

  it('answers “not found” for anyone who is not a learner of this class', async () => {
    for (const userId of ['instructor-rivera', 'learner-priya', 'nobody', '../class']) {
      const res = await staff.get(`/class/learners/${encodeURIComponent(userId)}`);
      expect(res.status, userId).to.equal(404);
    }
  });

  it('refuses learners with the role page', async () => {
    const maya = await Learner.launch(ctx.tool, 'learner-maya');
    for (const path of ['/class', '/class/learners/learner-liam', '/class/export/attempts.csv']) {
      const res = await fetch(`${ctx.tool.url}${path}`, { method: 'POST', headers: { accept: 'text/html' }, body: new URLSearchParams({ _s: maya.token }) });
      expect(res.status, path).to.equal(403);
      expect(await res.text()).to.include('ROLE_FORBIDDEN');
    }
    const post = await fetch(`${ctx.tool.url}/class/learners/learner-liam/notes`, { method: 'POST', headers: { accept: 'text/html' }, body: new URLSearchParams({ _s: maya.token, body: 'hi' }) });
    expect(post.status).to.equal(403);
  });

  it('names the sequence, the link and the course, and the name once when the link is named after its sequence', async () => {
    const lead = (page: string) => text(/<p class="lead">[\s\S]*?<\/p>/.exec(page)![0]).trim();
    expect(lead(html)).to.equal(`${doc.title} in Adding fractions with unlike denominators · Grade 7 Math — Fractions`);
    // Deep Linking names the link it creates after the sequence placed (the built-in LMS's links are named otherwise).
    const { token, id } = newSessionToken();
    await ctx.tool.store.insertSession({ ...staff.session, id, resourceLinkTitle: ` ${doc.title.toUpperCase()} ` });
    const page = await (await fetch(`${ctx.tool.url}/class`, { method: 'POST', headers: { accept: 'text/html' }, body: new URLSearchParams({ _s: token }) })).text();
    expect(lead(page)).to.equal(`${doc.title} · Grade 7 Math — Fractions`);
  });

  it('says so when nothing is placed in the instructor’s link', async () => {
    const unplaced = await launchStaff(ctx.tool, 'instructor-rivera', 'link-fractions-compare');
    const res = await unplaced.get('/class');
    expect(res.status).to.equal(404);
    expect(text(await res.text())).to.include('Nothing is placed in this activity yet');
  });
});
