/**
 * A rule that reacts to the last answer (or the last self-report) keeps
 * seeing it: `lastResponse` and `selfReport` stay the same while the learner
 * reads, watches or does what the rule showed, so after that step the same
 * rule is true again and shows another, until the loop guard stops it. QA met
 * exactly this in both samples (the same four materials twice each for eight
 * screens). Pinning the rule to the moment right after the answer,
 * `currentActivity equal {fact: lastResponse, path: activityId}`, makes it act
 * once.
 *
 * Only rules that can show something other than a question are reported:
 * after a question the learner answers, which replaces the last response. A
 * rule that requires each material it shows to be unvisited cannot show it
 * twice, and any condition on currentActivity counts as handling it (the
 * author may have a reason this check cannot see).
 */
import { isConditionalRule, isFactRef, isQuestion, type Condition } from '../engine/index.js';
import { pointer } from './issues.js';
import { actionTargets } from './lint-actions.js';
import type { LintContext } from './lint-context.js';

const LASTING_FACTS = ['lastResponse', 'selfReport'] as const;

export function lintRepeatAfterAnswer(ctx: LintContext): void {
  ctx.doc.rules.forEach((rule, i) => {
    if (!isConditionalRule(rule)) return;
    const facts = factsIn(rule.when);
    const lasting = LASTING_FACTS.find((f) => facts.has(f));
    if (lasting === undefined || facts.has('currentActivity')) return;
    const unvisited = requiredUnvisited(rule.when);
    const showsMaterial = actionTargets(ctx, rule.then).some((id) => {
      const activity = ctx.activities.get(id);
      return activity !== undefined && !isQuestion(activity) && !unvisited.has(id);
    });
    if (!showsMaterial) return;
    ctx.warn(
      pointer('', 'rules', i, 'when'),
      'repeats-after-answer',
      `rule '${rule.id}' reacts to ${lasting}, which stays the same while the learner goes through what the rule shows, so it can fire again ` +
        `after its own step and show more of the same. Add the condition {"fact": "currentActivity", "operator": "equal", "value": {"fact": "${lasting}", "path": "activityId"}} so it acts once, right after the answer.`,
    );
  });
}

/** Every fact a condition reads, in comparisons and in the values compared with. */
function factsIn(condition: Condition, into = new Set<string>()): Set<string> {
  if ('all' in condition) for (const c of condition.all) factsIn(c, into);
  else if ('any' in condition) for (const c of condition.any) factsIn(c, into);
  else if ('not' in condition) factsIn(condition.not, into);
  else {
    into.add(condition.fact);
    if (isFactRef(condition.value)) into.add(condition.value.fact);
  }
  return into;
}

/** Activities the condition requires not to have been shown: `visited` X equal false, or doesNotContain X, in a top-level all. */
function requiredUnvisited(condition: Condition): Set<string> {
  const items = 'all' in condition ? condition.all : [condition];
  const ids = new Set<string>();
  for (const c of items) {
    if (!('fact' in c) || c.fact !== 'visited') continue;
    if (c.path !== undefined && c.operator === 'equal' && c.value === false) ids.add(c.path);
    if (c.path === undefined && c.operator === 'doesNotContain' && typeof c.value === 'string') ids.add(c.value);
  }
  return ids;
}
