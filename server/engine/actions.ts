/**
 * Compiles a rule's action into a closure producing the step it stands for.
 *
 * Steps that do not depend on the state are built once here and returned by
 * reference, so most decisions allocate nothing. An action may come back empty:
 * 'unavailable' when it has nothing to offer (an exhausted pool) and 'guarded'
 * when the loop guard refused everything it could show; decide then tries the
 * next rule.
 */
import { DEFAULTS } from './defaults.js';
import { mayShow } from './guard.js';
import { pickIndex } from './rng.js';
import { own, type LearnerState } from './state.js';
import type { ActivityStep, ChoiceStep, CompleteStep, FeedbackStep, ProgressStep } from './steps.js';
import type { Action, Activity, ActivityKind, Modality, OfferChoiceAction, PickFromPoolAction, ReviewAction, StepAction } from './types.js';

/** showFeedback without `then`: the message waits for the next rule's step. */
export interface PendingFeedback {
  readonly type: 'pendingFeedback';
  readonly message: string;
  readonly ruleId: string;
}

export type ActionResult = ProgressStep | FeedbackStep | PendingFeedback | 'unavailable' | 'guarded';

export interface ActionContext {
  readonly ruleId: string;
  readonly why: string;
  readonly activityById: ReadonlyMap<string, Activity>;
  readonly activitiesByObjective: ReadonlyMap<string, readonly string[]>;
  readonly modalityOf: ReadonlyMap<string, Modality>;
  readonly maxRevisits: number;
}

export interface CompiledActionParts {
  readonly run: (state: LearnerState) => ActionResult;
  /** The step it produces consumed a random draw. */
  readonly random: boolean;
}

/** Kinds that pools and reviews may show: the survey and diagnostic run once, from `start`. */
const PRACTICE_KINDS: ReadonlySet<ActivityKind> = new Set<ActivityKind>([
  'singleChoice',
  'multipleChoice',
  'numeric',
  'shortText',
  'reading',
  'video',
  'handsOn',
]);

export function compileAction(action: Action, ctx: ActionContext): CompiledActionParts {
  if (action.type === 'showFeedback') {
    const { message } = action;
    const ruleId = ctx.ruleId;
    if (action.then === undefined) {
      const pending: PendingFeedback = Object.freeze({ type: 'pendingFeedback', message, ruleId });
      return { run: () => pending, random: false };
    }
    const inner = compileStepAction(action.then, ctx);
    return {
      random: inner.random,
      run: (s) => {
        const result = inner.run(s);
        if (typeof result === 'string' || result.type === 'feedback' || result.type === 'pendingFeedback') return result;
        return { type: 'feedback', message, ruleId, then: result };
      },
    };
  }
  return compileStepAction(action, ctx);
}

function compileStepAction(action: StepAction, ctx: ActionContext): CompiledActionParts {
  switch (action.type) {
    case 'goTo': {
      const step = activityStep(action.activity, ctx);
      const limit = ctx.maxRevisits;
      return { run: (s) => (mayShow(s, step.activityId, limit) ? step : 'guarded'), random: false };
    }
    case 'offerChoice':
      return { run: offerChoice(action, ctx), random: false };
    case 'pickFromPool':
      return { run: pickFromPool(action, ctx), random: true };
    case 'review':
      return { run: review(action, ctx), random: true };
    case 'complete': {
      const step: CompleteStep = Object.freeze({
        type: 'complete',
        reason: 'rule',
        message: action.message ?? null,
        ruleId: ctx.ruleId,
        why: ctx.why,
      });
      return { run: () => step, random: false };
    }
  }
}

function activityStep(activityId: string, ctx: ActionContext): ActivityStep {
  return Object.freeze({ type: 'activity', activityId, ruleId: ctx.ruleId, why: ctx.why });
}

function offerChoice(action: OfferChoiceAction, ctx: ActionContext): (s: LearnerState) => ActionResult {
  const options = Object.freeze([...action.options]);
  const limit = ctx.maxRevisits;
  const choiceStep = (available: readonly string[], recommended: string | null): ChoiceStep =>
    Object.freeze({ type: 'choice', options: available, recommended, prompt: action.prompt ?? null, ruleId: ctx.ruleId, why: ctx.why });
  // One prebuilt step per possible recommendation covers the usual case where no option is refused.
  const prebuilt = new Map<string | null, ChoiceStep>([[null, choiceStep(options, null)]]);
  for (const option of options) prebuilt.set(option, choiceStep(options, option));
  const singles = new Map(options.map((option) => [option, activityStep(option, ctx)]));
  const recommend = recommender(action, ctx);

  return (s) => {
    let refused = 0;
    for (const option of options) if (!mayShow(s, option, limit)) refused++;
    if (refused === 0) return prebuilt.get(recommend(options, s)) ?? choiceStep(options, null);
    if (refused === options.length) return 'guarded';
    const available = options.filter((option) => mayShow(s, option, limit));
    const [first] = available;
    // A choice of one is no choice: show it.
    if (available.length === 1 && first !== undefined) return singles.get(first) ?? activityStep(first, ctx);
    return choiceStep(Object.freeze(available), recommend(available, s));
  };
}

function recommender(action: OfferChoiceAction, ctx: ActionContext): (options: readonly string[], s: LearnerState) => string | null {
  switch (action.recommendBy) {
    case 'modality':
      return (options, s) => {
        const preferred = s.profile.modality;
        if (preferred === null) return null;
        for (const option of options) if (ctx.modalityOf.get(option) === preferred) return option;
        return null;
      };
    case 'interest': {
      const tags = new Map(action.options.map((option) => [option, ctx.activityById.get(option)?.tags ?? []]));
      return (options, s) => {
        const interests = s.profile.interests;
        for (const option of options) {
          for (const tag of tags.get(option) ?? []) if (interests.includes(tag)) return option;
        }
        return null;
      };
    }
    case undefined:
      return () => null;
  }
}

interface Candidate {
  readonly id: string;
  readonly modality: Modality | undefined;
  readonly step: ActivityStep;
}

function candidates(ids: readonly string[], ctx: ActionContext, kinds: ReadonlySet<ActivityKind>): readonly Candidate[] {
  return ids
    .filter((id) => {
      const kind = ctx.activityById.get(id)?.kind;
      return kind !== undefined && kinds.has(kind);
    })
    .map((id) => Object.freeze({ id, modality: ctx.modalityOf.get(id), step: activityStep(id, ctx) }));
}

/** Unseen: never shown. Otherwise: shown before, not on screen now, allowed by the guard. */
type Tier = 'unseen' | 'seen';

function eligible(c: Candidate, s: LearnerState, tier: Tier, modality: Modality | null, limit: number): boolean {
  if (modality !== null && c.modality !== modality) return false;
  const visits = own(s.visits, c.id) ?? 0;
  if (tier === 'unseen') return visits === 0;
  return visits > 0 && c.id !== s.currentActivity && mayShow(s, c.id, limit);
}

/** Uniform seeded pick among eligible candidates, counting first so nothing is allocated. */
function pick(cands: readonly Candidate[], s: LearnerState, tier: Tier, modality: Modality | null, limit: number): ActivityStep | null {
  let count = 0;
  for (const c of cands) if (eligible(c, s, tier, modality, limit)) count++;
  if (count === 0) return null;
  let index = pickIndex(s.rng.seed, s.rng.counter, count);
  for (const c of cands) {
    if (eligible(c, s, tier, modality, limit) && index-- === 0) return c.step;
  }
  return null;
}

/** With preferModality, candidates of the learner's modality go first when any is eligible. */
function pickPreferring(
  cands: readonly Candidate[],
  s: LearnerState,
  tier: Tier,
  preferModality: boolean,
  limit: number,
): ActivityStep | null {
  const modality = preferModality ? s.profile.modality : null;
  return (modality !== null ? pick(cands, s, tier, modality, limit) : null) ?? pick(cands, s, tier, null, limit);
}

function pickFromPool(action: PickFromPoolAction, ctx: ActionContext): (s: LearnerState) => ActionResult {
  const ids = action.pool ?? ctx.activitiesByObjective.get(action.objective ?? '') ?? [];
  const kinds = action.kinds === undefined ? PRACTICE_KINDS : new Set<ActivityKind>(action.kinds);
  const cands = candidates(ids, ctx, kinds);
  const preferModality = action.preferModality ?? DEFAULTS.preferModality;
  const limit = ctx.maxRevisits;
  // Unseen activities are never refused by the guard, so an empty pick means exhausted.
  return (s) => pickPreferring(cands, s, 'unseen', preferModality, limit) ?? 'unavailable';
}

function review(action: ReviewAction, ctx: ActionContext): (s: LearnerState) => ActionResult {
  const cands = candidates(ctx.activitiesByObjective.get(action.objective) ?? [], ctx, PRACTICE_KINDS);
  const preferModality = action.preferModality ?? DEFAULTS.preferModality;
  const limit = ctx.maxRevisits;
  return (s) => {
    const step = pickPreferring(cands, s, 'unseen', preferModality, limit) ?? pickPreferring(cands, s, 'seen', preferModality, limit);
    if (step !== null) return step;
    return cands.some((c) => !mayShow(s, c.id, limit)) ? 'guarded' : 'unavailable';
  };
}
