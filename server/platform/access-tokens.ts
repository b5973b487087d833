/**
 * OAuth 2 bearer tokens issued by the token endpoint, and the guard every
 * AGS/NRPS endpoint sits behind (RFC 6750): a token is bound to the client
 * that obtained it and to the scopes it was granted, and expires after an hour.
 */
import type { Request, RequestHandler, Response } from 'express';
import { ExpiringMap } from './expiring.js';
import { ApiError, route } from './http.js';
import { randomToken } from './ids.js';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;

export interface Grant {
  clientId: string;
  scopes: readonly string[];
}

const REALM = 'lti-dev-platform';

export class AccessTokens {
  readonly #grants = new ExpiringMap<Grant>(ACCESS_TOKEN_TTL_SECONDS * 1000);

  issue(grant: Grant): string {
    const token = randomToken(32);
    this.#grants.set(token, grant);
    return token;
  }

  /** Runs `handler` only for a live bearer token holding at least one of `anyOf`. */
  guard(anyOf: readonly string[], handler: (req: Request, res: Response, grant: Grant) => Promise<void> | void): RequestHandler {
    return route((req, res) => {
      const match = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '');
      if (match?.[1] === undefined) {
        // RFC 6750 §3.1: no error code in the challenge when no credentials were sent at all.
        throw new ApiError(401, 'invalid_token', 'An Authorization: Bearer access token is required.', { 'WWW-Authenticate': `Bearer realm="${REALM}"` });
      }
      const grant = this.#grants.get(match[1]);
      if (grant === undefined) {
        throw new ApiError(401, 'invalid_token', 'The access token is unknown or expired.', {
          'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token"`,
        });
      }
      if (!grant.scopes.some((s) => anyOf.includes(s))) {
        throw new ApiError(403, 'insufficient_scope', `This request needs one of these scopes: ${anyOf.join(' ')}`, {
          'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${anyOf.join(' ')}"`,
        });
      }
      return handler(req, res, grant);
    });
  }
}
