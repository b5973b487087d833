import { expect } from 'chai';
import { lintSequence } from '../../server/content/lint.js';
import { validateSequence } from '../../server/content/validate.js';
import type { Action, Condition, Rule } from '../../server/engine/index.js';
import { TEMPLATE_NAMES, templateDraft } from '../../server/studio/sequences/templates.js';
import { withRules } from '../engine/support/fixtures.js';
import { fractionsWithCompareLoop, loadSample, SAMPLE_NAMES } from '../engine/support/samples.js';

const CODE = 'repeats-every-step';
const readCompare: Condition = { fact: 'visited', operator: 'contains', value: 'read-compare' };

/** The repeats-every-step warnings of one rule (at index 0) in the unit-test document. */
function lasting(when: Condition, then: Action = { type: 'goTo', activity: 'q1' }): string[] {
  const rules: Rule[] = [
    { id: 'sticky', priority: 10, when, then },
    { id: 'next', default: true, then: { type: 'complete' } },
  ];
  return lintSequence(withRules(rules))
    .filter((i) => i.code === CODE)
    .map((i) => `${i.path} ${i.message}`);
}

describe('lintSequence: rules whose condition nothing on their own step can make false (repeats-every-step)', () => {
  it('flags QA’s rule on the fractions sample: “visited contains read-compare → goTo cmp-q1”', () => {
    const doc = fractionsWithCompareLoop();
    const issues = validateSequence(doc).issues;
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).to.deep.equal([`warning ${CODE} /rules/${doc.rules.length - 1}/when`]);
    const [issue] = issues;
    expect(issue?.message)
      .to.contain("rule 'after-compare-reading' sends learners to 'cmp-q1' (“Which is bigger?”)")
      .and.contain("sends them back to 'cmp-q1' at every step, until the loop guard refuses it")
      .and.contain('{"fact": "visited", "path": "cmp-q1", "operator": "equal", "value": false}')
      .and.contain(`{"fact": "currentActivity", "operator": "equal", "value": "read-compare"} so it acts only right after 'read-compare'`);
  });

  it('says other rules may come first only when some can: not for the top rule', () => {
    const messageAt = (priority: number) => validateSequence(fractionsWithCompareLoop({ priority })).issues.find((i) => i.code === CODE)?.message ?? '';
    expect(messageAt(20)).to.contain("so whenever no rule that comes first applies it sends them back to 'cmp-q1' at every step");
    expect(messageAt(1000)).to.contain("so it sends them back to 'cmp-q1' at every step").and.not.contain('comes first');
  });

  it('is satisfied when the rule is pinned to a moment, or to learners who have not seen the question', () => {
    const pinned = [
      { all: [readCompare, { fact: 'currentActivity', operator: 'equal', value: 'read-compare' }] },
      { all: [readCompare, { fact: 'visited', path: 'cmp-q1', operator: 'equal', value: false }] },
      { all: [readCompare, { fact: 'visited', operator: 'doesNotContain', value: 'cmp-q1' }] },
      { all: [readCompare, { fact: 'attempts', path: 'cmp-q1', operator: 'lessThan', value: 1 }] },
      { all: [readCompare, { fact: 'stepCount', operator: 'lessThan', value: 12 }] },
      // Answering the question replaces the last response.
      { all: [readCompare, { fact: 'lastResponse', path: 'activityId', operator: 'equal', value: 'cmp-race' }] },
    ] satisfies Condition[];
    for (const when of pinned) {
      const issues = validateSequence(fractionsWithCompareLoop({ when })).issues;
      expect(issues, JSON.stringify(when)).to.deep.equal([]);
    }
  });

  it('does not fire on the shipped samples or the studio templates', () => {
    for (const name of SAMPLE_NAMES) expect(lintSequence(loadSample(name)).filter((i) => i.code === CODE), name).to.deep.equal([]);
    for (const name of TEMPLATE_NAMES) expect(validateSequence(templateDraft(name)).issues, name).to.deep.equal([]);
  });

  it('flags conditions that only ever stay true: visited and mastered lists, profile, diagnostic, time and step counts, other objectives', () => {
    const flagged: Condition[] = [
      { fact: 'visited', path: 'r1', operator: 'equal', value: true },
      { fact: 'mastered', operator: 'contains', value: 'o2' },
      { fact: 'mastered', operator: 'containsAny', value: ['o1', 'o2'] },
      { fact: 'mastered', path: 'o1', operator: 'equal', value: true },
      { fact: 'profile', path: 'modality', operator: 'equal', value: 'video' },
      { fact: 'profile', path: 'interests', operator: 'containsAny', value: ['sports'] },
      { fact: 'diagnostic', path: 'o1', operator: 'lessThan', value: 0.5 },
      { fact: 'stepCount', operator: 'greaterThanInclusive', value: 5 },
      { fact: 'timeOnTask', operator: 'greaterThan', value: 600 },
      { fact: 'attempts', path: 'q1', operator: 'greaterThanInclusive', value: 2 },
      // q1 measures o1, not o2.
      { fact: 'mastery', path: 'o2', operator: 'lessThan', value: 0.5 },
      { fact: 'mastery', path: 'o2', operator: 'lessThan', value: { fact: 'diagnostic', path: 'o2' } },
      // Answering a question leaves the last self-report as it was.
      { fact: 'selfReport', path: 'confidence', operator: 'lessThanInclusive', value: 2 },
      { not: { fact: 'visited', operator: 'doesNotContain', value: 'r1' } },
      { not: { fact: 'stepCount', operator: 'lessThan', value: 3 } },
      { all: [{ fact: 'mastered', operator: 'contains', value: 'o2' }, { fact: 'profile', path: 'goals', operator: 'contains', value: 'pass' }] },
      { any: [{ fact: 'mastered', operator: 'contains', value: 'o2' }, { fact: 'visited', operator: 'contains', value: 'r1' }] },
    ];
    for (const when of flagged) expect(lasting(when), JSON.stringify(when)).to.have.length(1);
    // Material: nothing about answers changes, so the mastery the reading is "about" does not either.
    expect(lasting({ fact: 'mastery', path: 'o1', operator: 'lessThan', value: 0.5 }, { type: 'goTo', activity: 'r1' })).to.have.length(1);
    expect(lasting({ fact: 'streak', path: 'incorrect', operator: 'greaterThan', value: 2 }, { type: 'goTo', activity: 'r1' })).to.have.length(1);
  });

  it('leaves alone conditions the step itself may end', () => {
    const kept: Condition[] = [
      { fact: 'currentActivity', operator: 'equal', value: 'r1' },
      { fact: 'visited', operator: 'doesNotContain', value: 'q1' },
      { fact: 'visited', path: 'q1', operator: 'equal', value: false },
      { fact: 'attempts', path: 'q1', operator: 'lessThan', value: 2 },
      { fact: 'attempts', path: 'q1', operator: 'equal', value: 0 },
      { fact: 'stepCount', operator: 'lessThan', value: 10 },
      { fact: 'timeOnTask', path: 'q1', operator: 'lessThan', value: 60 },
      // q1 measures o1: its first answer moves the estimate, and may master it.
      { fact: 'mastery', path: 'o1', operator: 'lessThan', value: 0.9 },
      { fact: 'mastered', operator: 'doesNotContain', value: 'o1' },
      { fact: 'mastered', path: 'o1', operator: 'equal', value: false },
      { fact: 'streak', path: 'incorrect', operator: 'greaterThan', value: 2 },
      { fact: 'lastResponse', path: 'correct', operator: 'equal', value: false },
      { not: { fact: 'visited', operator: 'contains', value: 'q1' } },
      { not: { fact: 'stepCount', operator: 'greaterThan', value: 3 } },
      // One way out is enough.
      { all: [{ fact: 'mastered', operator: 'contains', value: 'o2' }, { fact: 'visited', operator: 'doesNotContain', value: 'q1' }] },
      { any: [{ fact: 'mastered', operator: 'contains', value: 'o2' }, { fact: 'stepCount', operator: 'lessThan', value: 3 }] },
      // Compared with a fact that the step changes.
      { fact: 'mastery', path: 'o2', operator: 'lessThan', value: { fact: 'mastery', path: 'o1' } },
    ];
    for (const when of kept) expect(lasting(when), JSON.stringify(when)).to.deep.equal([]);
    // A reading sets the self-report; after material the last answer is repeats-after-answer's to report.
    expect(lasting({ fact: 'selfReport', path: 'done', operator: 'equal', value: false }, { type: 'goTo', activity: 'r1' })).to.deep.equal([]);
    expect(lasting({ fact: 'lastResponse', path: 'misconception', operator: 'equal', value: 'm1' }, { type: 'goTo', activity: 'r1' })).to.deep.equal([]);
  });

  it('checks what a message leads to and every option of a choice; pools, reviews, completion and the default are not fixed targets', () => {
    const sticky: Condition = { fact: 'mastered', operator: 'contains', value: 'o2' };
    expect(lasting(sticky, { type: 'showFeedback', message: 'Again!', then: { type: 'goTo', activity: 'q1' } })).to.have.length(1);
    const choice = lasting(sticky, { type: 'offerChoice', options: ['r1', 'v1'] });
    expect(choice).to.have.length(1);
    expect(choice[0]).to.contain("offers a choice of 'r1' (“Reading”), 'v1' (“Video”)").and.contain('{"not": {"fact": "visited", "operator": "containsAny", "value": ["r1", "v1"]}}');
    // Taking either option must be unable to end it.
    expect(lasting({ fact: 'visited', operator: 'doesNotContain', value: 'v1' }, { type: 'offerChoice', options: ['r1', 'v1'] })).to.deep.equal([]);
    expect(lasting({ not: { fact: 'visited', operator: 'containsAny', value: ['r1', 'v1'] } }, { type: 'offerChoice', options: ['r1', 'v1'] })).to.deep.equal([]);
    expect(lasting(sticky, { type: 'pickFromPool', pool: ['q1', 'q2'] })).to.deep.equal([]);
    expect(lasting(sticky, { type: 'review', objective: 'o1' })).to.deep.equal([]);
    expect(lasting(sticky, { type: 'complete' })).to.deep.equal([]);
    expect(lasting(sticky, { type: 'showFeedback', message: 'Well done.' })).to.deep.equal([]);
    const defaultOnly = lintSequence(withRules([{ id: 'always', default: true, then: { type: 'goTo', activity: 'r1' } }]));
    expect(defaultOnly.filter((i) => i.code === CODE)).to.deep.equal([]);
  });

  it('names the rule and points at its condition', () => {
    const [found] = lasting({ fact: 'profile', path: 'modality', operator: 'equal', value: 'video' });
    expect(found).to.match(/^\/rules\/0\/when rule 'sticky' sends learners to 'q1' \(“Q1”\), and nothing in its condition changes when they answer it/);
    // Without a reading to pin it to, the advice is still actionable.
    expect(found).to.contain('or a condition on currentActivity so it acts only at the moment it is meant for.');
  });
});
