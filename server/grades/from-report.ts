/**
 * Turns the engine's grade report into the score the LMS gradebook receives.
 * Scores are sent on a 0–100 scale: AGS platforms rescale scoreGiven /
 * scoreMaximum to their own column, so the tool need not know the column's maximum.
 */
import type { GradeReport } from '../engine/index.js';
import type { OutboxRepo, Session } from '../store/types.js';
import { queueScore, type ScoreInput } from './enqueue.js';

export function scoreFromReport(report: GradeReport, previous: GradeReport | null): ScoreInput {
  return {
    scoreGiven: Math.round(report.score * 10_000) / 100,
    scoreMaximum: 100,
    activityProgress: report.completed ? 'Completed' : previous === null ? 'Started' : 'InProgress',
    // Until the path is complete the score is provisional, and gradebooks should say so.
    gradingProgress: report.completed ? 'FullyGraded' : 'Pending',
  };
}

/** The delivery layer's score hook: queue the score durably, then wake the sender. */
export function outboxScoreHook(store: Pick<OutboxRepo, 'enqueueGrade'>, kick: () => void, now: () => number) {
  return async (session: Session, report: GradeReport, previous: GradeReport | null): Promise<void> => {
    const job = await queueScore(store, session, scoreFromReport(report, previous), now());
    if (job) kick();
  };
}
