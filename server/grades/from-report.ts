/**
 * Turns the engine's grade report into the score the LMS gradebook receives.
 * Scores are sent on a 0–100 scale: AGS platforms rescale scoreGiven /
 * scoreMaximum to their own column, so the tool need not know the column's maximum.
 */
import type { GradeReport } from '../engine/index.js';
import type { OutboxRepo, Session } from '../store/types.js';
import { queueScore, type ScoreInput } from './enqueue.js';

const SCALE = 100;

export function scoreFromReport(report: GradeReport, previous: GradeReport | null): ScoreInput {
  const activityProgress = report.completed ? 'Completed' : previous === null ? 'Started' : 'InProgress';
  // Nothing graded yet: tell the gradebook the learner is at work, without a number it would show as a grade.
  if (report.score === null) return { scoreGiven: null, scoreMaximum: SCALE, activityProgress, gradingProgress: 'NotReady' };
  return {
    scoreGiven: Math.round(report.score * 10_000) / 100,
    scoreMaximum: SCALE,
    activityProgress,
    // The score is the learner's grade as it stands (mastery so far), so it is graded even
    // while the path goes on; activityProgress says the work is not finished. Canvas ignores
    // scoreGiven under Pending, NotReady or Failed, which left its gradebook empty until
    // completion, and PendingManual would ask a teacher to grade it by hand.
    gradingProgress: 'FullyGraded',
  };
}

/** The delivery layer's score hook: queue the score durably, then wake the sender. */
export function outboxScoreHook(store: Pick<OutboxRepo, 'enqueueGrade'>, kick: () => void, now: () => number) {
  return async (session: Session, report: GradeReport, previous: GradeReport | null): Promise<void> => {
    const job = await queueScore(store, session, scoreFromReport(report, previous), now());
    if (job) kick();
  };
}
