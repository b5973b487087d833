/**
 * What a decision hands the player, and the trace the studio's preview shows.
 *
 * `ruleId` names the rule that chose the step; the engine's own steps use ids
 * starting with '@' (authored ids cannot), e.g. '@start.survey' or
 * '@completion.mastered'. `why` is the rule's description, meant for the learner.
 */

export interface ActivityStep {
  readonly type: 'activity';
  readonly activityId: string;
  readonly ruleId: string;
  readonly why: string;
}

export interface ChoiceStep {
  readonly type: 'choice';
  readonly options: readonly string[];
  /** The option to highlight, or null when the learner's profile matches none. */
  readonly recommended: string | null;
  readonly prompt: string | null;
  readonly ruleId: string;
  readonly why: string;
}

export type CompletionReason =
  /** A rule's `complete` action. */
  | 'rule'
  /** Every required objective is mastered. */
  | 'mastered'
  /** The authored `completion.maxSteps` was reached. */
  | 'maxSteps'
  /** The loop guard's hard cap on steps was reached. */
  | 'guardMaxSteps'
  /** No rule could produce a step (all refused by the loop guard or exhausted). */
  | 'stalled';

export interface CompleteStep {
  readonly type: 'complete';
  readonly reason: CompletionReason;
  readonly message: string | null;
  readonly ruleId: string;
  readonly why: string;
}

/** A step that moves the learner on; a feedback message always leads to one. */
export type ProgressStep = ActivityStep | ChoiceStep | CompleteStep;

export interface FeedbackStep {
  readonly type: 'feedback';
  readonly message: string;
  readonly ruleId: string;
  readonly then: ProgressStep;
}

export type Step = ProgressStep | FeedbackStep;

export type RuleOutcome =
  /** The condition was false. */
  | 'noMatch'
  /** The rule produced (part of) the step. */
  | 'fired'
  /** The condition held but the action had nothing to offer (e.g. an exhausted pool). */
  | 'unavailable'
  /** The condition held but the loop guard refused every activity it could show. */
  | 'guarded';

export interface TraceEntry {
  readonly ruleId: string;
  readonly outcome: RuleOutcome;
}

export interface Decision {
  readonly step: Step;
  /** Rules in the order they were tried, up to the one that decided. */
  readonly trace: readonly TraceEntry[];
  /** Whether the step consumed a random draw; committing it advances the counter. */
  readonly drewRandom: boolean;
}
