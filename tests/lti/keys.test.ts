/**
 * Rotation of the tool's per-platform signing keys, through the registry, the
 * admin API and the CLI: the JWKS publishes old and new keys during the grace
 * period, client assertions carry and verify with the new kid (the built-in
 * platform grants a token for them), and retired keys disappear.
 */
import { expect } from 'chai';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import request from 'supertest';
import { run as runCli } from '../../server/cli/lti.js';
import { signClientAssertion } from '../../server/grades/client-assertion.js';
import type { Platform } from '../../server/store/types.js';
import { useTool } from '../helpers/hooks.js';
import { tempDir } from '../helpers/tool.js';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
const DAY_MS = 24 * 3600 * 1000;

describe('rotating the tool\'s signing keys', function () {
  this.timeout(120_000);
  let clock = Date.now();
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

  const ctx = useTool({ ADMIN_TOKEN }, { now: () => clock });

  const devPlatform = async (): Promise<Platform> => (await ctx.tool.store.selectPlatformByIssuer(ctx.tool.devPlatform!.issuer, 'dev-tool'))!;
  const jwks = async (): Promise<JSONWebKeySet> => (await request(ctx.tool.url).get('/lti/keys').expect(200)).body as JSONWebKeySet;
  const kids = async () => (await jwks()).keys.map((k) => k.kid);

  /** What the grade sender does: sign a client assertion with the current key, and exchange it at the platform. */
  async function accessToken(platform: Platform): Promise<{ kid: string; status: number }> {
    const assertion = await signClientAssertion(platform, await ctx.tool.lti.toolSigningKey(platform), Date.now());
    const res = await fetch(ctx.tool.devPlatform!.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      }),
    });
    // The tool's own JWKS must verify it too, by its kid.
    await jwtVerify(assertion, createLocalJWKSet(await jwks()), { audience: platform.authServer ?? platform.authTokenUrl });
    return { kid: decodeProtectedHeader(assertion).kid!, status: res.status };
  }

  it('a rotated platform signs with a new kid; the JWKS keeps the old key during the grace period', async () => {
    const platform = await devPlatform();
    const before = await ctx.tool.lti.toolSigningKey(platform);
    const oldAssertion = await signClientAssertion(platform, before, Date.now());
    expect(await kids()).to.include(before.kid);

    const [rotation] = (await ctx.tool.lti.registry.rotateKeys(platform.id))!;
    expect(rotation).to.include({ platformId: platform.id, previousKid: before.kid });
    const after = await ctx.tool.lti.toolSigningKey(platform);
    expect(after.kid).to.equal(rotation!.kid).and.not.equal(before.kid);
    expect(after.privateKeyPem).not.to.equal(before.privateKeyPem);

    expect(await kids()).to.include.members([before.kid, after.kid]);
    await jwtVerify(oldAssertion, createLocalJWKSet(await jwks()), { audience: platform.authServer ?? platform.authTokenUrl });
    const granted = await accessToken(platform);
    expect(granted).to.deep.equal({ kid: after.kid, status: 200 });

    const listed = (await ctx.tool.lti.registry.listKeys(platform.id))!;
    expect(listed.find((k) => k.kid === after.kid)).to.include({ current: true, supersededAt: null, generatedAt: clock });
    expect(listed.find((k) => k.kid === before.kid)).to.include({ current: false, supersededAt: clock });
  });

  it('retires keys superseded longer ago than the grace period, never the current one', async () => {
    const platform = await devPlatform();
    const current = (await ctx.tool.lti.toolSigningKey(platform)).kid;
    const superseded = (await ctx.tool.lti.registry.listKeys(platform.id))!.filter((k) => !k.current).map((k) => k.kid);
    expect(superseded).to.have.length.greaterThan(0);

    expect(await ctx.tool.lti.registry.retireKeys(7), 'still within the grace period').to.deep.equal([]);
    clock += 8 * DAY_MS;
    const retired = await ctx.tool.lti.registry.retireKeys(7);
    expect(retired.map((k) => k.kid)).to.have.members(superseded);
    const published = await kids();
    for (const kid of superseded) expect(published).not.to.include(kid);
    expect(published).to.include(current);
    expect((await ctx.tool.store.findLtiDocs('privatekey', {})).map((d) => d.kid)).not.to.include.members(superseded);
    expect((await accessToken(platform)).status, 'signing is unaffected').to.equal(200);
  });

  it('keeps private keys encrypted at rest, rotated ones included', async () => {
    for (const doc of await ctx.tool.store.findLtiDocs('privatekey', {})) {
      expect(JSON.stringify(doc)).not.to.match(/PRIVATE KEY|generatedAt|supersededAt/);
      expect(doc).to.have.keys('kid', 'platformUrl', 'clientId', 'iv', 'data', 'createdAt');
    }
  });

  describe('the admin API', () => {
    it('lists, rotates every platform or one, and retires, with 400/404 for bad input', async () => {
      const listed = await request(ctx.tool.url).get('/api/admin/keys').set(auth).expect(200);
      const platformIds = new Set(listed.body.keys.map((k: { platformId: string }) => k.platformId));
      const all = await request(ctx.tool.url).post('/api/admin/keys/rotate').set(auth).send({}).expect(200);
      expect(new Set(all.body.rotated.map((r: { platformId: string }) => r.platformId))).to.deep.equal(platformIds);

      const platform = await devPlatform();
      const one = await request(ctx.tool.url).post('/api/admin/keys/rotate').set(auth).send({ platformId: platform.id }).expect(200);
      expect(one.body.rotated).to.have.length(1);
      expect((await ctx.tool.lti.toolSigningKey(platform)).kid).to.equal(one.body.rotated[0].kid);
      expect(await kids()).to.include(one.body.rotated[0].previousKid);

      const mine = await request(ctx.tool.url).get('/api/admin/keys').query({ platformId: platform.id }).set(auth).expect(200);
      expect(mine.body.keys.filter((k: { current: boolean }) => k.current)).to.have.length(1);

      await request(ctx.tool.url).post('/api/admin/keys/rotate').set(auth).send({ platformId: 'nope' }).expect(404);
      await request(ctx.tool.url).get('/api/admin/keys').query({ platformId: 'nope' }).set(auth).expect(404);
      const bad = await request(ctx.tool.url).post('/api/admin/keys/retire').set(auth).send({ olderThanDays: -1 }).expect(400);
      expect(bad.body.error.details[0].path).to.equal('/olderThanDays');
      await request(ctx.tool.url).post('/api/admin/keys/retire').set(auth).send({}).expect(400);
      await request(ctx.tool.url).post('/api/admin/keys/rotate').send({}).expect(401);

      const retired = await request(ctx.tool.url).post('/api/admin/keys/retire').set(auth).send({ olderThanDays: 0 }).expect(200);
      expect(retired.body.retired.map((k: { kid: string }) => k.kid)).to.include(one.body.rotated[0].previousKid);
      const left = (await request(ctx.tool.url).get('/api/admin/keys').set(auth).expect(200)).body.keys;
      expect(left.every((k: { current: boolean }) => k.current)).to.equal(true);
    });

    it('removing a platform removes its rotated-out keys too', async () => {
      const created = await request(ctx.tool.url)
        .post('/api/admin/platforms')
        .set(auth)
        .send({ issuer: 'https://lms.example.edu', clientId: 'rotating', name: 'Rotating LMS', authLoginUrl: 'https://lms.example.edu/auth', authTokenUrl: 'https://lms.example.edu/token', jwksUrl: 'https://lms.example.edu/jwks', deploymentIds: ['1'] })
        .expect(201);
      const id = created.body.platform.id as string;
      const [rotation] = (await request(ctx.tool.url).post('/api/admin/keys/rotate').set(auth).send({ platformId: id }).expect(200)).body.rotated;
      expect(await kids()).to.include.members([rotation.previousKid, rotation.kid]);
      await request(ctx.tool.url).delete(`/api/admin/platforms/${id}`).set(auth).expect(204);
      const published = await kids();
      expect(published).not.to.include(rotation.previousKid);
      expect(published).not.to.include(rotation.kid);
    });
  });

  it('the CLI rotates, lists and retires', async () => {
    const dataDir = tempDir();
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dataDir;
    const lines: string[] = [];
    const out = (s: string) => lines.push(s);
    try {
      const add = ['platform', 'add', '--issuer', 'https://moodle.example.edu', '--client-id', 'cli-keys', '--name', 'CLI Moodle', '--auth-login-url', 'https://moodle.example.edu/auth', '--auth-token-url', 'https://moodle.example.edu/token', '--jwks-url', 'https://moodle.example.edu/certs', '--json'];
      expect(await runCli(add, out)).to.equal(0);
      const id = JSON.parse(lines.pop()!).id as string;

      expect(await runCli(['keys', 'rotate', '--platform', id, '--json'], out)).to.equal(0);
      const [rotation] = JSON.parse(lines.pop()!);
      expect(rotation).to.include({ platformId: id });
      expect(await runCli(['keys', 'list', '--platform', id], out)).to.equal(0);
      const listing = lines.pop()!;
      expect(listing).to.match(new RegExp(`${rotation.kid}  ${id}  current`));
      expect(listing).to.match(new RegExp(`${rotation.previousKid}  ${id}  superseded \\d{4}-\\d{2}-\\d{2}`));

      expect(await runCli(['keys', 'retire', '--older-than', '1'], out)).to.equal(0);
      expect(lines.pop()).to.equal('No keys to retire.');
      expect(await runCli(['keys', 'retire', '--older-than', '0', '--json'], out)).to.equal(0);
      expect(JSON.parse(lines.pop()!).map((k: { kid: string }) => k.kid)).to.deep.equal([rotation.previousKid]);
      await runCli(['keys', 'retire', '--older-than', 'soon'], out).then(
        () => expect.fail('an unreadable grace period must be refused'),
        (err: Error) => expect(err.message).to.match(/--older-than takes a number of days/),
      );
    } finally {
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
  });
});
