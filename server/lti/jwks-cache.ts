/**
 * Platform public keys, cached per JWKS URL for the life of the process.
 *
 * ltijs fetches the platform's JWKS on every launch, which makes each launch
 * depend on the LMS answering a second request. Here a launch signed with a
 * known kid makes no outbound request at all, and an unknown kid triggers at
 * most one refetch per minute per platform (so a flood of forged kids cannot
 * make us hammer the LMS).
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

export const JWKS_REFRESH_COOLDOWN_MS = 60_000;

export class JwksCache {
  private readonly sets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly timeoutMs = 5_000) {}

  keysFor(jwksUrl: string): JWTVerifyGetKey {
    let set = this.sets.get(jwksUrl);
    if (!set) {
      set = createRemoteJWKSet(new URL(jwksUrl), {
        cacheMaxAge: Infinity,
        cooldownDuration: JWKS_REFRESH_COOLDOWN_MS,
        timeoutDuration: this.timeoutMs,
      });
      this.sets.set(jwksUrl, set);
    }
    return set;
  }

  /** Forget a platform's keys, e.g. when its registration changes. */
  forget(jwksUrl: string): void {
    this.sets.delete(jwksUrl);
  }
}
