import { expect } from 'chai';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { CLAIM } from '../../server/lti/claims.js';
import { sessionIdFor } from '../../server/lti/session.js';
import { SAMPLE } from '../../server/platform/index.js';
import { DEV_CLIENT_ID } from '../../server/server.js';
import { useTool } from '../helpers/hooks.js';
import { get, launchAs, postForm } from '../helpers/tool.js';
import { deepLinkingSession, launchFrom, placementPage, postPlacement, returnForm } from '../studio/support/deep-linking.js';
import { createSequence, launchedToken, studioApi } from '../studio/support/studio.js';

const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const { courses, users } = SAMPLE;

describe('Deep Linking: placing a published sequence from the LMS', function () {
  this.timeout(60_000);
  const ctx = useTool();
  let published: { id: string; title: string };

  before(async () => {
    // A designer publishes a sequence from a template first.
    const api = studioApi(ctx.tool, await launchedToken(ctx.tool));
    const sequence = await createSequence(api, { title: 'Privacy for new hires', template: 'data-privacy' });
    await api.post(`/sequences/${sequence.id}/publish`).expect(201);
    published = { id: sequence.id, title: 'Privacy for new hires' };
  });

  /** An instructor's "add external tool" in the math course, up to the tool's placement page. */
  async function openPlacement(): Promise<{ token: string; page: string }> {
    const { landingUrl, token } = await launchFrom(ctx.tool, ctx.tool.devPlatform!.deepLinkStartUrl(users.instructor, courses.math));
    const landing = await get(landingUrl);
    expect(landing.status).to.equal(303);
    expect(landing.location).to.match(/^\/studio\/place\?code=[A-Za-z0-9_-]+$/);
    const page = await get(`${ctx.tool.url}${landing.location}`, { accept: 'text/html' });
    expect(page.status).to.equal(200);
    return { token, page: page.body };
  }

  it('places the chosen sequence: the LMS accepts the signed response and creates a link and a line item; learners land on it', async () => {
    const { token, page } = await openPlacement();
    expect(page).to.contain(published.title);
    expect(page).to.contain(`value="${published.id}"`);
    expect(page).to.match(/type="radio" name="sequenceId"/); // the built-in LMS accepts one item
    expect(page).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);

    const chosen = await postPlacement(ctx.tool, token, { sequenceId: published.id });
    expect(chosen.status).to.equal(200);
    expect(chosen.body).to.contain('<script src="/studio/place/autopost.js"></script>');
    const { action, jwt, claims } = returnForm(chosen.body);
    expect(action).to.equal(ctx.tool.devPlatform!.deepLinkReturnUrl);

    // Signed with the tool's key for this platform, as published in its JWKS.
    const header = decodeProtectedHeader(jwt);
    expect(header.alg).to.equal('RS256');
    const jwks = (await (await fetch(`${ctx.tool.url}/lti/keys`)).json()) as JSONWebKeySet;
    expect(jwks.keys.map((k) => k.kid)).to.include(header.kid);
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: DEV_CLIENT_ID, audience: ctx.tool.devPlatform!.issuer });
    const session = await ctx.tool.store.selectSession(sessionIdFor(token), Date.now());
    const settings = session?.claims[CLAIM.deepLinkingSettings] as { data: string };
    expect(payload).to.include({
      [CLAIM.messageType]: 'LtiDeepLinkingResponse',
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: 'dev-deployment',
      [`${DL}data`]: settings.data,
    });
    expect(payload.nonce).to.be.a('string');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).to.be.within(60, 600);
    expect(claims[`${DL}content_items`]).to.deep.equal([
      {
        type: 'ltiResourceLink',
        title: published.title,
        url: ctx.tool.lti.urls.launch,
        custom: { sequence_id: published.id },
        text: (await ctx.tool.store.selectLatestSequenceVersion(published.id))?.content.description,
        lineItem: { scoreMaximum: 100, label: published.title, resourceId: published.id, tag: 'adaptive-sequence' },
        iframe: { height: 800 },
      },
    ]);

    // The browser's auto-post reaches the LMS, which verifies and places it.
    const linksBefore = ctx.tool.devPlatform!.directory.links(courses.math).length;
    const placed = await postForm(action, { JWT: jwt });
    expect(placed.status).to.equal(200);
    expect(placed.body).to.contain('Content added');
    const links = ctx.tool.devPlatform!.directory.links(courses.math);
    expect(links).to.have.length(linksBefore + 1);
    const link = links.at(-1)!;
    expect(link).to.include({ title: published.title, url: ctx.tool.lti.urls.launch, clientId: DEV_CLIENT_ID });
    expect(link.custom).to.deep.equal({ sequence_id: published.id });
    const lineItem = ctx.tool.devPlatform!.gradebook.lineItems(courses.math).find((li) => li.resourceLinkId === link.id);
    expect(lineItem).to.include({ scoreMaximum: 100, label: published.title, resourceId: published.id, tag: 'adaptive-sequence' });

    // A learner launching the new link lands on the placed sequence.
    const learner = await launchAs(ctx.tool, users.maya, link.id);
    expect(learner.html).to.contain(published.title);
    const record = await ctx.tool.store.selectLearner({ platformId: session!.platformId, contextId: courses.math, resourceLinkId: link.id, userId: users.maya });
    expect(record).to.include({ sequenceId: published.id, version: 1 });
  });

  it('searches the published sequences', async () => {
    const { token } = await openPlacement();
    const found = await placementPage(ctx.tool, token, 'new hires');
    expect(found.body).to.contain(`value="${published.id}"`);
    expect(found.body).to.not.contain('value="fractions-grade6"');
    const none = await placementPage(ctx.tool, token, 'astrophysics');
    expect(none.body).to.contain('No published sequence matches your search.');
  });

  it('lets the instructor cancel: an empty response the LMS accepts', async () => {
    const { token } = await openPlacement();
    const cancelled = await postPlacement(ctx.tool, token, { cancel: '1' });
    const { action, jwt, claims } = returnForm(cancelled.body);
    expect(claims[`${DL}content_items`]).to.deep.equal([]);
    expect(claims[`${DL}msg`]).to.equal('Nothing was added.');
    const placed = await postForm(action, { JWT: jwt });
    expect(placed.body).to.contain('Nothing was added');
  });

  it('refuses several sequences when the LMS accepts one, and sequences that are not published or not this school’s', async () => {
    const { token } = await openPlacement();
    const two = await postPlacement(ctx.tool, token, { sequenceId: [published.id, 'fractions-grade6'] });
    expect(two.status).to.equal(400);
    expect(two.body).to.contain('accepts one item');
    const draftOnly = await createSequence(studioApi(ctx.tool, await launchedToken(ctx.tool)), { title: 'Not yet published' });
    const unpublished = await postPlacement(ctx.tool, token, { sequenceId: draftOnly.id });
    expect(unpublished.status).to.equal(400);
    expect(unpublished.body).to.contain('not a published sequence');
    expect((await postPlacement(ctx.tool, token, {})).status).to.equal(400);
  });

  it('refuses a placement form posted from another origin', async () => {
    const { token } = await openPlacement();
    const res = await postPlacement(ctx.tool, token, { sequenceId: published.id }, 'https://evil.example');
    expect(res.status).to.equal(403);
    expect(res.body).to.contain('CROSS_ORIGIN_REQUEST');
  });

  it('offers checkboxes and returns several items when the LMS accepts several; follows its presentation targets and line-item support', async () => {
    const token = await deepLinkingSession(ctx.tool, { accept_multiple: true, accept_presentation_document_targets: ['window'], accept_lineitem: false });
    const page = await placementPage(ctx.tool, token);
    expect(page.body).to.match(/type="checkbox" name="sequenceId"/);
    const chosen = await postPlacement(ctx.tool, token, { sequenceId: [published.id, 'fractions-grade6'] });
    expect(chosen.status).to.equal(200);
    const items = returnForm(chosen.body).claims[`${DL}content_items`] as Array<Record<string, unknown>>;
    // In the order chosen.
    expect(items.map((i) => (i.custom as { sequence_id: string }).sequence_id)).to.deep.equal([published.id, 'fractions-grade6']);
    for (const item of items) {
      expect(item.window).to.deep.equal({ targetName: '_blank' });
      expect(item).to.not.have.property('iframe');
      expect(item).to.not.have.property('lineItem');
    }
  });

  it('refuses clearly when the LMS does not accept LTI resource links, and can tell the LMS so', async () => {
    const token = await deepLinkingSession(ctx.tool, { accept_types: ['link', 'html'] });
    const page = await placementPage(ctx.tool, token);
    expect(page.status).to.equal(422);
    expect(page.body).to.contain('DEEP_LINK_TYPE_NOT_ACCEPTED');
    expect(page.body).to.contain('<code>link</code>');
    const choose = await postPlacement(ctx.tool, token, { sequenceId: published.id });
    expect(choose.status).to.equal(422);
    const back = await postPlacement(ctx.tool, token, { cancel: '1' });
    const { claims } = returnForm(back.body);
    expect(claims[`${DL}content_items`]).to.deep.equal([]);
    expect(claims[`${DL}errormsg`]).to.contain('LTI resource links');
  });

  it('keeps learners and plain launches away from the placement page', async () => {
    const learner = await deepLinkingSession(ctx.tool, {}, ['learner']);
    const refused = await placementPage(ctx.tool, learner);
    expect(refused.status).to.equal(403);
    expect(refused.body).to.contain('ROLE_FORBIDDEN');
    const plain = await launchedToken(ctx.tool);
    const notDeepLinking = await placementPage(ctx.tool, plain);
    expect(notDeepLinking.status).to.equal(400);
    expect(notDeepLinking.body).to.contain('DEEP_LINK_NOT_REQUESTED');
  });
});
