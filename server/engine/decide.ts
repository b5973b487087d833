/**
 * decide: the next step for a learner. Pure and deterministic: the same
 * compiled sequence and state give the same decision, randomness included
 * (pool picks read the state's seed and counter), so the studio can preview
 * and tests can replay a path.
 *
 * Order of business:
 *   1. a completed sequence stays complete; a pending choice is still pending;
 *   2. the loop guard's step cap, then the authored `completion.maxSteps`;
 *   3. `start`: the survey, then the diagnostic, until each is submitted;
 *   4. completion by mastery of the required objectives;
 *   5. the rules, highest priority first, the default last. A rule decides when
 *      its condition holds and its action yields a step. A feedback message
 *      without `then` is kept and shown before whatever the next rules decide;
 *      a step carries one message, the first one matched;
 *   6. nothing left: complete as 'stalled' (see guard.ts).
 * Steps 2–4 and 6 appear in the trace under '@' ids.
 */
import type { PendingFeedback } from './actions.js';
import type { CompiledSequence } from './compiled.js';
import { traceEntries } from './compile.js';
import { GUARD_MAX_STEPS_RULE, GUARD_STALLED_RULE, mayShow, stepCapReached } from './guard.js';
import type { LearnerState } from './state.js';
import type { ActivityStep, CompleteStep, CompletionReason, Decision, ProgressStep, Step, TraceEntry } from './steps.js';

export const START_SURVEY_RULE = '@start.survey';
export const START_DIAGNOSTIC_RULE = '@start.diagnostic';
export const COMPLETION_MASTERED_RULE = '@completion.mastered';
export const COMPLETION_MAX_STEPS_RULE = '@completion.maxSteps';

const TRACE = {
  survey: traceEntries(START_SURVEY_RULE),
  diagnostic: traceEntries(START_DIAGNOSTIC_RULE),
  mastered: traceEntries(COMPLETION_MASTERED_RULE),
  maxSteps: traceEntries(COMPLETION_MAX_STEPS_RULE),
  guardMaxSteps: traceEntries(GUARD_MAX_STEPS_RULE),
  stalled: traceEntries(GUARD_STALLED_RULE),
};

const WHY = {
  survey: 'A few questions about you, so the path can fit your interests and how you like to learn.',
  diagnostic: 'A quick check of what you already know, so you do not repeat what you have mastered.',
  // Learners read "topic"; "objective" is the designer's word.
  mastered: 'You have mastered every topic of this sequence.',
  maxSteps: 'You have worked through every step this sequence plans.',
  guardMaxSteps: 'This sequence reached its maximum length and was ended.',
  // Said to learners of any course, school or workplace: who else sees the path (a teacher, a trainer,
  // no one) is for a sequence to say, in its own rules' `complete` messages.
  stalled: 'No activity is left that could help right now, so the sequence was ended.',
};

function complete(reason: CompletionReason, ruleId: string, why: string): CompleteStep {
  return Object.freeze({ type: 'complete', reason, message: null, ruleId, why });
}

const STEPS = {
  mastered: complete('mastered', COMPLETION_MASTERED_RULE, WHY.mastered),
  maxSteps: complete('maxSteps', COMPLETION_MAX_STEPS_RULE, WHY.maxSteps),
  guardMaxSteps: complete('guardMaxSteps', GUARD_MAX_STEPS_RULE, WHY.guardMaxSteps),
  stalled: complete('stalled', GUARD_STALLED_RULE, WHY.stalled),
};

/** Start steps are per sequence (they name its activities); cached per compiled sequence. */
const startSteps = new WeakMap<CompiledSequence, { survey: ActivityStep | null; diagnostic: ActivityStep | null }>();

function startStepsOf(compiled: CompiledSequence): { survey: ActivityStep | null; diagnostic: ActivityStep | null } {
  let steps = startSteps.get(compiled);
  if (steps === undefined) {
    const step = (activityId: string | null, ruleId: string, why: string): ActivityStep | null =>
      activityId === null ? null : Object.freeze({ type: 'activity', activityId, ruleId, why });
    steps = {
      survey: step(compiled.start.survey, START_SURVEY_RULE, WHY.survey),
      diagnostic: step(compiled.start.diagnostic, START_DIAGNOSTIC_RULE, WHY.diagnostic),
    };
    startSteps.set(compiled, steps);
  }
  return steps;
}

function allRequiredMastered(compiled: CompiledSequence, state: LearnerState): boolean {
  for (const id of compiled.completion.objectives) if (!state.mastered.includes(id)) return false;
  return true;
}

function withFeedback(pending: PendingFeedback | null, step: ProgressStep): Step {
  return pending === null ? step : { type: 'feedback', message: pending.message, ruleId: pending.ruleId, then: step };
}

export function decide(compiled: CompiledSequence, state: LearnerState): Decision {
  const trace: TraceEntry[] = [];
  if (state.completed !== null) {
    const { reason, message, ruleId, why } = state.completed;
    return { step: { type: 'complete', reason, message, ruleId, why }, trace, drewRandom: false };
  }
  if (state.pendingChoice !== null) return { step: state.pendingChoice, trace, drewRandom: false };

  if (stepCapReached(compiled, state)) {
    trace.push(TRACE.guardMaxSteps.fired);
    return { step: STEPS.guardMaxSteps, trace, drewRandom: false };
  }
  const { maxSteps } = compiled.completion;
  if (maxSteps !== null && state.stepCount >= maxSteps) {
    trace.push(TRACE.maxSteps.fired);
    return { step: STEPS.maxSteps, trace, drewRandom: false };
  }

  const limit = compiled.guard.maxRevisits;
  const start = startStepsOf(compiled);
  if (start.survey !== null && !state.surveyDone) {
    if (mayShow(state, start.survey.activityId, limit)) {
      trace.push(TRACE.survey.fired);
      return { step: start.survey, trace, drewRandom: false };
    }
    trace.push(TRACE.survey.guarded);
  }
  if (start.diagnostic !== null && state.diagnostic === null) {
    if (mayShow(state, start.diagnostic.activityId, limit)) {
      trace.push(TRACE.diagnostic.fired);
      return { step: start.diagnostic, trace, drewRandom: false };
    }
    trace.push(TRACE.diagnostic.guarded);
  }

  if (compiled.completion.allObjectivesMastered && allRequiredMastered(compiled, state)) {
    trace.push(TRACE.mastered.fired);
    return { step: STEPS.mastered, trace, drewRandom: false };
  }

  let pending: PendingFeedback | null = null;
  for (const rule of compiled.rules) {
    // One message per step: once one waits, further feedback-only rules are not tried.
    if (pending !== null && rule.feedbackOnly) continue;
    if (rule.when !== null && !rule.when(state)) {
      trace.push(rule.trace.noMatch);
      continue;
    }
    const result = rule.action(state);
    if (result === 'unavailable' || result === 'guarded') {
      trace.push(rule.trace[result]);
      continue;
    }
    trace.push(rule.trace.fired);
    if (result.type === 'pendingFeedback') {
      pending = result;
      continue;
    }
    const step = result.type !== 'feedback' ? withFeedback(pending, result) : pending === null ? result : withFeedback(pending, result.then);
    return { step, trace, drewRandom: rule.random };
  }

  trace.push(TRACE.stalled.fired);
  return { step: withFeedback(pending, STEPS.stalled), trace, drewRandom: false };
}
