import { expect } from 'chai';
import request from 'supertest';
import { PLATFORM_STORAGE_FRAME, SAMPLE } from '../../server/platform/index.js';
import { accessToken, decode, setup, type Setup } from './harness.js';

const { users, links, courses } = SAMPLE;

describe('platform UI', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(() => s.close());

  it('says plainly that it is a development LMS stand-in, with landmarks', async () => {
    const res = await request(s.origin).get('/platform/').expect(200).expect('Content-Type', /html/);
    expect(res.text).to.match(/<html lang="en">/);
    expect(res.text).to.contain('<h1>Development LMS stand-in</h1>');
    expect(res.text).to.contain('Not a real LMS');
    expect(res.text).to.match(/<header>[\s\S]*<\/header>\s*<main id="main">/);
    expect(res.text).to.contain('<a class="skip" href="#main">');
  });

  it('lists the sample courses, their links with launch buttons, and deep linking', async () => {
    const text = decode((await request(s.origin).get('/platform/').expect(200)).text);
    expect(text).to.contain('Grade 7 Math — Fractions');
    expect(text).to.contain('Workplace Data Privacy (adult PD)');
    expect(text).to.contain(`href="${s.platform.issuer}/view?user=${users.maya}&link=${links.addingFractions}">Launch as learner (Maya Chen)`);
    expect(text).to.contain(`href="${s.platform.issuer}/view?user=${users.instructor}&link=${links.addingFractions}">Launch as instructor (Elena Rivera)`);
    expect(text).to.contain('Add content (Deep Linking)');
    // Every form control has a label.
    for (const [, id] of text.matchAll(/<(?:select|input type="url") id="([^"]+)"/g)) expect(text).to.contain(`<label for="${id}">`);
  });

  it('escapes names and tool-supplied text', async () => {
    const res = await request(s.origin).get('/platform/').query({ lti_errormsg: '<script>alert(1)</script>' }).expect(200);
    expect(res.text).to.contain('Liam O&#39;Brien');
    expect(res.text).not.to.contain('<script>alert(1)</script>');
    expect(res.text).to.contain('Error from the tool: &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows the latest score per learner in the gradebook', async () => {
    const token = await accessToken(s, ['https://purl.imsglobal.org/spec/lti-ags/scope/score']);
    const lineItem = s.platform.gradebook.lineItems(courses.math).find((li) => li.resourceLinkId === links.addingFractions);
    await request(s.origin)
      .post(`/platform/api/courses/${courses.math}/lineitems/${lineItem?.id}/scores`)
      .auth(token, { type: 'bearer' })
      .set('Content-Type', 'application/vnd.ims.lis.v1.score+json')
      .send(JSON.stringify({ userId: users.zanele, scoreGiven: 87, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date().toISOString() }))
      .expect(204);
    const text = decode((await request(s.origin).get('/platform/').expect(200)).text);
    expect(text).to.match(/<th scope="row">Zanele Dlamini<\/th><td>87 \/ 100<br><span class="muted">Completed, FullyGraded<\/span><\/td>/);
  });

  it('rescales a score to the points of its column, as an LMS does', async () => {
    const token = await accessToken(s, ['https://purl.imsglobal.org/spec/lti-ags/scope/score']);
    const lineItem = s.platform.gradebook.lineItems(courses.privacy).find((li) => li.resourceLinkId === links.personalData)!;
    expect(lineItem.scoreMaximum).to.equal(10);
    await request(s.origin)
      .post(`/platform/api/courses/${courses.privacy}/lineitems/${lineItem.id}/scores`)
      .auth(token, { type: 'bearer' })
      .set('Content-Type', 'application/vnd.ims.lis.v1.score+json')
      .send(JSON.stringify({ userId: users.priya, scoreGiven: 61.36, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date().toISOString() }))
      .expect(204);
    const text = decode((await request(s.origin).get('/platform/').expect(200)).text);
    expect(text).to.match(/<th scope="row">Priya [^<]*<\/th><td>6.14 \/ 10<br>/);
  });

  it('lists people, registered tools, endpoints and the registration form', async () => {
    const text = decode((await request(s.origin).get('/platform/').expect(200)).text);
    expect(text).to.contain('Morgan Lee');
    expect(text).to.contain('Administrator (all courses)');
    expect(text).to.contain(`<code>${s.tool.clientId}</code>`);
    expect(text).to.contain(`<code>${s.tool.deploymentId}</code>`);
    expect(text).to.contain(`<code>${s.platform.openidConfigurationUrl}</code>`);
    expect(text).to.contain('<label for="registration-url">');
  });

  it('shows a launch inside the LMS page, framing the launch start URL', async () => {
    const res = await request(s.origin).get('/platform/view').query({ user: users.maya, link: links.addingFractions }).expect(200);
    const text = decode(res.text);
    expect(text).to.contain(`src="${s.platform.launchStartUrl(users.maya, links.addingFractions, PLATFORM_STORAGE_FRAME)}"`);
    expect(text).to.match(/<iframe class="tool" title="Adding fractions with unlike denominators \([^)]+\)"/);
    expect(text).to.contain('Launched as Maya Chen (Learner, Student)');
    expect(res.headers['content-security-policy']).to.contain(`frame-src 'self' ${s.tool.origin}`);
    const deepLink = decode((await request(s.origin).get('/platform/view').query({ user: users.instructor, course: courses.math, client: s.tool.clientId }).expect(200)).text);
    expect(deepLink).to.contain(`src="${s.platform.deepLinkStartUrl(users.instructor, courses.math, undefined, PLATFORM_STORAGE_FRAME)}"`);
    await request(s.origin).get('/platform/view').query({ user: 'nobody', link: links.addingFractions }).expect(404);
    await request(s.origin).get('/platform/view').query({ user: users.priya, link: links.addingFractions }).expect(403);
  });
});
