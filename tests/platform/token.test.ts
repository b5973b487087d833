import { expect } from 'chai';
import request from 'supertest';
import { newSigningKey, setup, type Setup } from './harness.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SCORE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LINEITEM = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';

describe('platform token endpoint', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(() => s.close());

  const tokenRequest = (fields: Record<string, string>) => request(s.origin).post('/platform/token').type('form').send(fields);
  const grant = async (assertion: string, scope = SCORE) =>
    tokenRequest({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion, scope });

  it('grants a bearer token for a valid client assertion', async () => {
    const res = await grant(await s.tool.clientAssertion(s.platform.tokenUrl), `${SCORE} ${LINEITEM}`);
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body).to.include({ token_type: 'Bearer', expires_in: 3600, scope: `${SCORE} ${LINEITEM}` });
    expect(res.body.access_token).to.be.a('string').with.length.above(30);
  });

  it('grants only the requested scopes it supports, and says which', async () => {
    const res = await grant(await s.tool.clientAssertion(s.platform.tokenUrl), `${SCORE} https://example.com/scope/unknown`);
    expect(res.status).to.equal(200);
    expect(res.body.scope).to.equal(SCORE);
  });

  it('accepts an assertion whose aud is an array containing the token URL', async () => {
    const res = await grant(await s.tool.clientAssertion(s.platform.tokenUrl, { aud: ['https://elsewhere.example', s.platform.tokenUrl] }));
    expect(res.status).to.equal(200);
  });

  const refusals: [string, () => Promise<string>][] = [
    ['a signature by a key the tool does not publish', async () => s.tool.clientAssertion(s.platform.tokenUrl, {}, await newSigningKey(s.tool.key.kid))],
    ['a kid the tool does not publish', async () => s.tool.clientAssertion(s.platform.tokenUrl, {}, await newSigningKey('unknown-kid'))],
    ['an aud other than the token URL', () => s.tool.clientAssertion(s.platform.tokenUrl, { aud: s.platform.issuer })],
    ['an expired assertion', () => s.tool.clientAssertion(s.platform.tokenUrl, { iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 300 })],
    ['a sub other than the client_id', () => s.tool.clientAssertion(s.platform.tokenUrl, { sub: 'someone-else' })],
    ['a missing jti', () => s.tool.clientAssertion(s.platform.tokenUrl, { jti: undefined })],
    ['an unregistered client_id', () => s.tool.clientAssertion(s.platform.tokenUrl, { iss: 'unknown-client', sub: 'unknown-client' })],
    ['something that is not a JWT', async () => 'not-a-jwt'],
  ];
  for (const [what, assertion] of refusals) {
    it(`answers 401 invalid_client for ${what}`, async () => {
      const res = await grant(await assertion());
      expect(res.status).to.equal(401);
      expect(res.body.error).to.equal('invalid_client');
      expect(res.body.error_description).to.be.a('string').and.not.empty;
      expect(res.headers['cache-control']).to.equal('no-store');
    });
  }

  it('refuses a replayed jti', async () => {
    const assertion = await s.tool.clientAssertion(s.platform.tokenUrl);
    expect((await grant(assertion)).status).to.equal(200);
    const replay = await grant(assertion);
    expect(replay.status).to.equal(401);
    expect(replay.body).to.include({ error: 'invalid_client' });
    expect(replay.body.error_description).to.contain('jti');
  });

  it('answers invalid_scope when no requested scope is available', async () => {
    const res = await grant(await s.tool.clientAssertion(s.platform.tokenUrl), 'openid https://example.com/scope/unknown');
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_scope');
    const missing = await grant(await s.tool.clientAssertion(s.platform.tokenUrl), '');
    expect(missing.body.error).to.equal('invalid_scope');
  });

  it('answers unsupported_grant_type and invalid_request for malformed requests', async () => {
    const assertion = await s.tool.clientAssertion(s.platform.tokenUrl);
    const wrongGrant = await tokenRequest({ grant_type: 'password', client_assertion_type: JWT_BEARER, client_assertion: assertion, scope: SCORE });
    expect(wrongGrant.status).to.equal(400);
    expect(wrongGrant.body.error).to.equal('unsupported_grant_type');
    const noType = await tokenRequest({ grant_type: 'client_credentials', client_assertion: assertion, scope: SCORE });
    expect(noType.status).to.equal(400);
    expect(noType.body.error).to.equal('invalid_request');
    const noAssertion = await tokenRequest({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, scope: SCORE });
    expect(noAssertion.body.error).to.equal('invalid_request');
  });
});
