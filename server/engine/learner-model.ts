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
