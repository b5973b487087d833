/**
 * The two AGS calls grade passback needs, for one platform: post a score to a
 * line item, and find (or create) the line item of a resource link.
 * Every call is authorized with a cached token, bounded by a timeout, and
 * fails with an AgsError that says whether to retry.
 */
import type { Platform, ScorePayload } from '../store/types.js';
import { AGS_MEDIA, AGS_SCOPE } from './ags-vocabulary.js';
import { AgsError } from './errors.js';
import { exchange, failure, jsonBody, nextPage, type HttpAnswer, type HttpCall } from './http.js';
import type { TokenCache } from './token-cache.js';
import { isObject } from '../json.js';

/** Filtered by resource link, a container holds a few items; a longer chain of pages is a platform bug. */
const MAX_PAGES = 20;

export interface AgsClientOptions {
  platform: Platform;
  tokens: TokenCache;
  /** Per request. */
  timeoutMs?: number;
  /** Aborts every request of this client (the worker's shutdown or the job's deadline). */
  signal?: AbortSignal;
}

export interface LineItemSpec {
  resourceLinkId: string;
  label: string;
  scoreMaximum: number;
  /** Marks the line items this tool created, so it finds its own again and not an instructor's. */
  tag: string;
}

type AuthorizedCall = Omit<HttpCall, 'timeoutMs' | 'signal' | 'headers'> & { headers?: Record<string, string> };

export class AgsClient {
  readonly #platform: Platform;
  readonly #tokens: TokenCache;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;

  constructor(opts: AgsClientOptions) {
    this.#platform = opts.platform;
    this.#tokens = opts.tokens;
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.#signal = opts.signal;
  }

  /** Posts `score` for `userId` to the line item's score service. */
  async postScore(lineItemUrl: string, userId: string, score: ScorePayload): Promise<void> {
    const what = 'score POST';
    const { scoreGiven, scoreMaximum, ...progress } = score;
    const given = scoreGiven === null ? {} : { scoreGiven, scoreMaximum };
    const answer = await this.#send([AGS_SCOPE.score], {
      method: 'POST',
      url: scoresUrl(lineItemUrl),
      headers: { 'Content-Type': AGS_MEDIA.score },
      body: JSON.stringify({ userId, ...given, ...progress }),
      what,
    });
    if (!isSuccess(answer)) throw failure(answer, what);
  }

  /**
   * The URL of the line item this tool keeps for the resource link (same
   * resourceLinkId and tag), creating it when the platform has none.
   */
  async findOrCreateLineItem(lineItemsUrl: string, spec: LineItemSpec): Promise<string> {
    return (await this.#findLineItem(lineItemsUrl, spec)) ?? this.#createLineItem(lineItemsUrl, spec);
  }

  async #findLineItem(lineItemsUrl: string, spec: LineItemSpec): Promise<string | null> {
    const what = 'line item lookup';
    const first = new URL(lineItemsUrl);
    first.searchParams.set('resource_link_id', spec.resourceLinkId);
    let next: URL | null = first;
    for (let page = 0; next !== null; page++) {
      if (page === MAX_PAGES) throw new AgsError('permanent', `${what}: more than ${MAX_PAGES} pages of line items for one resource link`);
      const answer = await this.#send([AGS_SCOPE.lineItem], { method: 'GET', url: next.href, headers: { Accept: AGS_MEDIA.lineItemContainer }, what });
      if (!isSuccess(answer)) throw failure(answer, what);
      const items = jsonBody(answer, what);
      if (!Array.isArray(items)) throw new AgsError('permanent', `${what}: the answer is not a line-item container (a JSON array)`);
      // Filtered here as well: a platform may ignore the resource_link_id filter.
      const mine = items.find((li: unknown) => isObject(li) && li.resourceLinkId === spec.resourceLinkId && li.tag === spec.tag && typeof li.id === 'string');
      if (isObject(mine)) return lineItemId(mine.id, what);
      next = nextPage(answer, next);
      if (next !== null && next.origin !== first.origin) {
        // Following it would hand the bearer token to another server.
        throw new AgsError('permanent', `${what}: the next page is on another origin (${next.origin})`);
      }
    }
    return null;
  }

  async #createLineItem(lineItemsUrl: string, spec: LineItemSpec): Promise<string> {
    const what = 'line item creation';
    const answer = await this.#send([AGS_SCOPE.lineItem], {
      method: 'POST',
      url: lineItemsUrl,
      headers: { 'Content-Type': AGS_MEDIA.lineItem, Accept: AGS_MEDIA.lineItem },
      body: JSON.stringify({ label: spec.label, scoreMaximum: spec.scoreMaximum, resourceLinkId: spec.resourceLinkId, tag: spec.tag }),
      what,
    });
    if (!isSuccess(answer)) throw failure(answer, what);
    const created = answer.body.trim() === '' ? null : jsonBody(answer, what);
    return lineItemId(isObject(created) && typeof created.id === 'string' ? created.id : answer.headers.get('location'), what);
  }

  /**
   * Sends with a bearer token for `scopes`. A 401 means the platform no longer
   * honours the cached token (revoked, or lost in a platform restart): the
   * token is evicted and the call made once more with a fresh one. A second
   * 401 is returned as is, and is then a permanent failure.
   */
  async #send(scopes: readonly string[], call: AuthorizedCall): Promise<HttpAnswer> {
    const first = await this.#sendWithToken(scopes, call);
    if (first.answer.status !== 401) return first.answer;
    this.#tokens.evict(this.#platform, scopes, first.token);
    return (await this.#sendWithToken(scopes, call)).answer;
  }

  async #sendWithToken(scopes: readonly string[], call: AuthorizedCall): Promise<{ token: string; answer: HttpAnswer }> {
    const token = await this.#tokens.get(this.#platform, scopes, this.#signal);
    const answer = await exchange({
      ...call,
      headers: { ...call.headers, Authorization: `Bearer ${token}` },
      timeoutMs: this.#timeoutMs,
      ...(this.#signal === undefined ? {} : { signal: this.#signal }),
    });
    return { token, answer };
  }
}

/** AGS: the score service is the line item URL with /scores appended to its path, before any query. */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.href;
}

function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status <= 299;
}

function lineItemId(value: unknown, what: string): string {
  if (typeof value === 'string') {
    try {
      const { protocol } = new URL(value);
      // The platform's own spelling is kept: some compare line item ids as strings.
      if (protocol === 'https:' || protocol === 'http:') return value;
    } catch {
      // reported below
    }
  }
  throw new AgsError('permanent', `${what}: the platform did not give the line item's URL`);
}

