/**
 * Page codes: the session token sealed for the few places where the flow
 * needs a GET URL (the launch's POST-redirect-GET, the redirect after an
 * answer or a class action, the studio's preview frame). Everything else
 * carries the token in the page body, never in a URL.
 *
 * A code is AES-256-GCM over (expiry, token) under a key derived from the
 * encryption secret, so it cannot be read, altered or minted without the
 * secret, and it dies on its own: a URL kept by a proxy log, a browser's
 * history or a copy-paste opens nothing once its two minutes are over.
 */
import crypto from 'node:crypto';

/**
 * Long enough for a redirect to be followed and the page reloaded once;
 * short enough that a URL found later in a proxy log or history is dead.
 */
export const PAGE_CODE_TTL_MS = 120_000;

/** A distinct label, so this key is never the same as any other use of the secret. */
const KEY_INFO = 'adaptive-lti page-code v1';
/** Bound into every tag: a ciphertext made for another purpose under the same key does not open here. */
const AAD = Buffer.from('page-code v1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const EXPIRY_BYTES = 8;
/** Far above any real code (a 43-character token seals to 106 characters): refuse junk before decoding it. */
const MAX_CODE_CHARS = 512;

export interface PageCodeKey {
  readonly key: crypto.KeyObject;
}

export function pageCodeKey(secret: string): PageCodeKey {
  const raw = Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), KEY_INFO, 32));
  return { key: crypto.createSecretKey(raw) };
}

export function sealPageCode(k: PageCodeKey, token: string, nowMs: number): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', k.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const expiry = Buffer.alloc(EXPIRY_BYTES);
  expiry.writeBigUInt64BE(BigInt(Math.floor(nowMs + PAGE_CODE_TTL_MS)));
  const sealed = Buffer.concat([cipher.update(Buffer.concat([expiry, Buffer.from(token, 'utf8')])), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The token a code seals, or null when it is expired, altered, made under another secret, or not a code at all. */
export function openPageCode(k: PageCodeKey, code: string, nowMs: number): string | null {
  if (code.length > MAX_CODE_CHARS || !/^[A-Za-z0-9_-]+$/.test(code)) return null;
  const bytes = Buffer.from(code, 'base64url');
  if (bytes.length < IV_BYTES + EXPIRY_BYTES + 1 + TAG_BYTES) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', k.key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(AAD);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    if (Number(plain.readBigUInt64BE(0)) <= nowMs) return null;
    return plain.subarray(EXPIRY_BYTES).toString('utf8') || null;
  } catch {
    // GCM refuses any altered byte, a wrong key or a short tag: all mean "not a code of ours".
    return null;
  }
}
