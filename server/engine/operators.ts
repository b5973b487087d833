/**
 * Comparison operators, with json-rules-engine's names and semantics, except
 * that numeric operators accept numbers only (json-rules-engine also accepts
 * numeric strings; our facts are typed, so a string there is an authoring bug
 * the linter reports). A type mismatch makes a comparison false, never throws:
 * decisions must not fail on a learner's state.
 *
 * `fact`/`value` describe the shapes each side needs, for the linter.
 */
import type { OperatorName } from './types.js';

export type Shape = 'scalar' | 'number' | 'array';

export interface OperatorSpec {
  readonly test: (fact: unknown, value: unknown) => boolean;
  readonly fact: Shape;
  readonly value: Shape;
}

function includes(list: unknown, item: unknown): boolean {
  return Array.isArray(list) && list.includes(item);
}

export const OPERATORS: Readonly<Record<OperatorName, OperatorSpec>> = {
  equal: { fact: 'scalar', value: 'scalar', test: (a, b) => a === b },
  notEqual: { fact: 'scalar', value: 'scalar', test: (a, b) => a !== b },
  lessThan: { fact: 'number', value: 'number', test: (a, b) => typeof a === 'number' && typeof b === 'number' && a < b },
  lessThanInclusive: { fact: 'number', value: 'number', test: (a, b) => typeof a === 'number' && typeof b === 'number' && a <= b },
  greaterThan: { fact: 'number', value: 'number', test: (a, b) => typeof a === 'number' && typeof b === 'number' && a > b },
  greaterThanInclusive: { fact: 'number', value: 'number', test: (a, b) => typeof a === 'number' && typeof b === 'number' && a >= b },
  in: { fact: 'scalar', value: 'array', test: (a, b) => includes(b, a) },
  notIn: { fact: 'scalar', value: 'array', test: (a, b) => Array.isArray(b) && !b.includes(a) },
  contains: { fact: 'array', value: 'scalar', test: (a, b) => includes(a, b) },
  doesNotContain: { fact: 'array', value: 'scalar', test: (a, b) => Array.isArray(a) && !a.includes(b) },
  // Not in json-rules-engine (which needs a `someFact` decorator for it): interests
  // and goals are lists, and "the learner likes any of these" is the common question.
  containsAny: {
    fact: 'array',
    value: 'array',
    test: (a, b) => {
      if (!Array.isArray(a) || !Array.isArray(b)) return false;
      for (const item of b) if (a.includes(item)) return true;
      return false;
    },
  },
};

export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

export function isOperatorName(name: string): name is OperatorName {
  return Object.hasOwn(OPERATORS, name);
}
