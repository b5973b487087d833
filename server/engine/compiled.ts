/**
 * The compiled form of a sequence: what compileSequence builds once and every
 * engine call reads. Defaults are applied, ids resolved into maps, rules sorted
 * and their conditions and actions turned into closures.
 */
import type { ActionResult } from './actions.js';
import type { TextMatcher } from './answers.js';
import type { Predicate } from './conditions.js';
import type { LearnerModel } from './learner-model.js';
import type { RuleOutcome, TraceEntry } from './steps.js';
import type { Activity, GradingMethod, Misconception, Modality, SequenceDoc } from './types.js';
import type { LearnerState } from './state.js';

export interface CompiledObjective {
  readonly id: string;
  readonly title: string;
  readonly threshold: number;
  readonly bkt: { readonly prior: number; readonly learn: number; readonly guess: number; readonly slip: number };
}

export type CompiledAction = (state: LearnerState) => ActionResult;

export interface CompiledRule {
  readonly id: string;
  /** -Infinity for the default rule, which always runs last. */
  readonly priority: number;
  readonly isDefault: boolean;
  /** Null for the default rule. */
  readonly when: Predicate | null;
  readonly action: CompiledAction;
  /** Whether the step it produces consumed a random draw. */
  readonly random: boolean;
  /** showFeedback without `then`: contributes a message, never a step. */
  readonly feedbackOnly: boolean;
  /** Trace entries allocated once, so a decision only pushes references. */
  readonly trace: Readonly<Record<RuleOutcome, TraceEntry>>;
}

export interface CompiledSequence {
  readonly doc: SequenceDoc;
  readonly id: string;
  readonly model: LearnerModel;
  readonly objectives: readonly CompiledObjective[];
  readonly objectiveById: ReadonlyMap<string, CompiledObjective>;
  readonly activityById: ReadonlyMap<string, Activity>;
  /** Activities exercising each objective, in document order. */
  readonly activitiesByObjective: ReadonlyMap<string, readonly string[]>;
  /** Each activity's modality, explicit or implied by its kind. */
  readonly modalityOf: ReadonlyMap<string, Modality>;
  readonly misconceptionById: ReadonlyMap<string, Misconception>;
  readonly textMatchers: ReadonlyMap<string, TextMatcher>;
  /** Highest priority first, ties in document order, the default rule last. */
  readonly rules: readonly CompiledRule[];
  readonly start: { readonly survey: string | null; readonly diagnostic: string | null };
  readonly completion: {
    readonly allObjectivesMastered: boolean;
    readonly objectives: readonly string[];
    readonly maxSteps: number | null;
  };
  readonly guard: { readonly maxSteps: number; readonly maxRevisits: number };
  readonly grading: GradingMethod;
  /**
   * Per objective id, the estimate that wrong answers alone settle at under
   * `model` (settleLevel): meanMastery counts gain from no lower. Computed
   * here because grade() runs on every answer.
   */
  readonly settleLevels: ReadonlyMap<string, number>;
}
