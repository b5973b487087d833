import { expect } from 'chai';
import type { Attempt, LearnerKey } from '../../../server/store/types.js';
import { learnerKey, rejection, RICH_JSON, T0, type CurrentStore } from './fixtures.js';

const init = { sequenceId: 'seq-1', version: 3, state: { step: 'intro', mastery: {} } };

function attempt(n: number, overrides: Partial<Omit<Attempt, keyof LearnerKey>> = {}): Omit<Attempt, keyof LearnerKey> {
  return {
    id: `attempt-${n}`,
    idempotencyKey: `submit-${n}`,
    activityId: `activity-${n % 7}`,
    response: { choice: ['b', 'ç'], text: 'réponse 🙂' },
    correct: n % 2 === 0,
    outcome: { feedback: 'ok', mastery: { skill: n / 10 } },
    createdAt: T0 + n,
    ...overrides,
  };
}

export function learnerContract(store: CurrentStore): void {
  describe('learners and attempts', () => {
    it('creates a learner once and returns the existing record afterwards', async () => {
      const key = learnerKey();
      const created = await store().ensureLearner(key, init);
      expect(created).to.deep.include({ ...key, ...init, revision: 0 });
      expect(created.updatedAt).to.equal(created.createdAt);
      const again = await store().ensureLearner(key, { sequenceId: 'seq-2', version: 4, state: { other: true } });
      expect(again).to.deep.equal(created);
      expect(await store().selectLearner(key)).to.deep.equal(created);
      expect(await store().selectLearner(learnerKey('nobody'))).to.equal(null);
    });

    it('creates one record when two first launches race', async () => {
      const key = learnerKey();
      const [a, b] = await Promise.all([store().ensureLearner(key, init), store().ensureLearner(key, init)]);
      expect(a).to.deep.equal(b);
      expect(await store().selectLearners(key)).to.have.length(1);
    });

    it('lists the learners of one placement only', async () => {
      const a = await store().ensureLearner(learnerKey('a'), init);
      const b = await store().ensureLearner(learnerKey('b'), init);
      await store().ensureLearner(learnerKey('c', 'link-2'), init);
      expect(await store().selectLearners({ platformId: 'platform-1', contextId: 'course-1', resourceLinkId: 'link-1' })).to.have.deep.members([a, b]);
    });

    it('commits state and attempt together and bumps the revision', async () => {
      const key = learnerKey();
      const created = await store().ensureLearner(key, init);
      const result = await store().commitLearner(key, 0, { step: 'q1', rich: RICH_JSON }, attempt(1));
      expect(result.status).to.equal('committed');
      expect(result.record).to.deep.include({ ...key, ...init, revision: 1, state: { step: 'q1', rich: RICH_JSON }, createdAt: created.createdAt });
      expect(result.record.updatedAt).to.be.at.least(created.updatedAt);
      expect(await store().selectLearner(key)).to.deep.equal(result.record);
      expect(await store().selectAttempts(key)).to.deep.equal([{ ...key, ...attempt(1) }]);

      const next = await store().commitLearner(key, 1, { step: 'q2' }, null);
      expect(next.status).to.equal('committed');
      expect(next.record.revision).to.equal(2);
      expect(await store().selectAttempts(key)).to.have.length(1);
    });

    it('round-trips every shape of response and correctness', async () => {
      const key = learnerKey();
      await store().ensureLearner(key, init);
      const shapes = [
        attempt(1, { response: null, correct: null }),
        attempt(2, { response: 'text', correct: true }),
        attempt(3, { response: [1, [2], { x: false }], correct: false, outcome: {} }),
      ];
      let revision = 0;
      for (const a of shapes) expect((await store().commitLearner(key, revision++, {}, a)).status).to.equal('committed');
      expect(await store().selectAttempts(key)).to.deep.equal(shapes.map((a) => ({ ...key, ...a })));
    });

    it('reports a conflict when the revision moved, and writes nothing', async () => {
      const key = learnerKey();
      await store().ensureLearner(key, init);
      const first = await store().commitLearner(key, 0, { step: 'q1' }, attempt(1));
      const stale = await store().commitLearner(key, 0, { step: 'lost' }, attempt(2));
      expect(stale).to.deep.equal({ status: 'conflict', record: first.record });
      expect(await store().selectLearner(key)).to.deep.equal(first.record);
      expect((await store().selectAttempts(key)).map((a) => a.id)).to.deep.equal(['attempt-1']);
    });

    it('records a retried submission once and returns the earlier attempt', async () => {
      const key = learnerKey();
      await store().ensureLearner(key, init);
      const first = await store().commitLearner(key, 0, { step: 'q1' }, attempt(1));
      const retry = await store().commitLearner(key, 0, { step: 'again' }, attempt(1, { id: 'attempt-retry', response: 'different' }));
      expect(retry).to.deep.equal({ status: 'duplicate', attempt: { ...key, ...attempt(1) }, record: first.record });
      // Even with the current revision, a known key changes nothing.
      const current = await store().commitLearner(key, 1, { step: 'again' }, attempt(1, { id: 'attempt-retry' }));
      expect(current.status).to.equal('duplicate');
      expect(await store().selectLearner(key)).to.deep.equal(first.record);
      expect(await store().selectAttempts(key)).to.have.length(1);
    });

    it('scopes idempotency keys to one learner', async () => {
      await store().ensureLearner(learnerKey('a'), init);
      await store().ensureLearner(learnerKey('b'), init);
      expect((await store().commitLearner(learnerKey('a'), 0, {}, attempt(1))).status).to.equal('committed');
      expect((await store().commitLearner(learnerKey('b'), 0, {}, attempt(1, { id: 'attempt-b' }))).status).to.equal('committed');
    });

    it('lets exactly one of several simultaneous commits on one revision win', async () => {
      const key = learnerKey();
      await store().ensureLearner(key, init);
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store().commitLearner(key, 0, { winner: i }, attempt(i))));
      const won = results.filter((r) => r.status === 'committed');
      expect(won).to.have.length(1);
      expect(results.filter((r) => r.status === 'conflict')).to.have.length(4);
      expect(await store().selectLearner(key)).to.deep.equal(won[0]?.record);
      expect(await store().selectAttempts(key)).to.have.length(1);
    });

    it('keeps a growing history whole and in order through commits, conflicts, retries and listings', async () => {
      const key = learnerKey('historian');
      const entry = (n: number) => ({ type: 'answer', step: n, note: `réponse ${n} 🙂` });
      const stateWith = (n: number) => ({ step: `s${n}`, history: Array.from({ length: n }, (_, i) => entry(i)), after: n });
      let record = await store().ensureLearner(key, { ...init, state: stateWith(2) });
      let length = 2;
      let answers = 100;
      for (const added of [1, 3, 0, 2]) {
        length += added;
        const committed = await store().commitLearner(key, record.revision, stateWith(length), attempt(++answers));
        expect(committed.status).to.equal('committed');
        record = committed.record;
      }
      const expected = stateWith(length);
      expect((await store().selectLearner(key))!.state).to.deep.equal(expected);
      expect(Object.keys((await store().selectLearner(key))!.state), 'keys keep their order').to.deep.equal(['step', 'history', 'after']);
      const listed = (await store().selectLearners(key)).find((r) => r.userId === key.userId)!;
      expect(listed.state).to.deep.equal(expected);
      const stale = await store().commitLearner(key, record.revision - 1, stateWith(length + 1), null);
      expect(stale.status).to.equal('conflict');
      expect(stale.record.state).to.deep.equal(expected);
      const retried = await store().commitLearner(key, record.revision, stateWith(length + 1), attempt(answers));
      expect(retried.status).to.equal('duplicate');
      expect(retried.record.state).to.deep.equal(expected);
    });

    it('refuses to commit for a learner that was never created', async () => {
      expect((await rejection(store().commitLearner(learnerKey('ghost'), 0, {}, null))).message).to.match(/learner/i);
    });

    it('streams thousands of attempts of one placement oldest first', async function () {
      this.timeout(120_000);
      const total = 2500;
      const users = ['u0', 'u1', 'u2', 'u3', 'u4'];
      const revisions = new Map<string, number>();
      for (const u of users) await store().ensureLearner(learnerKey(u), init);
      await store().ensureLearner(learnerKey('u0', 'link-2'), init);
      await store().commitLearner(learnerKey('u0', 'link-2'), 0, {}, attempt(0, { id: 'elsewhere', createdAt: T0 }));
      for (let i = 0; i < total; i++) {
        const user = users[i % users.length] as string;
        const revision = revisions.get(user) ?? 0;
        // Four attempts share each timestamp, so ties must come back in insertion order.
        const result = await store().commitLearner(learnerKey(user), revision, { i }, attempt(i, { createdAt: T0 + Math.floor(i / 4) }));
        expect(result.status).to.equal('committed');
        revisions.set(user, revision + 1);
      }

      const ids: string[] = [];
      for await (const a of store().iterateAttempts({ platformId: 'platform-1', contextId: 'course-1', resourceLinkId: 'link-1' })) {
        ids.push(a.id);
        // The store stays usable while a stream is open.
        if (ids.length % 700 === 0) expect(await store().selectLearner(learnerKey(a.userId))).to.not.equal(null);
      }
      expect(ids).to.deep.equal(Array.from({ length: total }, (_, i) => `attempt-${i}`));

      const firstThree: string[] = [];
      for await (const a of store().iterateAttempts({ platformId: 'platform-1', contextId: 'course-1', resourceLinkId: 'link-1' })) {
        firstThree.push(a.id);
        if (firstThree.length === 3) break;
      }
      expect(firstThree).to.deep.equal(['attempt-0', 'attempt-1', 'attempt-2']);
      const empty = store().iterateAttempts({ platformId: 'platform-1', contextId: 'course-9', resourceLinkId: 'link-1' });
      for await (const a of empty) expect.fail(`unexpected attempt ${a.id}`);
    });
  });
}
