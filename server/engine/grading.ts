/**
 * Score and progress as reported to the LMS (both 0..1).
 *
 * Score follows the sequence's grading method. Progress is 1 once complete and
 * otherwise the larger of the share of required objectives mastered and, when
 * `completion.maxSteps` is set, the share of steps taken, capped at 0.99 so
 * that only completion reports 1. Mastery is sticky, so progress never drops.
 */
import type { CompiledSequence } from './compiled.js';
import { own, type LearnerState } from './state.js';
import type { GradingMethod } from './types.js';

export interface GradeReport {
  readonly method: GradingMethod;
  readonly score: number;
  readonly progress: number;
  readonly completed: boolean;
  readonly masteredCount: number;
  readonly objectiveCount: number;
}

export function grade(compiled: CompiledSequence, state: LearnerState): GradeReport {
  const masteredCount = compiled.objectives.filter((o) => state.mastered.includes(o.id)).length;
  return {
    method: compiled.grading,
    score: clamp(score(compiled, state, masteredCount)),
    progress: progress(compiled, state),
    completed: state.completed !== null,
    masteredCount,
    objectiveCount: compiled.objectives.length,
  };
}

function score(compiled: CompiledSequence, state: LearnerState, masteredCount: number): number {
  const count = compiled.objectives.length;
  switch (compiled.grading) {
    case 'meanMastery': {
      let sum = 0;
      for (const o of compiled.objectives) sum += state.mastered.includes(o.id) ? 1 : (own(state.mastery, o.id) ?? 0);
      return sum / count;
    }
    case 'shareMastered':
      return masteredCount / count;
    case 'questionScore': {
      const credits = Object.values(state.credit);
      return credits.length === 0 ? 0 : credits.reduce((a, b) => a + b, 0) / credits.length;
    }
  }
}

function progress(compiled: CompiledSequence, state: LearnerState): number {
  if (state.completed !== null) return 1;
  const required = compiled.completion.objectives;
  const masteredShare = required.filter((id) => state.mastered.includes(id)).length / required.length;
  const { maxSteps } = compiled.completion;
  const stepShare = maxSteps === null ? 0 : state.stepCount / maxSteps;
  return Math.min(0.99, Math.max(masteredShare, stepShare));
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
