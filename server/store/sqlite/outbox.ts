import { randomUUID } from 'node:crypto';
import type { GradeJob, GradeJobStatus, OutboxRepo, ScorePayload } from '../types.js';
import type { GroupCommit } from './group-commit.js';
import { fromJson, type Db } from './sql.js';

interface GradeJobRow {
  id: string;
  platform_id: string;
  resource_link_id: string;
  user_id: string;
  line_item_key: string;
  line_item_url: string | null;
  line_items_url: string | null;
  label: string;
  score: string;
  status: GradeJobStatus;
  generation: number;
  tries: number;
  next_attempt_at: number;
  lease_until: number;
  last_error: string | null;
  updated_at: number;
}

function toJob(r: GradeJobRow): GradeJob {
  return {
    id: r.id,
    platformId: r.platform_id,
    lineItemUrl: r.line_item_url,
    lineItemsUrl: r.line_items_url,
    resourceLinkId: r.resource_link_id,
    userId: r.user_id,
    label: r.label,
    // ScorePayload is an interface without an index signature, so it is not assignable to Json as such.
    score: fromJson(r.score) as unknown as ScorePayload,
    status: r.status,
    generation: r.generation,
    tries: r.tries,
    nextAttemptAt: r.next_attempt_at,
    leaseUntil: r.lease_until,
    lastError: r.last_error,
    updatedAt: r.updated_at,
  };
}

const FILTER_COLUMNS = { platformId: 'platform_id', resourceLinkId: 'resource_link_id', userId: 'user_id', status: 'status' } as const;

export function outboxRepo(db: Db, group: GroupCommit): OutboxRepo {
  // The lease is deliberately left alone: a sender still holding the previous
  // generation finishes first, so an older score can never land after a newer one.
  const enqueue = db.prepare<Omit<GradeJobRow, 'status' | 'generation' | 'tries' | 'lease_until' | 'last_error'>, GradeJobRow>(
    `INSERT INTO grade_jobs (id, platform_id, resource_link_id, user_id, line_item_key, line_item_url, line_items_url, label, score,
       status, generation, tries, next_attempt_at, lease_until, last_error, updated_at)
     VALUES (@id, @platform_id, @resource_link_id, @user_id, @line_item_key, @line_item_url, @line_items_url, @label, @score,
       'pending', 1, 0, @next_attempt_at, 0, NULL, @updated_at)
     ON CONFLICT (platform_id, resource_link_id, user_id, line_item_key) DO UPDATE SET
       label = excluded.label, score = excluded.score, status = 'pending', generation = generation + 1, tries = 0,
       next_attempt_at = excluded.next_attempt_at, last_error = NULL, updated_at = excluded.updated_at
     RETURNING *`,
  );
  // One statement picks and leases, so concurrent claimers (even other processes) get disjoint jobs.
  const claim = db.prepare<{ now: number; limit: number; lease_until: number }, GradeJobRow>(
    `UPDATE grade_jobs SET lease_until = @lease_until
     WHERE id IN (
       SELECT id FROM grade_jobs
       WHERE status = 'pending' AND next_attempt_at <= @now AND lease_until <= @now
       ORDER BY next_attempt_at, rowid LIMIT @limit)
     RETURNING *`,
  );
  const sent = db.prepare<{ id: string; generation: number; now: number }>(
    `UPDATE grade_jobs SET status = 'sent', lease_until = 0, last_error = NULL, updated_at = @now
     WHERE id = @id AND generation = @generation`,
  );
  const retry = db.prepare<{ id: string; generation: number; next: number; error: string; now: number }>(
    `UPDATE grade_jobs SET tries = tries + 1, next_attempt_at = @next, last_error = @error, lease_until = 0, updated_at = @now
     WHERE id = @id AND generation = @generation`,
  );
  const failed = db.prepare<{ id: string; generation: number; reason: string; now: number }>(
    `UPDATE grade_jobs SET status = 'failed', last_error = @reason, lease_until = 0, updated_at = @now
     WHERE id = @id AND generation = @generation`,
  );
  const release = db.prepare<[string]>('UPDATE grade_jobs SET lease_until = 0 WHERE id = ?');
  const setLineItem = db.prepare<[string, string]>('UPDATE grade_jobs SET line_item_url = ? WHERE id = ?');
  const pending = db.prepare<[], number>(`SELECT COUNT(*) FROM grade_jobs WHERE status = 'pending'`).pluck();

  /**
   * Applies a sender's verdict only to the generation it sent. When a newer score
   * arrived meanwhile, the verdict is dropped and the lease released so the newer
   * score goes out on the next claim instead of waiting for the lease to lapse.
   * Runs through the group commit: in a busy class every answer that changes a
   * score is a send, and each verdict in a transaction of its own cost a commit.
   */
  const settle = (id: string, apply: () => number): Promise<boolean> =>
    group.run(() => {
      if (apply() > 0) return true;
      release.run(id);
      return false;
    });

  return {
    async enqueueGrade(job, now) {
      const lineItemKey = job.lineItemUrl ?? job.lineItemsUrl;
      if (lineItemKey === null) throw new TypeError('A grade job needs a lineItemUrl or a lineItemsUrl');
      const row = await group.run(() => enqueue.get({
        id: randomUUID(),
        platform_id: job.platformId,
        resource_link_id: job.resourceLinkId,
        user_id: job.userId,
        line_item_key: lineItemKey,
        line_item_url: job.lineItemUrl,
        line_items_url: job.lineItemsUrl,
        label: job.label,
        score: JSON.stringify(job.score),
        next_attempt_at: now,
        updated_at: now,
      }));
      if (!row) throw new Error('Enqueueing the grade returned no row');
      return toJob(row);
    },
    async claimDueGrades(now, limit, leaseMs) {
      const rows = claim.all({ now, limit, lease_until: now + leaseMs });
      // RETURNING order is unspecified; senders expect the most overdue first.
      return rows.map(toJob).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    },
    async markGradeSent(id, generation, now) {
      return settle(id, () => sent.run({ id, generation, now }).changes);
    },
    async markGradeRetry(id, generation, nextAttemptAt, error, now) {
      await settle(id, () => retry.run({ id, generation, next: nextAttemptAt, error, now }).changes);
    },
    async markGradeFailed(id, generation, reason, now) {
      await settle(id, () => failed.run({ id, generation, reason, now }).changes);
    },
    async setGradeLineItem(id, lineItemUrl) {
      setLineItem.run(lineItemUrl, id);
    },
    async selectGradeJobs(filter) {
      const where: string[] = [];
      const params: string[] = [];
      for (const [field, column] of Object.entries(FILTER_COLUMNS)) {
        const value = filter[field as keyof typeof FILTER_COLUMNS];
        if (value === undefined) continue;
        where.push(`${column} = ?`);
        params.push(value);
      }
      const sql = `SELECT * FROM grade_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at, rowid`;
      return db.prepare<string[], GradeJobRow>(sql).all(...params).map(toJob);
    },
    async countPendingGrades() {
      return pending.get() ?? 0;
    },
  };
}
