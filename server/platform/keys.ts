/**
 * The platform's RSA signing keys.
 *
 * Keys live in a small JSON file when a path is given because a tool stores the
 * platform's JWKS URL and caches its keys: regenerating on every `npm start`
 * would be harmless, but a kid that changes under a running tool is exactly
 * the kind of surprise a development LMS should not create. Rotation keeps old
 * keys in the JWKS so tokens signed just before a rotation still verify.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, SignJWT, type JWTPayload } from 'jose';

const generateRsaKeyPair = promisify(generateKeyPair);

/** `none` and the non-RS256 algorithms exist so tests can check that a tool refuses them. */
export type SigningAlg = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'none';

export interface SigningHeader {
  /** Omitted: the active key's kid. `null`: no kid header at all. A string: sent as is, even if unknown. */
  kid?: string | null;
  alg?: SigningAlg;
}

export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

interface SigningKey {
  kid: string;
  createdAt: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

const FILE_FORMAT = 'adaptive-lti-dev-platform-keys';
const FILE_VERSION = 1;

interface KeyFile {
  format: typeof FILE_FORMAT;
  version: typeof FILE_VERSION;
  /** Oldest first; the last one signs. */
  keys: { kid: string; createdAt: string; privateJwk: JsonWebKey }[];
}

export class KeyRing {
  private constructor(
    private readonly keyFile: string | null,
    private readonly keys: SigningKey[],
  ) {}

  /** Loads the keys from `keyFile`, creating it with a fresh key when missing; `null` keeps a fresh key in memory. */
  static async open(keyFile: string | null): Promise<KeyRing> {
    if (keyFile === null) return new KeyRing(null, [await newKey()]);
    const stored = await readKeyFile(keyFile);
    if (stored !== undefined) return new KeyRing(keyFile, stored);
    const ring = new KeyRing(keyFile, [await newKey()]);
    await ring.save();
    return ring;
  }

  get activeKid(): string {
    return this.active.kid;
  }

  /** The public keys, newest last, as served at the JWKS endpoint. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  /** Signs exactly the given claims (nothing is added) with the active key. */
  async sign(payload: object, header: SigningHeader = {}): Promise<string> {
    const alg = header.alg ?? 'RS256';
    const kid = header.kid === undefined ? this.active.kid : header.kid;
    if (alg === 'none') return unsecuredJwt(payload, kid);
    const protectedHeader = kid === null ? { alg, typ: 'JWT' } : { alg, typ: 'JWT', kid };
    return new SignJWT(payload as JWTPayload).setProtectedHeader(protectedHeader).sign(this.active.privateKey);
  }

  /** Makes a new key the signing key; earlier keys stay published. */
  async rotate(): Promise<void> {
    this.keys.push(await newKey());
    await this.save();
  }

  private get active(): SigningKey {
    const key = this.keys.at(-1);
    if (key === undefined) throw new Error('The key ring is empty');
    return key;
  }

  private async save(): Promise<void> {
    if (this.keyFile === null) return;
    const contents: KeyFile = {
      format: FILE_FORMAT,
      version: FILE_VERSION,
      keys: this.keys.map((k) => ({ kid: k.kid, createdAt: k.createdAt, privateJwk: k.privateKey.export({ format: 'jwk' }) })),
    };
    await mkdir(path.dirname(this.keyFile), { recursive: true });
    // Write-then-rename so a crash mid-write never leaves a truncated key file behind.
    const temporary = `${this.keyFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(contents, null, 2) + '\n', { mode: 0o600 });
    await rename(temporary, this.keyFile);
  }
}

async function newKey(): Promise<SigningKey> {
  const { privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  return toSigningKey(privateKey, new Date().toISOString());
}

async function toSigningKey(privateKey: KeyObject, createdAt: string, storedKid?: string): Promise<SigningKey> {
  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (n === undefined || e === undefined) throw new Error('Not an RSA key');
  // The RFC 7638 thumbprint makes the kid a stable function of the key itself.
  const kid = storedKid ?? (await calculateJwkThumbprint({ kty: 'RSA', n, e }));
  return { kid, createdAt, privateKey, publicJwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' } };
}

/** Undefined when the file does not exist; throws when it exists but is unusable, rather than silently replacing keys a tool trusts. */
async function readKeyFile(keyFile: string): Promise<SigningKey[] | undefined> {
  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const problem = (why: string) => new Error(`The dev platform key file ${keyFile} ${why}. Fix it, or delete it to generate a new key (tools will then need to refetch the JWKS).`);
  let parsed: Partial<KeyFile>;
  try {
    parsed = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    throw problem('is not valid JSON');
  }
  if (parsed.format !== FILE_FORMAT || parsed.version !== FILE_VERSION) throw problem(`is not a ${FILE_FORMAT} v${FILE_VERSION} file`);
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) throw problem('holds no keys');
  return Promise.all(
    parsed.keys.map(async (entry, index) => {
      try {
        const privateKey = createPrivateKey({ key: entry.privateJwk, format: 'jwk' });
        if (privateKey.asymmetricKeyType !== 'rsa' || typeof entry.kid !== 'string') throw new Error('not an RSA key with a kid');
        return await toSigningKey(privateKey, String(entry.createdAt), entry.kid);
      } catch {
        throw problem(`has an unreadable key at position ${index}`);
      }
    }),
  );
}

function unsecuredJwt(payload: object, kid: string | null): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = kid === null ? { alg: 'none', typ: 'JWT' } : { alg: 'none', typ: 'JWT', kid };
  return `${encode(header)}.${encode(payload)}.`;
}
