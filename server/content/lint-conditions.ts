/**
 * Checks a rule's condition against the fact catalog and operator table the
 * engine compiles with: unknown facts, operators and paths, operators applied
 * to the wrong shape of value, and constants naming ids the document lacks.
 * A condition that passes here cannot be silently always-false by typo.
 */
import {
  factValueKind,
  FACTS,
  isFactName,
  isFactRef,
  isOperatorName,
  OPERATORS,
  type Condition,
  type ConditionValue,
  type FactCondition,
  type Shape,
  type ValueKind,
} from '../engine/index.js';
import { pointer } from './issues.js';
import { suggest, type LintContext } from './lint-context.js';

const ARRAY_KINDS: ReadonlySet<ValueKind> = new Set<ValueKind>(['activityIds', 'objectiveIds', 'choiceIds', 'interests', 'goals']);
const MODALITIES = new Set(['text', 'video', 'visual', 'hands-on']);

type ElementKind = ValueKind | 'interest' | 'goal' | 'objectiveId' | 'choiceId';

/** The element kind of an array kind: what `contains` looks for. */
const ELEMENT_KIND: Partial<Record<ValueKind, ElementKind>> = {
  activityIds: 'activityId',
  objectiveIds: 'objectiveId',
  choiceIds: 'choiceId',
  interests: 'interest',
  goals: 'goal',
};

function shapeOf(kind: ValueKind): Shape {
  if (kind === 'number') return 'number';
  return ARRAY_KINDS.has(kind) ? 'array' : 'scalar';
}

function fits(required: Shape, actual: Shape): boolean {
  return required === actual || (required === 'scalar' && actual === 'number');
}

export function lintCondition(ctx: LintContext, condition: Condition, path: string): void {
  if ('all' in condition) condition.all.forEach((c, i) => lintCondition(ctx, c, pointer(path, 'all', i)));
  else if ('any' in condition) condition.any.forEach((c, i) => lintCondition(ctx, c, pointer(path, 'any', i)));
  else if ('not' in condition) lintCondition(ctx, condition.not, pointer(path, 'not'));
  else lintFactCondition(ctx, condition, path);
}

/** Checks fact and path; returns the kind of value they yield, or null after reporting. */
function lintFact(ctx: LintContext, fact: string, path: string | undefined, at: string): ValueKind | null {
  if (!isFactName(fact)) {
    ctx.error(pointer(at, 'fact'), 'unknown-fact', `unknown fact '${fact}'${suggest(fact, Object.keys(FACTS))}`);
    return null;
  }
  const checked = factValueKind(fact, path);
  if ('error' in checked) {
    ctx.error(path === undefined ? at : pointer(at, 'path'), 'invalid-path', checked.error);
    return null;
  }
  if (path !== undefined) {
    const spec = FACTS[fact].path;
    const pathAt = pointer(at, 'path');
    if (spec.kind === 'objective') ctx.knownObjective(path, pathAt);
    if (spec.kind === 'activity') ctx.knownActivity(path, pathAt);
  }
  return checked.kind;
}

function lintFactCondition(ctx: LintContext, condition: FactCondition, at: string): void {
  const kind = lintFact(ctx, condition.fact, condition.path, at);
  const operatorName: string = condition.operator;
  if (!isOperatorName(operatorName)) {
    ctx.error(pointer(at, 'operator'), 'unknown-operator', `unknown operator '${operatorName}'${suggest(operatorName, Object.keys(OPERATORS))}`);
    return;
  }
  const operator = OPERATORS[operatorName];
  const subject = `${condition.fact}${condition.path === undefined ? '' : `.${condition.path}`}`;
  if (kind !== null && !fits(operator.fact, shapeOf(kind))) {
    ctx.error(
      pointer(at, 'operator'),
      'operator-type',
      `'${operatorName}' needs ${describe(operator.fact)} but ${subject} is ${describe(shapeOf(kind))}`,
    );
    return;
  }
  lintValue(ctx, condition.value, operatorName, operator.value, kind, pointer(at, 'value'));
}

function lintValue(ctx: LintContext, value: ConditionValue, operatorName: string, required: Shape, factKind: ValueKind | null, at: string): void {
  if (isFactRef(value)) {
    const kind = lintFact(ctx, value.fact, value.path, at);
    if (kind !== null && !fits(required, shapeOf(kind))) {
      ctx.error(at, 'operator-type', `'${operatorName}' compares with ${describe(required)}, but the referenced fact is ${describe(shapeOf(kind))}`);
    }
    return;
  }
  // null stands for "no value yet" (no answer, no diagnostic): comparing with it is always meaningful.
  if (value === null && (operatorName === 'equal' || operatorName === 'notEqual')) return;
  const actual: Shape = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : 'scalar';
  if (!fits(required, actual)) {
    ctx.error(at, 'operator-type', `'${operatorName}' compares with ${describe(required)}, got ${JSON.stringify(value)}`);
    return;
  }
  if (factKind === null) return;
  // Which kind each constant must be: the fact's own kind, or its elements' for array facts.
  const elementKind: ElementKind = ELEMENT_KIND[factKind] ?? factKind;
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, i) => lintConstant(ctx, item, elementKind, Array.isArray(value) ? pointer(at, i) : at));
}

function lintConstant(ctx: LintContext, value: unknown, kind: ElementKind, at: string): void {
  if (value === null) return;
  const expectString = kind !== 'number' && kind !== 'boolean';
  if (expectString ? typeof value !== 'string' : typeof value !== kind) {
    ctx.error(at, 'value-type', `expected ${expectString ? 'a string id' : `a ${kind}`}, got ${JSON.stringify(value)}`);
    return;
  }
  if (typeof value !== 'string') return;
  switch (kind) {
    case 'activityId':
      ctx.knownActivity(value, at);
      break;
    case 'objectiveId':
      ctx.knownObjective(value, at);
      break;
    case 'misconceptionId':
      ctx.knownMisconception(value, at);
      break;
    case 'choiceId':
      if (!ctx.choiceIds.has(value)) ctx.error(at, 'unknown-choice', `no choice question has a choice '${value}'${suggest(value, ctx.choiceIds)}`);
      break;
    case 'modality':
      if (!MODALITIES.has(value)) ctx.error(at, 'unknown-modality', `'${value}' is not a modality (${[...MODALITIES].join(', ')})`);
      break;
    case 'interest':
    case 'goal': {
      const target = kind === 'interest' ? 'interests' : 'goals';
      const offered = ctx.offered[target];
      if (offered === null) ctx.warn(at, 'value-not-offered', `no survey question feeds profile.${target}, so it is always empty`);
      else if (!offered.has(value)) ctx.warn(at, 'value-not-offered', `no survey option offers the ${kind} '${value}'${suggest(value, offered)}`);
      break;
    }
  }
}

function describe(shape: Shape): string {
  return shape === 'array' ? 'a list' : shape === 'number' ? 'a number' : 'a single value';
}
