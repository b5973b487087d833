import { expect } from 'chai';
import { JwksCache } from '../../server/lti/jwks-cache.js';
import { CLAIM } from '../../server/lti/claims.js';
import { LaunchError, type LaunchErrorCode } from '../../server/lti/launch-errors.js';
import { validateIdToken, type ValidationContext } from '../../server/lti/validate.js';
import type { Platform } from '../../server/store/types.js';
import { makeKey, sign, startJwksServer, type JwksServer, type TestKey } from '../helpers/jwks-server.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const ISS = 'https://lms.example.edu';

describe('id_token validation', () => {
  let key: TestKey;
  let jwks: JwksServer;
  let platform: Platform;

  before(async () => {
    key = await makeKey('k1');
    jwks = await startJwksServer([key]);
    platform = {
      id: 'p1',
      issuer: ISS,
      clientId: 'tool-client',
      name: 'LMS',
      authLoginUrl: `${ISS}/auth`,
      authTokenUrl: `${ISS}/token`,
      authServer: null,
      jwksUrl: jwks.url,
      status: 'active',
      source: 'cli',
      createdAt: 0,
      updatedAt: 0,
    };
  });
  after(() => jwks.close());

  function ctx(over: Partial<ValidationContext> = {}): ValidationContext {
    return {
      platform,
      loginState: { state: 's', nonce: 'n-123', platformId: 'p1', targetLinkUri: 'x', createdAt: NOW, expiresAt: NOW + 1 },
      keys: new JwksCache(),
      nowMs: NOW,
      clockSkewSeconds: 60,
      isDeploymentRegistered: async (id) => id === 'dep-1',
      ...over,
    };
  }

  function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
    const base: Record<string, unknown> = {
      iss: ISS,
      aud: 'tool-client',
      sub: 'user-1',
      nonce: 'n-123',
      iat: NOW / 1000,
      exp: NOW / 1000 + 300,
      [CLAIM.version]: '1.3.0',
      [CLAIM.messageType]: 'LtiResourceLinkRequest',
      [CLAIM.deploymentId]: 'dep-1',
      [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [CLAIM.resourceLink]: { id: 'rl-1' },
      [CLAIM.targetLinkUri]: 'https://tool.example/lti/launch',
    };
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) delete base[k];
      else base[k] = v;
    }
    return base;
  }

  async function expectCode(token: string, code: LaunchErrorCode, c: ValidationContext = ctx()) {
    try {
      await validateIdToken(token, c);
      expect.fail(`expected ${code}`);
    } catch (err) {
      expect(err).to.be.instanceOf(LaunchError);
      expect((err as LaunchError).code).to.equal(code);
    }
  }

  it('accepts a well-formed launch and reports what it verified', async () => {
    const v = await validateIdToken(await sign(key, claims()), ctx());
    expect(v.userId).to.equal('user-1');
    expect(v.deploymentId).to.equal('dep-1');
    expect(v.resourceLinkId).to.equal('rl-1');
    expect(v.messageType).to.equal('LtiResourceLinkRequest');
  });

  it('accepts a deep-linking request without a resource link', async () => {
    const v = await validateIdToken(await sign(key, claims({ [CLAIM.messageType]: 'LtiDeepLinkingRequest', [CLAIM.resourceLink]: undefined })), ctx());
    expect(v.resourceLinkId).to.equal(null);
  });

  describe('nonce', () => {
    it('must equal the nonce issued at login', async () => {
      await expectCode(await sign(key, claims({ nonce: 'other' })), 'LAUNCH_NONCE_MISMATCH');
    });
    it('must be present', async () => {
      await expectCode(await sign(key, claims({ nonce: undefined })), 'LAUNCH_NONCE_MISMATCH');
    });
  });

  describe('audience', () => {
    it('must contain the client id', async () => {
      await expectCode(await sign(key, claims({ aud: 'someone-else' })), 'LAUNCH_AUDIENCE_MISMATCH');
    });
    it('with several audiences, azp must equal the client id', async () => {
      await expectCode(await sign(key, claims({ aud: ['tool-client', 'other'] })), 'LAUNCH_AUDIENCE_MISMATCH');
      await expectCode(await sign(key, claims({ aud: ['tool-client', 'other'], azp: 'other' })), 'LAUNCH_AUDIENCE_MISMATCH');
      const ok = await validateIdToken(await sign(key, claims({ aud: ['tool-client', 'other'], azp: 'tool-client' })), ctx());
      expect(ok.userId).to.equal('user-1');
    });
    it('an azp naming another client is refused even with one audience', async () => {
      await expectCode(await sign(key, claims({ azp: 'other' })), 'LAUNCH_AUDIENCE_MISMATCH');
    });
  });

  describe('clock skew (60 s allowed)', () => {
    it('accepts a token issued 50 s in the future and one expired 50 s ago', async () => {
      await validateIdToken(await sign(key, claims({ iat: NOW / 1000 + 50 })), ctx());
      await validateIdToken(await sign(key, claims({ iat: NOW / 1000 - 400, exp: NOW / 1000 - 50 })), ctx());
    });
    it('refuses a token issued 70 s in the future', async () => {
      await expectCode(await sign(key, claims({ iat: NOW / 1000 + 70 })), 'LAUNCH_TOKEN_NOT_YET_VALID');
    });
    it('refuses a token expired 70 s ago', async () => {
      await expectCode(await sign(key, claims({ exp: NOW / 1000 - 70 })), 'LAUNCH_TOKEN_EXPIRED');
    });
    it('refuses non-numeric timestamps', async () => {
      await expectCode(await sign(key, claims({ iat: 'yesterday' })), 'LAUNCH_BAD_TIMESTAMPS');
    });
  });

  it('refuses a deployment the platform has not registered', async () => {
    await expectCode(await sign(key, claims({ [CLAIM.deploymentId]: 'dep-2' })), 'LAUNCH_UNKNOWN_DEPLOYMENT');
  });

  it('refuses a token from another issuer', async () => {
    await expectCode(await sign(key, claims({ iss: 'https://evil.example' })), 'LAUNCH_ISSUER_MISMATCH');
  });

  it('refuses alg none and HS256', async () => {
    const [h, p] = (await sign(key, claims())).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${p}.`;
    await expectCode(none, 'LAUNCH_BAD_ALG');
    const hs = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64url')}.${p}.${h}`;
    await expectCode(hs, 'LAUNCH_BAD_ALG');
  });

  it('refuses a forged signature', async () => {
    const other = await makeKey('k1');
    await expectCode(await sign(other, claims()), 'LAUNCH_BAD_SIGNATURE');
  });

  it('reports an unreachable JWKS as such', async () => {
    const c = ctx({ platform: { ...platform, jwksUrl: 'http://127.0.0.1:1/jwks' } });
    await expectCode(await sign(key, claims()), 'PLATFORM_JWKS_UNAVAILABLE', c);
  });

  describe('the platform key cache', () => {
    it('makes no request for a known kid, and refetches at most once a minute for unknown ones', async () => {
      const k2 = await makeKey('k2');
      const server = await startJwksServer([k2]);
      const cache = new JwksCache();
      const c = ctx({ keys: cache, platform: { ...platform, jwksUrl: server.url } });
      const realNow = Date.now;
      let clock = realNow();
      Date.now = () => clock;
      try {
        await validateIdToken(await sign(k2, claims()), c);
        expect(server.hits).to.equal(1);
        for (let i = 0; i < 5; i++) await validateIdToken(await sign(k2, claims()), c);
        expect(server.hits, 'known kid served from cache').to.equal(1);

        const unknown = await makeKey('k-unknown');
        for (let i = 0; i < 5; i++) await expectCode(await sign(unknown, claims()), 'LAUNCH_UNKNOWN_KID', c);
        expect(server.hits, 'no refetch inside the cooldown').to.equal(1);

        clock += 61_000;
        const k3 = await makeKey('k3');
        server.keys = [k2, k3];
        await validateIdToken(await sign(k3, claims()), c);
        expect(server.hits, 'a rotated key is picked up after the cooldown').to.equal(2);
        await expectCode(await sign(unknown, claims()), 'LAUNCH_UNKNOWN_KID', c);
        expect(server.hits).to.equal(2);
      } finally {
        Date.now = realNow;
        await server.close();
      }
    });
  });
});
