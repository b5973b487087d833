/**
 * Queues a learner's score for delivery to the LMS gradebook. Delivery
 * happens later, in the GradeWorker, so a slow or failing LMS never slows a
 * learner's page and a score survives restarts in the durable outbox.
 */
import type { GradeJob, NewGradeJob, OutboxRepo, ScorePayload, Session } from '../store/types.js';
import { readAgsEndpoint, scoreTarget } from './ags-claim.js';

export type ScoreInput = Omit<ScorePayload, 'timestamp'>;

/** Names the gradebook column the tool creates when the LMS has none for the link. */
const FALLBACK_LABEL = 'Adaptive activity';

/**
 * Queues `score` for the session's learner and resource link. Returns the
 * job (coalesced with any score still waiting for the same line item: the
 * latest wins), or null, doing nothing, when the launch did not grant grade
 * passback (no AGS claim, no score scope, or no line item and no right to
 * create one). Throws RangeError for a score no platform could accept.
 */
export async function queueScore(
  store: Pick<OutboxRepo, 'enqueueGrade'>,
  session: Session,
  score: ScoreInput,
  now: number,
): Promise<GradeJob | null> {
  const endpoint = readAgsEndpoint(session.claims);
  const target = endpoint === null ? null : scoreTarget(endpoint);
  if (target === null) return null;
  assertScore(score);
  const job: NewGradeJob = {
    platformId: session.platformId,
    lineItemUrl: 'lineItemUrl' in target ? target.lineItemUrl : null,
    lineItemsUrl: endpoint?.lineItemsUrl ?? null,
    resourceLinkId: session.resourceLinkId,
    // AGS identifies the learner by the launch's `sub`.
    userId: session.userId,
    label: session.resourceLinkTitle ?? FALLBACK_LABEL,
    score: {
      scoreGiven: score.scoreGiven,
      scoreMaximum: score.scoreMaximum,
      activityProgress: score.activityProgress,
      gradingProgress: score.gradingProgress,
      ...(score.comment === undefined ? {} : { comment: score.comment }),
      // The platform keeps the score with the latest timestamp, so it is taken when the score is earned, not when it is sent.
      timestamp: new Date(now).toISOString(),
    },
  };
  return store.enqueueGrade(job, now);
}

/**
 * Catches caller bugs at the source instead of as a permanent failure later.
 * scoreGiven above scoreMaximum is allowed: AGS permits extra credit, and
 * whether the LMS accepts it is the LMS's decision.
 */
function assertScore(score: ScoreInput): void {
  const given = score.scoreGiven;
  if (given !== null && (!Number.isFinite(given) || given < 0)) throw new RangeError(`scoreGiven must be null or a finite number >= 0, got ${given}`);
  // A final grade with nothing in it would blank the learner's gradebook cell for good.
  if (given === null && score.gradingProgress === 'FullyGraded') throw new RangeError('a FullyGraded score needs a scoreGiven');
  if (!Number.isFinite(score.scoreMaximum) || score.scoreMaximum <= 0) throw new RangeError(`scoreMaximum must be a finite number > 0, got ${score.scoreMaximum}`);
}
