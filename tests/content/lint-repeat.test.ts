import { expect } from 'chai';
import { lintSequence } from '../../server/content/lint.js';
import type { Action, Condition, Rule } from '../../server/engine/index.js';
import { withRules } from '../engine/support/fixtures.js';

const missedM1: Condition = { fact: 'lastResponse', path: 'misconception', operator: 'equal', value: 'm1' };
const rightAfterIt: Condition = { fact: 'currentActivity', operator: 'equal', value: { fact: 'lastResponse', path: 'activityId' } };

function repeats(when: Condition, then: Action): Array<{ path: string; message: string }> {
  const rules: Rule[] = [
    { id: 'after-m1', priority: 1, when, then },
    { id: 'next', default: true, then: { type: 'goTo', activity: 'q1' } },
  ];
  return lintSequence(withRules(rules))
    .filter((i) => i.code === 'repeats-after-answer')
    .map(({ path, message }) => ({ path, message }));
}

describe('lintSequence: rules on the last answer that would fire again after their own step', () => {
  it('warns when a rule on lastResponse shows material and nothing ties it to the moment after the answer', () => {
    const found = repeats(missedM1, { type: 'review', objective: 'o1' });
    expect(found).to.have.length(1);
    expect(found[0]!.path).to.equal('/rules/0/when');
    expect(found[0]!.message).to.contain("rule 'after-m1' reacts to lastResponse").and.contain('"fact": "currentActivity"');
    // selfReport lasts the same way.
    expect(repeats({ fact: 'selfReport', path: 'confidence', operator: 'lessThan', value: 3 }, { type: 'offerChoice', prompt: 'Which?', options: ['r1', 'v1'] })).to.have.length(1);
  });

  it('is satisfied by the currentActivity pin, by a requirement that the material is unseen, or by a question next', () => {
    expect(repeats({ all: [missedM1, rightAfterIt] }, { type: 'review', objective: 'o1' })).to.deep.equal([]);
    expect(repeats({ all: [missedM1, { fact: 'visited', path: 'r1', operator: 'equal', value: false }] }, { type: 'goTo', activity: 'r1' })).to.deep.equal([]);
    expect(repeats({ all: [missedM1, { fact: 'visited', operator: 'doesNotContain', value: 'r1' }] }, { type: 'goTo', activity: 'r1' })).to.deep.equal([]);
    // A question is answered, which replaces the last response.
    expect(repeats(missedM1, { type: 'goTo', activity: 'q2' })).to.deep.equal([]);
    // Unseen required of one material only: the other can still repeat.
    expect(repeats({ all: [missedM1, { fact: 'visited', path: 'r1', operator: 'equal', value: false }] }, { type: 'offerChoice', prompt: 'Which?', options: ['r1', 'v1'] })).to.have.length(1);
  });

  it('finds the fact inside any, not and compared values', () => {
    expect(repeats({ any: [{ not: missedM1 }, { fact: 'stepCount', operator: 'greaterThan', value: 3 }] }, { type: 'goTo', activity: 'r1' })).to.have.length(1);
    expect(repeats({ fact: 'currentActivity', operator: 'equal', value: 'q1' }, { type: 'goTo', activity: 'r1' })).to.deep.equal([]);
  });
});
