/**
 * The three ways a platform gets registered (admin API, CLI, Dynamic
 * Registration with the built-in platform) and the documents an LMS admin pastes.
 */
import { expect } from 'chai';
import request from 'supertest';
import { run as runCli } from '../../server/cli/lti.js';
import { useTool } from '../helpers/hooks.js';
import { get, postForm, startTestTool, tempDir } from '../helpers/tool.js';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
const MOODLE = {
  issuer: 'https://moodle.example.edu',
  clientId: 'moodle-client-1',
  name: 'Example Moodle',
  authLoginUrl: 'https://moodle.example.edu/mod/lti/auth.php',
  authTokenUrl: 'https://moodle.example.edu/mod/lti/token.php',
  jwksUrl: 'https://moodle.example.edu/mod/lti/certs.php',
  deploymentIds: ['1'],
};

function errorCode(html: string): string | undefined {
  return /data-testid="error-code">([A-Z_]+)</.exec(html)?.[1];
}

describe('platform registration', function () {
  this.timeout(60_000);
  const ctx = useTool({ ADMIN_TOKEN });
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

  describe('admin JSON API', () => {
    it('is refused without the bearer token, or with a wrong one', async () => {
      const none = await request(ctx.tool.url).get('/api/admin/platforms');
      expect(none.status).to.equal(401);
      expect(none.body.error.code).to.equal('ADMIN_UNAUTHORIZED');
      const wrong = await request(ctx.tool.url).get('/api/admin/platforms').set('authorization', 'Bearer nope');
      expect(wrong.status).to.equal(401);
    });

    it('is disabled (503) when no ADMIN_TOKEN is configured', async () => {
      const bare = await startTestTool();
      try {
        const res = await request(bare.url).get('/api/admin/platforms').set(auth);
        expect(res.status).to.equal(503);
        expect(res.body.error.message).to.match(/Set ADMIN_TOKEN/);
      } finally {
        await bare.close();
      }
    });

    it('registers, lists, approves, disables and removes a platform, publishing a key for it', async () => {
      const before = (await request(ctx.tool.url).get('/lti/keys')).body.keys.length;
      const created = await request(ctx.tool.url).post('/api/admin/platforms').set(auth).send(MOODLE);
      expect(created.status).to.equal(201);
      const p = created.body.platform;
      expect(p).to.include({ issuer: MOODLE.issuer, clientId: MOODLE.clientId, status: 'active', source: 'api' });
      expect(p.deploymentIds).to.deep.equal(['1']);
      const keys = (await request(ctx.tool.url).get('/lti/keys')).body.keys;
      expect(keys.length, 'the tool publishes the key it will sign AGS calls to this platform with').to.equal(before + 1);
      expect(keys.at(-1)).to.include({ alg: 'RS256', use: 'sig', kty: 'RSA' });

      const list = await request(ctx.tool.url).get('/api/admin/platforms').set(auth);
      expect(list.body.platforms.map((x: { id: string }) => x.id)).to.include(p.id);

      const dup = await request(ctx.tool.url).post('/api/admin/platforms').set(auth).send(MOODLE);
      expect(dup.status).to.equal(409);
      expect(dup.body.error.code).to.equal('PLATFORM_EXISTS');

      const disabled = await request(ctx.tool.url).post(`/api/admin/platforms/${p.id}/disable`).set(auth);
      expect(disabled.body.platform.status).to.equal('disabled');
      const approved = await request(ctx.tool.url).post(`/api/admin/platforms/${p.id}/approve`).set(auth);
      expect(approved.body.platform.status).to.equal('active');

      const dep = await request(ctx.tool.url).post(`/api/admin/platforms/${p.id}/deployments`).set(auth).send({ deploymentId: '2' });
      expect(dep.status).to.equal(201);
      expect(dep.body.platform.deploymentIds).to.have.members(['1', '2']);
      expect((await request(ctx.tool.url).delete(`/api/admin/platforms/${p.id}/deployments/2`).set(auth)).status).to.equal(204);

      expect((await request(ctx.tool.url).delete(`/api/admin/platforms/${p.id}`).set(auth)).status).to.equal(204);
      expect((await request(ctx.tool.url).get(`/api/admin/platforms/${p.id}`).set(auth)).status).to.equal(404);
      expect((await request(ctx.tool.url).get('/lti/keys')).body.keys.length, 'its key is retired with it').to.equal(before);
    });

    it('answers invalid input with 400 and the offending paths, never 500', async () => {
      const res = await request(ctx.tool.url)
        .post('/api/admin/platforms')
        .set(auth)
        .send({ ...MOODLE, issuer: 'not a url', jwksUrl: undefined, extra: 1 });
      expect(res.status).to.equal(400);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).to.include.members(['/issuer', '/jwksUrl', '/extra']);

      const malformed = await request(ctx.tool.url).post('/api/admin/platforms').set(auth).set('content-type', 'application/json').send('{"issuer":');
      expect(malformed.status).to.equal(400);
      expect(malformed.body.error.code).to.equal('MALFORMED_JSON');

      const huge = await request(ctx.tool.url).post('/api/admin/platforms').set(auth).send({ ...MOODLE, name: 'x'.repeat(200_000) });
      expect(huge.status).to.equal(413);
    });
  });

  describe('npm run lti (CLI)', () => {
    it('adds, lists, approves and removes platforms in the same store the server uses', async () => {
      const dataDir = tempDir('cli-');
      const saved = process.env.DATA_DIR;
      process.env.DATA_DIR = dataDir;
      const lines: string[] = [];
      const out = (s: string) => lines.push(s);
      try {
        expect(await runCli(['platform', 'list'], out)).to.equal(0);
        expect(lines.pop()).to.equal('No platforms registered.');
        const args = ['platform', 'add', '--issuer', MOODLE.issuer, '--client-id', 'cli-1', '--name', 'CLI Moodle', '--auth-login-url', MOODLE.authLoginUrl, '--auth-token-url', MOODLE.authTokenUrl, '--jwks-url', MOODLE.jwksUrl, '--deployment', '7', '--deployment', '8', '--json'];
        expect(await runCli(args, out)).to.equal(0);
        const added = JSON.parse(lines.pop()!);
        expect(added).to.include({ clientId: 'cli-1', source: 'cli', status: 'active' });
        expect(added.deploymentIds).to.have.members(['7', '8']);

        expect(await runCli(['platform', 'disable', added.id], out)).to.equal(0);
        expect(lines.pop()).to.match(/\[disabled\]/);
        expect(await runCli(['deployment', 'add', added.id, '9'], out)).to.equal(0);
        expect(lines.pop()).to.match(/7, 8, 9|9/);
        expect(await runCli(['platform', 'list', '--json'], out)).to.equal(0);
        expect(JSON.parse(lines.pop()!)).to.have.length(1);
        expect(await runCli(['platform', 'remove', added.id], out)).to.equal(0);
        expect(await runCli(['platform', 'list'], out)).to.equal(0);
        expect(lines.pop()).to.equal('No platforms registered.');
      } finally {
        if (saved === undefined) delete process.env.DATA_DIR;
        else process.env.DATA_DIR = saved;
      }
    });

    it('rejects bad input with the field and a usage message for unknown commands', async () => {
      const saved = process.env.DATA_DIR;
      process.env.DATA_DIR = tempDir('cli-');
      try {
        let err: unknown;
        await runCli(['platform', 'add', '--issuer', 'nope'], () => undefined).catch((e) => (err = e));
        expect((err as { details: Array<{ path: string }> }).details.map((d) => d.path)).to.include.members(['/issuer', '/clientId']);
        err = undefined;
        await runCli(['platform', 'frobnicate'], () => undefined).catch((e) => (err = e));
        expect((err as Error).message).to.match(/Unknown command "platform frobnicate"/);
      } finally {
        if (saved === undefined) delete process.env.DATA_DIR;
        else process.env.DATA_DIR = saved;
      }
    });
  });

  describe('LTI Dynamic Registration with the built-in platform', () => {
    it('registers the tool as a new client, pending until an admin approves, then launches work', async () => {
      const platform = ctx.tool.devPlatform!;
      const before = platform.clients.list().length;
      const token = platform.createRegistrationToken();
      const url = `${ctx.tool.url}/lti/register?openid_configuration=${encodeURIComponent(platform.openidConfigurationUrl)}&registration_token=${encodeURIComponent(token)}`;
      const page = await get(url);
      expect(page.status, page.body).to.equal(200);
      expect(page.body).to.match(/Registration received/).and.match(/must approve it/);
      expect(page.body).to.contain('/static/dynreg-close.js');

      const clients = platform.clients.list();
      expect(clients).to.have.length(before + 1);
      const client = clients.at(-1)!;
      expect(client.source).to.equal('dynamic');
      expect(client.loginUrl).to.equal(`${ctx.tool.url}/lti/login`);
      expect(client.jwksUrl).to.equal(`${ctx.tool.url}/lti/keys`);

      const registered = await ctx.tool.store.selectPlatformByIssuer(platform.issuer, client.clientId);
      expect(registered).to.include({ status: 'pending', source: 'dynamic' });
      expect((await ctx.tool.store.selectDeployments(registered!.id)).map((d) => d.deploymentId)).to.deep.equal([client.deploymentId]);
      expect(await ctx.tool.store.selectRegistrationByPlatform(registered!.id)).to.have.property('openidConfiguration');

      // A deep-linking launch with the new client is refused while pending...
      const start = await get(platform.deepLinkStartUrl('instructor-rivera', 'grade7-math-fractions', client.clientId));
      const refused = await get(new URL(start.location!, platform.issuer).toString(), { accept: 'text/html' });
      expect(refused.status).to.equal(403);
      expect(errorCode(refused.body)).to.equal('PLATFORM_PENDING');

      // ...and goes through once approved.
      await request(ctx.tool.url).post(`/api/admin/platforms/${registered!.id}/approve`).set(auth).expect(200);
      const start2 = await get(platform.deepLinkStartUrl('instructor-rivera', 'grade7-math-fractions', client.clientId));
      const login = await get(new URL(start2.location!, platform.issuer).toString());
      expect(login.status).to.equal(302);
      const authPage = await get(login.location!);
      const form = /name="id_token" value="([^"]+)"[\s\S]*name="state" value="([^"]+)"|name="state" value="([^"]+)"[\s\S]*name="id_token" value="([^"]+)"/.exec(authPage.body);
      expect(form, authPage.body.slice(0, 400)).to.not.equal(null);
      const idToken = form![1] ?? form![4]!;
      const state = form![2] ?? form![3]!;
      const launched = await postForm(`${ctx.tool.url}/lti/launch`, { id_token: idToken, state });
      expect(launched.status).to.equal(303);
    });

    it('the one-time registration token cannot be reused', async () => {
      const platform = ctx.tool.devPlatform!;
      const token = platform.createRegistrationToken();
      const q = `openid_configuration=${encodeURIComponent(platform.openidConfigurationUrl)}&registration_token=${encodeURIComponent(token)}`;
      expect((await get(`${ctx.tool.url}/lti/register?${q}`)).status).to.equal(200);
      const again = await get(`${ctx.tool.url}/lti/register?${q}`, { accept: 'text/html' });
      expect(again.status).to.equal(502);
      expect(errorCode(again.body)).to.equal('DYNREG_REJECTED');
    });

    it('explains itself when opened without an LMS, and refuses a configuration that lies about its issuer', async () => {
      const bare = await get(`${ctx.tool.url}/lti/register`, { accept: 'text/html' });
      expect(bare.status).to.equal(400);
      expect(errorCode(bare.body)).to.equal('DYNREG_MISSING_CONFIG');
      expect(bare.body).to.match(/register tool by URL/);
      const unreachable = await get(`${ctx.tool.url}/lti/register?openid_configuration=${encodeURIComponent('http://127.0.0.1:1/.well-known/openid-configuration')}`, { accept: 'text/html' });
      expect(unreachable.status).to.equal(502);
      expect(errorCode(unreachable.body)).to.equal('DYNREG_UNREACHABLE');
      // The platform's real configuration, fetched through a host name that is not its issuer's.
      const elsewhere = ctx.tool.devPlatform!.openidConfigurationUrl.replace('127.0.0.1', 'localhost');
      const lying = await get(`${ctx.tool.url}/lti/register?openid_configuration=${encodeURIComponent(elsewhere)}`, { accept: 'text/html' });
      expect(lying.status).to.equal(400);
      expect(errorCode(lying.body)).to.equal('DYNREG_ISSUER_MISMATCH');
    });

    it('auto-approves when configured to', async () => {
      const auto = await startTestTool({ AUTO_APPROVE_REGISTRATIONS: 'true' });
      try {
        const platform = auto.devPlatform!;
        const q = `openid_configuration=${encodeURIComponent(platform.openidConfigurationUrl)}&registration_token=${encodeURIComponent(platform.createRegistrationToken())}`;
        const page = await get(`${auto.url}/lti/register?${q}`);
        expect(page.body).to.match(/It is active/);
        const client = platform.clients.list().at(-1)!;
        expect((await auto.store.selectPlatformByIssuer(platform.issuer, client.clientId))!.status).to.equal('active');
      } finally {
        await auto.close();
      }
    });
  });

  describe('documents for manual registration', () => {
    it('serves the tool configuration and the Canvas developer key JSON', async () => {
      const config = (await request(ctx.tool.url).get('/lti/config.json').expect(200)).body;
      expect(config).to.include({ oidc_initiation_url: `${ctx.tool.url}/lti/login`, target_link_uri: `${ctx.tool.url}/lti/launch`, jwks_uri: `${ctx.tool.url}/lti/keys` });
      expect(config.redirect_uris).to.deep.equal([`${ctx.tool.url}/lti/launch`]);
      const canvas = (await request(ctx.tool.url).get('/lti/canvas.json').expect(200)).body;
      expect(canvas).to.include({ oidc_initiation_url: `${ctx.tool.url}/lti/login`, public_jwk_url: `${ctx.tool.url}/lti/keys` });
      expect(canvas.scopes).to.include('https://purl.imsglobal.org/spec/lti-ags/scope/score');
      expect(canvas.extensions[0].settings.placements.map((p: { message_type: string }) => p.message_type)).to.include('LtiDeepLinkingRequest');
      const home = await request(ctx.tool.url).get('/').expect(200);
      expect(home.text).to.contain(`${ctx.tool.url}/lti/register`);
    });
  });
});
