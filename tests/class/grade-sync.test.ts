/**
 * A learner's grade as the instructor's gradebook has it: in the points of
 * the LMS's own column (asked of the LMS, remembered a while), else as a
 * percentage; and a refusal said in a sentence first, the platform's
 * technical reason second.
 */
import { expect } from 'chai';
import request from 'supertest';
import { explainReason, gradeSync, retryNote } from '../../server/class/grade-sync.js';
import type { RunningServer } from '../../server/server.js';
import { requestsSeen } from '../helpers/requests-seen.js';
import type { GradeJob } from '../../server/store/types.js';
import { useTool } from '../helpers/hooks.js';
import { classApp, INSTRUCTOR, launchStaff, Learner, LINKS, play, rowOf, sample, type Staff, text } from './support.js';

function job(patch: Partial<GradeJob> = {}, score: Partial<GradeJob['score']> = {}): GradeJob {
  return {
    id: 'j1',
    platformId: 'p',
    lineItemUrl: 'https://lms.example/lineitems/1',
    lineItemsUrl: null,
    resourceLinkId: 'l',
    userId: 'u',
    label: 'Privacy',
    score: { scoreGiven: 50, scoreMaximum: 100, activityProgress: 'InProgress', gradingProgress: 'FullyGraded', timestamp: '2030-01-01T00:00:00.000Z', ...score },
    status: 'sent',
    generation: 1,
    tries: 0,
    nextAttemptAt: 0,
    leaseUntil: 0,
    lastError: null,
    updatedAt: 0,
    ...patch,
  };
}

describe('class: grade sync in words', () => {
  it('gives the score in the LMS column’s points when known, rounded to one decimal at most', () => {
    expect(gradeSync(job(), 10).score).to.equal('5 / 10');
    expect(gradeSync(job({}, { scoreGiven: 15.28 }), 100).score).to.equal('15.3 / 100');
    expect(gradeSync(job({}, { scoreGiven: 100 / 3 }), 10).score).to.equal('3.3 / 10');
    expect(gradeSync(job({}, { scoreGiven: 100 }), 2.5).score).to.equal('2.5 / 2.5');
  });

  it('gives a percentage when the column’s points are unknown: any column scales the same share', () => {
    expect(gradeSync(job({}, { scoreGiven: 15.28 })).score).to.equal('15%');
    expect(gradeSync(job({}, { scoreGiven: null })).score, 'a progress-only send').to.equal('no score yet');
  });

  it('says what a recorded refusal means in a sentence, keeping the record as the detail', () => {
    const reason = 'score POST: HTTP 403: forbidden: Injected fault: the platform refused the request.';
    const sync = gradeSync(job({ status: 'failed', lastError: reason }));
    expect(sync.explanation).to.equal('The LMS does not allow this tool to send grades for this activity (HTTP 403).');
    expect(sync.reason).to.equal(reason);
    expect(gradeSync(job()).explanation).to.equal(null);
  });

  it('words each kind of failure the grade worker records', () => {
    const cases: Array<[string, string]> = [
      ['score POST: HTTP 400: invalid_request: scoreGiven 120 exceeds scoreMaximum 100', 'The LMS refused the score as invalid (HTTP 400).'],
      ['score POST: HTTP 404: not_found: No such line item in this course.', 'The LMS no longer has this activity’s gradebook column (HTTP 404).'],
      ['score POST: HTTP 409', 'The LMS refused the score (HTTP 409).'],
      ['access token request: HTTP 401: invalid_client: unknown key', 'The LMS refused the tool’s sign-in for sending grades (HTTP 401).'],
      ['line item creation: HTTP 403: forbidden', 'The LMS does not allow this tool to create gradebook columns (HTTP 403).'],
      ['score POST: HTTP 429: rate_limited: Injected fault: too many requests.', 'The LMS was busy and asked the tool to wait (HTTP 429).'],
      ['score POST: HTTP 503: server_error: Injected fault: the platform failed.', 'The LMS had a problem of its own (HTTP 503).'],
      ['score POST: no answer within 10000 ms', 'The LMS did not answer in time.'],
      ['access token request: could not reach lms.example (ECONNREFUSED)', 'The tool could not reach the LMS.'],
      ['score POST: the answer from lms.example was cut off', 'The connection to the LMS was cut off before it answered.'],
      ['score POST: unexpected redirect (HTTP 302) to https://elsewhere.example/', 'The LMS sent the tool elsewhere instead of answering (a redirect the tool does not follow).'],
      ['line item lookup: the answer is not a line-item container (a JSON array)', 'Sending to the LMS failed: the answer is not a line-item container (a JSON array).'],
      ['the platform "Moodle" is disabled by an administrator', 'The platform "Moodle" is disabled by an administrator.'],
    ];
    for (const [reason, sentence] of cases) expect(explainReason(reason), reason).to.equal(sentence);
  });
});

describe('class: what came of “Send again”', () => {
  const NOW = Date.UTC(2030, 0, 1, 12);
  const after = (patch: Partial<GradeJob>) => gradeSync(job({ updatedAt: NOW - 1000, ...patch }));

  it('says it from the job as it is now, so a reload cannot contradict the row', () => {
    expect(retryNote('queued', after({ status: 'pending' }), NOW)).to.equal('Sent again: on its way to the LMS. Reload in a moment to see that it arrived.');
    expect(retryNote('queued', after({ status: 'sent' }), NOW)).to.equal('Sent again: the LMS has it now.');
    expect(retryNote('queued', after({ status: 'failed', lastError: 'score POST: HTTP 403' }), NOW)).to.equal('Sent again, and the LMS refused it again.');
    expect(retryNote('queued', after({ status: 'pending', lastError: 'score POST: HTTP 503', tries: 1 }), NOW)).to.equal('Sent again; the LMS did not take it yet, and the tool will try again by itself.');
  });

  it('says nothing of a “Send again” long past: the row says it all', () => {
    expect(retryNote('queued', gradeSync(job({ status: 'sent', updatedAt: NOW - 11 * 60_000 })), NOW)).to.equal(null);
  });

  it('says why nothing was sent', () => {
    expect(retryNote('nothing', after({ status: 'sent' }), NOW)).to.equal('There was no failed score to send again.');
    expect(retryNote('no-passback', after({ status: 'failed' }), NOW)).to.match(/^Your launch does not allow sending grades for this activity/);
  });
});

/** Line item reads (GET of a line item, not of its scores or the container) the built-in LMS receives while `fn` runs. */
async function lineItemReads<T>(tool: RunningServer, fn: () => Promise<T>): Promise<{ result: T; reads: number }> {
  const { result, urls } = await requestsSeen(tool, (req) => req.method === 'GET' && /\/lineitems\/[^/?]+(\?|$)/.test(req.url ?? ''), fn);
  return { result, reads: urls.length };
}

describe('class: a grade as the LMS gradebook shows it', function () {
  this.timeout(90_000);
  const ctx = useTool();
  let staff: Staff;
  /** Priya's score as the built-in LMS's gradebook page writes it: rescaled to the column, out of 10 in the sample course. */
  let inGradebook: { given: number; maximum: number };

  before(async () => {
    await play(await Learner.launch(ctx.tool, 'learner-priya', LINKS.privacy), sample('data-privacy'), 6);
    await ctx.tool.grades.drain();
    const lms = ctx.tool.devPlatform!.gradebook;
    const lineItem = lms.lineItems().find((li) => li.resourceLinkId === LINKS.privacy)!;
    const score = lms.latestScore(lineItem.id, 'learner-priya');
    if (score?.scoreGiven == null || score.scoreMaximum === null) throw new Error('Priya has no score in the gradebook to compare with');
    inGradebook = { given: (score.scoreGiven / score.scoreMaximum) * lineItem.scoreMaximum, maximum: lineItem.scoreMaximum };
    staff = await launchStaff(ctx.tool, INSTRUCTOR, LINKS.privacy);
  });
  afterEach(() => ctx.tool.devPlatform!.faults.clear());

  it('shows the score in the column’s own points, as the gradebook does, asking the LMS once for a while', async () => {
    expect(inGradebook.maximum, 'the sample course’s column').to.equal(10);
    const { result: pages, reads } = await lineItemReads(ctx.tool, async () => [await (await staff.get('/class')).text(), await (await staff.get('/class/learners/learner-priya')).text()]);
    const expected = `Sent (${Math.round(inGradebook.given * 10) / 10} / 10)`;
    expect(text(rowOf(pages[0]!, 'learner-priya'))).to.include(expected);
    expect(text(pages[1]!)).to.include(`Grade sync ${expected}`);
    expect(reads, 'the second page used what the first learned').to.equal(1);
  });

  it('falls back to a percentage while the LMS does not say, and asks again later', async () => {
    const app = classApp(ctx.tool, { gradeColumns: { failureTtlMs: 0 } });
    const page = async () => text(rowOf((await request(app).post('/class').type('form').send({ _s: staff.token })).text, 'learner-priya'));
    ctx.tool.devPlatform!.faults.inject('token', { type: 'refuse', status: 400 });
    expect(await page()).to.include(`Sent (${Math.round((inGradebook.given / inGradebook.maximum) * 100)}%)`);
    ctx.tool.devPlatform!.faults.clear();
    expect(await page()).to.include(`Sent (${Math.round(inGradebook.given * 10) / 10} / 10)`);
  });

  it('shows a refusal as a sentence, with the LMS’s technical reason kept behind “Technical detail”', async () => {
    const reason = 'score POST: HTTP 403: forbidden: Injected fault: the platform refused the request.';
    const [failed] = await ctx.tool.store.selectGradeJobs({ resourceLinkId: LINKS.privacy, userId: 'learner-priya' });
    await ctx.tool.store.markGradeFailed(failed!.id, failed!.generation, reason, Date.now());
    const row = rowOf(await (await staff.get('/class')).text(), 'learner-priya');
    expect(row).to.match(/data-testid="grade-reason">The LMS does not allow this tool to send grades for this activity \(HTTP 403\)\.</);
    expect(row).to.match(/<details class="sync-detail"><summary>Technical detail<\/summary><span class="reason" data-testid="grade-reason-detail">score POST: HTTP 403: forbidden: Injected fault: the platform refused the request\.<\/span><\/details>/);
    expect(text(row)).to.include('Failed (');
  });

  it('answers “Send again” in the learner’s own cell, where the redirect lands, and a reload never contradicts the row', async () => {
    const lms = ctx.tool.devPlatform!;
    /** The page a redirect's address opens, as the browser follows it or reloads it (the code is good for two minutes). */
    const open = async (location: string) => (await fetch(`${ctx.tool.url}${location}`, { headers: { accept: 'text/html' } })).text();
    const noteOf = (page: string, userId: string) => /data-testid="retry-note">([^<]*)</.exec(rowOf(page, userId))?.[1] ?? null;

    // The LMS still refuses: the retry is refused again.
    lms.faults.inject('scores', { type: 'refuse', status: 403 });
    const retry = await staff.post('/class/learners/learner-priya/grade/retry', { from: 'overview' });
    expect(retry.status).to.equal(303);
    const location = retry.headers.get('location')!;
    expect(location).to.match(/^\/class\?code=[\w-]+&retry=queued&learner=learner-priya#retry-note$/);
    await ctx.tool.grades.drain();
    let page = await open(location);
    // The note it lands on: the browser scrolls to the #fragment and focuses it, which it can (tabindex="-1").
    expect(rowOf(page, 'learner-priya'), 'the note it lands on').to.include('<span class="sync-line sync-note" id="retry-note" tabindex="-1" role="status" data-testid="retry-note">');
    expect(page.match(/\sid="retry-note"/g), 'one note on the page').to.have.length(1);
    expect(noteOf(page, 'learner-priya')).to.equal('Sent again, and the LMS refused it again.');
    expect(page, 'nothing at the top of the page, out of view').not.to.match(/class="notice"/);

    // Fixed in the LMS, sent again: the same address (a reload) now says it arrived.
    lms.faults.clear();
    const again = await staff.post('/class/learners/learner-priya/grade/retry', { from: 'overview' });
    await ctx.tool.grades.drain();
    page = await open(again.headers.get('location')!);
    expect(noteOf(page, 'learner-priya')).to.equal('Sent again: the LMS has it now.');
    expect(text(rowOf(page, 'learner-priya'))).to.match(/Sent \(\d+(\.\d)? \/ 10\) just now/);
    expect(noteOf(page, 'learner-jonas'), 'only the learner sent again').to.equal(null);
    expect(noteOf(await open(location), 'learner-priya'), 'the first address, reloaded').to.equal('Sent again: the LMS has it now.');

    // Nothing left to send: said in the row too.
    const nothing = await staff.post('/class/learners/learner-priya/grade/retry', { from: 'learner' });
    expect(nothing.headers.get('location')).to.match(/^\/class\/learners\/learner-priya\?code=[\w-]+&retry=nothing&learner=learner-priya#retry-note$/);
    expect(text(await open(nothing.headers.get('location')!))).to.include('Grade sync Sent (');
    expect(/data-testid="retry-note">([^<]*)</.exec(await open(nothing.headers.get('location')!))?.[1]).to.equal('There was no failed score to send again.');
  });
});
