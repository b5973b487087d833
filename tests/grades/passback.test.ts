/**
 * Grade passback end to end: real launches through the built-in platform,
 * scores queued from the real sessions, a GradeWorker posting them over HTTP
 * to the platform's AGS endpoints, and the platform's gradebook as the judge.
 */
import { expect } from 'chai';
import { setTimeout as delay } from 'node:timers/promises';
import { queueScore, type GradeWorkerStore, type ScoreInput } from '../../server/grades/index.js';
import type { RunningServer } from '../../server/server.js';
import type { Session } from '../../server/store/types.js';
import { job, LINK_WITH_LINE_ITEM, LINK_WITHOUT_LINE_ITEM, lineItemsOfLink, ManualClock, sessionFor, settle, testWorker, waitFor, startToolForGrades } from './support.js';

/** The worker's view of the store, delegating to the tool's. */
const pickOutbox = (tool: RunningServer): GradeWorkerStore => ({
  claimDueGrades: (...args) => tool.store.claimDueGrades(...args),
  markGradeSent: (...args) => tool.store.markGradeSent(...args),
  markGradeRetry: (...args) => tool.store.markGradeRetry(...args),
  markGradeFailed: (...args) => tool.store.markGradeFailed(...args),
  setGradeLineItem: (...args) => tool.store.setGradeLineItem(...args),
  selectPlatform: (...args) => tool.store.selectPlatform(...args),
});

const score = (scoreGiven: number, extra: Partial<ScoreInput> = {}): ScoreInput => ({
  scoreGiven,
  scoreMaximum: 100,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  ...extra,
});

describe('grades: passback to the built-in platform', function () {
  this.timeout(30_000);
  let tool: RunningServer;
  let clock: ManualClock;
  const sessions = new Map<string, Session>();
  const platform = () => tool.devPlatform!;
  const scoresReceived = (lineItemId: string, userId: string) => platform().gradebook.scores({ lineItemId, userId });

  /** Each learner launches each link once per file; later tests reuse the session. */
  async function session(userId: string, linkId: string): Promise<Session> {
    const key = `${userId} ${linkId}`;
    let s = sessions.get(key);
    if (s === undefined) sessions.set(key, (s = await sessionFor(tool, userId, linkId)));
    return s;
  }

  async function queue(userId: string, linkId: string, input: ScoreInput) {
    clock.advance(1); // distinct timestamps, as real scores have
    const job = await queueScore(tool.store, await session(userId, linkId), input, clock.now());
    if (job === null) throw new Error('the launch has no grade passback');
    return job;
  }

  const addingFractions = () => lineItemsOfLink(tool, LINK_WITH_LINE_ITEM)[0]!;

  before(async () => {
    tool = await startToolForGrades();
  });
  beforeEach(() => {
    clock = new ManualClock();
  });
  afterEach(() => platform().faults.clear());
  after(() => tool.close());

  it('delivers a score with every field to the link’s line item', async () => {
    const queued = await queue('learner-maya', LINK_WITH_LINE_ITEM, score(80, { comment: 'Mastered 4 of 5 skills' }));
    const [sent] = await settle(tool, testWorker(tool, clock), clock, [queued.id]);
    expect(sent).to.deep.include({ status: 'sent', lastError: null, leaseUntil: 0 });
    const onRecord = platform().gradebook.latestScore(addingFractions().id, 'learner-maya');
    expect(onRecord).to.deep.include({
      userId: 'learner-maya',
      scoreGiven: 80,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      comment: 'Mastered 4 of 5 skills',
      timestamp: queued.score.timestamp,
      applied: true,
    });
  });

  it('sends only the latest of several queued scores', async () => {
    const before = scoresReceived(addingFractions().id, 'learner-liam').length;
    await queue('learner-liam', LINK_WITH_LINE_ITEM, score(20, { activityProgress: 'InProgress', gradingProgress: 'Pending' }));
    await queue('learner-liam', LINK_WITH_LINE_ITEM, score(50, { activityProgress: 'InProgress', gradingProgress: 'Pending' }));
    const last = await queue('learner-liam', LINK_WITH_LINE_ITEM, score(90));
    await settle(tool, testWorker(tool, clock), clock, [last.id]);
    const received = scoresReceived(addingFractions().id, 'learner-liam').slice(before);
    expect(received.map((s) => s.scoreGiven)).to.deep.equal([90]);
  });

  it('a score queued while an older one is in flight goes out after it, and the older is never sent again', async () => {
    const before = scoresReceived(addingFractions().id, 'learner-zanele').length;
    const calls = platform().faults.calls('scores');
    platform().faults.inject('scores', { type: 'slow', delayMs: 300 }, { times: 1 });
    const first = await queue('learner-zanele', LINK_WITH_LINE_ITEM, score(40));
    const worker = testWorker(tool, clock);
    const draining = worker.drain();
    await waitFor(() => platform().faults.calls('scores') > calls, 'the first score to be in flight');
    const second = await queue('learner-zanele', LINK_WITH_LINE_ITEM, score(70));
    expect(second).to.deep.include({ id: first.id, generation: first.generation + 1 });
    await draining;
    await settle(tool, worker, clock, [first.id]);
    const received = scoresReceived(addingFractions().id, 'learner-zanele').slice(before);
    expect(received.map((s) => [s.scoreGiven, s.applied])).to.deep.equal([
      [40, true],
      [70, true],
    ]);
    expect(platform().gradebook.latestScore(addingFractions().id, 'learner-zanele')?.scoreGiven).to.equal(70);
  });

  it('reuses one access token for every score to the platform', async () => {
    const worker = testWorker(tool, clock);
    const tokensBefore = platform().faults.calls('token');
    const a = await queue('learner-maya', LINK_WITH_LINE_ITEM, score(81));
    const b = await queue('learner-tomas', LINK_WITH_LINE_ITEM, score(61));
    await settle(tool, worker, clock, [a.id, b.id]);
    const c = await queue('learner-tomas', LINK_WITH_LINE_ITEM, score(62));
    await settle(tool, worker, clock, [c.id]);
    expect(platform().faults.calls('token') - tokensBefore).to.equal(1);
    expect(platform().gradebook.latestScore(addingFractions().id, 'learner-tomas')?.scoreGiven).to.equal(62);
  });

  it('creates the line item of a link that has none, once, and posts every learner’s score to it', async () => {
    expect(lineItemsOfLink(tool, LINK_WITHOUT_LINE_ITEM)).to.deep.equal([]);
    const learners = ['learner-maya', 'learner-liam', 'learner-zanele'];
    const jobs = await Promise.all(learners.map((u, i) => queue(u, LINK_WITHOUT_LINE_ITEM, score(10 * (i + 1), { scoreMaximum: 30 }))));
    const sent = await settle(tool, testWorker(tool, clock), clock, jobs.map((j) => j.id));

    const created = lineItemsOfLink(tool, LINK_WITHOUT_LINE_ITEM);
    expect(created).to.have.length(1);
    expect(created[0]).to.deep.include({ label: 'Comparing fractions', scoreMaximum: 30, tag: 'adaptive-paths-score', clientId: 'dev-tool' });
    const url = `${platform().issuer}/api/courses/grade7-math-fractions/lineitems/${created[0]!.id}`;
    for (const job of sent) expect(job).to.deep.include({ status: 'sent', lineItemUrl: url });
    expect(learners.map((u) => platform().gradebook.latestScore(created[0]!.id, u)?.scoreGiven)).to.deep.equal([10, 20, 30]);

    // Another worker (no memory of the first) and another learner: the line item is found, not created again.
    const later = await queue('learner-tomas', LINK_WITHOUT_LINE_ITEM, score(25, { scoreMaximum: 30 }));
    await settle(tool, testWorker(tool, clock), clock, [later.id]);
    expect(lineItemsOfLink(tool, LINK_WITHOUT_LINE_ITEM)).to.have.length(1);
    expect(platform().gradebook.latestScore(created[0]!.id, 'learner-tomas')?.scoreGiven).to.equal(25);
  });

  it('records a score the platform refuses (4xx) as failed with its reason, and never retries it', async () => {
    const calls = platform().faults.calls('scores');
    const queued = await queue('learner-maya', LINK_WITH_LINE_ITEM, score(150));
    const worker = testWorker(tool, clock);
    const [failed] = await settle(tool, worker, clock, [queued.id]);
    expect(failed!.status).to.equal('failed');
    expect(failed!.lastError).to.equal('score POST: HTTP 400: invalid_request: scoreGiven 150 exceeds scoreMaximum 100; this platform does not accept extra credit');
    clock.advance(24 * 3600_000);
    await worker.drain();
    expect(platform().faults.calls('scores') - calls).to.equal(1);
    expect((await tool.store.selectGradeJobs({ status: 'failed' })).map((j) => j.id)).to.include(queued.id);
    // A corrected score revives the job.
    const fixed = await queue('learner-maya', LINK_WITH_LINE_ITEM, score(100));
    expect((await settle(tool, worker, clock, [fixed.id]))[0]).to.deep.include({ id: queued.id, status: 'sent', lastError: null });
  });

  it('fails, without calling anyone, the jobs of a platform that was removed or disabled', async () => {
    const other = await tool.store.insertPlatform({
      issuer: 'https://retired-lms.example.edu',
      clientId: 'old-client',
      name: 'Retired LMS',
      authLoginUrl: 'https://retired-lms.example.edu/auth',
      authTokenUrl: 'https://retired-lms.example.edu/token',
      authServer: null,
      jwksUrl: 'https://retired-lms.example.edu/jwks',
      status: 'active',
      source: 'cli',
    });
    const base = { resourceLinkId: 'rl', userId: 'u', label: 'Quiz', lineItemsUrl: null, score: { ...score(1), timestamp: new Date(clock.now()).toISOString() } };
    const disabled = await tool.store.enqueueGrade({ ...base, platformId: other.id, lineItemUrl: 'https://retired-lms.example.edu/li/1' }, clock.now());
    const removed = await tool.store.enqueueGrade({ ...base, platformId: 'platform-that-was-removed', lineItemUrl: 'https://gone.example.edu/li/1' }, clock.now());
    await tool.store.updatePlatform(other.id, { status: 'disabled' });

    const [a, b] = await settle(tool, testWorker(tool, clock), clock, [disabled.id, removed.id]);
    expect(a).to.deep.include({ status: 'failed', lastError: 'the platform "Retired LMS" is disabled by an administrator' });
    expect(b).to.deep.include({ status: 'failed', lastError: 'the platform platform-that-was-removed is no longer registered with the tool' });
  });

  it('a quick run of scores, each kicking the worker, reaches the platform as one send of the latest', async () => {
    const worker = testWorker(tool, clock, { now: Date.now, pollIntervalMs: 60_000, gatherMs: 300 });
    const before = scoresReceived(addingFractions().id, 'learner-zanele').length;
    worker.start();
    try {
      await delay(50); // the first poll found nothing; the worker sleeps for a minute
      let last;
      for (const given of [41, 42, 43, 44, 45]) {
        last = await queue('learner-zanele', LINK_WITH_LINE_ITEM, score(given));
        worker.kick();
        await delay(10);
      }
      await waitFor(async () => (await job(tool, last!.id)).status === 'sent', 'the gathered send');
      const received = scoresReceived(addingFractions().id, 'learner-zanele').slice(before);
      expect(received.map((r) => r.scoreGiven)).to.deep.equal([45]);
    } finally {
      await worker.stop();
    }
  });

  it('kick() wakes a started worker for a new score instead of waiting for the next poll', async () => {
    let polls = 0;
    const store: GradeWorkerStore = {
      ...pickOutbox(tool),
      claimDueGrades: async (...args) => {
        const claimed = await tool.store.claimDueGrades(...args);
        polls++;
        return claimed;
      },
    };
    const worker = testWorker(tool, clock, { store, now: Date.now, pollIntervalMs: 60_000 });
    worker.start();
    try {
      await waitFor(() => polls === 1, 'the first poll'); // it found nothing; the worker now sleeps for a minute
      const queued = await queue('learner-liam', LINK_WITH_LINE_ITEM, score(33));
      const sent = async () => (await job(tool, queued.id)).status === 'sent';
      await delay(100);
      expect(await sent(), 'not before the kick').to.equal(false);
      worker.kick();
      await waitFor(sent, 'the kicked worker to send');
    } finally {
      await worker.stop();
    }
  });
});
