/**
 * The learner model: how evidence moves a mastery estimate.
 *
 * The engine stores one number per objective (a probability of mastery in 0..1)
 * and asks the model to update it; it never inspects how. BKT (bkt.ts) is the
 * default; an Elo or LKT model plugs in through compileSequence's `model` option
 * as long as it can express its estimate as that probability.
 */
import type { CompiledObjective } from './compiled.js';

export interface Evidence {
  correct: boolean;
  /** Hints revealed before the answer was submitted. */
  hintsUsed: number;
  /**
   * Whether the opportunity could also teach (a practice question) or only
   * measures (the diagnostic). Models that model learning apply it only then.
   */
  learning: boolean;
}

export interface LearnerModel {
  readonly id: string;
  /** Estimate before any evidence. */
  initial(objective: CompiledObjective): number;
  /** Estimate after one piece of evidence. Must return a number in 0..1. */
  observe(estimate: number, evidence: Evidence, objective: CompiledObjective): number;
}

/** Enough for any contraction worth the name; a model that never settles stops here, where it got to. */
const SETTLE_MAX_STEPS = 10_000;
const SETTLE_TOLERANCE = 1e-12;
const WRONG: Evidence = Object.freeze({ correct: false, hintsUsed: 0, learning: true });

/**
 * The estimate that wrong first attempts alone settle at, iterating from the
 * prior. A model that also models learning does not drive a learner who never
 * answers right to 0: with BKT each wrong answer lowers the estimate and the
 * learning step raises it again, toward T(1−g)/(1−g−s) (≈ 0.171 with the
 * defaults g 0.2, s 0.1, T 0.15), from below as well as from above. Below
 * that level a rising estimate shows nothing the learner did. Found
 * numerically, so it holds for any model, not only BKT.
 */
export function settleLevel(model: LearnerModel, objective: CompiledObjective): number {
  let estimate = model.initial(objective);
  for (let step = 0; step < SETTLE_MAX_STEPS; step += 1) {
    const next = model.observe(estimate, WRONG, objective);
    // A model outside its contract gets no floor rather than a NaN grade.
    if (!Number.isFinite(next)) return 0;
    if (Math.abs(next - estimate) < SETTLE_TOLERANCE) return next;
    estimate = next;
  }
  return estimate;
}
