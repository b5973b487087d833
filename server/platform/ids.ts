import { randomBytes } from 'node:crypto';

/**
 * An unguessable identifier. Hints, access tokens, registration tokens and
 * deep-linking `data` values are capabilities: whoever holds one can use it,
 * so they must never be sequential or derived from anything visible.
 */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
