import { expect } from 'chai';
import { compileSequence, type SequenceDoc } from '../../server/engine/index.js';
import { drawLearner, runLearner, simulate, MODALITIES } from '../../server/simulation/index.js';
import { histogram, isCompletion, stepStats } from '../../server/simulation/report.js';
import { fractionsWithCompareLoop, loadSample } from '../engine/support/samples.js';
import { deadEndDoc } from './support/fixtures.js';

/** The sample with slip 0: a learner who knows every objective never answers wrong. */
function withoutSlips(doc: SequenceDoc): SequenceDoc {
  return { ...doc, objectives: doc.objectives.map((o) => ({ ...o, bkt: { ...o.bkt, slip: 0 } })) };
}

describe('simulation (pure)', () => {
  const fractions = compileSequence(loadSample('fractions'));

  it('is deterministic: the same seed gives the same result, another seed another', () => {
    const a = simulate(fractions, { learners: 150, seed: 42 });
    const b = simulate(fractions, { learners: 150, seed: 42 });
    const c = simulate(fractions, { learners: 150, seed: 43 });
    expect(b).to.deep.equal(a);
    expect(c).to.not.deep.equal(a);
    expect(a).to.include({ learners: 150, seed: 42, sequenceId: 'fractions-grade6' });
  });

  it('gives each learner the same run whatever ran before it (per-learner streams)', () => {
    const run = (i: number) => runLearner(fractions, drawLearner(fractions, 7, i)).path.join(' ');
    const forward = Array.from({ length: 20 }, (_, i) => run(i));
    const backward = Array.from({ length: 20 }, (_, i) => run(19 - i)).reverse();
    expect(backward).to.deep.equal(forward);
    expect(new Set(forward).size).to.be.greaterThan(1);
  });

  it('trimming the engine history changes no outcome', () => {
    const trimmed = simulate(fractions, { learners: 60, seed: 5 });
    const full = simulate(fractions, { learners: 60, seed: 5 }, { keepHistory: true });
    expect(trimmed).to.deep.equal(full);
  });

  it('draws a varied population: every band and modality, different learning rates', () => {
    const learners = Array.from({ length: 400 }, (_, i) => drawLearner(fractions, 1, i));
    expect(new Set(learners.map((l) => l.band))).to.have.all.keys('low', 'typical', 'high');
    expect(new Set(learners.map((l) => l.modality))).to.have.all.keys(...MODALITIES);
    expect(new Set(learners.map((l) => l.learn.get('equivalent'))).size).to.be.greaterThan(100);
    const knowsAtStart = learners.filter((l) => l.knows.get('equivalent')).length / learners.length;
    expect(knowsAtStart).to.be.within(0.1, 0.5); // prior 0.25, skewed by the bands
  });

  it('learners who know everything and never slip complete every sample by mastery', () => {
    for (const name of ['fractions', 'data-privacy'] as const) {
      const compiled = compileSequence(withoutSlips(loadSample(name)));
      for (let i = 0; i < 25; i++) {
        const learner = drawLearner(compiled, 3, i);
        for (const id of learner.knows.keys()) learner.knows.set(id, true);
        const outcome = runLearner(compiled, learner);
        expect(outcome.ending, `${name} learner ${i}`).to.equal('mastered');
        expect(outcome.mastered).to.have.members(compiled.objectives.map((o) => o.id));
        expect(outcome.path.slice(0, 2)).to.deep.equal([compiled.start.survey, compiled.start.diagnostic]);
      }
    }
  });

  it('reports where learners get stuck in a sequence with a dead end', () => {
    const result = simulate(compileSequence(deadEndDoc()), { learners: 300, seed: 9 });
    const stalled = result.completion.byEnding.stalled;
    expect(stalled).to.be.greaterThan(0);
    expect(result.completion.rate).to.be.below(1);
    expect(result.completion.completed + stalled).to.equal(300);
    expect(result.stuck.stalls[0]).to.deep.equal({ lastActivity: 'intro', learners: stalled });
    expect(result.stuck.guardRefusals.map((g) => g.ruleId)).to.include('keep-reading');
    expect(result.stuck.revisits[0]).to.include({ activityId: 'intro' });
    expect(result.stuck.revisits[0]?.maxVisits).to.be.at.least(2);
    const stalledPath = result.topPaths.find((p) => p.activities.at(-1) === 'intro');
    expect(stalledPath?.activities[0]).to.equal('q1');
  });

  it('reports mastery per objective, completion by ending, and segments that add up', () => {
    const result = simulate(fractions, { learners: 200, seed: 11 });
    const endings = Object.values(result.completion.byEnding).reduce((a, b) => a + b, 0);
    expect(endings).to.equal(200);
    expect(result.mastery.map((m) => m.objectiveId)).to.deep.equal(['equivalent', 'compare', 'add-unlike']);
    for (const m of result.mastery) {
      for (const v of [m.meanEstimate, m.masteredShare, m.knownShare]) expect(v).to.be.within(0, 1);
    }
    expect(result.segments.priorKnowledge.reduce((a, s) => a + s.learners, 0)).to.equal(200);
    expect(result.segments.modality.reduce((a, s) => a + s.learners, 0)).to.equal(200);
    expect(result.topPaths.length).to.be.within(1, 10);
    expect(result.stepsToCompletion.histogram.reduce((a, b) => a + b.learners, 0)).to.equal(result.completion.completed);
    expect(result.errors).to.deep.equal([]);
    expect(result.completion.looped, 'the shipped sample needs no loop guard').to.equal(0);
  });

  it('counts apart the learners who completed only because the loop guard stepped in (QA: “100% as designed” next to a loop)', () => {
    // QA's rule at priority 200: after the reading, always back to the comparison.
    const compiled = compileSequence(fractionsWithCompareLoop({ priority: 200 }));
    const result = simulate(compiled, { learners: 200, seed: 1 });
    const outcomes = Array.from({ length: 200 }, (_, i) => runLearner(compiled, drawLearner(compiled, 1, i)));
    const expected = outcomes.filter((o) => isCompletion(o) && o.guardRefusals.length > 0).length;
    expect(result.completion.looped).to.equal(expected);
    // Every learner the guard refused a step for is counted: none of them is left among those "as designed".
    const refused = result.stuck.guardRefusals.find((g) => g.ruleId === 'after-compare-reading');
    expect(refused?.learners).to.be.greaterThan(0);
    expect(result.completion.looped).to.equal(refused!.learners - outcomes.filter((o) => !isCompletion(o) && o.guardRefusals.length > 0).length);
    expect(result.completion.looped).to.be.within(1, result.completion.completed - 1);
  });

  it('notes questions simulated learners cannot answer (pattern without an example)', () => {
    const doc = loadSample('fractions');
    const q = doc.activities.find((a) => a.id === 'add-map');
    if (q?.kind !== 'shortText') throw new Error('fixture changed');
    delete q.acceptedAnswers;
    const result = simulate(compileSequence(doc), { learners: 5, seed: 1 });
    expect(result.notes.join(' ')).to.contain("'add-map'");
  });

  it('refuses population sizes outside 1..5000', () => {
    expect(() => simulate(fractions, { learners: 0, seed: 1 })).to.throw(RangeError);
    expect(() => simulate(fractions, { learners: 5001, seed: 1 })).to.throw(RangeError);
  });

  it('bins steps into at most 30 bins and computes nearest-rank statistics', () => {
    expect(histogram([3, 3, 4, 9])).to.deep.equal([
      { from: 3, to: 3, learners: 2 },
      { from: 4, to: 4, learners: 1 },
      ...[5, 6, 7, 8].map((n) => ({ from: n, to: n, learners: 0 })),
      { from: 9, to: 9, learners: 1 },
    ]);
    const wide = histogram([1, 200]);
    expect(wide.length).to.be.at.most(30);
    expect(wide[0]).to.include({ from: 1, learners: 1 });
    expect(wide.at(-1)?.learners).to.equal(1);
    expect(stepStats([5, 1, 3, 2, 4])).to.deep.equal({ min: 1, median: 3, p90: 5, max: 5, mean: 3 });
    expect(stepStats([])).to.equal(null);
  });
});
