/**
 * Semantic lint of a sequence that passed the JSON Schema: everything a schema
 * cannot say (ids that must exist or be unique, answer keys, patterns that must
 * compile, the shape of the path). Returns issues in document order; errors
 * block publishing, warnings point at probable mistakes.
 *
 * Codes: duplicate-id, unknown-activity, unknown-objective, unknown-misconception,
 * unknown-fact, invalid-path, unknown-operator, operator-type, value-type,
 * unknown-choice, unknown-modality, value-not-offered, missing-default-rule,
 * multiple-default-rules, answer-key, invalid-pattern, video-source, start-kind,
 * diagnostic-question, question-without-objective, invalid-option, pool-source,
 * empty-pool, no-recommendation, unreachable-activity, objective-not-exercised,
 * mastery-out-of-reach, mastery-no-margin, no-way-forward, no-completion,
 * cycle-without-exit, repeats-after-answer, repeats-every-step.
 */
import { fullMatch, isConditionalRule, isQuestion, type Activity, type SequenceDoc } from '../engine/index.js';
import { isObject } from '../json.js';
import { pointer, type Issue } from './issues.js';
import { lintAction } from './lint-actions.js';
import { lintCondition } from './lint-conditions.js';
import { LintContext } from './lint-context.js';
import { lintFlow } from './lint-flow.js';

export function lintSequence(doc: SequenceDoc): Issue[] {
  const ctx = new LintContext(doc);
  lintDuplicates(ctx);
  doc.activities.forEach((activity, i) => lintActivity(ctx, activity, pointer('', 'activities', i)));
  lintStart(ctx);
  lintRules(ctx);
  (doc.completion?.objectives ?? []).forEach((id, i) => ctx.knownObjective(id, pointer('', 'completion', 'objectives', i)));
  lintFlow(ctx);
  return ctx.issues;
}

/**
 * The same checks on a document that failed the schema, so the designer sees
 * every problem in one round. The checks are written for valid documents: here
 * each part is checked on its own and one that is too malformed to check
 * (a crash) is left to its schema error, never ending the whole lint.
 */
export function lintMalformed(input: Record<string, unknown>): Issue[] {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const doc = {
    ...input,
    objectives: list(input.objectives),
    misconceptions: list(input.misconceptions),
    activities: list(input.activities),
    rules: list(input.rules),
    start: isObject(input.start) ? input.start : undefined,
    completion: isObject(input.completion) ? input.completion : undefined,
  } as unknown as SequenceDoc;
  const ctx = new LintContext(doc);
  const attempt = (check: () => void): void => {
    try {
      check();
    } catch {
      // Malformed beyond what the check reads: the schema's error for it stands.
    }
  };
  attempt(() => lintDuplicates(ctx));
  doc.activities.forEach((activity, i) => {
    if (isObject(activity)) attempt(() => lintActivity(ctx, activity, pointer('', 'activities', i)));
  });
  attempt(() => lintStart(ctx));
  attempt(() => lintRules(ctx, attempt));
  list(doc.completion?.objectives).forEach((id, i) => attempt(() => ctx.knownObjective(id as string, pointer('', 'completion', 'objectives', i))));
  lintFlow(ctx, attempt);
  return ctx.issues;
}

function duplicates(ctx: LintContext, items: readonly { id: string }[], base: string, what: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    // Only in a document that failed the schema, which reports the missing id.
    if (typeof item?.id !== 'string') return;
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else ctx.error(pointer(base, i, 'id'), 'duplicate-id', `${what} id '${item.id}' is already used by the ${ordinal(first + 1)} ${what}${labelOf(items[first])}; each ${what} needs an id of its own`);
  });
}

/** A designer finds the first holder of an id by its place and its words, not by a JSON Pointer. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function labelOf(item: unknown): string {
  if (!isObject(item)) return '';
  const words = [item.title, item.text, item.prompt].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (words === undefined) return '';
  const short = words.length > 60 ? `${words.slice(0, 57)}…` : words;
  return ` (“${short}”)`;
}

function lintDuplicates(ctx: LintContext): void {
  const { doc } = ctx;
  duplicates(ctx, doc.objectives, '/objectives', 'objective');
  duplicates(ctx, doc.misconceptions ?? [], '/misconceptions', 'misconception');
  duplicates(ctx, doc.activities, '/activities', 'activity');
  duplicates(ctx, doc.rules, '/rules', 'rule');
  doc.activities.forEach((a, i) => {
    if (!isObject(a)) return;
    const at = pointer('', 'activities', i);
    if (a.kind === 'singleChoice' || a.kind === 'multipleChoice') duplicates(ctx, a.choices, pointer(at, 'choices'), 'choice');
    if (a.kind === 'handsOn') duplicates(ctx, a.checklist ?? [], pointer(at, 'checklist'), 'checklist item');
    if (a.kind === 'survey') {
      duplicates(ctx, a.questions, pointer(at, 'questions'), 'survey question');
      a.questions.forEach((q, j) =>
        duplicates(
          ctx,
          q.options.map((o) => ({ id: o.value })),
          pointer(at, 'questions', j, 'options'),
          'option value',
        ),
      );
    }
  });
}

function lintPattern(ctx: LintContext, pattern: string | undefined, at: string): void {
  if (pattern === undefined) return;
  try {
    fullMatch(pattern, true);
  } catch (error) {
    ctx.error(at, 'invalid-pattern', `invalid regular expression: ${(error as Error).message}`);
  }
}

function lintActivity(ctx: LintContext, activity: Activity, at: string): void {
  (activity.objectives ?? []).forEach((id, i) => ctx.knownObjective(id, pointer(at, 'objectives', i)));
  if (isQuestion(activity) && (activity.objectives ?? []).length === 0) {
    ctx.warn(at, 'question-without-objective', `question '${activity.id}' exercises no objective, so its answers tell the learner model nothing`);
  }
  switch (activity.kind) {
    case 'singleChoice':
    case 'multipleChoice': {
      const correct = activity.choices.filter((c) => c.correct === true).length;
      if (activity.kind === 'singleChoice' && correct !== 1) {
        ctx.error(pointer(at, 'choices'), 'answer-key', `a singleChoice question needs exactly one correct choice, found ${correct}`);
      }
      if (activity.kind === 'multipleChoice' && correct === 0) {
        ctx.error(pointer(at, 'choices'), 'answer-key', 'a multipleChoice question needs at least one correct choice');
      }
      activity.choices.forEach((c, i) => {
        if (c.misconception !== undefined) ctx.knownMisconception(c.misconception, pointer(at, 'choices', i, 'misconception'));
      });
      break;
    }
    case 'numeric':
      (activity.distractors ?? []).forEach((d, i) => {
        if (d.misconception !== undefined) ctx.knownMisconception(d.misconception, pointer(at, 'distractors', i, 'misconception'));
      });
      break;
    case 'shortText':
      if ((activity.acceptedAnswers ?? []).length === 0 && activity.pattern === undefined) {
        ctx.error(at, 'answer-key', "a shortText question needs 'acceptedAnswers' or a 'pattern'");
      }
      lintPattern(ctx, activity.pattern, pointer(at, 'pattern'));
      (activity.distractors ?? []).forEach((d, i) => {
        const dAt = pointer(at, 'distractors', i);
        if (d.text === undefined && d.pattern === undefined) ctx.error(dAt, 'answer-key', "a distractor needs 'text' or 'pattern'");
        lintPattern(ctx, d.pattern, pointer(dAt, 'pattern'));
        if (d.misconception !== undefined) ctx.knownMisconception(d.misconception, pointer(dAt, 'misconception'));
      });
      break;
    case 'video':
      if (activity.url === undefined && activity.embedUrl === undefined) {
        ctx.error(at, 'video-source', "a video needs 'url' (a file) or 'embedUrl' (an embeddable page)");
      }
      break;
    case 'diagnostic':
      activity.questions.forEach((id, i) => {
        const qAt = pointer(at, 'questions', i);
        const question = ctx.activities.get(id);
        if (!ctx.knownActivity(id, qAt) || question === undefined) return;
        if (!isQuestion(question)) ctx.error(qAt, 'diagnostic-question', `'${id}' is a ${question.kind}, not a question`);
      });
      break;
    case 'reading':
    case 'handsOn':
    case 'survey':
      break;
  }
}

function lintStart(ctx: LintContext): void {
  const start = ctx.doc.start;
  if (start === undefined) return;
  for (const key of ['survey', 'diagnostic'] as const) {
    const id = start[key];
    if (id === undefined) continue;
    const at = pointer('', 'start', key);
    if (ctx.knownActivity(id, at) && ctx.activities.get(id)?.kind !== key) {
      ctx.error(at, 'start-kind', `start.${key} must name a ${key} activity; '${id}' is a ${ctx.activities.get(id)?.kind}`);
    }
  }
}

/** `attempt` isolates each rule's checks when the document failed the schema. */
function lintRules(ctx: LintContext, attempt: (check: () => void) => void = (check) => check()): void {
  const defaults: number[] = [];
  ctx.doc.rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const at = pointer('', 'rules', i);
    if (isConditionalRule(rule)) attempt(() => lintCondition(ctx, rule.when, pointer(at, 'when')));
    else defaults.push(i);
    attempt(() => lintAction(ctx, rule.then, pointer(at, 'then')));
  });
  if (defaults.length === 0) {
    ctx.error('/rules', 'missing-default-rule', 'add a default rule ({ "id": ..., "default": true, "then": ... }): it decides when no other rule applies');
  }
  for (const i of defaults.slice(1)) {
    ctx.error(pointer('', 'rules', i, 'default'), 'multiple-default-rules', `only one rule may be the default; the first is /rules/${defaults[0]}`);
  }
}
