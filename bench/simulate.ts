/**
 * Studio simulation cost: 1,000 synthetic learners on a 30-activity sequence
 * (the fractions sample plus one reading), two ways:
 *   in-process   simulate() on the calling thread (the pure cost)
 *   worker       the studio's SimulationRunner, as POST /studio/api/simulate
 *                uses it: worker start-up, compilation and progress messages included
 * Target: < 5 s per 1,000 learners. Figures are printed, not asserted: they
 * depend on the machine and on what else runs on it.
 *
 *   npx tsx bench/simulate.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileSequence, type SequenceDoc } from '../server/engine/index.js';
import { simulate } from '../server/simulation/index.js';
import { SimulationRunner } from '../server/studio/simulation/runner.js';

export interface SimulationFigure {
  name: string;
  learners: number;
  activities: number;
  ms: number;
  learnersPerSecond: number;
  completionRate: number;
}

/** The fractions sample with a 30th activity that its `compare` pools can pick. */
export function benchSequence(): SequenceDoc {
  const url = new URL('../server/content/samples/fractions.json', import.meta.url);
  const doc = JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as SequenceDoc;
  doc.activities.push({ id: 'bench-compare-extra', kind: 'reading', title: 'Benchmarks and halves', body: 'Compare each fraction with 1/2 first.', objectives: ['compare'] });
  return doc;
}

function figure(name: string, doc: SequenceDoc, learners: number, ms: number, completionRate: number): SimulationFigure {
  return { name, learners, activities: doc.activities.length, ms, learnersPerSecond: (learners / ms) * 1000, completionRate };
}

export async function runSimulationBench(options: { learners?: number; seed?: number } = {}): Promise<SimulationFigure[]> {
  const learners = options.learners ?? 1000;
  const seed = options.seed ?? 1;
  const doc = benchSequence();

  let started = performance.now();
  const inProcess = simulate(compileSequence(doc), { learners, seed });
  const inProcessMs = performance.now() - started;

  const runner = new SimulationRunner();
  started = performance.now();
  const viaWorker = await runner.reserve().run({ doc, learners, seed }, { onProgress: () => undefined, signal: new AbortController().signal });
  const workerMs = performance.now() - started;

  return [figure('in-process', doc, learners, inProcessMs, inProcess.completion.rate), figure('worker (as the API runs it)', doc, learners, workerMs, viaWorker.completion.rate)];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await runSimulationBench();
  console.log(`Studio simulation, Node ${process.version}`);
  console.table(figures.map((f) => ({ how: f.name, learners: f.learners, activities: f.activities, seconds: (f.ms / 1000).toFixed(2), 'learners/s': Math.round(f.learnersPerSecond) })));
  console.log('Target: < 5 s for 1,000 learners.');
}
