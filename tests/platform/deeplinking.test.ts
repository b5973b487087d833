import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import request from 'supertest';
import { SAMPLE } from '../../server/platform/index.js';
import { launch, newSigningKey, setup, type Setup } from './harness.js';

const { users, courses } = SAMPLE;
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

describe('platform deep linking return', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(() => s.close());

  /** Runs a real deep-linking launch and returns the opaque data the platform sent. */
  async function pendingRequest(courseId: string = courses.privacy): Promise<string> {
    const { claims } = await launch(s, s.platform.deepLinkStartUrl(users.instructor, courseId));
    return (claims[`${DL}deep_linking_settings`] as { data: string }).data;
  }

  function response(data: string, contentItems: unknown[], overrides: JWTPayload = {}): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: s.tool.clientId,
      aud: s.platform.issuer,
      iat: now,
      exp: now + 60,
      nonce: randomUUID(),
      [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: s.tool.deploymentId,
      [`${DL}data`]: data,
      [`${DL}content_items`]: contentItems,
      ...overrides,
    };
  }

  const post = (jwt: string) => request(s.origin).post('/platform/deeplink/return').type('form').send({ JWT: jwt });

  const quiz = {
    type: 'ltiResourceLink',
    title: 'Spotting personal data <quiz>',
    text: 'Ten adaptive scenarios.',
    custom: { sequence_id: 'privacy-spotting' },
    lineItem: { scoreMaximum: 12, label: 'Spotting personal data', resourceId: 'seq-privacy-spotting', tag: 'mastery' },
  };

  it('places the picked resource link and its line item, then shows what was added', async () => {
    const before = s.platform.directory.links(courses.privacy).length;
    const res = await post(await s.tool.sign(response(await pendingRequest(), [{ ...quiz, url: s.tool.launchUrl }], { [`${DL}msg`]: 'Added 1 sequence' }))).expect(200);
    expect(res.text).to.contain('Content added');
    expect(res.text).to.contain('Spotting personal data &lt;quiz&gt;');
    expect(res.text).to.contain('Message from the tool: Added 1 sequence');

    const added = s.platform.directory.links(courses.privacy);
    expect(added).to.have.length(before + 1);
    const link = added.at(-1)!;
    expect(link).to.include({ title: quiz.title, description: quiz.text, url: s.tool.launchUrl, clientId: s.tool.clientId });
    expect(link.custom).to.deep.equal(quiz.custom);
    const lineItem = s.platform.gradebook.lineItems(courses.privacy).find((li) => li.resourceLinkId === link.id);
    expect(lineItem).to.include({ scoreMaximum: 12, label: 'Spotting personal data', resourceId: 'seq-privacy-spotting', tag: 'mastery', clientId: s.tool.clientId });

    // The new link launches like any other, with its custom parameters and line item.
    const { claims } = await launch(s, s.platform.launchStartUrl(users.priya, link.id));
    expect(claims[`${LTI}resource_link`]).to.include({ id: link.id, title: quiz.title });
    expect(claims[`${LTI}custom`]).to.deep.equal(quiz.custom);
    expect(claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint']).to.include({
      lineitem: `${s.platform.issuer}/api/courses/${courses.privacy}/lineitems/${lineItem?.id}`,
    });
  });

  it('accepts an empty selection and says nothing was added', async () => {
    const res = await post(await s.tool.sign(response(await pendingRequest(), []))).expect(200);
    expect(res.text).to.contain('Nothing was added');
  });

  it('places a link without a line item when none is given', async () => {
    const plain = { type: quiz.type, title: quiz.title, text: quiz.text, custom: quiz.custom };
    const itemsBefore = s.platform.gradebook.lineItems(courses.math).length;
    await post(await s.tool.sign(response(await pendingRequest(courses.math), [{ ...plain, title: 'Ungraded practice' }]))).expect(200);
    expect(s.platform.directory.links(courses.math).at(-1)).to.include({ title: 'Ungraded practice', url: null });
    expect(s.platform.gradebook.lineItems(courses.math)).to.have.length(itemsBefore);
  });

  describe('refusals (a readable 400 page, nothing placed)', () => {
    const refusals: [string, () => Promise<string>, RegExp][] = [
      ['a signature by a key the tool does not publish', async () => s.tool.sign(response(await pendingRequest(), [quiz]), await newSigningKey(s.tool.key.kid)), /could not be verified/],
      ['data the platform never sent', async () => s.tool.sign(response('made-up-data', [quiz])), /data claim/],
      ['a wrong message_type', async () => s.tool.sign(response(await pendingRequest(), [quiz], { [`${LTI}message_type`]: 'LtiResourceLinkRequest' })), /message_type/],
      ['a wrong deployment_id', async () => s.tool.sign(response(await pendingRequest(), [quiz], { [`${LTI}deployment_id`]: 'other' })), /deployment_id/],
      ['an aud other than the platform issuer', async () => s.tool.sign(response(await pendingRequest(), [quiz], { aud: s.tool.clientId })), /aud/],
      ['no nonce', async () => s.tool.sign(response(await pendingRequest(), [quiz], { nonce: undefined })), /nonce/],
      ['an expired response', async () => s.tool.sign(response(await pendingRequest(), [quiz], { exp: Math.floor(Date.now() / 1000) - 300 })), /exp/],
      ['a content type the platform did not accept', async () => s.tool.sign(response(await pendingRequest(), [{ type: 'html', html: '<p>hi</p>' }])), /only ltiResourceLink/],
      ['more than one item when accept_multiple is false', async () => s.tool.sign(response(await pendingRequest(), [quiz, quiz])), /at most one/],
      ['a line item without scoreMaximum', async () => s.tool.sign(response(await pendingRequest(), [{ ...quiz, lineItem: { label: 'x' } }])), /scoreMaximum/],
      ['a non-string custom parameter', async () => s.tool.sign(response(await pendingRequest(), [{ ...quiz, custom: { n: 1 } }])), /custom\.n/],
      ['an unregistered issuer', async () => s.tool.sign(response(await pendingRequest(), [quiz], { iss: 'stranger' })), /registered tool/],
    ];
    for (const [what, jwt, reason] of refusals) {
      it(`refuses ${what}`, async () => {
        const token = await jwt();
        const linksBefore = s.platform.directory.links().length;
        const res = await post(token).expect(400).expect('Content-Type', /html/);
        expect(res.text).to.contain('Deep linking failed');
        expect(res.text).to.match(reason);
        expect(s.platform.directory.links()).to.have.length(linksBefore);
      });
    }

    it('refuses a replayed response: each request places content once', async () => {
      const jwt = await s.tool.sign(response(await pendingRequest(), [quiz]));
      await post(jwt).expect(200);
      const res = await post(jwt).expect(400);
      expect(res.text).to.match(/data claim/);
    });

    it('refuses a post without a JWT field', async () => {
      const res = await request(s.origin).post('/platform/deeplink/return').type('form').send({}).expect(400);
      expect(res.text).to.contain('no JWT form field');
    });
  });
});
