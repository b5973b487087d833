import { expect } from 'chai';
import request from 'supertest';
import { SAMPLE } from '../../server/platform/index.js';
import { formPost, launch, setup, startAuth, type Setup } from './harness.js';
import { FORM_POST_SCRIPT } from '../../server/platform/oidc.js';

const { users, links, courses } = SAMPLE;
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  contentDeveloper: 'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
  administrator: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
};

describe('platform OIDC launch', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(() => s.close());

  /** Path and query of a platform URL, for supertest. */
  const pathOf = (url: URL | string) => {
    const { pathname, search } = new URL(url);
    return pathname + search;
  };

  describe('launch start', () => {
    it('redirects to the tool’s login initiation URL with the OIDC third-party login parameters', async () => {
      const res = await request(s.origin).get(pathOf(s.platform.launchStartUrl(users.maya, links.addingFractions))).expect(302);
      const login = new URL(res.headers.location ?? '');
      expect(login.origin + login.pathname).to.equal(s.tool.loginUrl);
      expect(Object.fromEntries(login.searchParams)).to.include({
        iss: s.platform.issuer,
        login_hint: users.maya,
        target_link_uri: s.tool.launchUrl,
        client_id: s.tool.clientId,
        lti_deployment_id: s.tool.deploymentId,
      });
      expect(login.searchParams.get('lti_message_hint')).to.match(/^[\w-]{20,}$/);
    });

    it('refuses to launch a user outside the course', async () => {
      const res = await request(s.origin).get('/platform/launch').query({ user: users.priya, link: links.addingFractions }).expect(403);
      expect(res.text).to.contain('not a member');
    });

    it('refuses unknown users and links', async () => {
      await request(s.origin).get('/platform/launch').query({ user: 'nobody', link: links.addingFractions }).expect(404);
      await request(s.origin).get('/platform/launch').query({ user: users.maya, link: 'no-such-link' }).expect(404);
    });
  });

  describe('authorization endpoint, happy path', () => {
    it('form-posts a verifiable id_token with the LTI resource link claims', async () => {
      const { claims, nonce, state, authUrl } = await launch(s, s.platform.launchStartUrl(users.maya, links.addingFractions));
      expect(state).to.equal(authUrl.searchParams.get('state'));
      const now = Math.floor(Date.now() / 1000);
      expect(claims).to.include({ iss: s.platform.issuer, aud: s.tool.clientId, azp: s.tool.clientId, sub: users.maya, nonce });
      expect(claims.exp! - claims.iat!).to.equal(300);
      expect(claims.iat).to.be.within(now - 5, now + 1);
      expect(claims).to.include({ name: 'Maya Chen', given_name: 'Maya', family_name: 'Chen', email: 'maya.chen@students.example.edu' });
      expect(claims).to.deep.include({
        [`${LTI}message_type`]: 'LtiResourceLinkRequest',
        [`${LTI}version`]: '1.3.0',
        [`${LTI}deployment_id`]: s.tool.deploymentId,
        [`${LTI}target_link_uri`]: s.tool.launchUrl,
        [`${LTI}resource_link`]: { id: links.addingFractions, title: 'Adding fractions with unlike denominators', description: 'Adaptive practice that adjusts to each learner.' },
        [`${LTI}custom`]: { sequence_id: 'fractions-grade6' },
        [`${LTI}launch_presentation`]: { document_target: 'iframe', return_url: s.platform.homeUrl, locale: 'en-US' },
        [`${LTI}lis`]: { person_sourcedid: users.maya, course_offering_sourcedid: courses.math },
      });
      expect(claims[`${LTI}roles`]).to.include(ROLE.learner);
      expect(claims[`${LTI}context`]).to.deep.equal({
        id: courses.math,
        label: 'MATH-7',
        title: 'Grade 7 Math — Fractions',
        type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
      });
      expect(claims[`${LTI}tool_platform`]).to.include({ product_family_code: 'adaptive-lti-dev-platform' }).and.have.property('guid').that.is.a('string');
      const lineItem = s.platform.gradebook.lineItems(courses.math).find((li) => li.resourceLinkId === links.addingFractions);
      expect(claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint']).to.deep.equal({
        scope: [
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
          'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        ],
        lineitems: `${s.platform.issuer}/api/courses/${courses.math}/lineitems`,
        lineitem: `${s.platform.issuer}/api/courses/${courses.math}/lineitems/${lineItem?.id}`,
      });
      expect(claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice']).to.deep.equal({
        context_memberships_url: `${s.platform.issuer}/api/courses/${courses.math}/memberships`,
        service_versions: ['2.0'],
      });
    });

    it('sends no lineitem claim for a link without a gradebook column', async () => {
      const { claims } = await launch(s, s.platform.launchStartUrl(users.liam, links.comparingFractions));
      const ags = claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as Record<string, unknown>;
      expect(ags).to.have.property('lineitems');
      expect(ags).not.to.have.property('lineitem');
    });

    it('sends full LIS role URIs for instructors, content developers and administrators', async () => {
      const instructor = await launch(s, s.platform.launchStartUrl(users.instructor, links.personalData));
      expect(instructor.claims[`${LTI}roles`]).to.include(ROLE.instructor);
      const developer = await launch(s, s.platform.launchStartUrl(users.contentDeveloper, links.personalData));
      expect(developer.claims[`${LTI}roles`]).to.include(ROLE.contentDeveloper);
      // The administrator is in no course but may launch anywhere.
      const admin = await launch(s, s.platform.launchStartUrl(users.admin, links.personalData));
      expect(admin.claims[`${LTI}roles`]).to.include(ROLE.administrator).and.not.include(ROLE.learner);
    });

    it('answers with an auto-submitting page that still works without JavaScript', async () => {
      const authUrl = await startAuth(s.platform.launchStartUrl(users.maya, links.addingFractions));
      const res = await request(s.origin).get(pathOf(authUrl)).expect(200).expect('Content-Type', /html/).expect('Cache-Control', 'no-store');
      const { action, fields } = formPost(res.text);
      expect(action).to.equal(s.tool.launchUrl);
      expect(Object.keys(fields).sort()).to.deep.equal(['id_token', 'state']);
      expect(res.text).to.match(/<button type="submit">Continue<\/button>/);
      // The inline submit script is allowed by the page's own nonce, whatever CSP the host app sets.
      const nonce = /script-src 'nonce-([^']+)'/.exec(res.headers['content-security-policy'] ?? '')?.[1];
      expect(res.text).to.contain(`<script nonce="${nonce}">${FORM_POST_SCRIPT}</script>`);
    });

    it('accepts the authentication request as a POST too', async () => {
      const authUrl = await startAuth(s.platform.launchStartUrl(users.maya, links.addingFractions));
      const res = await request(s.origin).post('/platform/auth').type('form').send(Object.fromEntries(authUrl.searchParams)).expect(200);
      expect(formPost(res.text).fields).to.have.property('id_token');
    });

    it('issues one id_token per launch: the message hint cannot be replayed', async () => {
      const authUrl = await startAuth(s.platform.launchStartUrl(users.maya, links.addingFractions));
      await request(s.origin).get(pathOf(authUrl)).expect(200);
      const res = await request(s.origin).get(pathOf(authUrl)).expect(200);
      expect(formPost(res.text).fields).to.include({ error: 'invalid_request', state: authUrl.searchParams.get('state') });
    });
  });

  describe('deep linking request', () => {
    it('sends LtiDeepLinkingRequest with the deep linking settings to the tool’s deep-link URL', async () => {
      const { claims } = await launch(s, s.platform.deepLinkStartUrl(users.instructor, courses.privacy));
      expect(claims[`${LTI}message_type`]).to.equal('LtiDeepLinkingRequest');
      expect(claims[`${LTI}target_link_uri`]).to.equal(s.tool.deepLinkUrl);
      expect(claims).not.to.have.property(`${LTI}resource_link`);
      expect(claims[`${LTI}context`]).to.include({ id: courses.privacy });
      const settings = claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] as Record<string, unknown>;
      expect(settings).to.include({ deep_link_return_url: s.platform.deepLinkReturnUrl, accept_multiple: false, auto_create: true });
      expect(settings.accept_types).to.deep.equal(['ltiResourceLink']);
      expect(settings.accept_presentation_document_targets).to.deep.equal(['iframe', 'window']);
      expect(settings.data).to.be.a('string').with.length.above(20);
    });

    it('lets only instructors, content developers and administrators add content', async () => {
      await request(s.origin).get('/platform/deeplink/start').query({ user: users.maya, course: courses.math }).expect(403);
      await request(s.origin).get('/platform/deeplink/start').query({ user: users.contentDeveloper, course: courses.math }).expect(302);
      await request(s.origin).get('/platform/deeplink/start').query({ user: users.admin, course: courses.math }).expect(302);
    });
  });

  describe('authorization endpoint refusals', () => {
    /** A valid auth request from a fresh launch, with some parameters replaced (undefined removes). */
    async function authRequest(changes: Record<string, string | undefined>): Promise<URL> {
      const url = await startAuth(s.platform.launchStartUrl(users.maya, links.addingFractions));
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined) url.searchParams.delete(name);
        else url.searchParams.set(name, value);
      }
      return url;
    }

    it('answers an unknown client_id with a 400 page, never a redirect', async () => {
      const res = await request(s.origin).get(pathOf(await authRequest({ client_id: 'someone-else' }))).expect(400).expect('Content-Type', /html/);
      expect(res.text).to.contain('Unknown client');
    });

    it('answers an unregistered redirect_uri with a 400 page, never a redirect', async () => {
      const res = await request(s.origin).get(pathOf(await authRequest({ redirect_uri: 'https://attacker.example/steal' }))).expect(400);
      expect(res.text).to.contain('Unregistered redirect_uri');
      expect(res.text).not.to.contain('<form method="post" action="https://attacker.example');
    });

    const formPostErrors: [string, Record<string, string | undefined>, string][] = [
      ['a missing nonce', { nonce: undefined }, 'invalid_request'],
      ['a response_type other than id_token', { response_type: 'code' }, 'unsupported_response_type'],
      ['a scope without openid', { scope: 'profile' }, 'invalid_scope'],
      ['a prompt other than none', { prompt: 'login' }, 'invalid_request'],
      ['a missing login_hint', { login_hint: undefined }, 'invalid_request'],
      ['an unknown lti_message_hint', { lti_message_hint: 'made-up-hint' }, 'invalid_request'],
      ['a login_hint for another user', { login_hint: users.liam }, 'login_required'],
      ['a mismatched lti_deployment_id', { lti_deployment_id: 'other-deployment' }, 'invalid_request'],
    ];
    for (const [what, changes, error] of formPostErrors) {
      it(`form-posts error=${error} for ${what}`, async () => {
        const url = await authRequest(changes);
        const res = await request(s.origin).get(pathOf(url)).expect(200);
        const { action, fields } = formPost(res.text);
        expect(action).to.equal(s.tool.launchUrl);
        expect(fields).to.include({ error, state: url.searchParams.get('state') });
        expect(fields.error_description).to.be.a('string').and.not.empty;
        expect(fields).not.to.have.property('id_token');
      });
    }

    it('redirects with error= in the query when form_post was not requested', async () => {
      const url = await authRequest({ response_mode: 'query' });
      const res = await request(s.origin).get(pathOf(url)).expect(302);
      const location = new URL(res.headers.location ?? '');
      expect(location.origin + location.pathname).to.equal(s.tool.launchUrl);
      expect(location.searchParams.get('error')).to.equal('invalid_request');
      expect(location.searchParams.get('state')).to.equal(url.searchParams.get('state'));
    });
  });
});
