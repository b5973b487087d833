/**
 * Serializes async work per key within this process: two saves of the same
 * sequence run one after the other, so the "is my base still current?" check
 * and the write cannot interleave.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nothing is queued behind this call.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
