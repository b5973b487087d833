/**
 * A rule whose condition nothing on its own step can make false: it sends the
 * learner to a fixed activity (goTo, offerChoice, or either after a message),
 * and none of the facts it asks about changes when the learner sees or
 * answers that activity, or each changes only in the direction that keeps the
 * condition true (`visited contains`, `mastered contains`, `stepCount ≥`,
 * profile and diagnostic facts, mastery of another objective …). Once such a
 * rule fires it is true again right after, so whenever no higher-priority rule
 * applies it sends the learner back to the same activity, step after step,
 * until the loop guard refuses it. QA met exactly this: `visited contains
 * read-compare → goTo cmp-q1` showed "Which is bigger?" at every step.
 *
 * Conservative by construction: a fact counts as lasting only when the engine
 * cannot change it in a way that matters on the target's step (see
 * `changeOn`); anything else (currentActivity, a bound on stepCount, attempts
 * or visits of the target, the last answer after a question, mastery the
 * target measures …) may end the rule and keeps it out of this check. Rules
 * reacting to the last answer while showing material are repeats-after-answer's
 * (lint-repeat.ts); the default rule, which fires when nothing else does, is
 * not checked.
 */
import { isConditionalRule, isFactRef, isQuestion, type Action, type Activity, type Condition, type FactCondition } from '../engine/index.js';
import { pointer } from './issues.js';
import type { LintContext } from './lint-context.js';

/**
 * How a fact's value can change on the step that shows `target`:
 * - same: not at all;
 * - rises: a number that can only go up (stepCount, time, attempts);
 * - adds: a list that can only gain the given items (visited, mastered);
 * - turnsTrue: a boolean that can only go from false to true;
 * - any: anything.
 */
type Change = { kind: 'same' } | { kind: 'rises' } | { kind: 'adds'; items: readonly string[] } | { kind: 'turnsTrue' } | { kind: 'any' };

const SAME: Change = { kind: 'same' };
const RISES: Change = { kind: 'rises' };
const TURNS_TRUE: Change = { kind: 'turnsTrue' };
const ANY: Change = { kind: 'any' };

/** What the step showing `target` (and the learner's work on it) does to fact `fact` at `path`. */
function changeOn(target: Activity, fact: string, path: string | undefined): Change {
  const question = isQuestion(target);
  const measures = (objective: string) => question && (target.objectives ?? []).includes(objective);
  switch (fact) {
    case 'stepCount':
      return RISES;
    case 'timeOnTask':
      return path === undefined || path === target.id ? RISES : SAME;
    case 'visited':
      if (path === undefined) return { kind: 'adds', items: [target.id] };
      return path === target.id ? TURNS_TRUE : SAME;
    case 'attempts':
      return question && path === target.id ? RISES : SAME;
    case 'mastery':
      return path !== undefined && measures(path) ? ANY : SAME;
    case 'mastered':
      // Mastered objectives are never taken back (mastery.ts).
      if (path === undefined) return question ? { kind: 'adds', items: target.objectives ?? [] } : SAME;
      return measures(path) ? TURNS_TRUE : SAME;
    case 'streak':
      return question ? ANY : SAME;
    case 'selfReport':
      // Only content sets it; answering a question leaves it as it was.
      return question ? SAME : ANY;
    case 'profile':
    case 'diagnostic':
      // Set by the start survey and diagnostic, which rules cannot show (targets of those kinds are skipped).
      return SAME;
    default:
      // currentActivity; lastResponse (after a question it is the new answer; after material it stays,
      // which is repeats-after-answer's case); anything unknown.
      return ANY;
  }
}

/** Whether `leaf`, true (polarity true) or false (polarity false) before the step, is still so after it. */
function leafLasts(target: Activity, leaf: FactCondition, polarity: boolean): boolean {
  const change = changeOn(target, leaf.fact, leaf.path);
  const { operator, value } = leaf;
  if (isFactRef(value)) return change.kind === 'same' && changeOn(target, value.fact, value.path).kind === 'same';
  switch (change.kind) {
    case 'same':
      return true;
    case 'any':
      return false;
    case 'rises':
      if (typeof value !== 'number') return false;
      if (operator === 'greaterThan' || operator === 'greaterThanInclusive') return polarity;
      if (operator === 'lessThan' || operator === 'lessThanInclusive') return !polarity;
      return false;
    case 'adds': {
      const added = (v: unknown) => typeof v === 'string' && change.items.includes(v);
      if (operator === 'contains') return polarity || !added(value);
      if (operator === 'doesNotContain') return !polarity || !added(value);
      if (operator === 'containsAny') return polarity || (Array.isArray(value) && !value.some(added));
      return false;
    }
    case 'turnsTrue': {
      // The value can only become true: "is true" stays true, "is false" stays false once it is not.
      const asksTrue = (operator === 'equal' && value === true) || (operator === 'notEqual' && value === false);
      const asksFalse = (operator === 'equal' && value === false) || (operator === 'notEqual' && value === true);
      return (asksTrue && polarity) || (asksFalse && !polarity);
    }
  }
}

/** Whether `condition`, true (or false) before the step showing `target`, stays so whatever happens on it. */
function lasts(target: Activity, condition: Condition, polarity = true): boolean {
  if ('all' in condition) return condition.all.every((c) => lasts(target, c, polarity));
  if ('any' in condition) return condition.any.every((c) => lasts(target, c, polarity));
  if ('not' in condition) return lasts(target, condition.not, !polarity);
  return leafLasts(target, condition, polarity);
}

/** The fixed activities an action shows: a goTo's, or a choice's options (after a message too); null for the rest. */
function fixedTargets(action: Action): { kind: 'goTo' | 'offerChoice'; ids: readonly string[] } | null {
  if (action.type === 'showFeedback') return action.then === undefined ? null : fixedTargets(action.then);
  if (action.type === 'goTo') return { kind: 'goTo', ids: [action.activity] };
  if (action.type === 'offerChoice') return { kind: 'offerChoice', ids: action.options };
  return null;
}

/** An activity the condition requires to have been seen (`visited contains X` or `visited X equal true`, at its top level). */
function seenBefore(condition: Condition, targets: readonly string[]): string | null {
  const items = 'all' in condition ? condition.all : [condition];
  for (const c of items) {
    if (!('fact' in c) || c.fact !== 'visited') continue;
    const id = c.path === undefined ? (c.operator === 'contains' ? c.value : null) : c.operator === 'equal' && c.value === true ? c.path : null;
    if (typeof id === 'string' && !targets.includes(id)) return id;
  }
  return null;
}

/** Compact JSON with a space after each colon and comma, as the lint's other suggestions write it. */
function json(value: unknown): string {
  let out = '';
  let inString = false;
  for (const ch of JSON.stringify(value)) {
    out += ch;
    if (ch === '"' && !escaped(out)) inString = !inString;
    else if (!inString && (ch === ':' || ch === ',')) out += ' ';
  }
  return out;
}

/** Whether the quote just appended at the end of `text` is escaped (an odd number of backslashes before it). */
function escaped(text: string): boolean {
  let backslashes = 0;
  for (let j = text.length - 2; j >= 0 && text[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 1;
}

export function lintLastingCondition(ctx: LintContext): void {
  ctx.doc.rules.forEach((rule, i) => {
    if (!isConditionalRule(rule)) return;
    const fixed = fixedTargets(rule.then);
    if (fixed === null || fixed.ids.length === 0) return;
    const targets = fixed.ids.map((id) => ctx.activities.get(id));
    // Unknown targets are reported as such; the survey and the diagnostic run from `start`.
    if (targets.some((a) => a === undefined || a.kind === 'survey' || a.kind === 'diagnostic')) return;
    if (!targets.every((a) => a !== undefined && lasts(a, rule.when))) return;

    const named = (id: string) => {
      const title = ctx.activities.get(id)?.title;
      return title === undefined || title === '' ? `'${id}'` : `'${id}' (“${title}”)`;
    };
    // Said only when some rule can come first: for the top rule the "unless" would be untrue.
    const priority = rule.priority ?? 0;
    const outranked = ctx.doc.rules.some((other, j) => j !== i && isConditionalRule(other) && (other.priority ?? 0) >= priority);
    const whenever = outranked ? 'whenever no rule that comes first applies ' : '';
    const after = seenBefore(rule.when, fixed.ids);
    const pin = after === null ? '' : ` or ${json({ fact: 'currentActivity', operator: 'equal', value: after })} so it acts only right after '${after}'`;
    let message: string;
    if (fixed.kind === 'goTo') {
      const [id] = fixed.ids as [string];
      const target = ctx.activities.get(id);
      const work = target !== undefined && isQuestion(target) ? 'answer it' : 'go through it';
      message =
        `rule '${rule.id}' sends learners to ${named(id)}, and nothing in its condition changes when they ${work}: once the rule fires its condition stays true, ` +
        `so ${whenever}it sends them back to '${id}' at every step, until the loop guard refuses it. ` +
        `Add ${json({ fact: 'visited', path: id, operator: 'equal', value: false })} so it sends only learners who have not seen '${id}' yet,${pin || ' or a condition on currentActivity so it acts only at the moment it is meant for'}.`;
    } else {
      const options = fixed.ids.map(named).join(', ');
      message =
        `rule '${rule.id}' offers a choice of ${options}, and nothing in its condition changes when learners take one: once the rule fires its condition stays true, ` +
        `so ${whenever}it offers the same choice again at every step, until the loop guard refuses it. ` +
        `Add ${json({ not: { fact: 'visited', operator: 'containsAny', value: fixed.ids } })} so it is offered only to learners who have seen none of them,${pin || ' or a condition on currentActivity so it is offered only at the moment it is meant for'}.`;
    }
    ctx.warn(pointer('', 'rules', i, 'when'), 'repeats-every-step', message);
  });
}
