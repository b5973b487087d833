/**
 * When a failed grade send is tried again. Exponential, so a platform that is
 * down is not hammered, with jitter, so the jobs that failed together during
 * an outage do not all come back in the same instant when it ends.
 */

export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** No retry waits longer than this (unless the platform asked for longer). */
  capMs: number;
  /**
   * A Retry-After above this is clamped: a buggy or hostile header must not
   * park a learner's grade for days.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 10 * 60_000, maxRetryAfterMs: 60 * 60_000 };

/**
 * Delay before the next attempt of a job that has already been retried
 * `tries` times. "Equal jitter": the result lies in [d/2, d] where
 * d = min(cap, base·2^tries), so back-off always grows with the tries while
 * still spreading retries out. A Retry-After from the platform is a floor.
 *
 * `random` returns a number in [0, 1), like Math.random (injected by tests).
 */
export function retryDelay(policy: BackoffPolicy, tries: number, retryAfterMs: number | null = null, random: () => number = Math.random): number {
  // 2^tries overflows to Infinity long before tries does; min() then yields the cap.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, tries));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  const floor = retryAfterMs === null ? 0 : Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return Math.max(jittered, floor);
}

export function validateBackoff(policy: BackoffPolicy): BackoffPolicy {
  const { baseMs, capMs, maxRetryAfterMs } = policy;
  if (!(baseMs > 0) || !(capMs >= baseMs) || !(maxRetryAfterMs >= 0)) {
    throw new RangeError(`Invalid back-off policy: need 0 < baseMs <= capMs and maxRetryAfterMs >= 0, got ${JSON.stringify(policy)}`);
  }
  return policy;
}
