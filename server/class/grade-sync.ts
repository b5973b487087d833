/**
 * Whether each learner's score reached the LMS gradebook, in the outbox's own
 * terms (sent, queued, failed with the platform's reason), and the retry an
 * instructor can ask for once the cause is fixed.
 */
import { queueScore, type ScoreInput } from '../grades/index.js';
import type { GradeJob, OutboxRepo, Session } from '../store/types.js';
import { placementScope } from './scope.js';

export type SyncState = 'sent' | 'queued' | 'failed' | 'none';

export interface GradeSync {
  state: SyncState;
  label: string;
  /** The platform's reason for the last failure (also while a retry is scheduled). */
  reason: string | null;
  at: number | null;
  /** "7 / 10", or "no score yet" for a progress-only send. */
  score: string | null;
  canRetry: boolean;
}

const LABELS: Record<SyncState, string> = { sent: 'Sent', queued: 'Queued', failed: 'Failed', none: 'Nothing to send' };

export function gradeSync(job: GradeJob | null): GradeSync {
  if (job === null) return { state: 'none', label: LABELS.none, reason: null, at: null, score: null, canRetry: false };
  const state: SyncState = job.status === 'pending' ? 'queued' : job.status;
  const label = state === 'queued' && job.lastError !== null ? `Queued, retry ${job.tries + 1}` : LABELS[state];
  return {
    state,
    label,
    reason: job.lastError,
    at: job.updatedAt,
    score: job.score.scoreGiven === null ? 'no score yet' : `${round(job.score.scoreGiven)} / ${round(job.score.scoreMaximum)}`,
    // A failed send never retries by itself; a scheduled retry can be brought forward once the cause is fixed.
    canRetry: job.status === 'failed' || (job.status === 'pending' && job.lastError !== null),
  };
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export type RetryResult = { status: 'queued'; job: GradeJob } | { status: 'nothing-to-retry' } | { status: 'no-passback' };

/**
 * Queues the learner's latest score again, now, through queueScore. The
 * instructor's launch carries the same link's AGS endpoint the learner's did,
 * so the job coalesces with the failed one instead of adding a second.
 */
export async function retryGrade(store: Pick<OutboxRepo, 'selectGradeJobs' | 'enqueueGrade'>, instructor: Session, userId: string, now: number): Promise<RetryResult> {
  const scope = placementScope(instructor);
  const jobs = await store.selectGradeJobs({ platformId: scope.platformId, resourceLinkId: scope.resourceLinkId, userId });
  const latest = jobs.reduce<GradeJob | null>((a, b) => (a === null || b.updatedAt >= a.updatedAt ? b : a), null);
  if (latest === null || !gradeSync(latest).canRetry) return { status: 'nothing-to-retry' };
  const { scoreGiven, scoreMaximum, activityProgress, gradingProgress, comment } = latest.score;
  const input: ScoreInput = { scoreGiven, scoreMaximum, activityProgress, gradingProgress, ...(comment === undefined ? {} : { comment }) };
  const job = await queueScore(store, { ...instructor, userId }, input, now);
  return job === null ? { status: 'no-passback' } : { status: 'queued', job };
}
