/**
 * Checks of rule actions: the activities and objectives they name exist, a
 * pool has exactly one source and something in it, a recommendation has
 * something to go by.
 */
import type { Action, PickFromPoolAction, ReviewAction } from '../engine/index.js';
import { pointer } from './issues.js';
import type { LintContext } from './lint-context.js';

/** Kinds pools and reviews draw from, as the engine's actions do. */
const PRACTICE = new Set(['singleChoice', 'multipleChoice', 'numeric', 'shortText', 'reading', 'video', 'handsOn']);

/** The activities a pool or review can pick among (known ids only). */
export function practiceCandidates(ctx: LintContext, action: PickFromPoolAction | ReviewAction): string[] {
  const kinds = action.type === 'pickFromPool' && action.kinds !== undefined ? new Set<string>(action.kinds) : PRACTICE;
  const ids =
    action.type === 'pickFromPool' && action.pool !== undefined
      ? action.pool
      : ctx.doc.activities.filter((a) => a.objectives?.includes(action.objective ?? '') === true).map((a) => a.id);
  return ids.filter((id) => {
    const kind = ctx.activities.get(id)?.kind;
    return kind !== undefined && kinds.has(kind);
  });
}

/** Activities an action may show. */
export function actionTargets(ctx: LintContext, action: Action): string[] {
  switch (action.type) {
    case 'goTo':
      return [action.activity];
    case 'offerChoice':
      return action.options;
    case 'pickFromPool':
    case 'review':
      return practiceCandidates(ctx, action);
    case 'showFeedback':
      return action.then === undefined ? [] : actionTargets(ctx, action.then);
    case 'complete':
      return [];
  }
  // Only in a document that failed the schema (an unknown action type).
  return [];
}

export function lintAction(ctx: LintContext, action: Action, at: string): void {
  switch (action.type) {
    case 'goTo':
      ctx.knownActivity(action.activity, pointer(at, 'activity'));
      break;
    case 'offerChoice':
      lintOfferChoice(ctx, action, at);
      break;
    case 'pickFromPool':
      lintPool(ctx, action, at);
      break;
    case 'review':
      if (ctx.knownObjective(action.objective, pointer(at, 'objective')) && practiceCandidates(ctx, action).length === 0) {
        ctx.error(pointer(at, 'objective'), 'empty-pool', `no question or content exercises objective '${action.objective}', so there is nothing to review`);
      }
      break;
    case 'showFeedback':
      if (action.then !== undefined) lintAction(ctx, action.then, pointer(at, 'then'));
      break;
    case 'complete':
      break;
  }
}

function lintOfferChoice(ctx: LintContext, action: Extract<Action, { type: 'offerChoice' }>, at: string): void {
  const known = action.options.filter((id, i) => ctx.knownActivity(id, pointer(at, 'options', i)));
  for (const id of known) {
    const kind = ctx.activities.get(id)?.kind;
    if (kind === 'survey' || kind === 'diagnostic') {
      ctx.error(pointer(at, 'options', action.options.indexOf(id)), 'invalid-option', `'${id}' is a ${kind}; the survey and diagnostic run from 'start'`);
    }
  }
  if (action.recommendBy === 'interest' && !known.some((id) => (ctx.activities.get(id)?.tags ?? []).length > 0)) {
    ctx.warn(pointer(at, 'recommendBy'), 'no-recommendation', 'no option has interest tags, so nothing will ever be recommended');
  }
  if (action.recommendBy === 'modality') {
    const modalities = new Set(known.map((id) => ctx.modalityOf(id)));
    if (modalities.size < 2) ctx.warn(pointer(at, 'recommendBy'), 'no-recommendation', 'all options have the same modality, so the recommendation cannot follow the learner');
  }
}

function lintPool(ctx: LintContext, action: PickFromPoolAction, at: string): void {
  if ((action.objective === undefined) === (action.pool === undefined)) {
    ctx.error(at, 'pool-source', "give exactly one of 'objective' (its activities) or 'pool' (a list of activities)");
    return;
  }
  if (action.objective !== undefined && !ctx.knownObjective(action.objective, pointer(at, 'objective'))) return;
  const unknown = (action.pool ?? []).filter((id, i) => !ctx.knownActivity(id, pointer(at, 'pool', i)));
  if (unknown.length > 0) return;
  if (practiceCandidates(ctx, action).length === 0) {
    ctx.error(at, 'empty-pool', 'the pool has no activity it can show (survey and diagnostic activities, and kinds not listed in `kinds`, are left out)');
  }
}
