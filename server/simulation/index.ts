/**
 * Simulated learners for the studio: run a compiled sequence with a synthetic
 * population and report completion, steps, paths, stuck points and mastery.
 *
 * Pure: no I/O, no clock, no global randomness. The result is a function of
 * (sequence, learners, seed), so two runs with the same seed agree exactly and
 * a designer can compare drafts on the same population. The studio runs it in
 * a worker thread (server/studio/simulation/) to keep the server responsive.
 *
 *   const result = simulate(compileSequence(doc), { learners: 1000, seed: 1 });
 */
import { isQuestion, type CompiledSequence } from '../engine/index.js';
import { answerable } from './answers.js';
import { runLearner, type RunOptions } from './learner.js';
import { drawLearner } from './population.js';
import { report } from './report.js';
import { MAX_LEARNERS, type LearnerOutcome, type SimulationOptions, type SimulationResult } from './types.js';

export * from './types.js';
export { drawLearner, MODALITIES, type SyntheticLearner } from './population.js';
export { runLearner } from './learner.js';

function caveats(compiled: CompiledSequence): string[] {
  const notes: string[] = [];
  const unanswerable = [...compiled.activityById.values()].filter((a) => isQuestion(a) && !answerable(a)).map((a) => a.id);
  if (unanswerable.length > 0) {
    notes.push(
      `Simulated learners cannot write a correct answer for ${unanswerable.map((id) => `'${id}'`).join(', ')} (a pattern without acceptedAnswers), so they always answer it wrong; add an example to acceptedAnswers for a faithful simulation.`,
    );
  }
  const asksModality = [...compiled.activityById.values()].some((a) => a.kind === 'survey' && a.questions.some((q) => q.target === 'modality'));
  if (!asksModality) notes.push('No survey asks how learners like to learn, so no rule can route by modality; the modality figures show how each preference fares regardless.');
  return notes;
}

export function simulate(compiled: CompiledSequence, options: SimulationOptions, runOptions: RunOptions = {}): SimulationResult {
  const { learners, onProgress } = options;
  if (!Number.isInteger(learners) || learners < 1 || learners > MAX_LEARNERS) throw new RangeError(`learners must be an integer from 1 to ${MAX_LEARNERS}`);
  const seed = options.seed >>> 0;
  const outcomes: LearnerOutcome[] = [];
  for (let i = 0; i < learners; i++) {
    outcomes.push(runLearner(compiled, drawLearner(compiled, seed, i), runOptions));
    onProgress?.(i + 1, learners);
  }
  return report(compiled, outcomes, seed, caveats(compiled));
}
