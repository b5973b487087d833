import crypto from 'node:crypto';
import { expect } from 'chai';
import { importSPKI, jwtVerify } from 'jose';
import { CLAIM } from '../../server/lti/claims.js';
import { acceptsResourceLinks, resourceLinkItem, signDeepLinkingResponse } from '../../server/lti/deep-linking.js';
import { deepLinkingSettings, type DeepLinkingSettings } from '../../server/lti/deep-linking-settings.js';
import type { JsonObject, Session } from '../../server/store/types.js';

const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

function session(messageType: Session['messageType'], settings: JsonObject | undefined): Session {
  return {
    id: 'x',
    platformId: 'p',
    deploymentId: 'd',
    contextId: 'c',
    contextTitle: null,
    resourceLinkId: '',
    resourceLinkTitle: null,
    userId: 'u',
    userName: null,
    userEmail: null,
    roles: ['instructor'],
    messageType,
    claims: settings === undefined ? {} : { [CLAIM.deepLinkingSettings]: settings },
    createdAt: 0,
    expiresAt: 1,
  };
}

const base: DeepLinkingSettings = {
  returnUrl: 'https://lms.example/return',
  acceptTypes: ['ltiResourceLink'],
  acceptPresentationTargets: ['iframe'],
  acceptMultiple: false,
  acceptLineItem: null,
  data: undefined,
  title: null,
};

describe('Deep Linking response (tool side)', () => {
  describe('settings', () => {
    it('reads the claim with the spec’s defaults', () => {
      const s = deepLinkingSettings(session('LtiDeepLinkingRequest', { deep_link_return_url: 'https://lms.example/r', accept_types: ['ltiResourceLink', 7], accept_presentation_document_targets: ['window'], data: { any: 'json' } }));
      expect(s).to.deep.equal({
        returnUrl: 'https://lms.example/r',
        acceptTypes: ['ltiResourceLink'],
        acceptPresentationTargets: ['window'],
        acceptMultiple: false,
        acceptLineItem: null,
        data: { any: 'json' },
        title: null,
      });
    });

    it('refuses a launch that is not a deep-linking request, or has no usable return URL', () => {
      expect(() => deepLinkingSettings(session('LtiResourceLinkRequest', { deep_link_return_url: 'https://lms.example/r' }))).to.throw().with.property('code', 'DEEP_LINK_NOT_REQUESTED');
      expect(() => deepLinkingSettings(session('LtiDeepLinkingRequest', undefined))).to.throw().with.property('code', 'DEEP_LINK_NOT_REQUESTED');
      for (const url of [undefined, 'javascript:alert(1)', 'not a url']) {
        expect(() => deepLinkingSettings(session('LtiDeepLinkingRequest', url === undefined ? {} : { deep_link_return_url: url }))).to.throw().with.property('code', 'DEEP_LINK_SETTINGS_INVALID');
      }
    });
  });

  describe('content items', () => {
    const sequence = { id: 'seq-1', title: 'Seq', description: null };

    it('builds an ltiResourceLink with custom sequence_id, a line item out of 100 and the iframe target', () => {
      expect(acceptsResourceLinks(base)).to.equal(true);
      expect(acceptsResourceLinks({ ...base, acceptTypes: ['link'] })).to.equal(false);
      expect(resourceLinkItem(sequence, 'https://tool.example/lti/launch', base)).to.deep.equal({
        type: 'ltiResourceLink',
        title: 'Seq',
        url: 'https://tool.example/lti/launch',
        custom: { sequence_id: 'seq-1' },
        lineItem: { scoreMaximum: 100, label: 'Seq', resourceId: 'seq-1', tag: 'adaptive-sequence' },
        iframe: { height: 800 },
      });
    });

    it('sends no presentation target the platform did not accept, and no line item it ignores', () => {
      const item = resourceLinkItem({ ...sequence, description: 'About it' }, 'https://tool.example/lti/launch', { ...base, acceptPresentationTargets: ['embed'], acceptLineItem: false });
      expect(item).to.not.have.any.keys('iframe', 'window', 'lineItem');
      expect(item.text).to.equal('About it');
    });
  });

  describe('signed response', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = { kid: 'tool-key-1', privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
    const platform = { clientId: 'client-1', issuer: 'https://lms.example' };

    it('is an RS256 JWT from the client id to the issuer with the LTI claims, verifiable with the tool key', async () => {
      const now = Date.UTC(2026, 0, 1);
      const jwt = await signDeepLinkingResponse({ platform, deploymentId: 'dep-1', key, settings: { ...base, data: 'xyz' }, items: [{ type: 'ltiResourceLink' }], message: 'Added', nowMs: now });
      const { payload, protectedHeader } = await jwtVerify(jwt, await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256'), {
        issuer: 'client-1',
        audience: 'https://lms.example',
        currentDate: new Date(now),
      });
      expect(protectedHeader).to.include({ alg: 'RS256', kid: 'tool-key-1', typ: 'JWT' });
      expect(payload).to.include({
        iat: now / 1000,
        exp: now / 1000 + 300,
        [CLAIM.messageType]: 'LtiDeepLinkingResponse',
        [CLAIM.version]: '1.3.0',
        [CLAIM.deploymentId]: 'dep-1',
        [`${DL}data`]: 'xyz',
        [`${DL}msg`]: 'Added',
      });
      expect(payload[`${DL}content_items`]).to.deep.equal([{ type: 'ltiResourceLink' }]);
      expect(payload.nonce).to.match(/^[0-9a-f-]{36}$/);
    });

    it('omits data the request did not carry, and carries an error message when given one', async () => {
      const jwt = await signDeepLinkingResponse({ platform, deploymentId: 'dep-1', key, settings: base, items: [], errorMessage: 'Not accepted', nowMs: Date.now() });
      const { payload } = await jwtVerify(jwt, await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256'));
      expect(payload).to.not.have.property(`${DL}data`);
      expect(payload[`${DL}errormsg`]).to.equal('Not accepted');
      expect(payload[`${DL}content_items`]).to.deep.equal([]);
    });
  });
});
