import { expect } from 'chai';
import { validateSequence } from '../../server/content/validate.js';
import type { Condition, SequenceDoc } from '../../server/engine/index.js';
import { CHECK_LEARNERS, simulationIssues, trialRun } from '../../server/simulation/checks.js';
import { draftIssues, publishIssues } from '../../server/studio/sequences/issues.js';
import { TEMPLATE_NAMES, templateDraft } from '../../server/studio/sequences/templates.js';
import { issuePlace } from '../../studio/lib/describe.js';
import { fractionsWithCompareLoop, loadSample } from '../engine/support/samples.js';
import { deadEndDoc } from './support/fixtures.js';

const valid = (doc: unknown): SequenceDoc => {
  const checked = validateSequence(doc);
  if (!checked.ok) throw new Error(`invalid: ${JSON.stringify(checked.issues)}`);
  return checked.sequence;
};
const summary = (doc: SequenceDoc) => simulationIssues(doc).map((i) => `${i.severity} ${i.code} ${i.path}`);
const pinnedToReading: Condition = {
  all: [
    { fact: 'visited', operator: 'contains', value: 'read-compare' },
    { fact: 'currentActivity', operator: 'equal', value: 'read-compare' },
  ],
};

describe('publish check: the trial run of simulated learners', () => {
  it('finds QA’s rule on the fractions sample: learners sent straight back to “Which is bigger?”', () => {
    const doc = valid(fractionsWithCompareLoop());
    const rule = doc.rules.length - 1;
    const issues = simulationIssues(doc);
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).to.deep.equal([`warning simulated-loop /rules/${rule}`]);
    expect(issues[0]?.message)
      .to.match(/^in a trial run with 100 simulated learners, rule 'after-compare-reading' sent \d+ learners straight back to 'cmp-q1' \(“Which is bigger\?”\) right after they had done it/)
      .and.match(/the loop guard refused it \d+ times for \d+ learners: learners see “Which is bigger\?” over and over\./)
      .and.contain('a currentActivity condition');
  });

  it('at the top of the rules, as QA had it, the guard refuses it again and again and the figures say so', () => {
    const doc = valid(fractionsWithCompareLoop({ priority: 200 }));
    const [issue, ...more] = simulationIssues(doc);
    expect(more).to.deep.equal([]);
    expect(issue).to.include({ code: 'simulated-loop', path: `/rules/${doc.rules.length - 1}` });
    const figures = /sent (\d+) learners straight back .* \(up to (\d+) times in a row\), and the loop guard refused it (\d+) times for (\d+) learners/.exec(issue?.message ?? '');
    expect(figures, issue?.message).to.not.equal(null);
    const [, repeaters, inARow, refusals, refused] = figures!.map(Number);
    expect(inARow).to.be.at.least(3);
    expect(refusals).to.be.at.least(2 * refused!);
    expect(repeaters).to.be.at.least(5);
  });

  it('says nothing once the rule is pinned to the moment after the reading', () => {
    expect(summary(valid(fractionsWithCompareLoop({ when: pinnedToReading })))).to.deep.equal([]);
    expect(summary(valid(fractionsWithCompareLoop({ when: pinnedToReading, priority: 200 })))).to.deep.equal([]);
  });

  it('says nothing about the shipped samples and the studio templates', () => {
    for (const name of ['fractions', 'data-privacy'] as const) expect(summary(loadSample(name)), name).to.deep.equal([]);
    for (const name of TEMPLATE_NAMES) expect(summary(valid(templateDraft(name))), name).to.deep.equal([]);
  });

  it('leaves no learner of the blank template without a step: each question once, then the path ends with a message', () => {
    const outcomes = trialRun(valid(templateDraft('blank')));
    const endings = outcomes.map((o) => o.ending);
    expect(endings.filter((e) => e === 'stalled')).to.deep.equal([]);
    expect(endings.filter((e) => e === 'rule')).to.not.be.empty;
    // Each question is asked once, and the introduction is not served again as practice.
    for (const { path } of outcomes) expect(new Set(path).size, path.join(' → ')).to.equal(path.length);
  });

  it('reports a dead end: the default rule sending everyone back to the reading, and the stalls it ends in', () => {
    const issues = simulationIssues(valid(deadEndDoc()));
    expect(issues.map((i) => `${i.code} ${i.path}`)).to.deep.equal(['simulated-loop /rules/1', 'simulated-stalls ']);
    expect(issues[0]?.message).to.contain("rule 'keep-reading' sent 100 learners straight back to 'intro' (“Intro”)").and.contain('The default rule decides whenever no other rule applies');
    expect(issues[1]?.message).to.equal(
      "in a trial run with 100 simulated learners, 100 (100%) ended stalled: no rule could give them a next step, 100 of them after 'intro' (“Intro”). Make sure some rule can always lead on (a default rule that completes always can). Simulate shows where.",
    );
  });

  it('reports learners still going at the loop guard’s step cap', () => {
    const doc = deadEndDoc();
    doc.guard = { maxSteps: 12, maxRevisits: 100 };
    const issues = simulationIssues(valid(doc));
    const capped = issues.find((i) => i.code === 'simulated-step-cap');
    expect(capped).to.include({ path: '/guard/maxSteps', severity: 'warning' });
    expect(capped?.message).to.contain("100 (100%) were still going when the loop guard's cap of 12 steps ended their path");
  });

  it('is deterministic and bounded: the same findings every time, and no more steps than its budget allows', () => {
    const doc = valid(fractionsWithCompareLoop({ priority: 200 }));
    expect(simulationIssues(doc)).to.deep.equal(simulationIssues(doc));
    expect(trialRun(doc)).to.have.length(CHECK_LEARNERS);
    const few = trialRun(doc, { stepBudget: 100 });
    expect(few.length).to.be.within(1, 10);
    expect(few.slice(0, -1).reduce((steps, o) => steps + o.steps, 0)).to.be.below(100);
    expect(simulationIssues(doc, { stepBudget: 100 }).every((i) => i.message.startsWith(`in a trial run with ${few.length} simulated`))).to.equal(true);
  });

  it('adds its warnings after the lint’s, only for drafts without errors (time logged, not asserted)', () => {
    const fractions = templateDraft('fractions');
    const looped = fractionsWithCompareLoop() as unknown as Record<string, unknown>;
    expect(publishIssues(looped, 'fractions-grade6').map((i) => i.code)).to.deep.equal(['repeats-every-step', 'simulated-loop']);
    expect(draftIssues(looped, 'fractions-grade6').map((i) => i.code)).to.deep.equal(['repeats-every-step']);
    // With an error the trial cannot run: the issues are the lint's.
    expect(publishIssues(fractions, 'another-id').map((i) => i.code)).to.deep.equal(['sequence-id']);

    const time = (work: () => unknown) => {
      const runs = 5;
      const started = performance.now();
      for (let i = 0; i < runs; i++) work();
      return (performance.now() - started) / runs;
    };
    const lint = time(() => draftIssues(fractions, 'fractions-grade6'));
    const withTrial = time(() => publishIssues(fractions, 'fractions-grade6'));
    console.log(`      publish check on the fractions sample: lint ${lint.toFixed(1)} ms, lint + trial run ${withTrial.toFixed(1)} ms (+${(withTrial - lint).toFixed(1)} ms)`);
  });

  it('reads in the publish panel as the lint’s warnings do: the message names its rule, or follows its place', () => {
    // The panel lists check.issues by severity and names each place with issuePlace, whatever the code.
    const looped = valid(fractionsWithCompareLoop());
    const [loop] = simulationIssues(looped);
    expect(issuePlace(looped, loop!.path, loop!.message), 'the message names the rule: it is the link itself').to.equal('');
    const deadEnd = valid(deadEndDoc());
    const stalls = simulationIssues(deadEnd).find((i) => i.code === 'simulated-stalls')!;
    expect(`${issuePlace(deadEnd, stalls.path, stalls.message)}: ${stalls.message}`).to.match(/^The whole sequence: in a trial run with 100 simulated learners/);
  });
});
