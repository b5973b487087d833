/**
 * The JWT a tool authenticates to a platform's token endpoint with
 * (LTI Security Framework §4.1, RFC 7523 "private_key_jwt").
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ToolSigningKey } from '../lti/provider.js';
import type { Platform } from '../store/types.js';

/** Long enough for clock skew and a slow token endpoint, short enough to be useless if intercepted. */
export const ASSERTION_LIFETIME_SECONDS = 300;

export async function signClientAssertion(platform: Platform, key: ToolSigningKey, nowMs: number): Promise<string> {
  // jose imports PKCS#8 only; ltijs stores PKCS#1, which node:crypto reads as is.
  const privateKey = createPrivateKey(key.privateKeyPem);
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.authServer ?? platform.authTokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    // A fresh jti per request: platforms refuse a replayed assertion.
    .setJti(randomUUID())
    .sign(privateKey);
}
