/**
 * The points of the LMS gradebook column a score went to (its line item's
 * scoreMaximum). The tool sends scores out of 100 and the LMS rescales them to
 * its column, so "50 / 100" in the class view is "5 / 10" in a gradebook whose
 * column is out of 10: to show the instructor what their gradebook shows, the
 * class view asks the LMS for the line item (AGS, read-only).
 *
 * Best effort: the page never fails or waits long for it. A launch without a
 * line-item scope, an LMS that refuses or is slow, leaves the maximum unknown
 * and the score is shown as a percentage instead. Answers, failures included,
 * are remembered for a while, so opening the page does not call the LMS each time.
 */
import { AGS_MEDIA, AGS_SCOPE } from '../grades/ags-vocabulary.js';
import { readAgsEndpoint } from '../grades/ags-claim.js';
import { AgsError } from '../grades/errors.js';
import { exchange, jsonBody, type HttpAnswer } from '../grades/http.js';
import type { TokenCache } from '../grades/token-cache.js';
import { isObject } from '../json.js';
import type { Platform, Session, Store } from '../store/types.js';

export interface GradeColumnPolicy {
  /** A known maximum is asked for again after this long (an instructor may change the column's points). */
  ttlMs: number;
  /** After the LMS did not tell, it is not asked again for this long. */
  failureTtlMs: number;
  timeoutMs: number;
  /** Line items remembered, all placements together; the oldest go first. */
  maxEntries: number;
  /** Line items asked for per page at most (one link has one; more means its item was replaced). */
  perPage: number;
}

export const DEFAULT_GRADE_COLUMN_POLICY: GradeColumnPolicy = { ttlMs: 10 * 60_000, failureTtlMs: 2 * 60_000, timeoutMs: 3_000, maxEntries: 1_000, perPage: 3 };

const WHAT = 'line item read';

export interface GradeColumnDeps {
  store: Pick<Store, 'selectPlatform'>;
  tokens: TokenCache;
  now: () => number;
  policy: GradeColumnPolicy;
}

export class GradeColumns {
  /** Insertion-ordered, so the first key is the oldest; null when the LMS did not tell. */
  readonly #known = new Map<string, { max: number | null; until: number }>();
  readonly #inFlight = new Map<string, Promise<number | null>>();

  constructor(private readonly deps: GradeColumnDeps) {}

  /**
   * The scoreMaximum of each line item URL the LMS told (absent when it did
   * not). The URLs come from the placement's own grade jobs, on the session's
   * platform, where the grade worker already sends its scores.
   */
  async maxima(session: Session, lineItemUrls: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    const urls = [...new Set(lineItemUrls)].slice(0, this.deps.policy.perPage);
    if (urls.length === 0) return found;
    const scope = readScope(session);
    await Promise.all(
      urls.map(async (url) => {
        const max = await this.#maximum(session.platformId, url, scope);
        if (max !== null) found.set(url, max);
      }),
    );
    return found;
  }

  async #maximum(platformId: string, url: string, scope: string | null): Promise<number | null> {
    const key = `${platformId}\u0000${url}`;
    const known = this.#known.get(key);
    if (known !== undefined && known.until > this.deps.now()) return known.max;
    if (scope === null) return null;
    let pending = this.#inFlight.get(key);
    if (pending === undefined) {
      pending = this.#fetch(platformId, url, scope)
        .then((max) => {
          this.#remember(key, max);
          return max;
        })
        .finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #fetch(platformId: string, url: string, scope: string): Promise<number | null> {
    const platform = await this.deps.store.selectPlatform(platformId);
    if (platform === null || platform.status !== 'active') return null;
    try {
      const answer = await this.#send(platform, url, scope);
      if (answer.status < 200 || answer.status > 299) return null;
      const body = jsonBody(answer, WHAT);
      const max = isObject(body) ? body.scoreMaximum : undefined;
      return typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : null;
    } catch (err) {
      if (err instanceof AgsError) return null;
      throw err;
    }
  }

  /** A 401 means the platform dropped the cached token: it is evicted and the call made once more, as for scores. */
  async #send(platform: Platform, url: string, scope: string): Promise<HttpAnswer> {
    const call = async () => {
      const token = await this.deps.tokens.get(platform, [scope]);
      const answer = await exchange({ method: 'GET', url, headers: { Accept: AGS_MEDIA.lineItem, Authorization: `Bearer ${token}` }, what: WHAT, timeoutMs: this.deps.policy.timeoutMs });
      return { token, answer };
    };
    const first = await call();
    if (first.answer.status !== 401) return first.answer;
    this.deps.tokens.evict(platform, [scope], first.token);
    return (await call()).answer;
  }

  #remember(key: string, max: number | null): void {
    const { policy, now } = this.deps;
    this.#known.delete(key);
    this.#known.set(key, { max, until: now() + (max === null ? policy.failureTtlMs : policy.ttlMs) });
    while (this.#known.size > policy.maxEntries) {
      const oldest = this.#known.keys().next();
      if (oldest.done === true) break;
      this.#known.delete(oldest.value);
    }
  }
}

/** The narrowest scope the launch granted that may read a line item; null when it granted none. */
function readScope(session: Session): string | null {
  const scopes = readAgsEndpoint(session.claims)?.scopes ?? [];
  if (scopes.includes(AGS_SCOPE.lineItemReadonly)) return AGS_SCOPE.lineItemReadonly;
  return scopes.includes(AGS_SCOPE.lineItem) ? AGS_SCOPE.lineItem : null;
}
