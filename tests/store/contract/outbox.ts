import { expect } from 'chai';
import { gradeJob, rejection, score, T0, UUID, type CurrentStore } from './fixtures.js';

const LEASE = 30_000;

export function outboxContract(store: CurrentStore): void {
  describe('grade outbox', () => {
    it('enqueues a pending job that is due now', async () => {
      const job = await store().enqueueGrade(gradeJob(), T0);
      expect(job).to.deep.include({ ...gradeJob(), status: 'pending', generation: 1, tries: 0, nextAttemptAt: T0, leaseUntil: 0, lastError: null, updatedAt: T0 });
      expect(job.id).to.match(UUID);
      expect(await store().selectGradeJobs({})).to.deep.equal([job]);
      expect(await store().countPendingGrades()).to.equal(1);
    });

    it('refuses a job with nowhere to send it', async () => {
      expect(await rejection(store().enqueueGrade(gradeJob({ lineItemUrl: null, lineItemsUrl: null }), T0))).to.be.instanceOf(TypeError);
    });

    it('coalesces scores per learner and line item: the latest replaces, the generation moves on', async () => {
      const first = await store().enqueueGrade(gradeJob(), T0);
      const second = await store().enqueueGrade(gradeJob({ score: score(9), label: 'Quiz 1 (renamed)' }), T0 + 5);
      expect(second).to.deep.include({ id: first.id, generation: 2, score: score(9), label: 'Quiz 1 (renamed)', nextAttemptAt: T0 + 5, updatedAt: T0 + 5 });
      await store().enqueueGrade(gradeJob({ userId: 'user-2' }), T0);
      await store().enqueueGrade(gradeJob({ resourceLinkId: 'link-2' }), T0);
      await store().enqueueGrade(gradeJob({ lineItemUrl: 'https://lms.example.edu/li/2' }), T0);
      await store().enqueueGrade(gradeJob({ platformId: 'platform-2' }), T0);
      expect(await store().selectGradeJobs({})).to.have.length(5);
      expect(await store().countPendingGrades()).to.equal(5);
    });

    it('keeps a resolved line item when a later score arrives for the container', async () => {
      const unresolved = gradeJob({ lineItemUrl: null, lineItemsUrl: 'https://lms.example.edu/li' });
      const job = await store().enqueueGrade(unresolved, T0);
      await store().setGradeLineItem(job.id, 'https://lms.example.edu/li/77');
      const later = await store().enqueueGrade({ ...unresolved, score: score(7) }, T0 + 1);
      expect(later).to.deep.include({ id: job.id, generation: 2, lineItemUrl: 'https://lms.example.edu/li/77', lineItemsUrl: 'https://lms.example.edu/li' });
      expect(await store().selectGradeJobs({})).to.have.length(1);
    });

    it('makes a sent or failed job pending again, with tries and error reset', async () => {
      const sent = await store().enqueueGrade(gradeJob(), T0);
      const failed = await store().enqueueGrade(gradeJob({ userId: 'user-2' }), T0);
      await store().claimDueGrades(T0, 10, LEASE);
      await store().markGradeRetry(failed.id, 1, T0 + 10, 'timeout', T0 + 1);
      await store().markGradeFailed(failed.id, 1, 'HTTP 403', T0 + 20);
      expect(await store().markGradeSent(sent.id, 1, T0 + 2)).to.equal(true);
      expect(await store().countPendingGrades()).to.equal(0);

      const again = await store().enqueueGrade(gradeJob({ score: score(1) }), T0 + 100);
      const revived = await store().enqueueGrade(gradeJob({ userId: 'user-2', score: score(2) }), T0 + 100);
      for (const job of [again, revived]) {
        expect(job).to.deep.include({ status: 'pending', generation: 2, tries: 0, lastError: null, nextAttemptAt: T0 + 100 });
      }
      expect(await store().countPendingGrades()).to.equal(2);
    });

    it('leases due jobs to one claimer until the lease lapses', async () => {
      const a = await store().enqueueGrade(gradeJob({ userId: 'a' }), T0);
      const b = await store().enqueueGrade(gradeJob({ userId: 'b' }), T0 + 10);
      await store().enqueueGrade(gradeJob({ userId: 'future' }), T0 + 1000);

      const claimed = await store().claimDueGrades(T0 + 10, 10, LEASE);
      expect(claimed.map((j) => j.id)).to.deep.equal([a.id, b.id]);
      for (const j of claimed) expect(j.leaseUntil).to.equal(T0 + 10 + LEASE);
      expect(await store().claimDueGrades(T0 + 20, 10, LEASE)).to.deep.equal([]);

      const lapsed = await store().claimDueGrades(T0 + 10 + LEASE, 10, LEASE);
      expect(lapsed.map((j) => j.userId).sort()).to.deep.equal(['a', 'b', 'future']);
    });

    it('claims at most `limit` jobs, oldest due first', async () => {
      for (let i = 0; i < 5; i++) await store().enqueueGrade(gradeJob({ userId: `u${i}` }), T0 + 5 - i);
      const claimed = await store().claimDueGrades(T0 + 10, 2, LEASE);
      expect(claimed.map((j) => j.userId)).to.deep.equal(['u4', 'u3']);
      expect(await store().claimDueGrades(T0 + 10, 10, LEASE)).to.have.length(3);
    });

    it('never gives one job to two simultaneous claimers', async () => {
      for (let i = 0; i < 20; i++) await store().enqueueGrade(gradeJob({ userId: `u${i}` }), T0);
      const [one, two] = await Promise.all([store().claimDueGrades(T0, 15, LEASE), store().claimDueGrades(T0, 15, LEASE)]);
      const ids = [...(one ?? []), ...(two ?? [])].map((j) => j.id);
      expect(ids).to.have.length(20);
      expect(new Set(ids).size).to.equal(20);
    });

    it('completes a sent job only for the generation that was sent', async () => {
      const job = await store().enqueueGrade(gradeJob(), T0);
      const [claimed] = await store().claimDueGrades(T0, 1, LEASE);
      expect(claimed?.generation).to.equal(1);
      await store().enqueueGrade(gradeJob({ score: score(10) }), T0 + 1);

      expect(await store().markGradeSent(job.id, 1, T0 + 2)).to.equal(false);
      const [pending] = await store().selectGradeJobs({ userId: 'user-1' });
      expect(pending).to.deep.include({ status: 'pending', generation: 2, score: score(10), leaseUntil: 0 });
      // The lease was released, so the newer score goes out right away.
      const [next] = await store().claimDueGrades(T0 + 2, 1, LEASE);
      expect(next?.generation).to.equal(2);
      expect(await store().markGradeSent(job.id, 2, T0 + 3)).to.equal(true);
      const [done] = await store().selectGradeJobs({});
      expect(done).to.deep.include({ status: 'sent', generation: 2, leaseUntil: 0, updatedAt: T0 + 3 });
      expect(await store().claimDueGrades(T0 + 10 * LEASE, 10, LEASE)).to.deep.equal([]);
    });

    it('schedules a retry, counting tries, only for the current generation', async () => {
      const job = await store().enqueueGrade(gradeJob(), T0);
      await store().claimDueGrades(T0, 1, LEASE);
      await store().markGradeRetry(job.id, 1, T0 + 5000, 'HTTP 503', T0 + 1);
      const [retrying] = await store().selectGradeJobs({});
      expect(retrying).to.deep.include({ status: 'pending', tries: 1, nextAttemptAt: T0 + 5000, lastError: 'HTTP 503', leaseUntil: 0, updatedAt: T0 + 1 });
      expect(await store().claimDueGrades(T0 + 4999, 1, LEASE)).to.deep.equal([]);
      expect(await store().claimDueGrades(T0 + 5000, 1, LEASE)).to.have.length(1);
      await store().markGradeRetry(job.id, 1, T0 + 9000, 'HTTP 503', T0 + 5001);
      expect((await store().selectGradeJobs({}))[0]).to.deep.include({ tries: 2, nextAttemptAt: T0 + 9000 });

      await store().enqueueGrade(gradeJob({ score: score(3) }), T0 + 6000);
      await store().markGradeRetry(job.id, 1, T0 + 99_000, 'stale', T0 + 6001);
      expect((await store().selectGradeJobs({}))[0]).to.deep.include({ generation: 2, tries: 0, nextAttemptAt: T0 + 6000, lastError: null });
    });

    it('fails a job only for the current generation', async () => {
      const job = await store().enqueueGrade(gradeJob(), T0);
      await store().claimDueGrades(T0, 1, LEASE);
      await store().enqueueGrade(gradeJob({ score: score(4) }), T0 + 1);
      await store().markGradeFailed(job.id, 1, 'stale verdict', T0 + 2);
      expect((await store().selectGradeJobs({}))[0]).to.deep.include({ status: 'pending', generation: 2, lastError: null, leaseUntil: 0 });

      await store().claimDueGrades(T0 + 3, 1, LEASE);
      await store().markGradeFailed(job.id, 2, 'HTTP 400: invalid score', T0 + 4);
      expect((await store().selectGradeJobs({}))[0]).to.deep.include({ status: 'failed', lastError: 'HTTP 400: invalid score', leaseUntil: 0, updatedAt: T0 + 4 });
      expect(await store().countPendingGrades()).to.equal(0);
      expect(await store().claimDueGrades(T0 + 10 * LEASE, 10, LEASE)).to.deep.equal([]);
    });

    it('filters jobs by platform, resource link, user and status', async () => {
      const a = await store().enqueueGrade(gradeJob({ userId: 'a' }), T0);
      const b = await store().enqueueGrade(gradeJob({ userId: 'b', resourceLinkId: 'link-2' }), T0);
      const c = await store().enqueueGrade(gradeJob({ userId: 'c', platformId: 'platform-2' }), T0);
      await store().claimDueGrades(T0, 10, LEASE);
      await store().markGradeSent(b.id, 1, T0 + 1);
      const ids = async (filter: Parameters<ReturnType<CurrentStore>['selectGradeJobs']>[0]) =>
        (await store().selectGradeJobs(filter)).map((j) => j.id).sort();
      expect(await ids({ platformId: 'platform-1' })).to.deep.equal([a.id, b.id].sort());
      expect(await ids({ resourceLinkId: 'link-2' })).to.deep.equal([b.id]);
      expect(await ids({ userId: 'c' })).to.deep.equal([c.id]);
      expect(await ids({ status: 'sent' })).to.deep.equal([b.id]);
      expect(await ids({ status: 'pending', platformId: 'platform-1' })).to.deep.equal([a.id]);
      expect(await ids({ status: 'failed' })).to.deep.equal([]);
      expect(await store().countPendingGrades()).to.equal(2);
    });
  });
}
