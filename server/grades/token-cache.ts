/**
 * OAuth 2 access tokens for LTI Advantage calls (client_credentials grant
 * with a private_key_jwt client assertion), cached per platform and scope set.
 *
 * Platforms rate-limit their token endpoints and some refuse a burst of
 * assertions, so a token is reused until shortly before it expires, and
 * concurrent senders needing the same token share one request.
 */
import type { ToolSigningKey } from '../lti/provider.js';
import type { Platform } from '../store/types.js';
import { signClientAssertion } from './client-assertion.js';
import { AgsError } from './errors.js';
import { exchange, failure, jsonBody } from './http.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const WHAT = 'access token request';

export interface SigningKeySource {
  toolSigningKey(platform: Platform): Promise<ToolSigningKey>;
}

export interface TokenCacheOptions {
  /** `lti` from createLti: the per-platform key the tool signs assertions with. */
  keys: SigningKeySource;
  timeoutMs?: number;
  /** A token is replaced this long before it expires, so it never expires mid-request. */
  expiryMarginMs?: number;
  /** Assumed lifetime when the platform omits expires_in (RFC 6749 leaves it optional). */
  defaultLifetimeMs?: number;
  /** Wall clock; tests of expiry inject one. */
  now?: () => number;
}

interface CachedToken {
  accessToken: string;
  /** After this instant a new token is requested. */
  refreshAt: number;
}

export class TokenCache {
  readonly #keys: SigningKeySource;
  readonly #timeoutMs: number;
  readonly #marginMs: number;
  readonly #defaultLifetimeMs: number;
  readonly #now: () => number;
  /** Bounded by platforms × scope sets; expired entries are dropped on every insert. */
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inFlight = new Map<string, Promise<CachedToken>>();

  constructor(opts: TokenCacheOptions) {
    this.#keys = opts.keys;
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.#marginMs = opts.expiryMarginMs ?? 60_000;
    this.#defaultLifetimeMs = opts.defaultLifetimeMs ?? 300_000;
    this.#now = opts.now ?? Date.now;
  }

  /** A bearer token for `scopes` on `platform`; throws AgsError when the token endpoint fails. */
  async get(platform: Platform, scopes: readonly string[], signal?: AbortSignal): Promise<string> {
    const key = cacheKey(platform, scopes);
    const cached = this.#tokens.get(key);
    if (cached !== undefined && cached.refreshAt > this.#now()) return cached.accessToken;
    let pending = this.#inFlight.get(key);
    if (pending === undefined) {
      pending = this.#request(platform, scopes)
        .then((token) => {
          this.#store(key, token);
          return token;
        })
        .finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    // The shared request is not aborted by one caller; that caller just stops waiting.
    return (await (signal ? abortable(pending, signal) : pending)).accessToken;
  }

  /**
   * Forgets `accessToken` after the platform refused it (401): it was revoked
   * or the platform lost its tokens. Only that exact token is dropped, so a
   * late 401 does not discard the fresh token another sender just obtained.
   * Returns whether it was still cached.
   */
  evict(platform: Platform, scopes: readonly string[], accessToken: string): boolean {
    const key = cacheKey(platform, scopes);
    if (this.#tokens.get(key)?.accessToken !== accessToken) return false;
    return this.#tokens.delete(key);
  }

  async #request(platform: Platform, scopes: readonly string[]): Promise<CachedToken> {
    const assertion = await signClientAssertion(platform, await this.#keys.toolSigningKey(platform), Date.now());
    const answer = await exchange({
      method: 'POST',
      url: platform.authTokenUrl,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER,
        client_assertion: assertion,
        scope: normalizedScopes(scopes).join(' '),
      }).toString(),
      what: WHAT,
      timeoutMs: this.#timeoutMs,
    });
    if (answer.status < 200 || answer.status > 299) throw failure(answer, WHAT);
    const body = jsonBody(answer, WHAT) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown } | null;
    const accessToken = body?.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') throw new AgsError('retryable', `${WHAT}: the answer has no access_token`);
    if (typeof body?.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer') {
      throw new AgsError('permanent', `${WHAT}: unsupported token_type ${body.token_type}`);
    }
    const expiresIn = Number(body?.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : this.#defaultLifetimeMs;
    // A short-lived token is still reused for half its life rather than never.
    return { accessToken, refreshAt: this.#now() + lifetimeMs - Math.min(this.#marginMs, lifetimeMs / 2) };
  }

  #store(key: string, token: CachedToken): void {
    const now = this.#now();
    for (const [k, t] of this.#tokens) if (t.refreshAt <= now) this.#tokens.delete(k);
    this.#tokens.set(key, token);
  }
}

function normalizedScopes(scopes: readonly string[]): string[] {
  return [...new Set(scopes)].sort();
}

/** Registration details are part of the key: an edited token URL or client id must not reuse an old token. */
function cacheKey(platform: Platform, scopes: readonly string[]): string {
  return JSON.stringify([platform.id, platform.clientId, platform.authTokenUrl, platform.authServer, normalizedScopes(scopes)]);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(interrupted(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(interrupted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function interrupted(signal: AbortSignal): AgsError {
  const reason: unknown = signal.reason;
  return new AgsError('retryable', `${WHAT}: interrupted (${reason instanceof Error ? reason.message : String(reason)})`);
}
