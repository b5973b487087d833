import { expect } from 'chai';
import request from 'supertest';
import { SAMPLE } from '../../server/platform/index.js';
import { accessToken, setup, type Setup } from './harness.js';

const { users, links, courses } = SAMPLE;
const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  result: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
};
const LINEITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const CONTAINER = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE = 'application/vnd.ims.lis.v1.score+json';
const RESULTS = 'application/vnd.ims.lis.v2.resultcontainer+json';

describe('platform AGS', () => {
  let s: Setup;
  let full: string;
  const lineItemsPath = `/platform/api/courses/${courses.math}/lineitems`;
  const pathOf = (url: string) => new URL(url).pathname;

  before(async () => {
    s = await setup();
    full = await accessToken(s, [SCOPE.lineItem, SCOPE.result, SCOPE.score]);
  });
  after(() => s.close());

  const createLineItem = (body: object, token = full) =>
    request(s.origin).post(lineItemsPath).auth(token, { type: 'bearer' }).set('Content-Type', LINEITEM).send(JSON.stringify(body));

  describe('line items', () => {
    it('lists the course’s line items as a line item container', async () => {
      const res = await request(s.origin).get(lineItemsPath).auth(full, { type: 'bearer' }).expect(200);
      expect(res.headers['content-type']).to.contain(CONTAINER);
      const items = JSON.parse(res.text);
      expect(items).to.have.length(1);
      expect(items[0]).to.include({ label: 'Adding fractions', scoreMaximum: 100, resourceLinkId: links.addingFractions, tag: 'mastery' });
      expect(items[0].id).to.match(new RegExp(`^${s.platform.issuer}/api/courses/${courses.math}/lineitems/\\w+$`));
    });

    it('creates, reads, updates and deletes a line item', async () => {
      const created = await createLineItem({ label: 'Unit quiz', scoreMaximum: 20, resourceLinkId: links.comparingFractions, resourceId: 'quiz-1', tag: 'quiz' }).expect(201);
      expect(created.headers['content-type']).to.contain(LINEITEM);
      const item = JSON.parse(created.text);
      expect(created.headers.location).to.equal(item.id);
      expect(item).to.include({ label: 'Unit quiz', scoreMaximum: 20, resourceLinkId: links.comparingFractions, resourceId: 'quiz-1', tag: 'quiz' });

      const read = await request(s.origin).get(pathOf(item.id)).auth(full, { type: 'bearer' }).expect(200);
      expect(JSON.parse(read.text)).to.deep.equal(item);

      const updated = await request(s.origin)
        .put(pathOf(item.id))
        .auth(full, { type: 'bearer' })
        .set('Content-Type', LINEITEM)
        .send(JSON.stringify({ ...item, label: 'Unit quiz (revised)', scoreMaximum: 25, endDateTime: '2030-06-30T23:59:59Z' }))
        .expect(200);
      expect(JSON.parse(updated.text)).to.include({ id: item.id, label: 'Unit quiz (revised)', scoreMaximum: 25, endDateTime: '2030-06-30T23:59:59Z' });

      await request(s.origin).delete(pathOf(item.id)).auth(full, { type: 'bearer' }).expect(204);
      await request(s.origin).get(pathOf(item.id)).auth(full, { type: 'bearer' }).expect(404);
    });

    it('filters by resource_link_id and tag', async () => {
      await createLineItem({ label: 'Tagged', scoreMaximum: 5, tag: 'filter-me' }).expect(201);
      const byTag = await request(s.origin).get(lineItemsPath).query({ tag: 'filter-me' }).auth(full, { type: 'bearer' }).expect(200);
      expect(JSON.parse(byTag.text).map((li: { label: string }) => li.label)).to.deep.equal(['Tagged']);
      const byLink = await request(s.origin).get(lineItemsPath).query({ resource_link_id: links.addingFractions }).auth(full, { type: 'bearer' }).expect(200);
      expect(JSON.parse(byLink.text).map((li: { label: string }) => li.label)).to.deep.equal(['Adding fractions']);
    });

    it('pages line items with limit and a Link header', async () => {
      const first = await request(s.origin).get(lineItemsPath).query({ limit: 1 }).auth(full, { type: 'bearer' }).expect(200);
      expect(JSON.parse(first.text)).to.have.length(1);
      expect(first.headers.link).to.match(/^<.+[?&]page=2.*>; rel="next"$/);
    });

    const invalid: [string, object][] = [
      ['a missing label', { scoreMaximum: 10 }],
      ['a scoreMaximum of 0', { label: 'x', scoreMaximum: 0 }],
      ['a non-numeric scoreMaximum', { label: 'x', scoreMaximum: '10' }],
      ['a resource link of another course', { label: 'x', scoreMaximum: 10, resourceLinkId: links.personalData }],
      ['a date without a time zone', { label: 'x', scoreMaximum: 10, startDateTime: '2030-01-01T00:00:00' }],
    ];
    for (const [what, body] of invalid) {
      it(`refuses a line item with ${what}`, async () => {
        const res = await createLineItem(body).expect(400);
        expect(res.body.error).to.equal('invalid_request');
      });
    }

    it('refuses a body that is not labelled as a line item, or not JSON', async () => {
      await request(s.origin).post(lineItemsPath).auth(full, { type: 'bearer' }).send({ label: 'x', scoreMaximum: 1 }).expect(415);
      const garbled = await request(s.origin).post(lineItemsPath).auth(full, { type: 'bearer' }).set('Content-Type', LINEITEM).send('{"label":').expect(400);
      expect(garbled.body.error).to.equal('invalid_request');
    });

    it('answers 404 for an unknown course or line item', async () => {
      await request(s.origin).get('/platform/api/courses/no-such-course/lineitems').auth(full, { type: 'bearer' }).expect(404);
      await request(s.origin).get(`${lineItemsPath}/9999`).auth(full, { type: 'bearer' }).expect(404);
    });
  });

  describe('scope enforcement', () => {
    it('requires a bearer token', async () => {
      const res = await request(s.origin).get(lineItemsPath).expect(401);
      expect(res.headers['www-authenticate']).to.match(/^Bearer/);
      await request(s.origin).get(lineItemsPath).auth('forged-token', { type: 'bearer' }).expect(401);
    });

    it('lets a read-only token read but not write', async () => {
      const readonly = await accessToken(s, [SCOPE.lineItemReadonly]);
      await request(s.origin).get(lineItemsPath).auth(readonly, { type: 'bearer' }).expect(200);
      const res = await createLineItem({ label: 'x', scoreMaximum: 1 }, readonly).expect(403);
      expect(res.body.error).to.equal('insufficient_scope');
      expect(res.headers['www-authenticate']).to.contain('insufficient_scope');
    });

    it('refuses scores and results without their scopes', async () => {
      const lineItemOnly = await accessToken(s, [SCOPE.lineItem]);
      const [item] = s.platform.gradebook.lineItems(courses.math);
      await request(s.origin).post(`${lineItemsPath}/${item?.id}/scores`).auth(lineItemOnly, { type: 'bearer' }).set('Content-Type', SCORE).send('{}').expect(403);
      await request(s.origin).get(`${lineItemsPath}/${item?.id}/results`).auth(lineItemOnly, { type: 'bearer' }).expect(403);
      const nrpsOnly = await accessToken(s, [SCOPE.memberships]);
      await request(s.origin).get(lineItemsPath).auth(nrpsOnly, { type: 'bearer' }).expect(403);
    });
  });

  describe('scores and results', () => {
    let scoresPath: string;
    let lineItemId: string;
    before(async () => {
      const created = await createLineItem({ label: 'Scored', scoreMaximum: 50 }).expect(201);
      lineItemId = pathOf(JSON.parse(created.text).id).split('/').at(-1) ?? '';
      scoresPath = `${lineItemsPath}/${lineItemId}/scores`;
    });

    const score = (overrides: object = {}) => ({
      userId: users.maya,
      scoreGiven: 8,
      scoreMaximum: 10,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: new Date().toISOString(),
      ...overrides,
    });
    const postScore = (body: object) => request(s.origin).post(scoresPath).auth(full, { type: 'bearer' }).set('Content-Type', SCORE).send(JSON.stringify(body));

    it('records a valid score in the gradebook', async () => {
      const sent = score({ userId: users.zanele, comment: 'Well done' });
      await postScore(sent).expect(204);
      const recorded = s.platform.gradebook.scores({ lineItemId, userId: users.zanele });
      expect(recorded).to.have.length(1);
      expect(recorded[0]).to.include({ ...sent, applied: true, clientId: s.tool.clientId, courseId: courses.math });
      expect(s.platform.gradebook.latestScore(lineItemId, users.zanele)).to.deep.equal(recorded[0]);
    });

    it('accepts a progress update without a score', async () => {
      await postScore(score({ userId: users.tomas, scoreGiven: undefined, scoreMaximum: undefined, activityProgress: 'Started', gradingProgress: 'NotReady' })).expect(204);
      expect(s.platform.gradebook.latestScore(lineItemId, users.tomas)).to.include({ scoreGiven: null, activityProgress: 'Started' });
    });

    const invalid: [string, object][] = [
      ['scoreGiven above scoreMaximum', { scoreGiven: 11 }],
      ['a negative scoreGiven', { scoreGiven: -1 }],
      ['scoreGiven without scoreMaximum', { scoreMaximum: undefined }],
      ['an unknown activityProgress', { activityProgress: 'Finished' }],
      ['an unknown gradingProgress', { gradingProgress: 'Graded' }],
      ['a missing timestamp', { timestamp: undefined }],
      ['a timestamp without a time zone', { timestamp: '2030-01-01T10:00:00.000' }],
      ['a user who is not in the course', { userId: users.priya }],
      ['a missing userId', { userId: undefined }],
    ];
    for (const [what, overrides] of invalid) {
      it(`refuses a score with ${what}`, async () => {
        const before = s.platform.gradebook.scores().length;
        const res = await postScore(score(overrides)).expect(400);
        expect(res.body.error).to.equal('invalid_request');
        expect(res.body.error_description).to.be.a('string').and.not.empty;
        expect(s.platform.gradebook.scores()).to.have.length(before);
      });
    }

    it('refuses a score that is not labelled as a score', async () => {
      await request(s.origin).post(scoresPath).auth(full, { type: 'bearer' }).send(score()).expect(415);
    });

    it('keeps the later score when scores arrive out of order, and logs both', async () => {
      const later = score({ userId: users.liam, scoreGiven: 9, timestamp: '2030-01-01T10:00:02.000Z' });
      const earlier = score({ userId: users.liam, scoreGiven: 3, timestamp: '2030-01-01T10:00:01.000Z' });
      await postScore(later).expect(204);
      await postScore(earlier).expect(204);
      const log = s.platform.gradebook.scores({ lineItemId, userId: users.liam });
      expect(log.map((r) => [r.scoreGiven, r.applied])).to.deep.equal([
        [9, true],
        [3, false],
      ]);
      expect(log[1]!.sequence).to.be.greaterThan(log[0]!.sequence);
      expect(s.platform.gradebook.latestScore(lineItemId, users.liam)).to.include({ scoreGiven: 9 });
    });

    it('reports results scaled to the line item’s maximum', async () => {
      await postScore(score({ userId: users.maya, scoreGiven: 4, scoreMaximum: 5, comment: 'Nice' })).expect(204);
      const res = await request(s.origin).get(`${lineItemsPath}/${lineItemId}/results`).query({ user_id: users.maya }).auth(full, { type: 'bearer' }).expect(200);
      expect(res.headers['content-type']).to.contain(RESULTS);
      const results = JSON.parse(res.text);
      expect(results).to.have.length(1);
      expect(results[0]).to.include({ userId: users.maya, resultScore: 40, resultMaximum: 50, comment: 'Nice', scoreOf: `${s.platform.issuer}${lineItemsPath.replace('/platform', '')}/${lineItemId}` });
      // A result's id dereferences to that result.
      const byId = await request(s.origin).get(new URL(results[0].id).pathname + new URL(results[0].id).search).auth(full, { type: 'bearer' }).expect(200);
      expect(JSON.parse(byId.text)).to.deep.equal(results);
    });

    it('accepts extra credit only when the platform allows it', async () => {
      const generous = await setup({ allowExtraCredit: true });
      try {
        const token = await accessToken(generous, [SCOPE.score]);
        const [item] = generous.platform.gradebook.lineItems(courses.math);
        await request(generous.origin)
          .post(`${lineItemsPath}/${item?.id}/scores`)
          .auth(token, { type: 'bearer' })
          .set('Content-Type', SCORE)
          .send(JSON.stringify(score({ scoreGiven: 12 })))
          .expect(204);
      } finally {
        await generous.close();
      }
    });
  });
});
