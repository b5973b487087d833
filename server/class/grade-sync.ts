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
  /** The platform's reason for the last failure (also while a retry is scheduled), as recorded: the technical detail. */
  reason: string | null;
  /** That reason in a sentence an instructor can act on; null when there is none. */
  explanation: string | null;
  at: number | null;
  /**
   * What the LMS gradebook got: in its column's points when the LMS told them
   * ("5 / 10"), else as a share ("50%"), which any column scales to; "no score
   * yet" for a progress-only send.
   */
  score: string | null;
  canRetry: boolean;
}

const LABELS: Record<SyncState, string> = { sent: 'Sent', queued: 'Queued', failed: 'Failed', none: 'Nothing to send' };

/** `columnMaximum` is the scoreMaximum of the LMS column the job went to, when known (grade-columns.ts). */
export function gradeSync(job: GradeJob | null, columnMaximum: number | null = null): GradeSync {
  if (job === null) return { state: 'none', label: LABELS.none, reason: null, explanation: null, at: null, score: null, canRetry: false };
  const state: SyncState = job.status === 'pending' ? 'queued' : job.status;
  const label = state === 'queued' && job.lastError !== null ? `Queued, retry ${job.tries + 1}` : LABELS[state];
  return {
    state,
    label,
    reason: job.lastError,
    explanation: job.lastError === null ? null : explainReason(job.lastError),
    at: job.updatedAt,
    score: scoreText(job.score, columnMaximum),
    // A failed send never retries by itself; a scheduled retry can be brought forward once the cause is fixed.
    canRetry: job.status === 'failed' || (job.status === 'pending' && job.lastError !== null),
  };
}

function scoreText(score: GradeJob['score'], columnMaximum: number | null): string {
  if (score.scoreGiven === null) return 'no score yet';
  // As LMSs do (and the built-in one): the tool's scoreGiven / scoreMaximum, rescaled to the column's points.
  const share = score.scoreGiven / score.scoreMaximum;
  if (columnMaximum !== null) return `${points(share * columnMaximum)} / ${points(columnMaximum)}`;
  return `${Math.round(share * 100)}%`;
}

/** One decimal at most, none when whole: "5.3", "5", not "5.28" or "5.0". */
function points(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** What each kind of call was for, as the recorded reasons name it ("score POST: …"), and how its failures read. */
const CALLS: Record<string, { refused: string; forbidden: string; missing: string }> = {
  'score POST': {
    refused: 'The LMS refused the score',
    forbidden: 'The LMS does not allow this tool to send grades for this activity',
    missing: 'The LMS no longer has this activity’s gradebook column',
  },
  'access token request': {
    refused: 'The LMS refused the tool’s sign-in for sending grades',
    forbidden: 'The LMS refused the tool’s sign-in for sending grades',
    missing: 'The LMS’s sign-in address for tools was not found',
  },
  'line item lookup': {
    refused: 'The LMS refused to show the tool this activity’s gradebook column',
    forbidden: 'The LMS does not allow this tool to see its gradebook columns',
    missing: 'The LMS’s list of gradebook columns was not found',
  },
  'line item creation': {
    refused: 'The LMS refused to create a gradebook column for this activity',
    forbidden: 'The LMS does not allow this tool to create gradebook columns',
    missing: 'The LMS’s list of gradebook columns was not found',
  },
};

/**
 * A recorded reason ("score POST: HTTP 403: forbidden: …", written by the
 * grade worker for the record and the logs) in a plain sentence: what went
 * wrong for the instructor, with the status for whoever they ask for help.
 * Reasons it does not recognise are shown as they are, as a sentence.
 */
export function explainReason(reason: string): string {
  const call = /^(score POST|access token request|line item lookup|line item creation): (.*)$/s.exec(reason);
  const words = call?.[1] === undefined ? undefined : CALLS[call[1]];
  const rest = call?.[2];
  if (words === undefined || rest === undefined) return sentence(reason);
  const http = /^HTTP (\d{3})\b/.exec(rest);
  if (http !== null) {
    const status = Number(http[1]);
    if (status === 429) return `The LMS was busy and asked the tool to wait (HTTP 429).`;
    if (status === 408 || status >= 500) return `The LMS had a problem of its own (HTTP ${status}).`;
    if (status === 404 || status === 410) return `${words.missing} (HTTP ${status}).`;
    if (status === 401 || status === 403) return `${words.forbidden} (HTTP ${status}).`;
    if (status === 400 || status === 422) return `${words.refused} as invalid (HTTP ${status}).`;
    return `${words.refused} (HTTP ${status}).`;
  }
  if (/^unexpected redirect/.test(rest)) return 'The LMS sent the tool elsewhere instead of answering (a redirect the tool does not follow).';
  if (/^no answer within/.test(rest)) return 'The LMS did not answer in time.';
  if (/^could not reach/.test(rest)) return 'The tool could not reach the LMS.';
  if (/cut off|^interrupted/.test(rest)) return 'The connection to the LMS was cut off before it answered.';
  return `Sending to the LMS failed: ${rest.replace(/[.\s]+$/, '')}.`;
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.\s]+$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}

/** What "Send again" did, as its redirect names it (`retry=` in the URL). */
export type RetryOutcome = 'queued' | 'nothing' | 'no-passback';

export const RETRY_OUTCOMES: readonly RetryOutcome[] = ['queued', 'nothing', 'no-passback'];

/** The id of the note that says what "Send again" did (views/class/_grade.ejs): the #fragment its redirect comes back to. */
export const RETRY_NOTE_ID = 'retry-note';

/** After this long a "Send again" is old news: the row's state says it all. */
const RETRY_NOTE_MS = 10 * 60_000;

/**
 * What came of "Send again", said in the learner's grade sync cell from the
 * job as it is now. The redirect's address keeps `retry=` (a reload asks for it
 * again), so the sentence must never be one the row contradicts: "queued again
 * and being sent" above a row that says Failed was what a reload used to show.
 */
export function retryNote(outcome: RetryOutcome, sync: GradeSync, now: number): string | null {
  if (outcome === 'nothing') return 'There was no failed score to send again.';
  if (outcome === 'no-passback') return 'Your launch does not allow sending grades for this activity, so the score cannot be sent again from here.';
  if (sync.at === null || now - sync.at > RETRY_NOTE_MS) return null;
  switch (sync.state) {
    case 'queued':
      return sync.reason === null ? 'Sent again: on its way to the LMS. Reload in a moment to see that it arrived.' : 'Sent again; the LMS did not take it yet, and the tool will try again by itself.';
    case 'sent':
      return 'Sent again: the LMS has it now.';
    case 'failed':
      return 'Sent again, and the LMS refused it again.';
    case 'none':
      return null;
  }
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
