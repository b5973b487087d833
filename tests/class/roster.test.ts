/**
 * The class list: the built-in LMS's NRPS roster, paged with `limit` and
 * merged across every `Link: rel="next"` page, cached per placement, refreshed
 * on demand, and still shown (with the LMS's reason) when a refresh fails.
 */
import { expect } from 'chai';
import request from 'supertest';
import { fetchMembers, membershipsUrl } from '../../server/class/nrps.js';
import { DEFAULT_ROSTER_POLICY, isLearner, refreshRoster } from '../../server/class/roster.js';
import { placementScope } from '../../server/class/scope.js';
import { TokenCache } from '../../server/grades/token-cache.js';
import type { RunningServer } from '../../server/server.js';
import { requestsSeen } from '../helpers/requests-seen.js';
import type { RosterMember } from '../../server/store/types.js';
import { useTool } from '../helpers/hooks.js';
import { classApp, launchStaff, Learner, LINKS, play, rowOf, sample, type Staff, text } from './support.js';

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const INSTRUCTOR_ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

/** Every NRPS request the built-in LMS (served by `tool`) receives while `fn` runs, by URL. */
const membershipRequests = <T>(tool: RunningServer, fn: () => Promise<T>) => requestsSeen(tool, (req) => req.url?.includes('/memberships') === true, fn);

describe('class: the roster from the LMS (NRPS)', function () {
  this.timeout(60_000);
  const ctx = useTool();
  let staff: Staff;

  before(async () => {
    // Maya starts; the other three learners of the course never launch.
    await play(await Learner.launch(ctx.tool, 'learner-maya'), sample('fractions'), 3);
    staff = await launchStaff(ctx.tool);
  });
  afterEach(() => ctx.tool.devPlatform!.faults.clear());

  it('follows Link rel="next" across every page the LMS sends, with the limit the tool asked for', async () => {
    const url = membershipsUrl(staff.session.claims);
    expect(url).to.be.a('string');
    const platform = (await ctx.tool.store.selectPlatform(staff.session.platformId))!;
    const tokens = new TokenCache({ keys: ctx.tool.lti });
    const { result, urls } = await membershipRequests(ctx.tool, () => fetchMembers(url!, { platform, tokens, pageSize: 2 }));
    expect(urls.map((u) => new URL(u).searchParams.get('limit'))).to.deep.equal(['2', '2', '2']);
    expect(urls.map((u) => new URL(u).searchParams.get('page'))).to.deep.equal([null, '2', '3']);
    expect(result.map((m) => m.userId)).to.deep.equal(['learner-maya', 'learner-liam', 'learner-zanele', 'learner-tomas', 'instructor-rivera', 'developer-okafor']);
    expect(result[1]).to.deep.equal({ userId: 'learner-liam', name: "Liam O'Brien", email: 'liam.obrien@students.example.edu', roles: [LEARNER], status: 'Active' });
  });

  it('lists every learner of the course, merged over all pages, with those who never launched as not started', async () => {
    const app = classApp(ctx.tool, { roster: { pageSize: 1 } });
    const { result: res, urls } = await membershipRequests(ctx.tool, () => request(app).post('/class').type('form').send({ _s: staff.token }).set('accept', 'text/html'));
    expect(res.status).to.equal(200);
    expect(urls).to.have.length(6);
    for (const userId of ['learner-liam', 'learner-zanele', 'learner-tomas']) expect(text(rowOf(res.text, userId))).to.include('Not started');
    expect(text(rowOf(res.text, 'learner-maya'))).to.include('In progress');
    // Learners only: the course's instructor and content developer are not in the class list.
    expect(res.text).not.to.include('data-user="instructor-rivera"');
    expect(res.text).not.to.include('data-user="developer-okafor"');
    expect(text(res.text)).to.include('4 learners: 3 not started, 1 in progress, 0 completed.');
    const cached = await ctx.tool.store.selectRoster(placementScope(staff.session));
    expect(cached?.members).to.have.length(6);
    expect(cached?.failure).to.equal(null);
  });

  it('opens from the cache without asking the LMS, and says when the list was refreshed', async () => {
    const before = (await ctx.tool.store.selectRoster(placementScope(staff.session)))!;
    const { result: res, urls } = await membershipRequests(ctx.tool, () => staff.get('/class'));
    expect(urls).to.deep.equal([]);
    const html = await res.text();
    expect(html).to.include(`datetime="${new Date(before.refreshedAt!).toISOString()}"`);
    expect(text(html)).to.match(/From the LMS roster, refreshed \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('refreshes on the button, then shows the page with the new time', async () => {
    const before = (await ctx.tool.store.selectRoster(placementScope(staff.session)))!;
    await new Promise((r) => setTimeout(r, 5));
    const { result: res, urls } = await membershipRequests(ctx.tool, () => staff.post('/class/roster/refresh'));
    expect(res.status).to.equal(303);
    const location = res.headers.get('location')!;
    expect(location).to.match(/^\/class\?code=[A-Za-z0-9_-]+&notice=roster-refreshed#roster$/);
    expect(location).not.to.contain(staff.token);
    expect(urls).to.have.length(1);
    const after = (await ctx.tool.store.selectRoster(placementScope(staff.session)))!;
    expect(after.refreshedAt).to.be.greaterThan(before.refreshedAt!);
    const page = await (await fetch(new URL(location, ctx.tool.url), { headers: { accept: 'text/html' } })).text();
    expect(text(page)).to.include('The class list was refreshed from the LMS.');
  });

  it('shows the LMS’s reason and keeps the cached roster when a refresh fails', async () => {
    // A router of its own has no token cached yet, so the failing token endpoint is reached.
    const app = classApp(ctx.tool);
    ctx.tool.devPlatform!.faults.inject('token', { type: 'error', status: 503 });
    const refresh = await request(app).post('/class/roster/refresh').type('form').send({ _s: staff.token });
    expect(refresh.status).to.equal(303);
    expect(refresh.headers.location).to.include('notice=roster-failed');

    const page = await request(app).post('/class').query({ notice: 'roster-failed' }).type('form').send({ _s: staff.token }).set('accept', 'text/html');
    const failure = text(page.text.slice(page.text.indexOf('data-testid="roster-failure"')));
    expect(failure).to.include('The class list could not be refreshed from the LMS');
    expect(failure).to.include('access token request: HTTP 503: server_error: Injected fault: the platform failed.');
    expect(failure).to.include('The list below is the last one that loaded.');
    // The learners who never launched are still listed, from the cache.
    expect(text(rowOf(page.text, 'learner-tomas'))).to.include('Not started');
    const cached = (await ctx.tool.store.selectRoster(placementScope(staff.session)))!;
    expect(cached.members).to.have.length(6);
    expect(cached.failure?.reason).to.include('HTTP 503');
  });

  it('does not retry a failed fetch on every page view, but the button always does', async () => {
    const app = classApp(ctx.tool, { roster: { maxAgeMs: 0, failureBackoffMs: 60_000 } });
    ctx.tool.devPlatform!.faults.inject('token', { type: 'error' });
    await request(app).post('/class/roster/refresh').type('form').send({ _s: staff.token });
    ctx.tool.devPlatform!.faults.clear();
    const { urls: onView } = await membershipRequests(ctx.tool, () => request(app).post('/class').type('form').send({ _s: staff.token }).set('accept', 'text/html'));
    expect(onView, 'a page view inside the back-off').to.deep.equal([]);
    const { urls: onButton } = await membershipRequests(ctx.tool, () => request(app).post('/class/roster/refresh').type('form').send({ _s: staff.token }));
    expect(onButton).to.have.length(1);
    expect((await ctx.tool.store.selectRoster(placementScope(staff.session)))?.failure).to.equal(null);
  });

  it('fetches again on opening when the cached roster is older than the policy allows', async () => {
    const app = classApp(ctx.tool, { roster: { maxAgeMs: 0 } });
    const { urls } = await membershipRequests(ctx.tool, () => request(app).post('/class').type('form').send({ _s: staff.token }).set('accept', 'text/html'));
    expect(urls).to.have.length(1);
  });

  it('before any roster loads, lists the learners who started and says why the others are missing', async () => {
    const privacy = await launchStaff(ctx.tool, 'instructor-rivera', LINKS.privacy);
    await play(await Learner.launch(ctx.tool, 'learner-priya', LINKS.privacy), sample('data-privacy'), 2);
    const app = classApp(ctx.tool);
    ctx.tool.devPlatform!.faults.inject('token', { type: 'error' });
    const page = await request(app).post('/class').type('form').send({ _s: privacy.token }).set('accept', 'text/html');
    expect(page.status).to.equal(200);
    expect(text(page.text)).to.include('The LMS roster has not been loaded yet, so only learners who have opened the activity are listed.');
    expect(text(page.text)).to.include('Until it loads, only learners who have opened the activity are listed.');
    expect(page.text).to.include('data-user="learner-priya"');
    expect(page.text).not.to.include('data-user="learner-jonas"');
    expect(text(rowOf(page.text, 'learner-priya'))).to.include('not on the LMS roster');
  });

  it('asks the LMS nothing for a link where nothing is placed', async () => {
    const unplaced = await launchStaff(ctx.tool, 'instructor-rivera', LINKS.compare);
    const { result: res, urls } = await membershipRequests(ctx.tool, () => unplaced.get('/class'));
    expect(res.status).to.equal(404);
    expect(urls).to.deep.equal([]);
  });

  it('records a launch without the NRPS claim as a failure that says what to ask for', async () => {
    const session = { ...staff.session, claims: {} };
    const snapshot = await refreshRoster({ store: ctx.tool.store, tokens: new TokenCache({ keys: ctx.tool.lti }), now: Date.now, policy: DEFAULT_ROSTER_POLICY }, session);
    expect(snapshot.failure?.reason).to.include('no Names and Role Provisioning Service in the launch');
    expect(snapshot.members, 'the roster fetched before is kept').to.have.length(6);
  });
});

describe('class: who counts as a learner on the roster', () => {
  const member = (roles: string[], status: RosterMember['status'] = 'Active'): RosterMember => ({ userId: 'u', name: null, email: null, roles, status });

  it('takes Learner context roles in their long, sub-role and short forms', () => {
    expect(isLearner(member([LEARNER]))).to.equal(true);
    expect(isLearner(member(['http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#Learner']))).to.equal(true);
    expect(isLearner(member(['Learner']))).to.equal(true);
  });

  it('leaves out staff, members without a learner role, and deleted members', () => {
    expect(isLearner(member([INSTRUCTOR_ROLE]))).to.equal(false);
    expect(isLearner(member([LEARNER, 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant']))).to.equal(false);
    expect(isLearner(member(['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor']))).to.equal(false);
    expect(isLearner(member([]))).to.equal(false);
    expect(isLearner(member([LEARNER], 'Deleted'))).to.equal(false);
    expect(isLearner(member([LEARNER], 'Inactive'))).to.equal(true);
  });
});
