/**
 * A map whose entries vanish after a time to live. The platform keeps every
 * short-lived protocol artefact (launch hints, access tokens, used jtis and
 * nonces, registration tokens) in one of these, so memory stays bounded in a
 * long `npm start` session and expiry is enforced in a single place.
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly defaultTtlMs: number) {}

  set(key: string, value: V, ttlMs: number = this.defaultTtlMs): void {
    this.#sweep();
    this.#entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /** The live value, or undefined when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Returns the live value and removes it: for one-time capabilities. */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.#entries.delete(key);
    return value;
  }

  // A linear sweep on insert is plenty for a development platform's volumes
  // and avoids a timer that would keep the process (or a test run) alive.
  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key);
    }
  }
}
