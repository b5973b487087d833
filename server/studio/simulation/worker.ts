/**
 * Worker-thread entry: compiles the job's document, runs the pure simulation
 * and posts progress and the result back. Runs off the server's event loop,
 * so a thousand simulated learners never delay a learner's page.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileSequence } from '../../engine/index.js';
import { simulate } from '../../simulation/index.js';
import { progressEvery, type SimulationJob, type WorkerMessage } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('simulation worker started outside a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);

const { doc, learners, seed } = workerData as SimulationJob;
try {
  const every = progressEvery(learners);
  const result = simulate(compileSequence(doc), {
    learners,
    seed,
    onProgress: (done, total) => {
      if (done % every === 0 || done === total) post({ type: 'progress', done, total });
    },
  });
  post({ type: 'result', result });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
