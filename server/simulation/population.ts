/**
 * Synthetic learners: a population that differs in what it already knows, how
 * fast it learns, how it likes to learn (the modality it answers in a survey)
 * and how readily it takes a recommended option.
 *
 * Each learner has its own random stream derived from (seed, index), so a
 * learner's whole run is independent of how many learners run before it or
 * of how the work is split: the same seed always yields the same population.
 *
 * Knowledge is hidden ground truth per objective, as in the generative
 * reading of BKT: a learner either knows an objective or not, answers
 * correctly with probability 1 − slip if they know it and guess if not, and
 * each learning opportunity turns "not known" into "known" with their
 * learning rate. The engine only ever sees the answers.
 */
import { mulberry32, seedFrom, type CompiledSequence, type Modality } from '../engine/index.js';
import type { PriorBand } from './types.js';

export const MODALITIES: readonly Modality[] = ['text', 'video', 'visual', 'hands-on'];

/** Share of the population in each band of prior knowledge. */
const BANDS: readonly { band: PriorBand; share: number }[] = [
  { band: 'low', share: 0.25 },
  { band: 'typical', share: 0.5 },
  { band: 'high', share: 0.25 },
];

/** P(knows an objective at the start), from the objective's BKT prior. */
function priorFor(band: PriorBand, prior: number): number {
  switch (band) {
    case 'low':
      return prior * 0.4;
    case 'typical':
      return prior;
    case 'high':
      return prior + (1 - prior) * 0.5;
  }
}

/** Learning rates vary about fourfold across a class; a log-normal spread keeps them positive. */
const LEARN_SPREAD = 0.5;
const LEARN_MULTIPLIER_BOUNDS = [0.25, 3] as const;
const LEARN_RATE_BOUNDS = [0.005, 0.95] as const;

export interface SyntheticLearner {
  readonly index: number;
  readonly band: PriorBand;
  readonly modality: Modality;
  /** Seed of the engine's own draws (pool picks) for this learner. */
  readonly engineSeed: number;
  /** The learner's private stream: answers, survey picks, learning transitions. */
  readonly random: () => number;
  /** Hidden knowledge per objective; learning flips false to true, never back. */
  readonly knows: Map<string, boolean>;
  /** Per-opportunity probability of learning each objective. */
  readonly learn: ReadonlyMap<string, number>;
  /** Probability of taking the highlighted option of a choice. */
  readonly followsRecommendation: number;
}

const clamp = (value: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, value));

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) is not a number
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function pickBand(u: number): PriorBand {
  let acc = 0;
  for (const { band, share } of BANDS) {
    acc += share;
    if (u < acc) return band;
  }
  return 'typical';
}

export function drawLearner(compiled: CompiledSequence, seed: number, index: number): SyntheticLearner {
  const random = mulberry32(seedFrom(`${seed >>> 0}:${index}`));
  const engineSeed = Math.floor(random() * 2 ** 32) >>> 0;
  const band = pickBand(random());
  const modality = MODALITIES[Math.floor(random() * MODALITIES.length)] ?? 'text';
  const multiplier = clamp(Math.exp(LEARN_SPREAD * normal(random)), LEARN_MULTIPLIER_BOUNDS);
  const knows = new Map<string, boolean>();
  const learn = new Map<string, number>();
  for (const objective of compiled.objectives) {
    knows.set(objective.id, random() < priorFor(band, objective.bkt.prior));
    learn.set(objective.id, clamp(objective.bkt.learn * multiplier, LEARN_RATE_BOUNDS));
  }
  return { index, band, modality, engineSeed, random, knows, learn, followsRecommendation: 0.5 + 0.45 * random() };
}
