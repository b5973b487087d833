/**
 * The key pairs the tool signs with towards each platform (AGS/NRPS client
 * assertions, deep-linking responses), and their rotation.
 *
 * ltijs keeps them as `publickey` / `privatekey` documents named by a kid,
 * their key material encrypted at rest under ENCRYPTION_KEY (by ltijs on
 * MongoDB, by ltijs-plugin.ts on SQLite). A platform document's `kid` names
 * the pair ltijs signs with, and /lti/keys publishes every `publickey`.
 *
 * Rotating adds a pair, publishes it, then switches the platform's kid. The
 * previous pair is kept: its public key stays in /lti/keys so that whatever
 * was signed with it (and platforms' cached copies of the JWKS) keeps
 * verifying during a grace period; its private key is no longer used, but
 * removing it at once would fail a request that read the old kid a moment
 * before the switch. Retiring deletes pairs superseded longer ago than the
 * grace period. When each pair was generated and superseded is kept inside
 * the encrypted document: ltijs's MongoDB schema for keys admits no other field.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { LtijsDatabase } from 'ltijs';

const generateKeyPair = promisify(crypto.generateKeyPair);

/** The same size ltijs generates, so rotated keys are no weaker than the originals. */
const MODULUS_BITS = 4096;

const KEY_COLLECTIONS = ['publickey', 'privatekey'] as const;

export interface ToolKey {
  kid: string;
  /** The registration (issuer and client id) the pair signs for. */
  issuer: string;
  clientId: string;
  /** The pair the tool signs with now. */
  current: boolean;
  /** Null for pairs ltijs generated itself, before rotation existed. */
  generatedAt: number | null;
  /** When a rotation replaced it; null while current, or for a pair no rotation completed. */
  supersededAt: number | null;
}

export interface KeyRotation {
  issuer: string;
  clientId: string;
  previousKid: string;
  kid: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
const time = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class ToolKeys {
  constructor(
    private readonly db: LtijsDatabase,
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<ToolKey[]> {
    // The clear documents carry the registration; the decrypted ones carry the dates.
    const [docs, items, platforms] = await Promise.all([this.db.Get(false, 'publickey'), this.db.Get(this.secret, 'publickey'), this.db.Get(false, 'platform')]);
    const current = new Set((platforms || []).map((p) => str(p.kid)));
    const dates = new Map((items || []).map((item) => [str(item.kid), item]));
    return (docs || []).map((doc) => {
      const kid = str(doc.kid);
      const item = dates.get(kid) ?? {};
      return {
        kid,
        issuer: str(doc.platformUrl),
        clientId: str(doc.clientId),
        current: current.has(kid),
        generatedAt: time(item.generatedAt),
        supersededAt: time(item.supersededAt),
      };
    });
  }

  /** Gives the registration a new signing pair; the previous one stays published until retired. */
  async rotate(issuer: string, clientId: string): Promise<KeyRotation> {
    const registration = { platformUrl: issuer, clientId };
    const found = await this.db.Get(false, 'platform', registration);
    const previousKid = found && found[0] ? str(found[0].kid) : '';
    if (!previousKid) throw new Error(`ltijs has no signing key for ${issuer} (client ${clientId})`);

    const kid = crypto.randomBytes(16).toString('hex');
    const { publicKey, privateKey } = await generateKeyPair('rsa', {
      modulusLength: MODULUS_BITS,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const at = this.now();
    const index = { kid, ...registration };
    // Published before it signs anything, so no platform sees a kid the JWKS lacks.
    await this.db.Insert(this.secret, 'publickey', { key: publicKey, kid, generatedAt: at }, index);
    await this.db.Insert(this.secret, 'privatekey', { key: privateKey, kid, generatedAt: at }, index);
    await this.markSuperseded(previousKid, registration, at);
    await this.db.Modify(false, 'platform', registration, { kid });
    // ltijs names its platform activation flag by the same kid.
    await this.db.Modify(false, 'platformStatus', { id: previousKid }, { id: kid });
    return { issuer, clientId, previousKid, kid };
  }

  private async markSuperseded(kid: string, registration: { platformUrl: string; clientId: string }, at: number): Promise<void> {
    for (const collection of KEY_COLLECTIONS) {
      const found = await this.db.Get(this.secret, collection, { kid });
      if (!found || !found[0]) continue;
      // createdAt is the storage's own bookkeeping, not part of the encrypted item.
      const { createdAt: _createdAt, ...item } = found[0];
      await this.db.Replace(this.secret, collection, { kid }, { ...item, supersededAt: at }, { kid, ...registration });
    }
  }

  /**
   * Deletes pairs that are not current and were superseded (or, for a pair an
   * interrupted rotation left unused, generated) at least `olderThanMs` ago.
   * Pairs with no date at all are kept: their age is unknown.
   */
  async retire(olderThanMs: number): Promise<ToolKey[]> {
    const cutoff = this.now() - olderThanMs;
    const retired = (await this.list()).filter((k) => {
      const since = k.supersededAt ?? k.generatedAt;
      return !k.current && since !== null && since <= cutoff;
    });
    for (const k of retired) for (const collection of KEY_COLLECTIONS) await this.db.Delete(collection, { kid: k.kid });
    return retired;
  }

  /** Every pair of a registration, current and superseded (the registration is going away). */
  async removeAll(issuer: string, clientId: string): Promise<void> {
    for (const collection of KEY_COLLECTIONS) await this.db.Delete(collection, { platformUrl: issuer, clientId });
  }
}
