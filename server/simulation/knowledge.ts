/**
 * How a synthetic learner's hidden knowledge shows in answers and grows with
 * practice: the generative side of the learner model the engine estimates.
 *
 *   P(correct) = knows ? 1 − slip : guess          (per the objective's BKT parameters)
 *   after an opportunity: not known → known with the learner's learning rate
 *
 * A question that exercises several objectives is answered as if they were one
 * skill: known only when all are, with their mean slip and guess. A question
 * that names no objective cannot be unknown, so it is answered with the
 * default slip. Content (reading, video, hands-on) is a learning opportunity
 * too, a better one in the learner's preferred modality and a poorer one in
 * another: the effect modality-routed rules are written for.
 */
import { DEFAULTS, type CompiledSequence, type Modality } from '../engine/index.js';
import type { SyntheticLearner } from './population.js';

/** Learning-rate factor of content in the learner's preferred modality, and in any other. */
export const MODALITY_MATCH_FACTOR = 1.5;
export const MODALITY_MISMATCH_FACTOR = 0.75;

export function knowsAll(learner: SyntheticLearner, objectiveIds: readonly string[]): boolean {
  for (const id of objectiveIds) if (learner.knows.get(id) !== true) return false;
  return true;
}

export function answersCorrectly(compiled: CompiledSequence, learner: SyntheticLearner, objectiveIds: readonly string[]): boolean {
  let slip = 0;
  let guess = 0;
  let counted = 0;
  for (const id of objectiveIds) {
    const objective = compiled.objectiveById.get(id);
    if (objective === undefined) continue;
    slip += objective.bkt.slip;
    guess += objective.bkt.guess;
    counted++;
  }
  if (counted === 0) return learner.random() < 1 - DEFAULTS.bkt.slip;
  return learner.random() < (knowsAll(learner, objectiveIds) ? 1 - slip / counted : guess / counted);
}

/** One learning opportunity for each objective, its rate scaled by `factor`. */
export function practice(learner: SyntheticLearner, objectiveIds: readonly string[], factor = 1): void {
  for (const id of objectiveIds) {
    if (learner.knows.get(id) !== false) continue;
    const rate = Math.min(1, (learner.learn.get(id) ?? 0) * factor);
    if (learner.random() < rate) learner.knows.set(id, true);
  }
}

export function contentFactor(learner: SyntheticLearner, modality: Modality | undefined): number {
  return modality === learner.modality ? MODALITY_MATCH_FACTOR : MODALITY_MISMATCH_FACTOR;
}
