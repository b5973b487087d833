import { expect } from 'chai';
import request from 'supertest';
import { setup, type Setup } from './harness.js';

describe('platform discovery', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(() => s.close());

  it('publishes an OpenID configuration with the LTI platform configuration', async () => {
    const res = await request(s.origin).get('/platform/.well-known/openid-configuration').expect(200).expect('Content-Type', /json/);
    const { issuer } = s.platform;
    expect(res.body).to.include({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      registration_endpoint: `${issuer}/register`,
    });
    expect(res.body.scopes_supported).to.include.members(['openid', 'https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly']);
    expect(res.body.response_types_supported).to.deep.equal(['id_token']);
    expect(res.body.id_token_signing_alg_values_supported).to.deep.equal(['RS256']);
    expect(res.body.claims_supported).to.include.members(['iss', 'sub', 'aud', 'nonce', 'name', 'email']);
    const lti = res.body['https://purl.imsglobal.org/spec/lti-platform-configuration'];
    expect(lti.product_family_code).to.be.a('string').and.not.empty;
    expect(lti.version).to.be.a('string');
    expect(lti.messages_supported).to.deep.equal([{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }]);
    expect(lti.variables).to.include.members(['$User.id', '$Context.id', '$ResourceLink.id']);
  });

  it('publishes its public signing key as a JWKS', async () => {
    const res = await request(s.origin).get('/platform/jwks').expect(200).expect('Content-Type', /json/);
    expect(res.body.keys).to.have.length(1);
    const [key] = res.body.keys;
    expect(key).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: s.platform.activeKid() });
    expect(key.n).to.be.a('string');
    expect(key.e).to.equal('AQAB');
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.to.have.property(secret);
  });

  it('exposes its endpoint URLs under the issuer', () => {
    const { platform } = s;
    expect(platform.issuer).to.equal(`${s.origin}/platform`);
    expect([platform.authUrl, platform.tokenUrl, platform.jwksUrl, platform.openidConfigurationUrl, platform.registrationUrl, platform.deepLinkReturnUrl]).to.deep.equal([
      `${s.origin}/platform/auth`,
      `${s.origin}/platform/token`,
      `${s.origin}/platform/jwks`,
      `${s.origin}/platform/.well-known/openid-configuration`,
      `${s.origin}/platform/register`,
      `${s.origin}/platform/deeplink/return`,
    ]);
  });
});
