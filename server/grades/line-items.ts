/**
 * Resolves the line item of a resource link that launched without one. Every
 * learner of the link needs the same line item, so concurrent resolutions for
 * a link share one lookup (two would each find nothing and create two gradebook
 * columns), and the answer is remembered for a while so each later learner
 * does not cost a lookup. Separate worker processes can still race on the very
 * first resolution; the lookup-before-create keeps that to the first seconds.
 */
import type { AgsClient, LineItemSpec } from './ags-client.js';

export interface LineItemResolverOptions {
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  /** A line item deleted in the LMS is found missing again after this long. */
  ttlMs?: number;
  now?: () => number;
}

export class LineItemResolver {
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  /** Insertion-ordered, so the first key is the oldest. */
  readonly #known = new Map<string, { url: string; expiresAt: number }>();
  readonly #inFlight = new Map<string, Promise<string>>();

  constructor(opts: LineItemResolverOptions = {}) {
    this.#maxEntries = opts.maxEntries ?? 1000;
    this.#ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.#now = opts.now ?? Date.now;
  }

  async resolve(platformId: string, lineItemsUrl: string, spec: LineItemSpec, client: AgsClient): Promise<string> {
    const key = JSON.stringify([platformId, lineItemsUrl, spec.resourceLinkId, spec.tag]);
    const known = this.#known.get(key);
    if (known !== undefined && known.expiresAt > this.#now()) return known.url;
    let pending = this.#inFlight.get(key);
    if (pending === undefined) {
      pending = client
        .findOrCreateLineItem(lineItemsUrl, spec)
        .then((url) => {
          this.#remember(key, url);
          return url;
        })
        .finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  #remember(key: string, url: string): void {
    this.#known.delete(key);
    this.#known.set(key, { url, expiresAt: this.#now() + this.#ttlMs });
    while (this.#known.size > this.#maxEntries) {
      const oldest = this.#known.keys().next();
      if (oldest.done === true) break;
      this.#known.delete(oldest.value);
    }
  }
}
