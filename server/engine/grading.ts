/**
 * Score and progress as reported to the LMS (both 0..1).
 *
 * Score follows the sequence's grading method, and is null until the learner
 * has shown something that method grades (or the path ends): a gradebook must
 * not read a prior, or an empty mean, as an achievement. Progress is 1 once complete and
 * otherwise the larger of the share of required objectives mastered and, when
 * `completion.maxSteps` is set, the share of steps taken, capped at 0.99 so
 * that only completion reports 1. Mastery is sticky, so progress never drops.
 */
import type { CompiledObjective, CompiledSequence } from './compiled.js';
import { own, type LearnerState } from './state.js';
import type { GradingMethod } from './types.js';

export interface GradeReport {
  readonly method: GradingMethod;
  /** 0..1, or null while there is no evidence to grade ("no score yet"). */
  readonly score: number | null;
  readonly progress: number;
  readonly completed: boolean;
  readonly masteredCount: number;
  readonly objectiveCount: number;
}

export function grade(compiled: CompiledSequence, state: LearnerState): GradeReport {
  const masteredCount = compiled.objectives.filter((o) => state.mastered.includes(o.id)).length;
  const raw = score(compiled, state, masteredCount);
  const completed = state.completed !== null;
  return {
    method: compiled.grading,
    // A finished path is final: nothing shown is then a 0, not a score the gradebook waits for forever.
    score: raw === null ? (completed ? 0 : null) : toTenthOfAPercent(clamp(raw)),
    progress: progress(compiled, state),
    completed,
    masteredCount,
    objectiveCount: compiled.objectives.length,
  };
}

function score(compiled: CompiledSequence, state: LearnerState, masteredCount: number): number | null {
  const count = compiled.objectives.length;
  // Practice answers are graded evidence even when they show nothing yet; the
  // warm-up counts only for what it shows, so on its own it can earn a score but never a 0.
  const practiced = Object.keys(state.attempts).length > 0;
  switch (compiled.grading) {
    case 'meanMastery': {
      let sum = 0;
      for (const o of compiled.objectives) sum += masteryGain(compiled, state, o);
      return practiced || sum > 0 ? sum / count : null;
    }
    case 'shareMastered':
      return practiced || masteredCount > 0 ? masteredCount / count : null;
    case 'questionScore': {
      const credits = Object.values(state.credit);
      return credits.length === 0 ? null : credits.reduce((a, b) => a + b, 0) / credits.length;
    }
  }
}

/**
 * How far the learner has come from where they started toward mastery, 0..1.
 * The raw estimate starts at the prior, so averaging it gave every learner
 * 15–25% for nothing and took points away for wrong warm-up answers.
 *
 * Gain counts from no lower than the level wrong answers alone settle at:
 * the model's learning step lifts a learner who answers nothing right toward
 * it (with BKT, from a weak warm-up's 0.02 to 0.17), which is no gain. So a
 * learner who never answers right scores 0, and one right answer washed out
 * by many wrong ones drifts back to 0, as the estimate does.
 */
function masteryGain(compiled: CompiledSequence, state: LearnerState, objective: CompiledObjective): number {
  if (state.mastered.includes(objective.id)) return 1;
  const start = Math.max(gradingBaseline(compiled, state, objective), compiled.settleLevels.get(objective.id) ?? 0);
  const span = objective.threshold - start;
  // A start at or above the threshold (a prior there, or learning so fast that wrong answers alone
  // reach it) leaves no room to gain: only mastery counts.
  if (span <= 0) return 0;
  const estimate = own(state.mastery, objective.id) ?? start;
  return clamp((estimate - start) / span);
}

/**
 * The prior, or the warm-up's estimate where it was lower: wrong warm-up answers cost no points.
 * masteryGain then raises it to the settle level; the stored baseline stays the warm-up's.
 */
function gradingBaseline(compiled: CompiledSequence, state: LearnerState, objective: CompiledObjective): number {
  const prior = compiled.model.initial(objective);
  const lowered = state.baseline === undefined ? undefined : own(state.baseline, objective.id);
  return lowered === undefined ? prior : Math.min(prior, lowered);
}

/**
 * Called once the warm-up's evidence is in. Its wrong answers lower the
 * estimate, and so the point the grade counts from: the warm-up is there to
 * place the learner, not to cost them points they then have to earn back.
 */
export function lowerBaselines(compiled: CompiledSequence, state: LearnerState, objectiveIds: Iterable<string>): void {
  state.baseline ??= {};
  for (const id of objectiveIds) {
    const objective = compiled.objectiveById.get(id);
    const estimate = own(state.mastery, id);
    if (objective === undefined || estimate === undefined) continue;
    state.baseline[id] = Math.min(gradingBaseline(compiled, state, objective), estimate);
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

/**
 * Scores go to the gradebook in steps of 0.1%. The model's estimates approach their limits
 * geometrically, so a learner who never answered right was left with a "gain" of 0.0001,
 * which the LMS showed as 0.01 / 100 beside the 0% the learner saw; and every change of the
 * score, however small, is a send to the LMS.
 */
function toTenthOfAPercent(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
