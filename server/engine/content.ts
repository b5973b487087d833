/**
 * Finishing content (reading, video, hands-on). For hands-on tasks the learner
 * also reports whether they got it done, how confident they feel and which
 * checklist items they ticked. The report is the `selfReport` fact; it is not
 * evidence for the learner model, which only trusts graded answers.
 */
import type { CompiledSequence } from './compiled.js';
import { EngineError } from './errors.js';
import { addTime, assertActive, cloneState, type LearnerState } from './state.js';
import { isContent } from './types.js';

export interface DoneReport {
  /** Default true; hands-on learners may report they could not finish. */
  readonly done?: boolean;
  /** Integer 1..5. */
  readonly confidence?: number;
  /** Ids of ticked checklist items (hands-on). */
  readonly checked?: readonly string[];
  readonly seconds?: number;
}

export function markDone(compiled: CompiledSequence, state: LearnerState, report: DoneReport = {}): LearnerState {
  assertActive(compiled, state);
  const activity = state.currentActivity === null ? undefined : compiled.activityById.get(state.currentActivity);
  if (activity === undefined || !isContent(activity)) throw new EngineError('wrong-activity', 'the activity on screen is not content');
  const confidence = report.confidence ?? null;
  if (confidence !== null && !(Number.isInteger(confidence) && confidence >= 1 && confidence <= 5)) {
    throw new EngineError('invalid-input', 'confidence must be an integer from 1 to 5');
  }
  const checklist = activity.kind === 'handsOn' ? (activity.checklist ?? []) : [];
  for (const id of report.checked ?? []) {
    if (!checklist.some((item) => item.id === id)) throw new EngineError('invalid-input', `'${activity.id}' has no checklist item '${id}'`);
  }

  const next = cloneState(state);
  const done = report.done ?? true;
  next.selfReport = { activityId: activity.id, done, confidence };
  next.visit.finished = true;
  addTime(next, activity.id, report.seconds);
  next.history.push({ type: 'done', step: next.stepCount, activityId: activity.id, done, confidence, checked: [...(report.checked ?? [])] });
  return next;
}
