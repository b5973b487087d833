import { randomUUID } from 'node:crypto';
import type { UpdateQuery } from 'mongoose';
import type { GradeJob, OutboxRepo } from '../types.js';
import type { GradeJobDoc, Models } from './models.js';

function toJob(d: GradeJobDoc): GradeJob {
  return {
    id: d.id,
    platformId: d.platformId,
    lineItemUrl: d.lineItemUrl,
    lineItemsUrl: d.lineItemsUrl,
    resourceLinkId: d.resourceLinkId,
    userId: d.userId,
    label: d.label,
    score: d.score,
    status: d.status,
    generation: d.generation,
    tries: d.tries,
    nextAttemptAt: d.nextAttemptAt,
    leaseUntil: d.leaseUntil,
    lastError: d.lastError,
    updatedAt: d.updatedAt,
  };
}

export function outboxRepo(m: Models): OutboxRepo {
  /**
   * Applies a sender's verdict only to the generation it sent. When a newer score
   * arrived meanwhile, the verdict is dropped and the lease released so the newer
   * score goes out on the next claim instead of waiting for the lease to lapse.
   */
  async function settle(id: string, generation: number, update: UpdateQuery<GradeJobDoc>): Promise<boolean> {
    const applied = await m.gradeJobs.updateOne({ id, generation }, update);
    if (applied.matchedCount > 0) return true;
    await m.gradeJobs.updateOne({ id }, { $set: { leaseUntil: 0 } });
    return false;
  }

  return {
    async enqueueGrade(job, now) {
      const lineItemKey = job.lineItemUrl ?? job.lineItemsUrl;
      if (lineItemKey === null) throw new TypeError('A grade job needs a lineItemUrl or a lineItemsUrl');
      // $inc on an upsert starts the generation at 1; the server retries an upsert that
      // races another on this unique key. The lease is deliberately left alone: a sender
      // still holding the previous generation finishes first, so an older score can
      // never land after a newer one.
      const d = await m.gradeJobs
        .findOneAndUpdate(
          { platformId: job.platformId, resourceLinkId: job.resourceLinkId, userId: job.userId, lineItemKey },
          {
            $set: { label: job.label, score: job.score, status: 'pending', tries: 0, nextAttemptAt: now, lastError: null, updatedAt: now },
            $inc: { generation: 1 },
            $setOnInsert: { id: randomUUID(), lineItemUrl: job.lineItemUrl, lineItemsUrl: job.lineItemsUrl, leaseUntil: 0 },
          },
          { upsert: true, new: true },
        )
        .lean<GradeJobDoc>();
      if (!d) throw new Error('Enqueueing the grade returned no document');
      return toJob(d);
    },
    async claimDueGrades(now, limit, leaseMs) {
      // One conditional update per job: each job can only be leased by whoever matches it first.
      const claimed: GradeJob[] = [];
      while (claimed.length < limit) {
        const d = await m.gradeJobs
          .findOneAndUpdate(
            { status: 'pending', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } },
            { $set: { leaseUntil: now + leaseMs } },
            { sort: { nextAttemptAt: 1, _id: 1 }, new: true },
          )
          .lean<GradeJobDoc>();
        if (!d) break;
        claimed.push(toJob(d));
      }
      return claimed;
    },
    async markGradeSent(id, generation, now) {
      return settle(id, generation, { $set: { status: 'sent', leaseUntil: 0, lastError: null, updatedAt: now } });
    },
    async markGradeRetry(id, generation, nextAttemptAt, error, now) {
      await settle(id, generation, { $set: { nextAttemptAt, lastError: error, leaseUntil: 0, updatedAt: now }, $inc: { tries: 1 } });
    },
    async markGradeFailed(id, generation, reason, now) {
      await settle(id, generation, { $set: { status: 'failed', lastError: reason, leaseUntil: 0, updatedAt: now } });
    },
    async setGradeLineItem(id, lineItemUrl) {
      await m.gradeJobs.updateOne({ id }, { $set: { lineItemUrl } });
    },
    async selectGradeJobs(filter) {
      const query: Partial<Pick<GradeJob, 'platformId' | 'resourceLinkId' | 'userId' | 'status'>> = {};
      if (filter.platformId !== undefined) query.platformId = filter.platformId;
      if (filter.resourceLinkId !== undefined) query.resourceLinkId = filter.resourceLinkId;
      if (filter.userId !== undefined) query.userId = filter.userId;
      if (filter.status !== undefined) query.status = filter.status;
      const docs = await m.gradeJobs.find(query).sort({ updatedAt: 1, _id: 1 }).lean<GradeJobDoc[]>();
      return docs.map(toJob);
    },
    async countPendingGrades() {
      return m.gradeJobs.countDocuments({ status: 'pending' });
    },
  };
}
