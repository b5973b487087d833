/**
 * Launches over real HTTP against the built-in platform: the happy path, every
 * rule the tool enforces on top of ltijs, and the twelve 1EdTech "known bad
 * payload" cases. Bad tokens are signed with the platform's real key and
 * posted with a state from a real login, so only the fault under test differs.
 */
import { expect } from 'chai';
import { CLAIM } from '../../server/lti/claims.js';
import { useTool } from '../helpers/hooks.js';
import { formFields, get, launchAs, postForm, startLogin, startTestTool, type LoginLeg } from '../helpers/tool.js';

const LEARNER = 'learner-maya';
const INSTRUCTOR = 'instructor-rivera';
const LINK = 'link-fractions-add';

function errorCode(html: string): string | undefined {
  return /data-testid="error-code">([A-Z_]+)</.exec(html)?.[1];
}

describe('LTI launch through the built-in platform', function () {
  this.timeout(30_000);
  const ctx = useTool();

  /** Signs claims (by default a valid launch for the login leg) with the platform key and posts them. */
  async function launchWith(leg: LoginLeg, tweak: (c: Record<string, unknown>) => void, header?: { kid?: string | null; alg?: string }) {
    const claims = ctx.tool.devPlatform!.idTokenClaims({ userId: LEARNER, linkId: LINK, nonce: leg.nonce });
    tweak(claims);
    const idToken = await ctx.tool.devPlatform!.signJwt(claims, header as never);
    return postForm(`${ctx.tool.url}/lti/launch`, { id_token: idToken, state: leg.state });
  }

  async function expectRefusal(res: { status: number; location: string | null; body: string }, status: number, code: string) {
    expect(res.location, 'a refusal creates no session').to.equal(null);
    expect(res.status).to.equal(status);
    expect(errorCode(res.body)).to.equal(code);
  }

  describe('happy path', () => {
    it('a learner lands on the tool with their name, course and activity', async () => {
      const r = await launchAs(ctx.tool, LEARNER, LINK);
      expect(r.html).to.contain('data-testid="user-name">Maya Chen<');
      expect(r.html).to.contain('Adding fractions with unlike denominators');
      const session = await ctx.tool.store.selectSession((await import('../../server/lti/session.js')).sessionIdFor(r.token), Date.now());
      expect(session).to.include({ userId: LEARNER, deploymentId: 'dev-deployment', contextId: 'grade7-math-fractions', resourceLinkId: LINK });
      expect(session!.roles).to.deep.equal(['learner']);
      expect(session!.claims[CLAIM.ags]).to.have.property('lineitem');
    });

    it('maps instructor roles once and shows instructors how to place a sequence', async () => {
      const r = await launchAs(ctx.tool, INSTRUCTOR, LINK);
      expect(r.html).to.contain('Elena Rivera');
      expect(r.html).to.match(/Place a sequence/);
    });

    it('the landing page survives a reload (POST-redirect-GET) but the id_token cannot be replayed', async () => {
      const leg = await startLogin(ctx.tool, LEARNER, LINK);
      const { action, fields } = formFields((await get(leg.authUrl)).body);
      const first = await postForm(action, fields);
      expect(first.status).to.equal(303);
      const landing = new URL(first.location!, ctx.tool.url).toString();
      expect((await get(landing)).status).to.equal(200);
      expect((await get(landing)).status).to.equal(200);
      await expectRefusal(await postForm(action, fields), 400, 'LAUNCH_STATE_UNKNOWN');
    });
  });

  describe('rules the tool enforces', () => {
    it('nonce must equal the one issued at login for that state', async () => {
      const leg = await startLogin(ctx.tool, LEARNER, LINK);
      await expectRefusal(await launchWith(leg, (c) => (c.nonce = 'not-the-issued-nonce')), 401, 'LAUNCH_NONCE_MISMATCH');
    });

    it('a nonce from another login cannot be used with this state', async () => {
      const a = await startLogin(ctx.tool, LEARNER, LINK);
      const b = await startLogin(ctx.tool, LEARNER, LINK);
      await expectRefusal(await launchWith(a, (c) => (c.nonce = b.nonce)), 401, 'LAUNCH_NONCE_MISMATCH');
    });

    it('a state is accepted once, even when the first use was refused', async () => {
      const leg = await startLogin(ctx.tool, LEARNER, LINK);
      await expectRefusal(await launchWith(leg, (c) => (c.aud = 'x')), 401, 'LAUNCH_AUDIENCE_MISMATCH');
      await expectRefusal(await launchWith(leg, () => undefined), 400, 'LAUNCH_STATE_UNKNOWN');
    });

    it('deployment_id must be registered for the platform', async () => {
      const leg = await startLogin(ctx.tool, LEARNER, LINK);
      await expectRefusal(await launchWith(leg, (c) => (c[CLAIM.deploymentId] = 'some-other-deployment')), 403, 'LAUNCH_UNKNOWN_DEPLOYMENT');
    });

    it('aud must contain the client id; with several audiences azp must equal it', async () => {
      await expectRefusal(await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => (c.aud = ['other-tool'])), 401, 'LAUNCH_AUDIENCE_MISMATCH');
      await expectRefusal(
        await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => {
          c.aud = ['dev-tool', 'other-tool'];
          delete c.azp;
        }),
        401,
        'LAUNCH_AUDIENCE_MISMATCH',
      );
      const ok = await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => {
        c.aud = ['dev-tool', 'other-tool'];
        c.azp = 'dev-tool';
      });
      expect(ok.status).to.equal(303);
    });

    it('allows the documented clock skew and no more', async () => {
      const now = Math.floor(Date.now() / 1000);
      const ahead = await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => (c.iat = now + 30));
      expect(ahead.status, 'an LMS clock 30 s fast is fine').to.equal(303);
      await expectRefusal(await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => (c.iat = now + 300)), 401, 'LAUNCH_TOKEN_NOT_YET_VALID');
      const late = await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => (c.exp = now - 20));
      expect(late.status, 'a token that expired 20 s ago is within the skew').to.equal(303);
    });

    it('a launch signed with a known kid makes no request to the platform JWKS; an unknown kid refetches at most once a minute', async () => {
      const jwksUrl = ctx.tool.devPlatform!.jwksUrl;
      const realFetch = globalThis.fetch;
      let hits = 0;
      globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        if (String(input instanceof Request ? input.url : input) === jwksUrl) hits++;
        return realFetch(input, init);
      }) as typeof fetch;
      try {
        await launchAs(ctx.tool, LEARNER, LINK); // warms the cache if an earlier test has not
        hits = 0;
        for (let i = 0; i < 3; i++) await launchAs(ctx.tool, LEARNER, LINK);
        expect(hits, 'known kid').to.equal(0);
        for (let i = 0; i < 3; i++) {
          await expectRefusal(await launchWith(await startLogin(ctx.tool, LEARNER, LINK), () => undefined, { kid: 'forged-kid' }), 401, 'LAUNCH_UNKNOWN_KID');
        }
        expect(hits, 'unknown kids within a minute of the last fetch').to.be.at.most(1);
      } finally {
        globalThis.fetch = realFetch;
      }
    });

    it('a platform that rotated its key is followed after the cooldown', async () => {
      const fresh = await startTestTool();
      try {
        await launchAs(fresh, LEARNER, LINK);
        await fresh.devPlatform!.rotateKey();
        const realNow = Date.now;
        const skewed = realNow() + 61_000;
        Date.now = () => skewed;
        try {
          const r = await launchAs(fresh, LEARNER, LINK);
          expect(r.html).to.contain('Maya Chen');
        } finally {
          Date.now = realNow;
        }
      } finally {
        await fresh.close();
      }
    });
  });

  describe('the twelve 1EdTech known bad payloads', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: Array<[string, (c: Record<string, unknown>) => void, { kid?: string | null }, number, string]> = [
      ['no kid in the JWT header', () => undefined, { kid: null }, 400, 'LAUNCH_NO_KID'],
      ['an incorrect kid in the JWT header', () => undefined, { kid: 'imstester_66067' }, 401, 'LAUNCH_UNKNOWN_KID'],
      ['a wrong LTI version', (c) => (c[CLAIM.version] = '1.2.0'), {}, 400, 'LAUNCH_WRONG_VERSION'],
      ['no LTI version', (c) => delete c[CLAIM.version], {}, 400, 'LAUNCH_NO_VERSION'],
      [
        'a JWT that is not an LTI message',
        (c) => {
          for (const k of Object.keys(c)) if (k.startsWith('https://purl.imsglobal.org/')) delete c[k];
        },
        {},
        400,
        'LAUNCH_NOT_LTI',
      ],
      ['missing LTI claims (iss, aud, sub, deployment_id, roles)', (c) => {
        delete c[CLAIM.roles];
        delete c[CLAIM.deploymentId];
        delete c.sub;
      }, {}, 400, 'LAUNCH_NO_DEPLOYMENT'],
      ['incorrect timestamps (iat and exp in the past)', (c) => {
        c.iat = now() - 7200;
        c.exp = now() - 3600;
      }, {}, 401, 'LAUNCH_TOKEN_EXPIRED'],
      ['a missing message_type claim', (c) => delete c[CLAIM.messageType], {}, 400, 'LAUNCH_NO_MESSAGE_TYPE'],
      ['a missing roles claim', (c) => delete c[CLAIM.roles], {}, 400, 'LAUNCH_NO_ROLES'],
      ['a missing deployment_id claim', (c) => delete c[CLAIM.deploymentId], {}, 400, 'LAUNCH_NO_DEPLOYMENT'],
      ['a missing resource_link id', (c) => (c[CLAIM.resourceLink] = { title: 'no id' }), {}, 400, 'LAUNCH_NO_RESOURCE_LINK'],
      ['a missing user (sub) claim', (c) => delete c.sub, {}, 400, 'LAUNCH_NO_SUB'],
    ];
    for (const [name, tweak, header, status, code] of cases) {
      it(`refuses ${name} with ${code}`, async () => {
        const res = await launchWith(await startLogin(ctx.tool, LEARNER, LINK), tweak, header);
        await expectRefusal(res, status, code);
        expect(res.body, 'the page tells a student what to do').to.match(/What you can do/);
      });
    }

    it('refuses an empty sub, a missing iss and a missing aud', async () => {
      await expectRefusal(await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => (c.sub = '')), 400, 'LAUNCH_NO_SUB');
      await expectRefusal(await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => delete c.iss), 401, 'LAUNCH_ISSUER_MISMATCH');
      await expectRefusal(await launchWith(await startLogin(ctx.tool, LEARNER, LINK), (c) => delete c.aud), 401, 'LAUNCH_AUDIENCE_MISMATCH');
    });

    it('refuses a token that is not a JWT at all', async () => {
      const leg = await startLogin(ctx.tool, LEARNER, LINK);
      await expectRefusal(await postForm(`${ctx.tool.url}/lti/launch`, { id_token: 'hello', state: leg.state }), 400, 'LAUNCH_MALFORMED_JWT');
    });

    it('refuses a launch without id_token or with an unknown state', async () => {
      await expectRefusal(await postForm(`${ctx.tool.url}/lti/launch`, { state: 'x' }), 400, 'LAUNCH_NO_ID_TOKEN');
      const leg = await startLogin(ctx.tool, LEARNER, LINK);
      const claims = ctx.tool.devPlatform!.idTokenClaims({ userId: LEARNER, linkId: LINK, nonce: leg.nonce });
      const token = await ctx.tool.devPlatform!.signJwt(claims);
      await expectRefusal(await postForm(`${ctx.tool.url}/lti/launch`, { id_token: token, state: 'forged-state' }), 400, 'LAUNCH_STATE_UNKNOWN');
    });
  });

  describe('login initiation', () => {
    it('requires iss, login_hint and target_link_uri', async () => {
      const r = await get(`${ctx.tool.url}/lti/login?iss=${encodeURIComponent(ctx.tool.devPlatform!.issuer)}`, { accept: 'text/html' });
      await expectRefusal(r, 400, 'LOGIN_MISSING_PARAMS');
    });

    it('refuses an unregistered platform and a target outside the tool', async () => {
      const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
      await expectRefusal(
        await get(`${ctx.tool.url}/lti/login?${q({ iss: 'https://unknown.example', login_hint: 'u', target_link_uri: `${ctx.tool.url}/lti/launch` })}`, { accept: 'text/html' }),
        400,
        'LOGIN_UNKNOWN_PLATFORM',
      );
      await expectRefusal(
        await get(`${ctx.tool.url}/lti/login?${q({ iss: ctx.tool.devPlatform!.issuer, login_hint: 'u', target_link_uri: 'https://evil.example/' })}`, { accept: 'text/html' }),
        400,
        'LOGIN_BAD_TARGET',
      );
    });

    it('accepts the login as a form POST too', async () => {
      const r = await postForm(`${ctx.tool.url}/lti/login`, { iss: ctx.tool.devPlatform!.issuer, login_hint: LEARNER, target_link_uri: `${ctx.tool.url}/lti/launch`, client_id: 'dev-tool' });
      expect(r.status).to.equal(302);
      const auth = new URL(r.location!);
      expect(auth.origin + auth.pathname).to.equal(ctx.tool.devPlatform!.authUrl);
      expect(auth.searchParams.get('redirect_uri')).to.equal(`${ctx.tool.url}/lti/launch`);
      expect(auth.searchParams.get('nonce')).to.have.length.greaterThan(20);
    });
  });

  describe('sessions after launch', () => {
    it('pages need the session token, and refuse a forged one', async () => {
      await expectRefusal(await get(`${ctx.tool.url}/app`, { accept: 'text/html' }), 401, 'SESSION_MISSING');
      await expectRefusal(await get(`${ctx.tool.url}/app?s=forged`, { accept: 'text/html' }), 401, 'SESSION_MISSING');
    });

    it('a learner cannot place a sequence (roles authorize every later route)', async () => {
      const { token } = await launchAs(ctx.tool, LEARNER, LINK);
      await expectRefusal(await postForm(`${ctx.tool.url}/app/place`, { _s: token, sequenceId: 'x' }), 403, 'ROLE_FORBIDDEN');
    });

    it('an instructor placing an unknown sequence gets a 400 naming the field', async () => {
      const { token } = await launchAs(ctx.tool, INSTRUCTOR, LINK);
      const res = await fetch(`${ctx.tool.url}/app/place`, { method: 'POST', body: new URLSearchParams({ _s: token, sequenceId: 'nope' }), headers: { accept: 'application/json' } });
      expect(res.status).to.equal(400);
      const body = (await res.json()) as { error: { details: Array<{ path: string }> } };
      expect(body.error.details[0]!.path).to.equal('/sequenceId');
    });
  });
});
