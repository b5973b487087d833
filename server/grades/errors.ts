/**
 * How a call to the platform failed, in the two kinds the outbox cares about:
 * worth trying again later, or never going to work as sent.
 */

export type Disposition = 'retryable' | 'permanent';

export class AgsError extends Error {
  override readonly name = 'AgsError';
  constructor(
    readonly disposition: Disposition,
    /** Kept as the job's lastError, which instructors see: says what failed and why, never a token. */
    message: string,
    /** The platform's Retry-After, in milliseconds from when it answered. */
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.disposition === 'retryable';
  }
}
