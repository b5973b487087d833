/** Messages between the studio and a simulation worker thread. */
import type { SequenceDoc } from '../../engine/index.js';
import type { SimulationResult } from '../../simulation/index.js';

export interface SimulationJob {
  /** A document that passed validation (no errors). */
  readonly doc: SequenceDoc;
  readonly learners: number;
  readonly seed: number;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly result: SimulationResult }
  | { readonly type: 'error'; readonly message: string };

/** About a hundred progress messages per run, whatever its size. */
export const progressEvery = (total: number): number => Math.max(1, Math.floor(total / 100));
