/**
 * Platforms that asked the tool to wait (429 or 503 with Retry-After). The
 * request is about the client, not one grade: sending another learner's score,
 * or a fresh score for the same learner, before the time is up would ignore it.
 * One entry per platform at most, dropped once it lapses. Kept in memory per
 * worker: another worker learns of the throttling from its own first 429.
 */
export class PlatformHolds {
  readonly #until = new Map<string, number>();

  hold(platformId: string, until: number): void {
    this.#until.set(platformId, Math.max(until, this.#until.get(platformId) ?? 0));
  }

  /** When the platform may be called again, or null when it may be called now. */
  heldUntil(platformId: string, now: number): number | null {
    const until = this.#until.get(platformId);
    if (until === undefined) return null;
    if (until > now) return until;
    this.#until.delete(platformId);
    return null;
  }
}
