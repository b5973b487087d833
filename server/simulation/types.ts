/**
 * What a simulation is asked and what it answers. The result is plain JSON:
 * the studio streams it to the browser as the last NDJSON line.
 */
import type { CompletionReason, Modality } from '../engine/index.js';

export const MAX_LEARNERS = 5000;
export const DEFAULT_LEARNERS = 1000;
/** The same default seed on every run, so re-running an unchanged draft gives the same figures. */
export const DEFAULT_SEED = 1;

export interface SimulationOptions {
  /** 1..MAX_LEARNERS. */
  readonly learners: number;
  /** Unsigned 32-bit; the whole result is a function of (sequence, learners, seed). */
  readonly seed: number;
  /** Called after each learner; keep it cheap. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** How much a synthetic learner knew before starting, relative to the objective's BKT prior. */
export type PriorBand = 'low' | 'typical' | 'high';

/** How one synthetic learner's attempt ended. 'error' means the engine refused a call (reported, never thrown). */
export type Ending = CompletionReason | 'error';

/** One learner's run, reduced to what the report aggregates. */
export interface LearnerOutcome {
  readonly band: PriorBand;
  readonly modality: Modality;
  readonly ending: Ending;
  readonly errorMessage: string | null;
  /** Activities shown, survey and diagnostic included (the engine's stepCount). */
  readonly steps: number;
  /** Activity ids in the order they were shown. */
  readonly path: readonly string[];
  /** The rule that showed each activity of `path` (the one a choice came from, for a chosen option). */
  readonly rules: readonly string[];
  /** Rule ids the loop guard refused a step to, once per refusal. */
  readonly guardRefusals: readonly string[];
  /** The engine's estimate per objective at the end. */
  readonly estimates: Readonly<Record<string, number>>;
  /** Objectives the engine marked mastered. */
  readonly mastered: readonly string[];
  /** Objectives the synthetic learner actually knew at the end (the simulation's ground truth). */
  readonly known: readonly string[];
}

export interface HistogramBin {
  /** Inclusive bounds, in steps. */
  readonly from: number;
  readonly to: number;
  readonly learners: number;
}

export interface StepStats {
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
  readonly mean: number;
}

export interface PathCount {
  readonly activities: readonly string[];
  readonly learners: number;
  readonly share: number;
}

export interface RevisitPoint {
  readonly activityId: string;
  /** Learners shown this activity more than once. */
  readonly learners: number;
  readonly share: number;
  /** Mean times shown, among those learners. */
  readonly meanVisits: number;
  readonly maxVisits: number;
}

export interface GuardPoint {
  readonly ruleId: string;
  /** Steps the loop guard refused to this rule, over all learners. */
  readonly refusals: number;
  readonly learners: number;
}

export interface EndPoint {
  /** The activity on screen when the path ended (null: before any activity). */
  readonly lastActivity: string | null;
  readonly learners: number;
}

export interface ObjectiveMastery {
  readonly objectiveId: string;
  readonly title: string;
  /** Mean of the engine's mastery estimates at the end. */
  readonly meanEstimate: number;
  /** Share of learners the engine marked mastered. */
  readonly masteredShare: number;
  /** Share of learners who actually knew it at the end (ground truth the engine never sees). */
  readonly knownShare: number;
}

export interface SegmentFigures {
  readonly segment: string;
  readonly learners: number;
  readonly completionRate: number;
  readonly medianSteps: number | null;
}

export interface SimulationResult {
  readonly sequenceId: string;
  readonly learners: number;
  readonly seed: number;
  readonly completion: {
    /**
     * Share of learners whose path ended the way the designer intended: by
     * mastery, by a rule's `complete`, or at the authored `completion.maxSteps`.
     * Endings forced by the loop guard (`guardMaxSteps`, `stalled`) and engine
     * errors are not completions.
     */
    readonly rate: number;
    readonly completed: number;
    /**
     * Of `completed`, the learners whose path the loop guard had to step into
     * at least once (it refused a rule's step): they finished, but not along a
     * path the rules produced on their own. `completed - looped` went as designed.
     */
    readonly looped: number;
    readonly byEnding: Readonly<Record<Ending, number>>;
  };
  /** Steps taken by the learners who completed. */
  readonly stepsToCompletion: { readonly histogram: readonly HistogramBin[]; readonly stats: StepStats | null };
  /** The ten most common activity sequences, most frequent first. */
  readonly topPaths: readonly PathCount[];
  readonly stuck: {
    /** Activities learners were shown again and again, most learners first. */
    readonly revisits: readonly RevisitPoint[];
    /** Rules whose steps the loop guard refused: loops it cut. */
    readonly guardRefusals: readonly GuardPoint[];
    /** Where paths ended because no rule could produce a step. */
    readonly stalls: readonly EndPoint[];
    /** Where paths ended because the guard's step cap was hit. */
    readonly stepCap: readonly EndPoint[];
  };
  readonly mastery: readonly ObjectiveMastery[];
  readonly segments: { readonly priorKnowledge: readonly SegmentFigures[]; readonly modality: readonly SegmentFigures[] };
  /** Engine errors, grouped by message (expected: none). */
  readonly errors: readonly { readonly message: string; readonly learners: number }[];
  /** Caveats about how faithful the simulation is for this sequence. */
  readonly notes: readonly string[];
}
