/**
 * Fault injection for the endpoints a tool calls in the background. Tools must
 * survive an LMS that errors, throttles, stalls or disappears while they post
 * grades; these controls let tests make that happen on demand over real HTTP.
 */
import type { RequestHandler } from 'express';
import { setTimeout as delay } from 'node:timers/promises';

export type FaultTarget = 'token' | 'scores';

export type Fault =
  /** Answer with a 5xx status and a JSON error body. */
  | { type: 'error'; status?: 500 | 502 | 503 | 504 }
  /** Refuse the request as a platform that will never accept it as sent (a tool must not retry it by itself). */
  | { type: 'refuse'; status: 400 | 403 }
  /** Answer 429 Too Many Requests with `Retry-After: retryAfterSeconds`. */
  | { type: 'rate-limit'; retryAfterSeconds: number }
  /** Hold the request for `delayMs`, then handle it normally (for client timeouts). */
  | { type: 'slow'; delayMs: number }
  /** Destroy the connection without answering, as a crashed or unreachable server would. */
  | { type: 'down' };

export interface PendingFault {
  fault: Fault;
  /** Calls the fault still applies to; null until cleared. */
  remaining: number | null;
}

/** Test controls, exposed as DevPlatform.faults. */
export interface FaultControls {
  /** Applies `fault` to the next `times` calls of `target`, or to every call until cleared when `times` is omitted. Replaces any pending fault. */
  inject(target: FaultTarget, fault: Fault, options?: { times?: number }): void;
  /** Removes the pending fault of `target`, or of every target. */
  clear(target?: FaultTarget): void;
  pending(target: FaultTarget): PendingFault | undefined;
  /** Requests `target` has received, faulted or not: lets tests count a tool's retries. */
  calls(target: FaultTarget): number;
}

export class Faults implements FaultControls {
  readonly #pending = new Map<FaultTarget, PendingFault>();
  readonly #calls = new Map<FaultTarget, number>();

  inject(target: FaultTarget, fault: Fault, options: { times?: number } = {}): void {
    const { times } = options;
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw new RangeError('times must be a positive integer');
    this.#pending.set(target, { fault, remaining: times ?? null });
  }

  clear(target?: FaultTarget): void {
    if (target === undefined) this.#pending.clear();
    else this.#pending.delete(target);
  }

  pending(target: FaultTarget): PendingFault | undefined {
    const pending = this.#pending.get(target);
    return pending === undefined ? undefined : { ...pending };
  }

  calls(target: FaultTarget): number {
    return this.#calls.get(target) ?? 0;
  }

  /** Middleware placed first on the target's route, before authentication, as a failing server would not authenticate either. */
  middleware(target: FaultTarget): RequestHandler {
    return (req, res, next) => {
      this.#calls.set(target, this.calls(target) + 1);
      const fault = this.#consume(target);
      if (fault === undefined) return next();
      switch (fault.type) {
        case 'error':
          res.status(fault.status ?? 500).json({ error: 'server_error', error_description: 'Injected fault: the platform failed.' });
          return;
        case 'refuse':
          res.status(fault.status).json({ error: fault.status === 403 ? 'forbidden' : 'invalid_request', error_description: 'Injected fault: the platform refused the request.' });
          return;
        case 'rate-limit':
          res.set('Retry-After', String(fault.retryAfterSeconds)).status(429).json({ error: 'rate_limited', error_description: 'Injected fault: too many requests.' });
          return;
        case 'slow':
          // A client that gave up (timeout, crash) has gone: like a real server, drop the request.
          delay(fault.delayMs).then(() => (req.destroyed || res.writableEnded ? undefined : next()), next);
          return;
        case 'down':
          req.socket.destroy();
          return;
      }
    };
  }

  #consume(target: FaultTarget): Fault | undefined {
    const pending = this.#pending.get(target);
    if (pending === undefined) return undefined;
    if (pending.remaining !== null) {
      pending.remaining -= 1;
      if (pending.remaining === 0) this.#pending.delete(target);
    }
    return pending.fault;
  }
}
