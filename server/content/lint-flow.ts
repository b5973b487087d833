/**
 * Checks of the sequence as a whole path rather than as a document:
 * activities nothing can reach, objectives no question measures or too few
 * questions can bring to mastery, a default rule that can come up empty, no
 * way to complete, loops no rule can break, rules on the last answer that
 * would fire again after their own step, and rules whose condition nothing on
 * their own step can make false.
 */
import {
  isConditionalRule,
  isQuestion,
  type Action,
  type Condition,
  type ConditionalRule,
  type Rule,
} from '../engine/index.js';
import { pointer } from './issues.js';
import type { LintContext } from './lint-context.js';
import { actionTargets as targets } from './lint-actions.js';
import { lintRepeatAfterAnswer } from './lint-repeat.js';
import { lintLastingCondition } from './lint-lasting.js';
import { lintMasteryReach } from './lint-mastery.js';

/** `attempt` isolates each check when the document failed the schema. */
export function lintFlow(ctx: LintContext, attempt: (check: () => void) => void = (check) => check()): void {
  attempt(() => lintReachability(ctx));
  attempt(() => lintObjectives(ctx));
  attempt(() => lintMasteryReach(ctx));
  attempt(() => lintWayForward(ctx));
  attempt(() => lintCycles(ctx));
  attempt(() => lintRepeatAfterAnswer(ctx));
  attempt(() => lintLastingCondition(ctx));
}

function lintReachability(ctx: LintContext): void {
  const { doc } = ctx;
  const reachable = new Set<string>();
  if (doc.start?.survey !== undefined) reachable.add(doc.start.survey);
  if (doc.start?.diagnostic !== undefined) reachable.add(doc.start.diagnostic);
  for (const rule of doc.rules) for (const id of targets(ctx, rule.then)) reachable.add(id);
  // A reachable diagnostic shows its questions.
  for (const a of doc.activities) if (a.kind === 'diagnostic' && reachable.has(a.id)) for (const q of a.questions) reachable.add(q);
  doc.activities.forEach((a, i) => {
    if (!reachable.has(a.id)) {
      ctx.warn(pointer('', 'activities', i), 'unreachable-activity', `no rule, start step or diagnostic can show activity '${a.id}'`);
    }
  });
}

function lintObjectives(ctx: LintContext): void {
  const { doc } = ctx;
  const measured = new Set<string>();
  const exercised = new Set<string>();
  for (const a of doc.activities) {
    for (const id of a.objectives ?? []) {
      exercised.add(id);
      if (isQuestion(a)) measured.add(id);
    }
  }
  const masteryCompletes = doc.completion?.allObjectivesMastered ?? true;
  const required = new Set(doc.completion?.objectives ?? doc.objectives.map((o) => o.id));
  doc.objectives.forEach((o, i) => {
    if (measured.has(o.id)) return;
    const what = exercised.has(o.id)
      ? `only content exercises objective '${o.id}'; no question measures it, so its mastery never changes`
      : `no activity exercises objective '${o.id}'`;
    const blocking = masteryCompletes && required.has(o.id);
    ctx.report(
      blocking ? 'error' : 'warning',
      pointer('', 'objectives', i),
      'objective-not-exercised',
      blocking ? `${what}, so completion by mastery can never happen` : what,
    );
  });
}

function producesStepAlways(action: Action): boolean {
  switch (action.type) {
    case 'pickFromPool':
      return false;
    case 'showFeedback':
      return action.then !== undefined && producesStepAlways(action.then);
    default:
      return true;
  }
}

function hasComplete(action: Action): boolean {
  return action.type === 'complete' || (action.type === 'showFeedback' && action.then?.type === 'complete');
}

function lintWayForward(ctx: LintContext): void {
  const { doc } = ctx;
  doc.rules.forEach((rule, i) => {
    if (isConditionalRule(rule) || producesStepAlways(rule.then)) return;
    const at = pointer('', 'rules', i, 'then');
    if (rule.then.type === 'showFeedback' && rule.then.then === undefined) {
      ctx.error(at, 'no-way-forward', `the default rule '${rule.id}' only shows a message; give it a 'then' so the learner can move on`);
    } else {
      // With maxSteps the path may well end before the pool runs out; say when it matters rather than that it will stall.
      const maxSteps = doc.completion?.maxSteps;
      const when = maxSteps === undefined ? '' : ` before maxSteps (${maxSteps}) ends the path`;
      ctx.warn(
        at,
        'no-way-forward',
        `the default rule '${rule.id}' can run out (an exhausted pool)${when}; if it does and no other rule applies, the sequence ends as stalled. ` +
          'Prefer goTo, review, offerChoice or complete for the default.',
      );
    }
  });
  const masteryCompletes = doc.completion?.allObjectivesMastered ?? true;
  if (!masteryCompletes && doc.completion?.maxSteps === undefined && !doc.rules.some((r) => hasComplete(r.then))) {
    ctx.warn(
      '',
      'no-completion',
      'nothing ends this sequence: no rule completes it, completion by mastery is off and there is no maxSteps; only the loop guard will',
    );
  }
}

/** The activity a condition pins the rule to: exactly `currentActivity equal X` (single-item all/any allowed). */
function pinnedActivity(condition: Condition): string | null {
  if ('all' in condition || 'any' in condition) {
    const items = 'all' in condition ? condition.all : condition.any;
    const [only] = items;
    return items.length === 1 && only !== undefined ? pinnedActivity(only) : null;
  }
  if ('not' in condition) return null;
  const { fact, operator, value, path } = condition;
  return fact === 'currentActivity' && operator === 'equal' && path === undefined && typeof value === 'string' ? value : null;
}

function goToTarget(action: Action): string | null {
  if (action.type === 'goTo') return action.activity;
  if (action.type === 'showFeedback' && action.then?.type === 'goTo') return action.then.activity;
  return null;
}

/**
 * A loop with no exit: activities A → B → … → A where, on each of them, the
 * first rule that can apply is a plain "currentActivity is X → goTo Y". Rules
 * with any other condition might fire, so one of them ranking higher is taken
 * as a possible exit; only loops nothing can interrupt are reported.
 */
function lintCycles(ctx: LintContext): void {
  const { doc } = ctx;
  const indexed = doc.rules.map((rule, index) => ({ rule, index }));
  const ordered = indexed
    .filter((r): r is { rule: ConditionalRule; index: number } => isConditionalRule(r.rule))
    .filter(({ rule }) => !(rule.then.type === 'showFeedback' && rule.then.then === undefined))
    .sort((a, b) => b.rule.priority - a.rule.priority);

  // For each activity, the rule deciding there, if it is a plain transition.
  const next = new Map<string, { target: string; index: number; rule: Rule }>();
  const settled = new Set<string>();
  for (const { rule, index } of ordered) {
    const pinned = pinnedActivity(rule.when);
    // A rule with any other condition might fire anywhere: no later rule is certain to decide.
    if (pinned === null) break;
    if (settled.has(pinned)) continue;
    settled.add(pinned);
    const target = goToTarget(rule.then);
    if (target !== null) next.set(pinned, { target, index, rule });
  }

  const reported = new Set<string>();
  for (const startId of next.keys()) {
    const path: string[] = [];
    let current: string | undefined = startId;
    while (current !== undefined && next.has(current) && !path.includes(current)) {
      path.push(current);
      current = next.get(current)?.target;
    }
    if (current === undefined || !path.includes(current)) continue;
    const loop = path.slice(path.indexOf(current));
    const key = [...loop].sort().join('|');
    if (reported.has(key)) continue;
    reported.add(key);
    const edges = loop.map((id) => next.get(id)).filter((e) => e !== undefined);
    const first = edges.reduce((a, b) => (b.index < a.index ? b : a));
    ctx.error(
      pointer('', 'rules', first.index),
      'cycle-without-exit',
      `rules ${edges.map((e) => `'${e.rule.id}'`).join(', ')} loop over ${[...loop, current].join(' → ')} and no other rule can fire there; ` +
        'the learner would go round until the loop guard ends the sequence',
    );
  }
}
