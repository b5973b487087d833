import { expect } from 'chai';
import { OPERATORS, OPERATOR_NAMES } from '../../server/engine/index.js';

describe('operators', () => {
  const test = (name: keyof typeof OPERATORS, fact: unknown, value: unknown) => OPERATORS[name].test(fact, value);

  it('equal / notEqual compare strictly', () => {
    expect(test('equal', 1, 1)).to.equal(true);
    expect(test('equal', '1', 1)).to.equal(false);
    expect(test('equal', null, null)).to.equal(true);
    expect(test('equal', false, false)).to.equal(true);
    expect(test('notEqual', 'a', 'b')).to.equal(true);
    expect(test('notEqual', 'a', 'a')).to.equal(false);
    expect(test('notEqual', 0, null)).to.equal(true);
  });

  it('lessThan / lessThanInclusive need numbers', () => {
    expect(test('lessThan', 1, 2)).to.equal(true);
    expect(test('lessThan', 2, 2)).to.equal(false);
    expect(test('lessThanInclusive', 2, 2)).to.equal(true);
    expect(test('lessThanInclusive', 3, 2)).to.equal(false);
    // json-rules-engine would accept numeric strings; typed facts make that a bug.
    expect(test('lessThan', '1', 2)).to.equal(false);
    expect(test('lessThan', null, 2)).to.equal(false);
    expect(test('lessThanInclusive', NaN, 2)).to.equal(false);
  });

  it('greaterThan / greaterThanInclusive need numbers', () => {
    expect(test('greaterThan', 3, 2)).to.equal(true);
    expect(test('greaterThan', 2, 2)).to.equal(false);
    expect(test('greaterThanInclusive', 2, 2)).to.equal(true);
    expect(test('greaterThanInclusive', 1, 2)).to.equal(false);
    expect(test('greaterThan', 3, '2')).to.equal(false);
    expect(test('greaterThanInclusive', undefined, 0)).to.equal(false);
  });

  it('in / notIn look the fact up in the value list', () => {
    expect(test('in', 'a', ['a', 'b'])).to.equal(true);
    expect(test('in', 'c', ['a', 'b'])).to.equal(false);
    expect(test('in', null, ['a', null])).to.equal(true);
    expect(test('in', 'a', 'abc')).to.equal(false);
    expect(test('notIn', 'c', ['a', 'b'])).to.equal(true);
    expect(test('notIn', 'a', ['a', 'b'])).to.equal(false);
    expect(test('notIn', 'a', 'not a list')).to.equal(false);
  });

  it('contains / doesNotContain look the value up in the fact list', () => {
    expect(test('contains', ['a', 'b'], 'a')).to.equal(true);
    expect(test('contains', ['a', 'b'], 'c')).to.equal(false);
    expect(test('contains', 'abc', 'a')).to.equal(false);
    expect(test('contains', null, 'a')).to.equal(false);
    expect(test('doesNotContain', ['a'], 'b')).to.equal(true);
    expect(test('doesNotContain', ['a'], 'a')).to.equal(false);
    expect(test('doesNotContain', null, 'a')).to.equal(false);
  });

  it('containsAny is true when the lists share an element', () => {
    expect(test('containsAny', ['sports', 'music'], ['cooking', 'music'])).to.equal(true);
    expect(test('containsAny', ['sports'], ['cooking'])).to.equal(false);
    expect(test('containsAny', [], ['cooking'])).to.equal(false);
    expect(test('containsAny', ['sports'], [])).to.equal(false);
    expect(test('containsAny', 'sports', ['sports'])).to.equal(false);
    expect(test('containsAny', ['sports'], 'sports')).to.equal(false);
  });

  it('every operator is covered above and declares its shapes', () => {
    expect(OPERATOR_NAMES).to.have.members([
      'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
      'in', 'notIn', 'contains', 'doesNotContain', 'containsAny',
    ]);
    for (const name of OPERATOR_NAMES) {
      expect(['scalar', 'number', 'array']).to.include(OPERATORS[name].fact);
      expect(['scalar', 'number', 'array']).to.include(OPERATORS[name].value);
    }
  });
});
