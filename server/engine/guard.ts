/**
 * The loop guard: a sequence can never keep a learner forever.
 *
 * 1. Step cap. Once `guard.maxSteps` activities (default 200) have been shown,
 *    decide completes the sequence with reason 'guardMaxSteps'.
 * 2. Revisit cap. `state.revisits` counts how often each activity was shown
 *    since the learner's mastery last changed. A step that would show an
 *    activity already shown `guard.maxRevisits` times (default 3) in that window
 *    is refused; the rule is traced as 'guarded' and the next rule is tried.
 *    Mastery only moves on new evidence (a first attempt, the diagnostic), so
 *    going round activities without producing evidence exhausts the window.
 * 3. When every rule, the default included, is unavailable or refused, decide
 *    completes with reason 'stalled' instead of returning nothing: the player
 *    ends the attempt and the trace tells the designer which rules were refused.
 */
import type { CompiledSequence } from './compiled.js';
import { own, type LearnerState } from './state.js';

export const GUARD_MAX_STEPS_RULE = '@guard.maxSteps';
export const GUARD_STALLED_RULE = '@guard.stalled';

export function mayShow(state: LearnerState, activityId: string, maxRevisits: number): boolean {
  return (own(state.revisits, activityId) ?? 0) < maxRevisits;
}

export function stepCapReached(compiled: CompiledSequence, state: LearnerState): boolean {
  return state.stepCount >= compiled.guard.maxSteps;
}

/** New evidence moved mastery: every activity may be shown again. */
export function resetRevisits(state: LearnerState): void {
  state.revisits = {};
}
