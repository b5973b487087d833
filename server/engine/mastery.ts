/**
 * Feeding evidence to the learner model and keeping the derived facts in step:
 * `mastered` (sticky, as in Cognitive Tutor: a slip after mastery does not take
 * it back, so progress reported to the LMS never goes backwards) and the loop
 * guard's window, which restarts whenever an estimate moves.
 */
import type { CompiledSequence } from './compiled.js';
import { resetRevisits } from './guard.js';
import type { Evidence } from './learner-model.js';
import { own, type LearnerState } from './state.js';

export interface MasteryChange {
  readonly objectiveId: string;
  readonly before: number;
  readonly after: number;
  readonly mastered: boolean;
}

/** Smaller moves are rounding noise, not evidence: they must not reset the loop guard. */
const EPSILON = 1e-12;

export function applyEvidence(
  compiled: CompiledSequence,
  state: LearnerState,
  objectiveIds: readonly string[],
  evidence: Evidence,
): MasteryChange[] {
  const changes: MasteryChange[] = [];
  let moved = false;
  for (const id of objectiveIds) {
    const objective = compiled.objectiveById.get(id);
    if (objective === undefined) continue;
    const before = own(state.mastery, id) ?? compiled.model.initial(objective);
    const after = compiled.model.observe(before, evidence, objective);
    state.mastery[id] = after;
    if (Math.abs(after - before) > EPSILON) moved = true;
    if (after >= objective.threshold && !state.mastered.includes(id)) state.mastered.push(id);
    changes.push({ objectiveId: id, before, after, mastered: state.mastered.includes(id) });
  }
  if (moved) resetRevisits(state);
  return changes;
}
