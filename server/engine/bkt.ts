/**
 * Bayesian Knowledge Tracing (Corbett & Anderson, 1995).
 *
 * With p = P(L) before the answer, guess g, slip s and learn rate T:
 *   correct:    p' = p(1−s) / (p(1−s) + (1−p)g)
 *   incorrect:  p' = p·s / (p·s + (1−p)(1−g))
 *   learning:   p'' = p' + (1−p')·T
 *
 * Hints. A correct answer after k hints is weaker evidence: the learner may
 * have been told most of it. We model that as a larger guess probability,
 *   g_k = g + (1 − s − g)(1 − 2^−k),
 * i.e. each hint halves the gap between g and 1 − s. At g_k = 1 − s a correct
 * answer is no evidence at all (p' = p), so hints can drain a correct answer's
 * value but never turn it into evidence against mastery; with the schema's
 * bound g, s ≤ 0.5 a correct answer therefore never lowers the estimate. An
 * incorrect answer is incorrect whatever the hints, so it uses g unchanged.
 */
import type { CompiledObjective } from './compiled.js';
import type { Evidence, LearnerModel } from './learner-model.js';

export function hintedGuess(guess: number, slip: number, hintsUsed: number): number {
  if (hintsUsed <= 0) return guess;
  const ceiling = Math.max(guess, 1 - slip);
  return guess + (ceiling - guess) * (1 - 2 ** -hintsUsed);
}

export function bktPosterior(p: number, correct: boolean, guess: number, slip: number): number {
  const numerator = correct ? p * (1 - slip) : p * slip;
  const denominator = numerator + (correct ? (1 - p) * guess : (1 - p) * (1 - guess));
  // Only reachable with degenerate parameters (e.g. p = 0 and g = 0): no information.
  return denominator === 0 ? p : numerator / denominator;
}

export function bktLearn(p: number, learn: number): number {
  return p + (1 - p) * learn;
}

export const bkt: LearnerModel = {
  id: 'bkt',
  initial: (objective: CompiledObjective) => objective.bkt.prior,
  observe(estimate: number, evidence: Evidence, objective: CompiledObjective): number {
    const { guess, slip, learn } = objective.bkt;
    const g = evidence.correct ? hintedGuess(guess, slip, evidence.hintsUsed) : guess;
    const posterior = bktPosterior(estimate, evidence.correct, g, slip);
    return evidence.learning ? bktLearn(posterior, learn) : posterior;
  },
};
