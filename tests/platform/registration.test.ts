import { expect } from 'chai';
import request from 'supertest';
import { SAMPLE } from '../../server/platform/index.js';
import { accessToken, decode, launch, setup, ToolHarness, type Setup } from './harness.js';

const { users, courses } = SAMPLE;
const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const SCORE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const MEMBERSHIPS = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const LINEITEM_READONLY = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly';

/** The registration a tool such as ltijs sends (OIDC dynamic client registration + LTI tool configuration). */
function registrationRequest(tool: ToolHarness, changes: Record<string, unknown> = {}) {
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: tool.loginUrl,
    redirect_uris: [tool.launchUrl, tool.deepLinkUrl],
    client_name: 'Second tool',
    jwks_uri: tool.jwksUrl,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: `${LINEITEM_READONLY} ${SCORE} ${MEMBERSHIPS} https://example.com/unsupported`,
    [TOOL_CONFIGURATION]: {
      domain: new URL(tool.origin).host,
      target_link_uri: tool.launchUrl,
      custom_parameters: { learner: '$User.id', course: '$Context.title' },
      claims: ['iss', 'sub', 'name'],
      messages: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', target_link_uri: tool.deepLinkUrl }],
    },
    ...changes,
  };
}

describe('platform dynamic registration', () => {
  let s: Setup;
  let second: ToolHarness;
  before(async () => {
    s = await setup();
    second = await ToolHarness.start('unregistered');
  });
  after(async () => {
    await second.close();
    await s.close();
  });

  const register = (body: object, token?: string) => {
    const req = request(s.origin).post('/platform/register').set('Content-Type', 'application/json');
    return (token === undefined ? req : req.auth(token, { type: 'bearer' })).send(JSON.stringify(body));
  };

  it('requires a registration token', async () => {
    const missing = await register(registrationRequest(second)).expect(401);
    expect(missing.body.error).to.equal('invalid_token');
    await register(registrationRequest(second), 'not-a-token').expect(401);
    expect(s.platform.clients.list()).to.have.length(1);
  });

  it('refuses bad metadata without spending the token', async () => {
    const token = s.platform.createRegistrationToken();
    const offDomain = await register(registrationRequest(second, { redirect_uris: ['https://elsewhere.example/launch'] }), token).expect(400);
    expect(offDomain.body.error).to.equal('invalid_redirect_uri');
    const noJwks = await register(registrationRequest(second, { jwks_uri: undefined }), token).expect(400);
    expect(noJwks.body).to.include({ error: 'invalid_client_metadata' });
    expect(noJwks.body.error_description).to.contain('jwks_uri');
    const wrongAuth = await register(registrationRequest(second, { token_endpoint_auth_method: 'client_secret_basic' }), token).expect(400);
    expect(wrongAuth.body.error).to.equal('invalid_client_metadata');
    const noToolConfig = await register(registrationRequest(second, { [TOOL_CONFIGURATION]: undefined }), token).expect(400);
    expect(noToolConfig.body.error).to.equal('invalid_client_metadata');
    await register(registrationRequest(second), token).expect(201);
  });

  describe('a registered tool', () => {
    let clientId: string;
    let deploymentId: string;

    before(async () => {
      const token = s.platform.createRegistrationToken();
      const res = await register(registrationRequest(second, { client_name: 'Registered tool' }), token).expect(201);
      clientId = res.body.client_id;
      deploymentId = res.body[TOOL_CONFIGURATION].deployment_id;
      second.clientId = clientId;
      second.platformIssuer = s.platform.issuer;
      second.platformAuthUrl = s.platform.authUrl;
      // The token was spent.
      await register(registrationRequest(second), token).expect(401);
    });

    it('gets a new client_id and deployment, and only the supported scopes it asked for', async () => {
      expect(clientId).to.be.a('string').and.not.equal(s.tool.clientId);
      expect(deploymentId).to.be.a('string').and.not.empty;
      const client = s.platform.clients.get(clientId);
      expect(client).to.include({ name: 'Registered tool', source: 'dynamic', deploymentId, loginUrl: second.loginUrl, jwksUrl: second.jwksUrl, launchUrl: second.launchUrl, deepLinkUrl: second.deepLinkUrl });
      expect(client?.scopes).to.deep.equal([LINEITEM_READONLY, SCORE, MEMBERSHIPS]);
    });

    it('obtains tokens with its own key and sees none of the other tool’s line items', async () => {
      const token = await accessToken(s, [LINEITEM_READONLY], second);
      const list = await request(s.origin).get(`/platform/api/courses/${courses.math}/lineitems`).auth(token, { type: 'bearer' }).expect(200);
      expect(JSON.parse(list.text)).to.deep.equal([]);
      const [othersItem] = s.platform.gradebook.lineItems(courses.math);
      await request(s.origin).get(`/platform/api/courses/${courses.math}/lineitems/${othersItem?.id}`).auth(token, { type: 'bearer' }).expect(404);
    });

    it('is refused scopes it did not register for', async () => {
      const res = await request(s.origin)
        .post('/platform/token')
        .type('form')
        .send({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await second.clientAssertion(s.platform.tokenUrl),
          scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
        });
      expect(res.status).to.equal(400);
      expect(res.body.error).to.equal('invalid_scope');
    });

    it('launches deep linking for the new tool with its deployment and substituted custom parameters', async () => {
      const { claims } = await launch({ ...s, tool: second }, s.platform.deepLinkStartUrl(users.instructor, courses.math, clientId));
      expect(claims).to.include({ aud: clientId, azp: clientId });
      expect(claims).to.deep.include({
        'https://purl.imsglobal.org/spec/lti/claim/deployment_id': deploymentId,
        'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': second.deepLinkUrl,
        'https://purl.imsglobal.org/spec/lti/claim/custom': { learner: users.instructor, course: 'Grade 7 Math — Fractions' },
      });
      // Only the services it registered for are advertised.
      expect(claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint']).to.deep.include({ scope: [LINEITEM_READONLY, SCORE] });
    });
  });

  describe('"Register a tool by URL"', () => {
    it('frames the tool’s registration page with the OpenID configuration and a working one-time token', async () => {
      const res = await request(s.origin).get('/platform/register/start').query({ url: `${second.origin}/lti/register?lang=en` }).expect(200);
      const src = decode(/<iframe[^>]+src="([^"]+)"/.exec(res.text)?.[1] ?? '');
      const url = new URL(src ?? '');
      expect(url.origin + url.pathname).to.equal(`${second.origin}/lti/register`);
      expect(url.searchParams.get('lang')).to.equal('en');
      expect(url.searchParams.get('openid_configuration')).to.equal(s.platform.openidConfigurationUrl);
      expect(res.headers['content-security-policy']).to.contain(`frame-src 'self' ${second.origin}`);
      const token = url.searchParams.get('registration_token') ?? '';
      await register(registrationRequest(second), token).expect(201);
      await register(registrationRequest(second), token).expect(401);
    });

    it('refuses a URL that is not http(s)', async () => {
      await request(s.origin).get('/platform/register/start').query({ url: 'javascript:alert(1)' }).expect(400);
      await request(s.origin).get('/platform/register/start').expect(400);
    });
  });
});
