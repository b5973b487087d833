import { expect } from 'chai';
import request from 'supertest';
import { SAMPLE } from '../../server/platform/index.js';
import { accessToken, setup, type Setup } from './harness.js';

const { users, links, courses } = SAMPLE;
const MEMBERSHIPS = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const CONTAINER = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

interface Member {
  user_id: string;
  roles: string[];
  [claim: string]: unknown;
}

describe('platform NRPS', () => {
  let s: Setup;
  let token: string;
  const path = `/platform/api/courses/${courses.math}/memberships`;

  before(async () => {
    s = await setup();
    token = await accessToken(s, [MEMBERSHIPS]);
  });
  after(() => s.close());

  it('pages the roster across three pages by following Link rel="next"', async () => {
    const pages: Member[][] = [];
    let next: string | undefined = `${s.platform.issuer}/api/courses/${courses.math}/memberships?limit=2`;
    while (next !== undefined) {
      const url: URL = new URL(next);
      const res = await request(s.origin).get(url.pathname + url.search).auth(token, { type: 'bearer' }).expect(200);
      expect(res.headers['content-type']).to.contain(CONTAINER);
      const body = JSON.parse(res.text);
      expect(body.id).to.equal(`${s.platform.issuer}/api/courses/${courses.math}/memberships`);
      expect(body.context).to.deep.equal({ id: courses.math, label: 'MATH-7', title: 'Grade 7 Math — Fractions' });
      pages.push(body.members);
      const link = res.headers.link as string | undefined;
      next = link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
      if (link !== undefined) expect(next, link).to.be.a('string');
    }
    expect(pages.map((p) => p.length)).to.deep.equal([2, 2, 2]);
    expect(pages.flat().map((m) => m.user_id)).to.deep.equal([users.maya, users.liam, users.zanele, users.tomas, users.instructor, users.contentDeveloper]);
  });

  it('describes each member with the NRPS fields', async () => {
    const res = await request(s.origin).get(path).auth(token, { type: 'bearer' }).expect(200);
    const liam = JSON.parse(res.text).members.find((m: Member) => m.user_id === users.liam);
    expect(liam).to.deep.equal({
      status: 'Active',
      name: "Liam O'Brien",
      given_name: 'Liam',
      family_name: "O'Brien",
      email: 'liam.obrien@students.example.edu',
      user_id: users.liam,
      lis_person_sourcedid: users.liam,
      roles: [LEARNER],
    });
  });

  it('filters by role, given as a short name or a full URI', async () => {
    for (const role of ['Learner', LEARNER]) {
      const res = await request(s.origin).get(path).query({ role }).auth(token, { type: 'bearer' }).expect(200);
      const members: Member[] = JSON.parse(res.text).members;
      expect(members.map((m) => m.user_id)).to.deep.equal([users.maya, users.liam, users.zanele, users.tomas]);
    }
    const instructors = await request(s.origin).get(path).query({ role: 'Instructor' }).auth(token, { type: 'bearer' }).expect(200);
    expect(JSON.parse(instructors.text).members.map((m: Member) => m.user_id)).to.deep.equal([users.instructor]);
  });

  it('keeps filters on the next page link', async () => {
    const res = await request(s.origin).get(path).query({ role: 'Learner', limit: 3 }).auth(token, { type: 'bearer' }).expect(200);
    const next = new URL(/^<([^>]+)>/.exec(res.headers.link ?? '')?.[1] ?? '');
    expect(Object.fromEntries(next.searchParams)).to.deep.equal({ role: 'Learner', limit: '3', page: '2' });
  });

  it('accepts an rlid of the course and refuses one from elsewhere', async () => {
    await request(s.origin).get(path).query({ rlid: links.addingFractions }).auth(token, { type: 'bearer' }).expect(200);
    await request(s.origin).get(path).query({ rlid: links.personalData }).auth(token, { type: 'bearer' }).expect(400);
  });

  it('refuses a bad limit, an unknown course and a token without the NRPS scope', async () => {
    await request(s.origin).get(path).query({ limit: 0 }).auth(token, { type: 'bearer' }).expect(400);
    await request(s.origin).get('/platform/api/courses/nope/memberships').auth(token, { type: 'bearer' }).expect(404);
    const agsOnly = await accessToken(s, ['https://purl.imsglobal.org/spec/lti-ags/scope/score']);
    const res = await request(s.origin).get(path).auth(agsOnly, { type: 'bearer' }).expect(403);
    expect(res.body.error).to.equal('insufficient_scope');
    await request(s.origin).get(path).expect(401);
  });

  it('enrolls the synthetic learners of extraLearners in the math course, after the sample members', async () => {
    const big = await setup({ extraLearners: 3 });
    try {
      const bigToken = await accessToken(big, [MEMBERSHIPS]);
      const res = await request(big.origin).get(`${path}?role=Learner`).auth(bigToken, { type: 'bearer' }).expect(200);
      const ids = (JSON.parse(res.text) as { members: Member[] }).members.map((m) => m.user_id);
      expect(ids).to.deep.equal([users.maya, users.liam, users.zanele, users.tomas, 'learner-0001', 'learner-0002', 'learner-0003']);
      // Each has an address of their own: a join on email must not merge them.
      const emails = (JSON.parse(res.text) as { members: Member[] }).members.map((m) => m.email as string);
      expect(emails.slice(4)).to.deep.equal(['learner.0001@students.example.edu', 'learner.0002@students.example.edu', 'learner.0003@students.example.edu']);
    } finally {
      await big.close();
    }
  });
});
