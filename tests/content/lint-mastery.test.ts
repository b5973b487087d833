import { expect } from 'chai';
import { lintSequence } from '../../server/content/lint.js';
import type { Issue } from '../../server/content/issues.js';
import { validateSequence } from '../../server/content/validate.js';
import type { Objective, SequenceDoc } from '../../server/engine/index.js';

/** One objective assessed by `questions` questions, the first `inDiagnostic` of them in the start diagnostic. */
function doc(questions: number, objective: Partial<Objective> = {}, inDiagnostic = 0): SequenceDoc {
  const ids = Array.from({ length: questions }, (_, i) => `q${i + 1}`);
  const d: SequenceDoc = {
    id: 'mastery',
    title: 'Mastery',
    objectives: [{ id: 'o1', title: 'One', ...objective }],
    activities: ids.map((id) => ({
      id,
      kind: 'singleChoice',
      title: id,
      prompt: 'Pick A',
      objectives: ['o1'],
      choices: [
        { id: 'a', text: 'A', correct: true },
        { id: 'b', text: 'B' },
      ],
    })),
    rules: [{ id: 'practise', default: true, then: { type: 'review', objective: 'o1' } }],
  };
  if (inDiagnostic > 0) {
    d.activities.push({ id: 'dx', kind: 'diagnostic', title: 'Warm-up', questions: ids.slice(0, inDiagnostic) });
    d.start = { diagnostic: 'dx' };
  }
  return d;
}

function masteryIssues(d: SequenceDoc): Issue[] {
  return lintSequence(d).filter((i) => i.code.startsWith('mastery-'));
}

describe('lintSequence: mastery within reach of the questions', () => {
  // At the defaults (prior 0.2, learn 0.15, guess 0.2, slip 0.1, threshold 0.95) right answers take
  // the estimate to 0.6, 0.89, 0.977: three are needed. One miss after a right answer drops it to 0.28,
  // and three more right give 0.695, 0.92, 0.98: five questions allow one miss anywhere.

  it('mastery-out-of-reach: even all right first time cannot reach the threshold', () => {
    expect(masteryIssues(doc(2))).to.deep.equal([
      {
        severity: 'warning',
        path: '/objectives/0',
        code: 'mastery-out-of-reach',
        message:
          "objective 'o1' needs 3 right first answers in a row to reach mastery (threshold 95%), but only 2 questions assess it. Add questions or lower the threshold.",
      },
    ]);
    expect(masteryIssues(doc(1))[0]?.message).to.contain('but only 1 question assesses it');
  });

  it('mastery-no-margin: reachable, but one miss can leave the threshold out of reach', () => {
    expect(masteryIssues(doc(4))).to.deep.equal([
      {
        severity: 'warning',
        path: '/objectives/0',
        code: 'mastery-no-margin',
        message:
          "objective 'o1' leaves no room for a mistake: with 4 questions, one missed first answer can leave mastery (threshold 95%) out of reach. " +
          'Give it 5 questions (1 more) so a learner can make up for one miss, or lower the threshold.',
      },
    ]);
    // A miss at the very start could be made up with 4; it is a miss after a right answer that needs the fifth.
    expect(masteryIssues(doc(3))[0]?.message).to.contain('Give it 5 questions (2 more)');
  });

  it('says nothing when the questions allow a miss', () => {
    expect(masteryIssues(doc(5))).to.deep.equal([]);
    expect(masteryIssues(doc(8))).to.deep.equal([]);
  });

  it('reads each objective’s own threshold and BKT parameters', () => {
    // A lower threshold: two right answers (0.89) are enough, but not after a miss.
    expect(masteryIssues(doc(2, { masteryThreshold: 0.85 })).map((i) => i.code)).to.deep.equal(['mastery-no-margin']);
    expect(masteryIssues(doc(2, { masteryThreshold: 0.85 }))[0]?.message).to.contain('(threshold 85%)').and.contain('Give it 4 questions (2 more)');
    // A higher one needs more than five.
    expect(masteryIssues(doc(5, { masteryThreshold: 0.99 }))[0]?.message).to.contain('Give it 6 questions (1 more)');
    // A stronger prior makes four enough.
    expect(masteryIssues(doc(4, { bkt: { prior: 0.5 } }))).to.deep.equal([]);
    // Answers that carry no evidence and no learning never get there, however many.
    expect(masteryIssues(doc(5, { bkt: { learn: 0, guess: 0.5, slip: 0.5 } }))[0]).to.include({ code: 'mastery-out-of-reach' });
    expect(masteryIssues(doc(5, { bkt: { learn: 0, guess: 0.5, slip: 0.5 } }))[0]?.message).to.contain('however many questions are answered right');
  });

  it('counts a diagnostic question once, without the learning step', () => {
    // Two right practice answers reach 0.89; a right diagnostic answer teaches nothing, so 0.53 then 0.86.
    expect(masteryIssues(doc(2, { masteryThreshold: 0.88 })).map((i) => i.code)).to.deep.equal(['mastery-no-margin']);
    expect(masteryIssues(doc(2, { masteryThreshold: 0.88 }, 1))).to.deep.include({
      severity: 'warning',
      path: '/objectives/0',
      code: 'mastery-out-of-reach',
      message: "objective 'o1' needs 3 right first answers in a row to reach mastery (threshold 88%), but only 2 questions assess it. Add questions or lower the threshold.",
    });
  });

  it('points at each objective and leaves one without questions to objective-not-exercised', () => {
    const d = doc(5);
    d.objectives.unshift({ id: 'o0', title: 'Zero' });
    d.objectives.push({ id: 'o2', title: 'Two' });
    d.activities[0]!.objectives = ['o1', 'o2'];
    const found = lintSequence(d);
    expect(found.filter((i) => i.code.startsWith('mastery-')).map((i) => [i.path, i.code])).to.deep.equal([['/objectives/2', 'mastery-out-of-reach']]);
    expect(found.filter((i) => i.code === 'objective-not-exercised').map((i) => i.path)).to.deep.equal(['/objectives/0']);
  });

  it('leaves an objective the schema refused to the schema’s error', () => {
    const d = doc(1) as unknown as { objectives: Array<Record<string, unknown>> };
    d.objectives[0]!.masteryThreshold = 'high';
    const result = validateSequence(d);
    expect(result.issues.map((i) => i.code)).to.include('schema.type').and.not.include('mastery-out-of-reach');
  });
});
