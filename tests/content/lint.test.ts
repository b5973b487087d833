import { expect } from 'chai';
import { lintSequence } from '../../server/content/lint.js';
import type { Issue } from '../../server/content/issues.js';
import type { Condition, Rule, SequenceDoc } from '../../server/engine/index.js';
import { baseDoc } from '../engine/support/fixtures.js';

/** Reaches every activity and lints without a single issue. */
function cleanDoc(): SequenceDoc {
  return baseDoc({
    // Two questions each, one of them in the diagnostic: only a low threshold and quick learning
    // let them bring an objective to mastery after a miss (see lint-mastery.test.ts).
    objectives: [
      { id: 'o1', title: 'Objective one', masteryThreshold: 0.5, bkt: { learn: 0.5 } },
      { id: 'o2', title: 'Objective two', masteryThreshold: 0.5, bkt: { learn: 0.5 } },
    ],
    start: { survey: 'survey', diagnostic: 'diag' },
    rules: [
      { id: 'practice', priority: 2, when: { fact: 'mastered', path: 'o1', operator: 'equal', value: false }, then: { type: 'pickFromPool', objective: 'o1' } },
      { id: 'review', priority: 1, when: { fact: 'mastery', path: 'o2', operator: 'lessThan', value: 0.5 }, then: { type: 'review', objective: 'o2' } },
      { id: 'end', default: true, then: { type: 'complete' } },
    ],
  });
}

function lint(change: (doc: SequenceDoc) => void): Issue[] {
  const doc = cleanDoc();
  change(doc);
  return lintSequence(doc);
}

function withRule(rule: Rule): (doc: SequenceDoc) => void {
  return (doc) => doc.rules.unshift(rule);
}

function when(condition: Condition): (doc: SequenceDoc) => void {
  return withRule({ id: 'probe', priority: 5, when: condition, then: { type: 'goTo', activity: 'q1' } });
}

/** Some issue has every field of `expected`. */
function expectIssue(found: Issue[], expected: Partial<Issue>): void {
  const matches = (issue: Issue) => Object.entries(expected).every(([key, value]) => issue[key as keyof Issue] === value);
  expect(found.some(matches), `${JSON.stringify(expected)} not in ${JSON.stringify(found, null, 1)}`).to.equal(true);
}

describe('lintSequence', () => {
  it('finds nothing in a clean document', () => {
    expect(lintSequence(cleanDoc())).to.deep.equal([]);
  });

  it('duplicate-id: objectives, activities, rules, choices, survey questions and options', () => {
    const found = lint((d) => {
      d.objectives.push({ id: 'o1', title: 'Again' });
      d.activities.push({ id: 'r1', kind: 'reading', title: 'Again', body: 'x' });
      d.rules.push({ id: 'practice', priority: 0, when: { fact: 'stepCount', operator: 'equal', value: 0 }, then: { type: 'complete' } });
      const q1 = d.activities[2];
      if (q1?.kind === 'singleChoice') q1.choices.push({ id: 'a', text: 'A again' });
    });
    expectIssue(found, { code: 'duplicate-id', severity: 'error', path: '/objectives/2/id', message: "objective id 'o1' is already used by the 1st objective (“Objective one”); each objective needs an id of its own" });
    expectIssue(found, { code: 'duplicate-id', path: '/activities/10/id' });
    expectIssue(found, { code: 'duplicate-id', path: '/rules/3/id' });
    expectIssue(found, { code: 'duplicate-id', path: '/activities/2/choices/3/id' });
  });

  it('unknown-activity / unknown-objective in actions, start, diagnostic, conditions and completion, with suggestions', () => {
    const found = lint((d) => {
      d.rules.unshift({ id: 'x', priority: 9, when: { fact: 'attempts', path: 'q9', operator: 'greaterThan', value: 0 }, then: { type: 'goTo', activity: 'q11' } });
      d.rules.unshift({ id: 'y', priority: 8, when: { fact: 'mastery', path: 'o3', operator: 'greaterThan', value: 0 }, then: { type: 'review', objective: 'o4' } });
      d.completion = { objectives: ['o5'] };
      const diag = d.activities[1];
      if (diag?.kind === 'diagnostic') diag.questions.push('q77');
    });
    expectIssue(found, { code: 'unknown-activity', path: '/rules/1/then/activity', message: "unknown activity 'q11'; did you mean 'q1'?" });
    expectIssue(found, { code: 'unknown-activity', path: '/rules/1/when/path' });
    expectIssue(found, { code: 'unknown-objective', path: '/rules/0/when/path' });
    expectIssue(found, { code: 'unknown-objective', path: '/rules/0/then/objective' });
    expectIssue(found, { code: 'unknown-objective', path: '/completion/objectives/0' });
    expectIssue(found, { code: 'unknown-activity', path: '/activities/1/questions/2' });
  });

  it('unknown-fact, invalid-path and unknown-operator', () => {
    expectIssue(lint(when({ fact: 'mastry' as 'mastery', path: 'o1', operator: 'equal', value: 1 })), {
      code: 'unknown-fact',
      path: '/rules/0/when/fact',
      message: "unknown fact 'mastry'; did you mean 'mastery'?",
    });
    expectIssue(lint(when({ fact: 'lastResponse', path: 'score', operator: 'equal', value: 1 })), { code: 'invalid-path', path: '/rules/0/when/path' });
    expectIssue(lint(when({ fact: 'streak', operator: 'equal', value: 1 })), { code: 'invalid-path', path: '/rules/0/when' });
    expectIssue(lint(when({ fact: 'stepCount', operator: 'equalz' as 'equal', value: 1 })), {
      code: 'unknown-operator',
      path: '/rules/0/when/operator',
      message: "unknown operator 'equalz'; did you mean 'equal'?",
    });
  });

  it('operator-type: operators applied to the wrong shape of fact or value', () => {
    expectIssue(lint(when({ fact: 'lastResponse', path: 'correct', operator: 'greaterThan', value: 0 })), { code: 'operator-type', path: '/rules/0/when/operator' });
    expectIssue(lint(when({ fact: 'stepCount', operator: 'contains', value: 1 })), { code: 'operator-type', path: '/rules/0/when/operator' });
    expectIssue(lint(when({ fact: 'currentActivity', operator: 'in', value: 'q1' })), { code: 'operator-type', path: '/rules/0/when/value' });
    expectIssue(lint(when({ fact: 'stepCount', operator: 'lessThan', value: { fact: 'visited' } })), { code: 'operator-type', path: '/rules/0/when/value' });
  });

  it('value-type and unknown ids inside constants', () => {
    expectIssue(lint(when({ fact: 'mastery', path: 'o1', operator: 'equal', value: 'high' })), { code: 'value-type', path: '/rules/0/when/value' });
    expectIssue(lint(when({ fact: 'visited', operator: 'contains', value: 'q99' })), { code: 'unknown-activity', path: '/rules/0/when/value' });
    expectIssue(lint(when({ fact: 'currentActivity', operator: 'in', value: ['q1', 'r9'] })), { code: 'unknown-activity', path: '/rules/0/when/value/1' });
    expectIssue(lint(when({ fact: 'mastered', operator: 'containsAny', value: ['o1', 'o9'] })), { code: 'unknown-objective', path: '/rules/0/when/value/1' });
    expectIssue(lint(when({ fact: 'lastResponse', path: 'misconception', operator: 'equal', value: 'm9' })), { code: 'unknown-misconception' });
    expectIssue(lint(when({ fact: 'lastResponse', path: 'choiceIds', operator: 'contains', value: 'zz' })), { code: 'unknown-choice' });
    expectIssue(lint(when({ fact: 'profile', path: 'modality', operator: 'equal', value: 'audio' })), { code: 'unknown-modality' });
    expectIssue(lint(when({ fact: 'profile', path: 'interests', operator: 'contains', value: 'chess' })), {
      code: 'value-not-offered',
      severity: 'warning',
      message: "no survey option offers the interest 'chess'",
    });
  });

  it('missing-default-rule and multiple-default-rules', () => {
    expectIssue(lint((d) => d.rules.pop()), { code: 'missing-default-rule', path: '/rules', severity: 'error' });
    expectIssue(lint((d) => d.rules.push({ id: 'end2', default: true, then: { type: 'complete' } })), { code: 'multiple-default-rules', path: '/rules/3/default' });
  });

  it('answer-key, invalid-pattern, video-source, unknown-misconception on answers', () => {
    const found = lint((d) => {
      const [, , q1, q2, , q4, , v1] = d.activities;
      if (q1?.kind === 'singleChoice') q1.choices[2]!.correct = true;
      if (q2?.kind === 'multipleChoice') for (const c of q2.choices) c.correct = false;
      if (q4?.kind === 'shortText') {
        q4.pattern = 'paris(';
        q4.distractors = [{ feedback: 'x' }, { text: 'lille', misconception: 'm7' }];
      }
      if (v1?.kind === 'video') delete v1.url;
    });
    expectIssue(found, { code: 'answer-key', path: '/activities/2/choices', message: 'a singleChoice question needs exactly one correct choice, found 2' });
    expectIssue(found, { code: 'answer-key', path: '/activities/3/choices' });
    expectIssue(found, { code: 'invalid-pattern', path: '/activities/5/pattern' });
    expectIssue(found, { code: 'answer-key', path: '/activities/5/distractors/0' });
    expectIssue(found, { code: 'unknown-misconception', path: '/activities/5/distractors/1/misconception' });
    expectIssue(found, { code: 'video-source', path: '/activities/7' });
    const text = lint((d) => {
      const q4 = d.activities[5];
      if (q4?.kind === 'shortText') {
        delete q4.pattern;
        q4.acceptedAnswers = [];
      }
    });
    expectIssue(text, { code: 'answer-key', path: '/activities/5' });
  });

  it('start-kind, diagnostic-question and question-without-objective', () => {
    const found = lint((d) => {
      d.start = { survey: 'diag', diagnostic: 'diag' };
      const diag = d.activities[1];
      if (diag?.kind === 'diagnostic') diag.questions.push('r1');
      delete d.activities[4]?.objectives;
    });
    expectIssue(found, { code: 'start-kind', path: '/start/survey' });
    expectIssue(found, { code: 'diagnostic-question', path: '/activities/1/questions/2' });
    expectIssue(found, { code: 'question-without-objective', path: '/activities/4', severity: 'warning' });
  });

  it('invalid-option, no-recommendation, pool-source and empty-pool', () => {
    const found = lint((d) => {
      d.rules.unshift(
        { id: 'c1', priority: 9, when: { fact: 'stepCount', operator: 'equal', value: 1 }, then: { type: 'offerChoice', options: ['survey', 'r1'] } },
        { id: 'c2', priority: 9, when: { fact: 'stepCount', operator: 'equal', value: 2 }, then: { type: 'offerChoice', options: ['r1', 'v1'], recommendBy: 'interest' } },
        { id: 'c3', priority: 9, when: { fact: 'stepCount', operator: 'equal', value: 3 }, then: { type: 'offerChoice', options: ['q1', 'r1'], recommendBy: 'modality' } },
        { id: 'p1', priority: 9, when: { fact: 'stepCount', operator: 'equal', value: 4 }, then: { type: 'pickFromPool', objective: 'o1', pool: ['q1'] } },
        { id: 'p2', priority: 9, when: { fact: 'stepCount', operator: 'equal', value: 5 }, then: { type: 'pickFromPool', pool: ['r1'], kinds: ['numeric'] } },
      );
    });
    expectIssue(found, { code: 'invalid-option', path: '/rules/0/then/options/0' });
    expectIssue(found, { code: 'no-recommendation', path: '/rules/1/then/recommendBy', severity: 'warning' });
    expectIssue(found, { code: 'no-recommendation', path: '/rules/2/then/recommendBy' });
    expectIssue(found, { code: 'pool-source', path: '/rules/3/then' });
    expectIssue(found, { code: 'empty-pool', path: '/rules/4/then' });
    const review = lint((d) => {
      d.objectives.push({ id: 'o3', title: 'Three' });
      d.completion = { objectives: ['o1'] };
      d.rules.unshift({ id: 'rv', priority: 9, when: { fact: 'stepCount', operator: 'equal', value: 1 }, then: { type: 'review', objective: 'o3' } });
    });
    expectIssue(review, { code: 'empty-pool', path: '/rules/0/then/objective' });
  });

  it('unreachable-activity', () => {
    const found = lint((d) => d.activities.push({ id: 'orphan', kind: 'reading', title: 'Orphan', body: 'x' }));
    expect(found).to.deep.equal([
      { severity: 'warning', path: '/activities/10', code: 'unreachable-activity', message: "no rule, start step or diagnostic can show activity 'orphan'" },
    ]);
  });

  it('objective-not-exercised: an error when completion needs it, a warning otherwise', () => {
    const blocking = lint((d) => d.objectives.push({ id: 'o3', title: 'Three' }));
    expectIssue(blocking, { code: 'objective-not-exercised', severity: 'error', path: '/objectives/2' });
    const contentOnly = lint((d) => {
      d.objectives.push({ id: 'o3', title: 'Three' });
      d.activities[6]!.objectives = ['o1', 'o3'];
      d.completion = { objectives: ['o1', 'o2'] };
    });
    expectIssue(contentOnly, {
      code: 'objective-not-exercised',
      severity: 'warning',
      message: "only content exercises objective 'o3'; no question measures it, so its mastery never changes",
    });
  });

  it('no-way-forward: a default rule that can come up empty or only talks', () => {
    expectIssue(lint((d) => (d.rules[2]!.then = { type: 'pickFromPool', objective: 'o1' })), { code: 'no-way-forward', severity: 'warning', path: '/rules/2/then' });
    expectIssue(lint((d) => (d.rules[2]!.then = { type: 'showFeedback', message: 'Hi' })), { code: 'no-way-forward', severity: 'error' });
    // With maxSteps the path may end first: the warning says so instead of promising a stall.
    const bounded = lint((d) => {
      d.rules[2]!.then = { type: 'pickFromPool', objective: 'o1' };
      d.completion = { allObjectivesMastered: false, maxSteps: 4 };
    }).find((i) => i.code === 'no-way-forward');
    expect(bounded?.message).to.contain('before maxSteps (4) ends the path; if it does');
  });

  it('no-completion: nothing can end the sequence', () => {
    const found = lint((d) => {
      d.completion = { allObjectivesMastered: false };
      d.rules[2]!.then = { type: 'review', objective: 'o1' };
    });
    expectIssue(found, { code: 'no-completion', path: '', severity: 'warning' });
  });

  it('cycle-without-exit: plain transitions that loop and outrank everything else', () => {
    const hop = (id: string, from: string, to: string, priority: number): Rule => ({
      id,
      priority,
      when: { all: [{ fact: 'currentActivity', operator: 'equal', value: from }] },
      then: { type: 'goTo', activity: to },
    });
    const found = lint((d) => d.rules.unshift(hop('a-to-b', 'r1', 'v1', 10), hop('b-to-a', 'v1', 'r1', 9)));
    expectIssue(found, { code: 'cycle-without-exit', severity: 'error', path: '/rules/0' });
    expect(found.find((i) => i.code === 'cycle-without-exit')?.message).to.contain('r1 → v1 → r1');

    const exit = lint((d) =>
      d.rules.unshift(
        { id: 'escape', priority: 11, when: { fact: 'attempts', path: 'q1', operator: 'equal', value: 0 }, then: { type: 'goTo', activity: 'q1' } },
        hop('a-to-b', 'r1', 'v1', 10),
        hop('b-to-a', 'v1', 'r1', 9),
      ),
    );
    expect(exit.filter((i) => i.code === 'cycle-without-exit')).to.deep.equal([]);
  });
});
