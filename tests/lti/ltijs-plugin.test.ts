import { expect } from 'chai';
import { LtijsStorePlugin, seal, unseal } from '../../server/lti/ltijs-plugin.js';
import { openSqliteStore } from '../../server/store/sqlite/index.js';
import type { Store } from '../../server/store/types.js';
import { launchAs, startTestTool } from '../helpers/tool.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('ltijs database plugin on the embedded store', () => {
  let store: Store;
  let clock: number;
  let plugin: LtijsStorePlugin;
  const realNow = Date.now;

  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    // The store hides expired documents by its own clock, so plugin and store share this one.
    clock = realNow();
    Date.now = () => clock;
    plugin = new LtijsStorePlugin(store, () => clock);
    await plugin.setup();
  });
  afterEach(async () => {
    Date.now = realNow;
    await plugin.Close();
    await store.close();
  });

  it('answers false, not [], when nothing matches (ltijs tests truthiness)', async () => {
    expect(await plugin.Get(false, 'platform', { platformUrl: 'x' })).to.equal(false);
  });

  it('inserts, reads, replaces (upsert), modifies and deletes plain documents', async () => {
    await plugin.Insert(false, 'platform', { platformUrl: 'https://lms', clientId: 'c1', platformName: 'LMS', authConfig: { method: 'JWK_SET', key: 'k' } });
    const [doc] = (await plugin.Get(false, 'platform', { platformUrl: 'https://lms', clientId: 'c1' })) as Array<Record<string, unknown>>;
    expect(doc).to.include({ platformName: 'LMS' });
    expect(doc!.authConfig).to.deep.equal({ method: 'JWK_SET', key: 'k' });

    await plugin.Modify(false, 'platform', { platformUrl: 'https://lms', clientId: 'c1' }, { platformName: 'Renamed', authEndpoint: 'https://lms/auth' });
    const [modified] = (await plugin.Get(false, 'platform', { clientId: 'c1' })) as Array<Record<string, unknown>>;
    expect(modified).to.include({ platformName: 'Renamed', authEndpoint: 'https://lms/auth', platformUrl: 'https://lms' });

    await plugin.Replace(false, 'platformStatus', { id: 'kid1' }, { id: 'kid1', active: false });
    await plugin.Replace(false, 'platformStatus', { id: 'kid1' }, { id: 'kid1', active: true });
    const statuses = (await plugin.Get(false, 'platformStatus', { id: 'kid1' })) as Array<Record<string, unknown>>;
    expect(statuses).to.have.length(1);
    expect(statuses[0]).to.include({ active: true });

    await plugin.Delete('platform', { clientId: 'c1' });
    expect(await plugin.Get(false, 'platform', { clientId: 'c1' })).to.equal(false);
  });

  it('lists a whole collection when called without a query (ltijs builds its JWKS this way)', async () => {
    await plugin.Insert(false, 'platform', { platformUrl: 'a', clientId: '1' });
    await plugin.Insert(false, 'platform', { platformUrl: 'b', clientId: '2' });
    expect(await plugin.Get(false, 'platform')).to.have.length(2);
  });

  it('encrypts documents at rest, keeping only the index fields readable', async () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nsecret material\n-----END RSA PRIVATE KEY-----';
    await plugin.Insert(SECRET, 'privatekey', { key: pem, kid: 'kid-1' }, { kid: 'kid-1', platformUrl: 'https://lms', clientId: 'c1' });
    const raw = await store.findLtiDocs('privatekey', { kid: 'kid-1' });
    expect(JSON.stringify(raw)).to.not.contain('secret material');
    expect(raw[0]).to.include({ kid: 'kid-1', platformUrl: 'https://lms' });
    const [plain] = (await plugin.Get(SECRET, 'privatekey', { kid: 'kid-1' })) as Array<Record<string, unknown>>;
    expect(plain!.key).to.equal(pem);
    let failed = false;
    await plugin.Get('another-secret-of-thirty-two-characters!', 'privatekey', { kid: 'kid-1' }).catch(() => (failed = true));
    expect(failed, 'a wrong secret cannot read the key').to.equal(true);
  });

  it('modifies encrypted documents by decrypting, merging and sealing again', async () => {
    await plugin.Insert(SECRET, 'accesstoken', { token: { access_token: 'a1' } }, { platformUrl: 'p', clientId: 'c', scopes: 's' });
    await plugin.Modify(SECRET, 'accesstoken', { platformUrl: 'p' }, { token: { access_token: 'a2' } });
    const [doc] = (await plugin.Get(SECRET, 'accesstoken', { platformUrl: 'p' })) as Array<Record<string, unknown>>;
    expect(doc!.token).to.deep.equal({ access_token: 'a2' });
  });

  it('expires nonces, states and tokens on the lifetimes ltijs gives them, and sweeps them', async () => {
    await plugin.Insert(false, 'nonce', { nonce: 'n1' });
    await plugin.Insert(false, 'state', { state: 's1', query: {} });
    await plugin.Insert(false, 'idtoken', { iss: 'i', user: 'u' });
    await plugin.Insert(false, 'platform', { platformUrl: 'forever' });
    clock += 11_000;
    expect(await plugin.Get(false, 'nonce', { nonce: 'n1' }), 'nonce: 10 s').to.equal(false);
    expect(await plugin.Get(false, 'state', { state: 's1' })).to.not.equal(false);
    clock += 600_000;
    expect(await plugin.Get(false, 'state', { state: 's1' }), 'state: 10 min').to.equal(false);
    expect(await plugin.Get(false, 'idtoken', { iss: 'i' })).to.not.equal(false);
    clock += 24 * 3600_000;
    expect(await plugin.Get(false, 'idtoken', { iss: 'i' }), 'id token: 24 h').to.equal(false);
    expect(await plugin.Get(false, 'platform', { platformUrl: 'forever' }), 'platforms never expire').to.not.equal(false);
    expect(await store.deleteExpiredLtiDocs(clock)).to.equal(3);
  });

  it('refuses calls that break the contract, as ltijs\'s own database does', async () => {
    let err: Error | undefined;
    await plugin.Insert(SECRET, 'privatekey', { key: 'k' }).catch((e: Error) => (err = e));
    expect(err?.message).to.equal('MISSING_PARAMS');
  });

  it('seal/unseal round-trips and detects tampering', () => {
    const sealed = seal('héllo', SECRET);
    expect(unseal(sealed, SECRET)).to.equal('héllo');
    const tampered = { ...sealed, data: Buffer.from(Buffer.from(sealed.data, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64') };
    expect(() => unseal(tampered, SECRET)).to.throw();
  });
});

describe('ltijs on the embedded store, end to end', function () {
  this.timeout(30_000);
  it('keeps the tool\'s keys for the JWKS, and nothing per launch: launches never reach ltijs', async () => {
    const tool = await startTestTool();
    try {
      await launchAs(tool, 'learner-liam', 'link-fractions-add');
      for (const collection of ['idtoken', 'contexttoken', 'nonce', 'state']) {
        expect(await tool.store.findLtiDocs(collection, {}), collection).to.have.length(0);
      }
      const jwks = (await (await fetch(`${tool.url}/lti/keys`)).json()) as { keys: { kid: string }[] };
      const kids = jwks.keys.map((k) => k.kid);
      const stored = await tool.store.findLtiDocs('publickey', {});
      expect(stored.length).to.be.greaterThan(0);
      for (const doc of stored) expect(kids).to.include(doc.kid);
    } finally {
      await tool.close();
    }
  });
});
