/**
 * Moving on: advance decides and commits the step into a new state; a pending
 * choice is committed by submitChoice once the learner picks.
 *
 * Committing is where a step is counted and a visit begins (state.enterActivity),
 * where a random draw is consumed, and where completion is recorded. A feedback
 * step commits the step it leads to: the player shows the message, then that.
 */
import type { CompiledSequence } from './compiled.js';
import { decide } from './decide.js';
import { EngineError } from './errors.js';
import { assertActive, cloneState, enterActivity, type LearnerState } from './state.js';
import type { Decision } from './steps.js';

export function advance(compiled: CompiledSequence, state: LearnerState): { state: LearnerState; decision: Decision } {
  assertActive(compiled, state);
  const decision = decide(compiled, state);
  const step = decision.step.type === 'feedback' ? decision.step.then : decision.step;
  const next = cloneState(state);
  if (decision.drewRandom) next.rng.counter += 1;
  switch (step.type) {
    case 'activity':
      enterActivity(next, step.activityId, step.ruleId);
      break;
    case 'choice':
      next.pendingChoice = step;
      break;
    case 'complete':
      next.completed = { ruleId: step.ruleId, reason: step.reason, why: step.why, message: step.message };
      next.history.push({ type: 'complete', step: next.stepCount, ruleId: step.ruleId, reason: step.reason });
      break;
  }
  return { state: next, decision };
}

/** The learner picks one of the pending choice's options; it goes on screen. */
export function submitChoice(compiled: CompiledSequence, state: LearnerState, activityId: string): LearnerState {
  assertActive(compiled, state);
  const choice = state.pendingChoice;
  if (choice === null) throw new EngineError('no-pending-choice', 'no choice is waiting for an answer');
  if (!choice.options.includes(activityId)) throw new EngineError('invalid-input', `'${activityId}' is not one of the options offered`);
  const next = cloneState(state);
  next.history.push({ type: 'choice', step: next.stepCount, chosen: activityId, recommended: choice.recommended });
  enterActivity(next, activityId, choice.ruleId);
  return next;
}
