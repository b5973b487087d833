/**
 * Learners see only their own record. No player route takes a learner,
 * course or record id: the session decides whose record is read, so ids in
 * the query or body are ignored, and the same ids under another platform
 * (another LMS tenant) lead to nobody's record.
 */
import { expect } from 'chai';
import { CLAIM } from '../../server/lti/claims.js';
import { newSessionToken } from '../../server/lti/session.js';
import type { ProgressView } from '../../server/delivery/progress.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { Learner, toQuestion } from './support/learner.js';

describe('delivery: learners see only their own data', function () {
  this.timeout(60_000);
  const ctx = useTool();
  let maya: Learner;
  before(async () => {
    maya = await Learner.launch(ctx.tool, 'learner-maya');
    await toQuestion(maya, loadSample('fractions'), { survey: { goal: 'test-prep', 'learn-best': 'video' } });
  });

  async function progressJson(token: string, query = ''): Promise<{ status: number; body: { progress?: ProgressView; error?: { code: string } } }> {
    const res = await fetch(`${ctx.tool.url}/app/progress${query.replace(/^&/, '?')}`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as { progress?: ProgressView; error?: { code: string } } };
  }

  it('a classmate asking for her progress by id gets their own', async () => {
    const liam = await Learner.launch(ctx.tool, 'learner-liam');
    const mine = await progressJson(maya.token);
    expect(mine.body.progress!.profile.goals).to.deep.equal(['Get ready for a test']);
    for (const query of ['&user=learner-maya', '&userId=learner-maya', '&sub=learner-maya', '&user_id=learner-maya&context=grade7-math-fractions']) {
      const theirs = await progressJson(liam.token, query);
      expect(theirs.status).to.equal(200);
      expect(theirs.body.progress!.profile.goals, query).to.deep.equal([]);
      expect(theirs.body.progress!.stats.steps).to.equal(1);
    }
  });

  it('a learner of another course sees their own course, never hers', async () => {
    const priya = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    const theirs = await progressJson(priya.token, '&resource_link_id=link-fractions-add&user=learner-maya');
    expect(theirs.body.progress!.sequenceTitle).to.equal(loadSample('data-privacy').title);
    expect(theirs.body.progress!.profile.goals).to.deep.equal([]);
  });

  it('the same user, course and link ids under another platform find nothing', async () => {
    const mine = await maya.key();
    const { token, id } = newSessionToken();
    const now = Date.now();
    await ctx.tool.store.insertSession({
      id,
      platformId: 'another-lms',
      deploymentId: 'dev-deployment',
      contextId: mine.contextId,
      contextTitle: null,
      resourceLinkId: mine.resourceLinkId,
      resourceLinkTitle: null,
      userId: mine.userId,
      userName: 'Impostor',
      userEmail: null,
      roles: ['learner'],
      messageType: 'LtiResourceLinkRequest',
      claims: { [CLAIM.custom]: { sequence_id: 'fractions-grade6' } },
      createdAt: now,
      expiresAt: now + 60_000,
    });
    const progress = await progressJson(token);
    expect(progress.status).to.equal(404);
    expect(progress.body.error!.code).to.equal('NOT_PLACED');
    const page = await fetch(`${ctx.tool.url}/app`, { method: 'POST', body: new URLSearchParams({ _s: token }) });
    const text = await page.text();
    expect(text).to.contain('Nothing here yet');
    // Learners may be pupils or practitioners: the page names their instructor, not a teacher.
    expect(text).to.contain('Your instructor has not finished setting up this activity yet.').and.not.contain('teacher');
    const answer = await fetch(`${ctx.tool.url}/app/answer`, { method: 'POST', headers: { accept: 'application/json', authorization: `Bearer ${token}` }, body: new URLSearchParams({ step: '3', activity: 'eq-pizza', k: 'impostor-key-1', choice: 'half' }) });
    expect(answer.status).to.equal(404);
    expect(await ctx.tool.store.selectLearner({ ...mine, platformId: 'another-lms' })).to.equal(null);
    expect((await maya.attempts()).some((a) => a.idempotencyKey === 'impostor-key-1')).to.equal(false);
  });
});
