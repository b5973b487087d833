/**
 * Compiles a json-rules-engine style condition tree into one closure, once per
 * sequence. Evaluating it afterwards is plain function calls over the state:
 * no tree walking, path parsing or operator lookup per decision.
 */
import { compileFact } from './facts.js';
import { EngineError } from './errors.js';
import { isOperatorName, OPERATORS } from './operators.js';
import type { LearnerState } from './state.js';
import type { Condition, ConditionValue, FactCondition, FactRef } from './types.js';

export type Predicate = (state: LearnerState) => boolean;

export function isFactRef(value: ConditionValue): value is FactRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function compileCondition(condition: Condition): Predicate {
  if ('all' in condition) return every(condition.all.map(compileCondition));
  if ('any' in condition) return some(condition.any.map(compileCondition));
  if ('not' in condition) {
    const inner = compileCondition(condition.not);
    return (s) => !inner(s);
  }
  return compareFact(condition);
}

function every(predicates: Predicate[]): Predicate {
  const [only] = predicates;
  if (predicates.length === 1 && only !== undefined) return only;
  return (s) => {
    for (const predicate of predicates) if (!predicate(s)) return false;
    return true;
  };
}

function some(predicates: Predicate[]): Predicate {
  const [only] = predicates;
  if (predicates.length === 1 && only !== undefined) return only;
  return (s) => {
    for (const predicate of predicates) if (predicate(s)) return true;
    return false;
  };
}

function compareFact(condition: FactCondition): Predicate {
  if (!isOperatorName(condition.operator)) {
    throw new EngineError('invalid-sequence', `unknown operator '${String(condition.operator)}'`);
  }
  const test = OPERATORS[condition.operator].test;
  const read = compileFact(condition.fact, condition.path);
  const value = condition.value;
  if (isFactRef(value)) {
    const readValue = compileFact(value.fact, value.path);
    return (s) => test(read(s), readValue(s));
  }
  // A private copy: a later edit of the document must not change compiled rules.
  const expected = Array.isArray(value) ? Object.freeze([...value]) : value;
  return (s) => test(read(s), expected);
}
