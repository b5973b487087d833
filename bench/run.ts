/**
 * `npm run bench`: every performance figure of the tool in one run on this
 * machine, each beside its baseline. Figures are printed, never asserted.
 */
import { runDecisionBench } from './decision.js';
import { runFloorBench } from './floor.js';
import { runLaunchBench } from './launch.js';
import type { LoadResult } from './load.js';
import { runPassbackBench } from './passback.js';
import { runMemoryBench } from './memory.js';
import { runSimulationBench } from './simulate.js';
import { printSubmitBench, runSubmitBench } from './submit.js';
import { printExportBench, runExportBench } from './export.js';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const ratio = (n: number) => `${n.toFixed(2)}×`;

function loadRow(name: string, r: LoadResult, floor: LoadResult, unit: string) {
  return {
    measure: name,
    [`${unit}/s`]: Math.round(r.opsPerSecond),
    'requests/s': Math.round(r.requestsPerSecond),
    'vs floor (per request)': ratio(r.requestsPerSecond / floor.requestsPerSecond),
    p50: ms(r.p50Ms),
    p99: ms(r.p99Ms),
    errors: r.errors,
  };
}

async function main() {
  console.log(`Benchmarks on ${process.platform} ${process.arch}, Node ${process.version}, ${DURATION_MS} ms per load test\n`);

  const floor = await runFloorBench({ connections: 50, durationMs: DURATION_MS });
  const launch = await runLaunchBench({ connections: 10, durationMs: DURATION_MS });
  console.log('HTTP (closed loop, keep-alive)');
  console.table([loadRow('floor: bare Express hello-world (50 conn.)', floor, floor, 'req'), loadRow('full LTI launch, 5 requests each (10 conn.)', launch, floor, 'launches')]);
  console.log('Targets: launch ≥ 0.25× the floor per request; p99 < 25 ms.\n');

  printSubmitBench(await runSubmitBench({ connections: 50, durationMs: DURATION_MS }));
  console.log('Targets: submissions ≥ 0.5× the floor; p99 < 25 ms.\n');

  const decision = await runDecisionBench();
  console.log('Next-activity decision over a 20-rule sequence');
  console.table(decision.map((f) => ({ contender: f.name, 'median µs': (f.medianNs / 1000).toFixed(2), 'p99 µs': (f.p99Ns / 1000).toFixed(2) })));
  console.log('Target: engine ≤ 10 µs median.\n');

  const simulation = await runSimulationBench();
  console.log('Studio simulation: 1,000 synthetic learners on a 30-activity sequence');
  console.table(simulation.map((f) => ({ how: f.name, seconds: (f.ms / 1000).toFixed(2), 'learners/s': Math.round(f.learnersPerSecond) })));
  console.log('Target: < 5 s.\n');

  const passback = await runPassbackBench({ durationMs: DURATION_MS });
  console.log('Grade passback: outbox → built-in platform AGS over HTTP (token cached)');
  console.table([{ scores: passback.scores, 'scores/s': Math.round(passback.scoresPerSecond), 'vs floor (per request)': ratio(passback.scoresPerSecond / floor.requestsPerSecond) }]);

  const memory = await runMemoryBench(10_000);
  console.log('\nMemory: the compiled tool as its own process, 10,000 learners opening their paths over HTTP');
  console.table([{ learners: memory.learners, 'RSS idle MB': memory.rssIdleMb.toFixed(0), 'RSS after MB': memory.rssAfterMb.toFixed(0), seconds: memory.seconds.toFixed(1) }]);
  console.log('Target: RSS < 200 MB.\n');

  printExportBench(await runExportBench({ sizes: [5_000] }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
