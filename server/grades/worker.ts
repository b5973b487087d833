/**
 * Sends queued scores to the platforms' gradebooks, in the background.
 *
 * The outbox in the store is the source of truth; this worker only leases due
 * jobs from it in small batches, so any number of workers (in one process or
 * several) can run against one store, memory stays bounded whatever the
 * backlog, and a job a crashed worker held is picked up again once its lease
 * lapses. A job's outcome is recorded only for the generation that was sent,
 * so a score queued meanwhile goes out next instead of being lost, and an
 * older score is never sent after a newer one.
 */
import type { Logger } from '../log.js';
import type { GradeJob, Store } from '../store/types.js';
import { DEFAULT_BACKOFF, retryDelay, validateBackoff, type BackoffPolicy } from './backoff.js';
import { deliverGrade, type DeliveryDeps, type Verdict } from './deliver.js';
import { LineItemResolver } from './line-items.js';
import { PlatformHolds } from './platform-holds.js';
import { TokenCache, type SigningKeySource } from './token-cache.js';

export type GradeWorkerStore = Pick<
  Store,
  'claimDueGrades' | 'markGradeSent' | 'markGradeRetry' | 'markGradeFailed' | 'setGradeLineItem' | 'selectPlatform'
>;

export interface GradeWorkerOptions {
  store: GradeWorkerStore;
  /** `lti` from createLti: signs the client assertions. */
  lti: SigningKeySource;
  logger: Logger;
  /** The scheduling clock (leases, back-off); defaults to Date.now. */
  now?: () => number;
  /** Jobs leased and sent concurrently per round. */
  batchSize?: number;
  /** How long a claimed job is reserved for this worker; a job's requests are cut off before it ends. */
  leaseMs?: number;
  /** How often an idle worker looks for due retries; kick() wakes it sooner for new scores. */
  pollIntervalMs?: number;
  /**
   * How long a kicked worker waits before it sends: the scores a learner earns
   * meanwhile coalesce in the outbox into one send of the latest, so a quick
   * run of answers costs the LMS one request, not one per answer.
   */
  gatherMs?: number;
  /** Per HTTP request to the platform. */
  requestTimeoutMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** How long stop() lets in-flight sends finish before aborting them. */
  stopGraceMs?: number;
  /** Tag of the line items the tool creates for links that have none. */
  lineItemTag?: string;
  /** Shared with other Advantage callers to reuse their tokens; one is created otherwise. */
  tokens?: TokenCache;
  /** In [0, 1), for back-off jitter; injected by tests. */
  random?: () => number;
}

export const DEFAULT_LINE_ITEM_TAG = 'adaptive-paths-score';

/** A job's requests stop at this fraction of its lease, so two workers never send the same job at once. */
const LEASE_BUDGET = 0.8;

export class GradeWorker {
  readonly #store: GradeWorkerStore;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #gatherMs: number;
  readonly #stopGraceMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;
  readonly #delivery: DeliveryDeps;
  readonly #holds = new PlatformHolds();

  #loop: Promise<void> | undefined;
  #stopping = false;
  #shutdown = new AbortController();
  /** Rounds in progress, from the loop or from drain(); stop() waits for them. */
  readonly #rounds = new Set<Promise<number>>();
  #kicked = false;
  #wake: (() => void) | undefined;
  #gathering: NodeJS.Timeout | undefined;

  constructor(opts: GradeWorkerOptions) {
    this.#store = opts.store;
    this.#log = opts.logger.child({ component: 'grade-worker' });
    this.#now = opts.now ?? Date.now;
    this.#batchSize = positiveInteger('batchSize', opts.batchSize ?? 10);
    this.#leaseMs = positiveInteger('leaseMs', opts.leaseMs ?? 120_000);
    this.#pollIntervalMs = positiveInteger('pollIntervalMs', opts.pollIntervalMs ?? 5_000);
    this.#gatherMs = nonNegativeInteger('gatherMs', opts.gatherMs ?? 500);
    this.#stopGraceMs = positiveInteger('stopGraceMs', opts.stopGraceMs ?? 15_000);
    this.#backoff = validateBackoff({ ...DEFAULT_BACKOFF, ...opts.backoff });
    this.#random = opts.random ?? Math.random;
    const requestTimeoutMs = positiveInteger('requestTimeoutMs', opts.requestTimeoutMs ?? 10_000);
    if (requestTimeoutMs > this.#leaseMs * LEASE_BUDGET) {
      throw new RangeError(`requestTimeoutMs (${requestTimeoutMs}) must fit in ${LEASE_BUDGET * 100}% of leaseMs (${this.#leaseMs})`);
    }
    this.#delivery = {
      store: opts.store,
      tokens: opts.tokens ?? new TokenCache({ keys: opts.lti, timeoutMs: requestTimeoutMs }),
      lineItems: new LineItemResolver(),
      requestTimeoutMs,
      lineItemTag: opts.lineItemTag ?? DEFAULT_LINE_ITEM_TAG,
    };
  }

  /** Starts sending in the background; idempotent. */
  start(): void {
    if (this.#loop !== undefined) return;
    this.#stopping = false;
    if (this.#shutdown.signal.aborted) this.#shutdown = new AbortController();
    this.#loop = this.#run().finally(() => (this.#loop = undefined));
  }

  /**
   * Stops claiming jobs and waits for the sends in progress, up to
   * stopGraceMs; after that they are aborted (and scheduled for a retry),
   * so shutdown is bounded even when a platform hangs. Jobs never claimed
   * stay pending in the store for the next start.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#gathering);
    this.#gathering = undefined;
    this.#wake?.();
    const settled = Promise.allSettled([this.#loop, ...this.#rounds]);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.#stopGraceMs)));
    if ((await Promise.race([settled, graceOver])) === 'timeout') {
      this.#log.warn({ graceMs: this.#stopGraceMs }, 'grade sends still running at shutdown; aborting them');
      this.#shutdown.abort(new Error('the grade worker is stopping'));
      await settled;
    }
    clearTimeout(timer);
  }

  /**
   * Sends until no job is due, then resolves: for tests and one-off flushes
   * (a CLI command) that do not start the background loop. Jobs waiting for a
   * retry later are left for later. Rejects if the store fails.
   */
  async drain(): Promise<void> {
    while (!this.#stopping) {
      if ((await this.#round()) > 0) continue;
      // Nothing due for us, but another round (the background loop) may still be sending.
      if (this.#rounds.size === 0) return;
      await Promise.allSettled([...this.#rounds]);
    }
  }

  /** A score was queued: send after gatherMs instead of at the next poll. */
  kick(): void {
    this.#kicked = true;
    // While a round runs, the loop sees #kicked when it ends; while it sleeps, it is woken once.
    if (this.#wake === undefined || this.#gathering !== undefined) return;
    this.#gathering = setTimeout(() => this.#wake?.(), this.#gatherMs);
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      this.#kicked = false;
      let backlog = false;
      try {
        // A full batch means more may be due: a backlog (after an outage) drains back to back.
        backlog = (await this.#round()) === this.#batchSize;
      } catch (err) {
        // The store is unavailable: wait a poll interval rather than spin; leases make retrying safe.
        this.#log.error({ err }, 'grade worker could not claim or record jobs');
      }
      if (backlog || this.#stopping) continue;
      await this.#sleep(this.#kicked ? this.#gatherMs : this.#pollIntervalMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        clearTimeout(this.#gathering);
        this.#gathering = undefined;
        if (this.#wake === wake) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wake = wake;
    });
  }

  /** Claims one batch and settles every job in it; resolves to the number of jobs claimed. */
  #round(): Promise<number> {
    const round = (async () => {
      const jobs = await this.#store.claimDueGrades(this.#now(), this.#batchSize, this.#leaseMs);
      // allSettled: stop() must not return while any job of the round is still sending.
      const outcomes = await Promise.allSettled(jobs.map((job) => this.#settle(job)));
      const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      return jobs.length;
    })();
    this.#rounds.add(round);
    return round.finally(() => this.#rounds.delete(round));
  }

  async #settle(job: GradeJob): Promise<void> {
    const verdict = await this.#attempt(job);
    const now = this.#now();
    const log = { jobId: job.id, platformId: job.platformId, generation: job.generation };
    switch (verdict.kind) {
      case 'sent':
        if (await this.#store.markGradeSent(job.id, job.generation, now)) {
          this.#log.info({ ...log, tries: job.tries }, 'grade sent');
        } else {
          this.#log.debug(log, 'grade sent, but a newer score was queued meanwhile; it goes next');
        }
        return;
      case 'retry': {
        const delay = retryDelay(this.#backoff, job.tries, verdict.retryAfterMs, this.#random);
        if (verdict.retryAfterMs !== null) this.#holds.hold(job.platformId, now + Math.min(verdict.retryAfterMs, this.#backoff.maxRetryAfterMs));
        await this.#store.markGradeRetry(job.id, job.generation, now + delay, verdict.reason, now);
        this.#log.warn({ ...log, tries: job.tries + 1, retryInMs: delay, reason: verdict.reason }, 'grade not sent; will retry');
        return;
      }
      case 'failed':
        await this.#store.markGradeFailed(job.id, job.generation, verdict.reason, now);
        this.#log.error({ ...log, reason: verdict.reason }, 'grade refused; it will not be retried');
        return;
    }
  }

  /** One delivery attempt, cut off before the lease lapses; never throws. */
  async #attempt(job: GradeJob): Promise<Verdict> {
    const heldUntil = this.#holds.heldUntil(job.platformId, this.#now());
    if (heldUntil !== null) {
      return { kind: 'retry', reason: 'the platform asked the tool to wait (Retry-After)', retryAfterMs: heldUntil - this.#now() };
    }
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error('the send outlasted its lease')), this.#leaseMs * LEASE_BUDGET);
    try {
      return await deliverGrade(job, this.#delivery, AbortSignal.any([this.#shutdown.signal, deadline.signal]));
    } catch (err) {
      this.#log.error({ err, jobId: job.id }, 'unexpected error while sending a grade');
      return { kind: 'retry', reason: `internal error: ${err instanceof Error ? err.message : String(err)}`, retryAfterMs: null };
    } finally {
      clearTimeout(timer);
    }
  }
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  return value;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
