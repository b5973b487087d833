/**
 * Grade passback when things go wrong, over real HTTP: the built-in
 * platform's fault controls make its token and score endpoints fail, throttle,
 * stall or vanish, and workers stop, restart and crash. Nothing may be lost,
 * nothing retried too early, nothing retried that cannot succeed.
 */
import { expect } from 'chai';
import { queueScore, type ScoreInput } from '../../server/grades/index.js';
import type { RunningServer } from '../../server/server.js';
import type { GradeJob, Session } from '../../server/store/types.js';
import { job, LINK_WITH_LINE_ITEM, lineItemsOfLink, ManualClock, sessionFor, settle, testWorker, waitFor, startToolForGrades } from './support.js';

const score = (scoreGiven: number): ScoreInput => ({ scoreGiven, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });

describe('grades: passback through failures', function () {
  this.timeout(30_000);
  let tool: RunningServer;
  let clock: ManualClock;
  let maya: Session;
  let liam: Session;
  const platform = () => tool.devPlatform!;
  const lineItemId = () => lineItemsOfLink(tool, LINK_WITH_LINE_ITEM)[0]!.id;
  const onRecord = (userId: string) => platform().gradebook.latestScore(lineItemId(), userId)?.scoreGiven;

  async function queue(session: Session, input: ScoreInput): Promise<GradeJob> {
    clock.advance(1);
    const queued = await queueScore(tool.store, session, input, clock.now());
    if (queued === null) throw new Error('the launch has no grade passback');
    return queued;
  }

  before(async () => {
    tool = await startToolForGrades();
    maya = await sessionFor(tool, 'learner-maya', LINK_WITH_LINE_ITEM);
    liam = await sessionFor(tool, 'learner-liam', LINK_WITH_LINE_ITEM);
  });
  beforeEach(() => {
    clock = new ManualClock();
  });
  afterEach(() => platform().faults.clear());
  after(() => tool.close());

  it('keeps retrying while the platform is down, and delivers when it is back', async () => {
    const calls = platform().faults.calls('scores');
    platform().faults.inject('scores', { type: 'down' }, { times: 3 });
    const queued = await queue(maya, score(64));
    const worker = testWorker(tool, clock);

    await worker.drain();
    const waiting = await job(tool, queued.id);
    expect(waiting).to.deep.include({ status: 'pending', tries: 1 });
    expect(waiting.lastError).to.match(/^score POST: could not reach 127\.0\.0\.1:\d+ \(.+\)$/);

    const [sent] = await settle(tool, worker, clock, [queued.id]);
    expect(sent).to.deep.include({ status: 'sent', lastError: null });
    expect(platform().faults.calls('scores') - calls).to.equal(4);
    expect(onRecord('learner-maya')).to.equal(64);
  });

  it('backs off exponentially between retries of a failing platform', async () => {
    platform().faults.inject('scores', { type: 'error', status: 503 }, { times: 4 });
    const queued = await queue(liam, score(12));
    const worker = testWorker(tool, clock, { random: () => 0.999999, backoff: { baseMs: 1000, capMs: 4000 } });
    const waits: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      await worker.drain();
      const j = await job(tool, queued.id);
      expect(j.lastError).to.equal('score POST: HTTP 503: server_error: Injected fault: the platform failed.');
      waits.push(j.nextAttemptAt - clock.now());
      clock.advance(j.nextAttemptAt - clock.now());
    }
    expect(waits).to.deep.equal([1000, 2000, 4000, 4000]);
    await settle(tool, worker, clock, [queued.id]);
    expect(onRecord('learner-liam')).to.equal(12);
  });

  it('survives a failing token endpoint, then a failing score endpoint, with the right final score', async () => {
    platform().faults.inject('token', { type: 'error' }, { times: 2 });
    await queue(maya, score(10));
    const last = await queue(maya, score(71));
    const worker = testWorker(tool, clock);
    await worker.drain();
    expect((await job(tool, last.id)).lastError).to.equal('access token request: HTTP 500: server_error: Injected fault: the platform failed.');
    clock.advance(1000);
    await worker.drain();
    platform().faults.inject('scores', { type: 'error', status: 502 }, { times: 2 });
    const [sent] = await settle(tool, worker, clock, [last.id]);
    expect(sent!.status).to.equal('sent');
    expect(onRecord('learner-maya')).to.equal(71);
    expect(platform().gradebook.scores({ lineItemId: lineItemId(), userId: 'learner-maya' }).some((s) => s.scoreGiven === 10)).to.equal(false);
  });

  it('honours Retry-After on 429: neither this score nor any other goes to the platform before then', async () => {
    const calls = platform().faults.calls('scores');
    platform().faults.inject('scores', { type: 'rate-limit', retryAfterSeconds: 30 }, { times: 1 });
    const throttled = await queue(maya, score(55));
    const worker = testWorker(tool, clock, { backoff: { baseMs: 100, capMs: 1000 } });
    await worker.drain();
    const waiting = await job(tool, throttled.id);
    expect(waiting.lastError).to.equal('score POST: HTTP 429: rate_limited: Injected fault: too many requests.');
    expect(waiting.nextAttemptAt - clock.now()).to.equal(30_000);

    // Another learner's score, queued meanwhile, waits for the same window.
    const other = await queue(liam, score(44));
    clock.advance(29_000);
    await worker.drain();
    expect(platform().faults.calls('scores') - calls, 'no call inside the Retry-After window').to.equal(1);
    expect(await job(tool, other.id)).to.deep.include({ status: 'pending', lastError: 'the platform asked the tool to wait (Retry-After)' });

    clock.advance(1_000);
    await settle(tool, worker, clock, [throttled.id, other.id]);
    expect([onRecord('learner-maya'), onRecord('learner-liam')]).to.deep.equal([55, 44]);
    expect(platform().faults.calls('scores') - calls).to.equal(3);
  });

  it('times out a stalled request and retries it', async () => {
    platform().faults.inject('scores', { type: 'slow', delayMs: 1500 }, { times: 1 });
    const queued = await queue(liam, score(91));
    const worker = testWorker(tool, clock, { requestTimeoutMs: 300 });
    const started = Date.now();
    await worker.drain();
    expect(Date.now() - started).to.be.below(1200);
    expect((await job(tool, queued.id)).lastError).to.equal('score POST: no answer within 300 ms');
    await settle(tool, worker, clock, [queued.id]);
    expect(onRecord('learner-liam')).to.equal(91);
  });

  it('stop() lets the send in flight finish; a new worker picks up what was queued after', async () => {
    platform().faults.inject('scores', { type: 'slow', delayMs: 300 }, { times: 1 });
    const calls = platform().faults.calls('scores');
    const first = await queue(maya, score(21));
    const a = testWorker(tool, clock);
    a.start();
    await waitFor(() => platform().faults.calls('scores') > calls, 'the send to start');
    await a.stop();
    expect(await job(tool, first.id)).to.deep.include({ status: 'sent', generation: first.generation });

    const second = await queue(maya, score(22));
    a.kick(); // a stopped worker claims nothing, kicked or not
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await job(tool, second.id)).to.deep.include({ status: 'pending', tries: 0 });

    const b = testWorker(tool, clock);
    await settle(tool, b, clock, [second.id]);
    expect(onRecord('learner-maya')).to.equal(22);
  });

  it('stop() is bounded: a send that hangs is aborted after the grace period and retried later', async () => {
    platform().faults.inject('scores', { type: 'slow', delayMs: 2000 }, { times: 1 });
    const calls = platform().faults.calls('scores');
    const queued = await queue(liam, score(37));
    const a = testWorker(tool, clock, { requestTimeoutMs: 3000, stopGraceMs: 200 });
    a.start();
    await waitFor(() => platform().faults.calls('scores') > calls, 'the send to start');
    const stopping = Date.now();
    await a.stop();
    expect(Date.now() - stopping).to.be.within(150, 1500);
    expect(await job(tool, queued.id)).to.deep.include({ status: 'pending', lastError: 'score POST: interrupted (the grade worker is stopping)' });

    await settle(tool, testWorker(tool, clock), clock, [queued.id]);
    expect(onRecord('learner-liam')).to.equal(37);
  });

  it('a job leased by a crashed worker is sent by another once the lease lapses', async () => {
    const calls = platform().faults.calls('scores');
    const queued = await queue(maya, score(48));
    // The "crashed" worker: it leased the job and died without a word.
    const [leased] = await tool.store.claimDueGrades(clock.now(), 10, 60_000);
    expect(leased?.id).to.equal(queued.id);

    const survivor = testWorker(tool, clock);
    await survivor.drain();
    expect(platform().faults.calls('scores') - calls, 'the lease is respected').to.equal(0);
    clock.advance(59_999);
    await survivor.drain();
    expect(platform().faults.calls('scores') - calls).to.equal(0);
    clock.advance(1);
    await survivor.drain();
    expect(await job(tool, queued.id)).to.deep.include({ status: 'sent' });
    expect(onRecord('learner-maya')).to.equal(48);
  });

  it('refuses settings under which a send could outlive its lease', () => {
    expect(() => testWorker(tool, clock, { leaseMs: 1000, requestTimeoutMs: 900 })).to.throw(RangeError, /leaseMs/);
    expect(() => testWorker(tool, clock, { batchSize: 0 })).to.throw(RangeError, /batchSize/);
  });
});
