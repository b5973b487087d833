/** queueScore: what a real launch's AGS claim turns into in the outbox, and when there is nothing to queue. */
import { expect } from 'chai';
import { queueScore } from '../../server/grades/index.js';
import { CLAIM } from '../../server/lti/claims.js';
import type { RunningServer } from '../../server/server.js';
import type { JsonObject, Session } from '../../server/store/types.js';
import { LINK_WITH_LINE_ITEM, LINK_WITHOUT_LINE_ITEM, sessionFor, startToolForGrades } from './support.js';

const SCORE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LINEITEM = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';
const completed = { scoreGiven: 8, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded' } as const;

describe('grades: queueScore', function () {
  this.timeout(30_000);
  let tool: RunningServer;
  let withLineItem: Session;
  let withoutLineItem: Session;
  const now = Date.UTC(2025, 2, 1, 12, 0, 0, 123);

  before(async () => {
    tool = await startToolForGrades();
    withLineItem = await sessionFor(tool, 'learner-maya', LINK_WITH_LINE_ITEM);
    withoutLineItem = await sessionFor(tool, 'learner-maya', LINK_WITHOUT_LINE_ITEM);
  });
  after(() => tool.close());

  const withAgs = (session: Session, ags: JsonObject | null): Session => {
    const claims: JsonObject = { ...session.claims };
    if (ags === null) delete claims[CLAIM.ags];
    else claims[CLAIM.ags] = ags;
    return { ...session, claims };
  };

  it('queues a score for the launch’s line item, labelled after the link, timestamped with ms', async () => {
    const ags = withLineItem.claims[CLAIM.ags] as { lineitem: string; lineitems: string };
    const job = await queueScore(tool.store, withLineItem, { ...completed, comment: 'Mastered 4 of 5 skills' }, now);
    expect(job).to.deep.include({
      platformId: withLineItem.platformId,
      lineItemUrl: ags.lineitem,
      lineItemsUrl: ags.lineitems,
      resourceLinkId: LINK_WITH_LINE_ITEM,
      userId: 'learner-maya',
      label: 'Adding fractions with unlike denominators',
      status: 'pending',
      nextAttemptAt: now,
    });
    expect(job!.score).to.deep.equal({ ...completed, comment: 'Mastered 4 of 5 skills', timestamp: '2025-03-01T12:00:00.123Z' });
  });

  it('queues a score against the line-items container when the link has no line item', async () => {
    const ags = withoutLineItem.claims[CLAIM.ags] as { lineitem?: string; lineitems: string };
    expect(ags.lineitem).to.equal(undefined);
    const job = await queueScore(tool.store, withoutLineItem, completed, now);
    expect(job).to.deep.include({ lineItemUrl: null, lineItemsUrl: ags.lineitems, resourceLinkId: LINK_WITHOUT_LINE_ITEM, label: 'Comparing fractions' });
    expect(job!.score).to.not.have.property('comment');
  });

  it('coalesces: the latest score for the learner and line item replaces a waiting one', async () => {
    const first = await queueScore(tool.store, withLineItem, { ...completed, scoreGiven: 3, activityProgress: 'InProgress', gradingProgress: 'Pending' }, now + 1000);
    const second = await queueScore(tool.store, withLineItem, { ...completed, scoreGiven: 9 }, now + 2000);
    expect(second!.id).to.equal(first!.id);
    expect(second!.generation).to.equal(first!.generation + 1);
    expect(second!.score).to.deep.include({ scoreGiven: 9, timestamp: '2025-03-01T12:00:02.123Z' });
  });

  it('does nothing for a launch without grade passback', async () => {
    const ags = withLineItem.claims[CLAIM.ags] as JsonObject;
    const cases: Array<[string, Session]> = [
      ['no AGS claim', withAgs(withLineItem, null)],
      ['no score scope', withAgs(withLineItem, { ...ags, scope: [LINEITEM] })],
      ['scope is not a list', withAgs(withLineItem, { ...ags, scope: SCORE })],
      ['no line item and no right to create one', withAgs(withoutLineItem, { ...(withoutLineItem.claims[CLAIM.ags] as JsonObject), scope: [SCORE] })],
      ['no usable URL', withAgs(withLineItem, { scope: [SCORE, LINEITEM], lineitem: 'javascript:alert(1)', lineitems: 42 })],
    ];
    const before = await tool.store.selectGradeJobs({});
    for (const [why, session] of cases) expect(await queueScore(tool.store, session, completed, now), why).to.equal(null);
    expect(await tool.store.selectGradeJobs({})).to.deep.equal(before);
  });

  it('refuses scores no platform could take, but leaves extra credit to the platform', async () => {
    // A final grade without a score would leave the gradebook cell empty for good.
    for (const bad of [{ scoreGiven: -1 }, { scoreGiven: Number.NaN }, { scoreMaximum: 0 }, { scoreMaximum: Number.POSITIVE_INFINITY }, { scoreGiven: null }]) {
      let error: unknown;
      await queueScore(tool.store, withLineItem, { ...completed, ...bad }, now).catch((e: unknown) => (error = e));
      expect(error, JSON.stringify(bad)).to.be.instanceOf(RangeError);
    }
    expect(await queueScore(tool.store, withLineItem, { ...completed, scoreGiven: 12 }, now)).to.not.equal(null);
  });

  it('queues progress without a score while there is none yet', async () => {
    const job = await queueScore(tool.store, withLineItem, { scoreGiven: null, scoreMaximum: 100, activityProgress: 'Started', gradingProgress: 'NotReady' }, now);
    expect(job!.score).to.deep.include({ scoreGiven: null, activityProgress: 'Started', gradingProgress: 'NotReady' });
  });
});
