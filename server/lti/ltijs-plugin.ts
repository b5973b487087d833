/**
 * The ltijs database plugin for the embedded store.
 *
 * ltijs talks to MongoDB by itself; on SQLite it calls this object instead
 * (its plugin contract: setup, Get, Insert, Replace, Modify, Delete, Close).
 * Documents live in the store's schemaless ltiDocs table. ltijs relies on
 * MongoDB TTL indexes to forget nonces, states and tokens, so the same
 * lifetimes are applied here as expiry times and a sweeper deletes them.
 * Encrypted collections (the tool's private keys, access tokens) are sealed
 * with AES-256-GCM under a key derived from the encryption secret.
 */
import crypto from 'node:crypto';
import type { JsonObject, Store } from '../store/types.js';

/** Seconds each ltijs collection lives, mirroring the TTL indexes of ltijs 5.9. */
export const LTIJS_TTL_SECONDS: Readonly<Record<string, number>> = {
  idtoken: 24 * 3600,
  contexttoken: 24 * 3600,
  accesstoken: 3600,
  nonce: 10,
  state: 600,
};

type Query = JsonObject | undefined;
type Secret = string | false | undefined;

function keyFor(secret: string): Buffer {
  return crypto.createHash('sha256').update(`ltijs-plugin:${secret}`).digest();
}

export function seal(plain: string, secret: string): { iv: string; data: string } {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(secret), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('base64'), data: data.toString('base64') };
}

export function unseal(sealed: { iv: string; data: string }, secret: string): string {
  const buf = Buffer.from(sealed.data, 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(secret), Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(buf.subarray(buf.length - 16));
  return Buffer.concat([decipher.update(buf.subarray(0, buf.length - 16)), decipher.final()]).toString('utf8');
}

export class LtijsStorePlugin {
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    private readonly sweepEveryMs = 60_000,
  ) {}

  private expiresAt(collection: string): number | null {
    const ttl = LTIJS_TTL_SECONDS[collection];
    return ttl === undefined ? null : this.now() + ttl * 1000;
  }

  async setup(): Promise<boolean> {
    this.sweeper = setInterval(() => {
      this.store.deleteExpiredLtiDocs(this.now()).catch(() => undefined);
    }, this.sweepEveryMs);
    this.sweeper.unref();
    return true;
  }

  async Close(): Promise<boolean> {
    if (this.sweeper) clearInterval(this.sweeper);
    return true;
  }

  /** ltijs expects `false` for "nothing found", never an empty array. */
  async Get(secret: Secret, collection: string, query?: Query): Promise<JsonObject[] | false> {
    const docs = await this.store.findLtiDocs(collection, query ?? {});
    if (docs.length === 0) return false;
    if (!secret) return docs;
    return docs.map((doc) => {
      const plain = JSON.parse(unseal(doc as { iv: string; data: string }, secret)) as JsonObject;
      if (doc.createdAt !== undefined) plain.createdAt = doc.createdAt;
      return plain;
    });
  }

  private docFor(secret: Secret, item: JsonObject, index: Query): JsonObject {
    const base: JsonObject = { createdAt: this.now() };
    if (!secret) return { ...item, ...base };
    return { ...index, ...seal(JSON.stringify(item), secret), ...base };
  }

  async Insert(secret: Secret, collection: string, item: JsonObject, index?: Query): Promise<boolean> {
    if (!collection || !item || (secret && !index)) throw new Error('MISSING_PARAMS');
    await this.store.insertLtiDoc(collection, this.docFor(secret, item, index), this.expiresAt(collection));
    return true;
  }

  async Replace(secret: Secret, collection: string, query: JsonObject, item: JsonObject, index?: Query): Promise<boolean> {
    if (!collection || !item || (secret && !index)) throw new Error('MISSING_PARAMS');
    await this.store.replaceLtiDoc(collection, query, this.docFor(secret, item, index), this.expiresAt(collection));
    return true;
  }

  async Modify(secret: Secret, collection: string, query: JsonObject, modification: JsonObject): Promise<boolean> {
    if (!collection || !query || !modification) throw new Error('MISSING_PARAMS');
    if (!secret) {
      await this.store.modifyLtiDoc(collection, query, modification);
      return true;
    }
    // ltijs only ever modifies unencrypted collections, but honour the contract:
    // decrypt the first match, merge, and seal it again.
    const found = await this.Get(secret, collection, query);
    if (!found || !found[0]) return true;
    const { createdAt: _createdAt, ...plain } = found[0];
    await this.store.modifyLtiDoc(collection, query, seal(JSON.stringify({ ...plain, ...modification }), secret));
    return true;
  }

  async Delete(collection: string, query: JsonObject): Promise<boolean> {
    if (!collection || !query) throw new Error('MISSING_PARAMS');
    await this.store.deleteLtiDocs(collection, query);
    return true;
  }
}
