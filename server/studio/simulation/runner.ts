/**
 * Runs simulations in worker threads, a few at a time.
 *
 * A run is CPU-bound for seconds; on the request thread it would stall every
 * other request. Each run gets its own worker (a run's few seconds dwarf the
 * ~0.1 s start-up), is terminated if the client goes away or it overruns its
 * time limit, and the number running at once is capped so a burst of
 * simulations cannot starve the server: over the cap, reserve() refuses with
 * 429 before any work starts.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HttpError } from '../../http/errors.js';
import type { SimulationResult } from '../../simulation/index.js';
import type { SimulationJob, WorkerMessage } from './protocol.js';

export interface RunnerOptions {
  readonly maxConcurrent?: number;
  readonly timeoutMs?: number;
}

export interface RunHandlers {
  readonly onProgress: (done: number, total: number) => void;
  /** Aborting terminates the worker; the run then rejects. */
  readonly signal: AbortSignal;
}

const ENTRY = new URL(`./worker${fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** URL of tsx's ESM API, found through its package.json (this module may itself run as CommonJS under tsx). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  const target = exports['./esm/api']?.import.default;
  if (!target) throw new Error('tsx does not export ./esm/api');
  return new URL(target, pathToFileURL(manifest)).href;
}

function spawn(job: SimulationJob): Worker {
  if (ENTRY.pathname.endsWith('.js')) return new Worker(ENTRY, { workerData: job });
  // From TypeScript sources (npm start, tests: tsx), Node 20 does not apply tsx's
  // loader hooks to a worker's entry module, so the worker registers them first.
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then((api) => { api.register(); return import(${JSON.stringify(ENTRY.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}

/** A slot in the runner, held from reserve() until the run settles. */
export interface Reservation {
  run(job: SimulationJob, handlers: RunHandlers): Promise<SimulationResult>;
}

export class SimulationRunner {
  #running = 0;
  readonly #maxConcurrent: number;
  readonly #timeoutMs: number;

  constructor(options: RunnerOptions = {}) {
    this.#maxConcurrent = options.maxConcurrent ?? 2;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  get running(): number {
    return this.#running;
  }

  /** Claims a slot now, so a refusal can still be an HTTP status. */
  reserve(): Reservation {
    if (this.#running >= this.#maxConcurrent) {
      throw new HttpError(429, 'SIMULATION_BUSY', `${this.#running} simulations are already running; try again in a few seconds.`);
    }
    this.#running++;
    let used = false;
    return {
      run: (job, handlers) => {
        if (used) throw new Error('a reservation runs one simulation');
        used = true;
        return this.#run(job, handlers).finally(() => this.#running--);
      },
    };
  }

  #run(job: SimulationJob, { onProgress, signal }: RunHandlers): Promise<SimulationResult> {
    return new Promise<SimulationResult>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('simulation aborted'));
      const worker = spawn(job);
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        void worker.terminate();
        outcome();
      };
      const onAbort = () => finish(() => reject(new Error('simulation aborted')));
      const timer = setTimeout(() => finish(() => reject(new Error(`simulation exceeded ${this.#timeoutMs} ms`))), this.#timeoutMs);
      signal.addEventListener('abort', onAbort);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') onProgress(message.done, message.total);
        else if (message.type === 'result') finish(() => resolve(message.result));
        else finish(() => reject(new Error(message.message)));
      });
      worker.on('error', (error) => finish(() => reject(error)));
      worker.on('exit', (code) => finish(() => reject(new Error(`simulation worker exited (code ${code}) without a result`))));
    });
  }
}
