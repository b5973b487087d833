/**
 * An instructor sees their own placement's learners and nothing else: not
 * another course's (two courses of the built-in LMS), not another link's in
 * the same course, whatever ids or parameters they put in a URL. Every
 * store read the view makes is scoped to the launch's placement.
 */
import { expect } from 'chai';
import { DEFAULT_GRADE_COLUMN_POLICY } from '../../server/class/grade-columns.js';
import { DEFAULT_ROSTER_POLICY } from '../../server/class/roster.js';
import { placementScope } from '../../server/class/scope.js';
import { ClassService } from '../../server/class/service.js';
import { DEFAULT_SIGNALS } from '../../server/class/signals.js';
import { TokenCache } from '../../server/grades/token-cache.js';
import type { PlacementScope, Store } from '../../server/store/types.js';
import { useTool } from '../helpers/hooks.js';
import { answersIn, csvRecords, Learner, launchStaff, LINKS, play, sample, type Staff } from './support.js';

describe('class: isolation between courses and links', function () {
  this.timeout(90_000);
  const ctx = useTool();
  let math: Staff;
  let privacy: Staff;

  before(async () => {
    await play(await Learner.launch(ctx.tool, 'learner-maya'), sample('fractions'), 6);
    await play(await Learner.launch(ctx.tool, 'learner-liam'), sample('fractions'), 3);
    await play(await Learner.launch(ctx.tool, 'learner-priya', LINKS.privacy), sample('data-privacy'), 6);
    await play(await Learner.launch(ctx.tool, 'learner-jonas', LINKS.privacy), sample('data-privacy'), 2);
    math = await launchStaff(ctx.tool, 'instructor-rivera', LINKS.fractions);
    privacy = await launchStaff(ctx.tool, 'instructor-rivera', LINKS.privacy);

    // The same instructor places the fractions sequence in the course's other link, where Maya also works.
    const compare = await launchStaff(ctx.tool, 'instructor-rivera', LINKS.compare);
    const placed = await compare.post('/app/place', { sequenceId: 'fractions-grade6' });
    expect(placed.status).to.equal(303);
    await play(await Learner.launch(ctx.tool, 'learner-maya', LINKS.compare), sample('fractions'), 10);
  });

  const usersIn = (html: string) => [...html.matchAll(/<tr data-user="([^"]+)"/g)].map((m) => m[1]).sort();

  it('lists each course’s own learners only', async () => {
    expect(usersIn(await (await math.get('/class')).text())).to.deep.equal(['learner-liam', 'learner-maya', 'learner-tomas', 'learner-zanele']);
    expect(usersIn(await (await privacy.get('/class')).text())).to.deep.equal(['learner-jonas', 'learner-priya']);
  });

  it('ignores course, link and platform ids put in the URL', async () => {
    const guessed = await math.get(`/class?contextId=privacy-pd&resourceLinkId=${LINKS.privacy}&platformId=x&deploymentId=y&userId=learner-priya`);
    expect(usersIn(await guessed.text())).to.deep.equal(['learner-liam', 'learner-maya', 'learner-tomas', 'learner-zanele']);
    const csv = await (await math.get(`/class/export/overview.csv?contextId=privacy-pd&resourceLinkId=${LINKS.privacy}`, 'text/csv')).text();
    expect(csvRecords(csv).map((r) => r['User ID']).sort()).to.deep.equal(['learner-liam', 'learner-maya', 'learner-tomas', 'learner-zanele']);
  });

  it('answers “not found” for another course’s learner, on every route that takes an id', async () => {
    expect((await math.get('/class/learners/learner-priya')).status).to.equal(404);
    expect((await math.post('/class/learners/learner-priya/notes', { body: 'hi' })).status).to.equal(404);
    expect((await math.post('/class/learners/learner-priya/grade/retry')).status).to.equal(404);
    expect((await privacy.get('/class/learners/learner-maya')).status).to.equal(404);
    expect(await ctx.tool.store.selectNotes({ ...placementScope(math.session), userId: 'learner-priya' })).to.deep.equal([]);
  });

  it('keeps the same learner’s work in another link of the same course apart', async () => {
    const mayaHere = await ctx.tool.store.selectAttempts({ platformId: math.session.platformId, contextId: math.session.contextId, resourceLinkId: LINKS.fractions, userId: 'learner-maya' });
    const mayaThere = await ctx.tool.store.selectAttempts({ platformId: math.session.platformId, contextId: math.session.contextId, resourceLinkId: LINKS.compare, userId: 'learner-maya' });
    expect(mayaThere.length).to.be.greaterThan(0);
    const csv = csvRecords(await (await math.get('/class/export/attempts.csv', 'text/csv')).text());
    const ids = new Set(csv.map((r) => r['Attempt ID']));
    for (const a of mayaHere) expect(ids.has(a.id)).to.equal(true);
    for (const a of mayaThere) expect(ids.has(a.id), 'an attempt from the other link').to.equal(false);
    const overview = csvRecords(await (await math.get('/class/export/overview.csv', 'text/csv')).text());
    expect(overview.find((r) => r['User ID'] === 'learner-maya')?.Answers).to.equal(String(answersIn(mayaHere)));
  });

  it('reads only records of the launch’s placement from the store', async () => {
    const reads: Array<{ method: string; args: unknown[] }> = [];
    const spied = new Proxy(ctx.tool.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string' || (!prop.startsWith('select') && prop !== 'iterateAttempts')) return value;
        return (...args: unknown[]) => {
          reads.push({ method: prop, args });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as Store;
    const service = new ClassService({ store: spied, tokens: new TokenCache({ keys: ctx.tool.lti }), now: Date.now, roster: DEFAULT_ROSTER_POLICY, signals: DEFAULT_SIGNALS, gradeColumns: DEFAULT_GRADE_COLUMN_POLICY });
    await service.classPage(math.session);
    await service.learnerPage(math.session, 'learner-maya');
    await service.overviewOnly(math.session);

    const scope = placementScope(math.session);
    const matches = (arg: unknown, keys: Array<keyof PlacementScope>) => keys.every((k) => (arg as Record<string, unknown>)[k] === scope[k]);
    const seen = new Set<string>();
    for (const { method, args } of reads) {
      seen.add(method);
      switch (method) {
        case 'selectLearners':
        case 'iterateAttempts':
          expect(matches(args[0], ['platformId', 'contextId', 'resourceLinkId']), `${method} ${JSON.stringify(args)}`).to.equal(true);
          break;
        case 'selectAttempts':
          expect(matches(args[0], ['platformId', 'contextId', 'resourceLinkId']) && (args[0] as { userId: string }).userId === 'learner-maya', JSON.stringify(args)).to.equal(true);
          break;
        case 'selectRoster':
        case 'selectNotes':
          expect(matches(args[0], ['platformId', 'deploymentId', 'contextId', 'resourceLinkId']), `${method} ${JSON.stringify(args)}`).to.equal(true);
          break;
        case 'selectPlacement':
          expect(args, method).to.deep.equal([scope.platformId, scope.deploymentId, scope.contextId, scope.resourceLinkId]);
          break;
        case 'selectGradeJobs':
          expect(args[0], method).to.deep.equal({ platformId: scope.platformId, resourceLinkId: scope.resourceLinkId });
          break;
        case 'selectSequence':
          expect(args[0], method).to.equal(scope.platformId);
          break;
        case 'selectSequenceVersion':
        case 'selectLatestSequenceVersion':
        case 'selectPlatform':
          // Content and registration lookups, by the placement's sequence and the launch's platform.
          break;
        default:
          expect.fail(`unexpected store read ${method}(${JSON.stringify(args)})`);
      }
    }
    expect([...seen]).to.include.members(['selectPlacement', 'selectLearners', 'iterateAttempts', 'selectAttempts', 'selectRoster', 'selectGradeJobs', 'selectNotes']);
  });
});
