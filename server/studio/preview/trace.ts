/**
 * Why the preview is where it is: for each step the player committed, the
 * rules decide() tried and what each did, in the designer's words.
 *
 * The player's applyAction commits steps with advance() but keeps only the
 * chosen rule; the full trace comes from decide() on the state advance() saw,
 * which for each action that moves on is the engine call applyAction makes
 * before it (submitSurvey, markDone, or nothing for "continue"). decide() is
 * pure and deterministic, so this is exactly the decision that was committed.
 */
import {
  decide,
  markDone,
  START_DIAGNOSTIC_RULE,
  START_SURVEY_RULE,
  COMPLETION_MASTERED_RULE,
  COMPLETION_MAX_STEPS_RULE,
  GUARD_MAX_STEPS_RULE,
  GUARD_STALLED_RULE,
  submitSurvey,
  type CompiledSequence,
  type Decision,
  type RuleOutcome,
} from '../../engine/index.js';
import type { PlayerAction } from '../../delivery/actions.js';
import type { PlayerState } from '../../delivery/player-state.js';

/**
 * The engine's outcome, except that a rule which fired but only queued a
 * message for the step another rule chose is 'message': it did not decide.
 */
export type TracedOutcome = RuleOutcome | 'message';

export interface TracedRule {
  readonly ruleId: string;
  readonly outcome: TracedOutcome;
  /** What the outcome means, in words. */
  readonly meaning: string;
  /** The rule's own description, or what the engine's built-in step does. */
  readonly description: string | null;
}

export interface TraceStep {
  /** The engine's step count after the decision. */
  readonly step: number;
  /** What the decision put on screen: an activity title, a choice, or the end. */
  readonly shown: string;
  readonly ruleId: string;
  readonly rules: readonly TracedRule[];
  /** A rule's message shown with the step, if any. */
  readonly message: string | null;
}

const MEANING: Readonly<Record<TracedOutcome, string>> = {
  fired: 'decided this step',
  message: 'added a message',
  noMatch: 'condition not met',
  unavailable: 'condition met, but nothing left to show',
  guarded: 'refused by the loop guard (shown too often without progress)',
};

const BUILT_IN: Readonly<Record<string, string>> = {
  [START_SURVEY_RULE]: 'start: the profile survey comes first',
  [START_DIAGNOSTIC_RULE]: 'start: the warm-up (diagnostic) comes next',
  [COMPLETION_MASTERED_RULE]: 'completion: every required objective is mastered',
  [COMPLETION_MAX_STEPS_RULE]: 'completion: the authored maximum number of steps was reached',
  [GUARD_MAX_STEPS_RULE]: 'loop guard: the hard cap on steps was reached',
  [GUARD_STALLED_RULE]: 'loop guard: no rule could produce a step, so the sequence ended',
};

/** The decision committed by `action` (applied to `before`), or null when the action does not move on. */
export function decisionBehind(compiled: CompiledSequence, before: PlayerState, action: PlayerAction): Decision | null {
  switch (action.type) {
    case 'survey':
      return decide(compiled, submitSurvey(compiled, before.engine, action.answers, { seconds: action.seconds }));
    case 'done':
      return decide(compiled, markDone(compiled, before.engine, action.report));
    case 'next':
      return decide(compiled, before.engine);
    case 'answer':
    case 'diagnostic':
    case 'hint':
    case 'choose':
      // Answers and hints stay on the same step; a choice was decided when it was offered.
      return null;
  }
}

export function traceStep(compiled: CompiledSequence, after: PlayerState, decision: Decision): TraceStep {
  const descriptions = new Map(compiled.doc.rules.map((r) => [r.id, r.description ?? null]));
  const step = decision.step.type === 'feedback' ? decision.step.then : decision.step;
  const shown =
    step.type === 'activity'
      ? (compiled.activityById.get(step.activityId)?.title ?? step.activityId)
      : step.type === 'choice'
        ? `a choice between ${step.options.map((id) => compiled.activityById.get(id)?.title ?? id).join(', ')}`
        : `the end (${step.reason})`;
  return {
    step: after.engine.stepCount,
    shown,
    ruleId: step.ruleId,
    message: decision.step.type === 'feedback' ? decision.step.message : null,
    rules: decision.trace.map((t) => {
      const outcome: TracedOutcome = t.outcome === 'fired' && t.ruleId !== step.ruleId ? 'message' : t.outcome;
      return {
        ruleId: t.ruleId,
        outcome,
        meaning: MEANING[outcome],
        description: BUILT_IN[t.ruleId] ?? descriptions.get(t.ruleId) ?? null,
      };
    }),
  };
}
