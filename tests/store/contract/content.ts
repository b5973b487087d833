import { expect } from 'chai';
import { rejection, RICH_JSON, type CurrentStore } from './fixtures.js';

const placementKey = { platformId: 'platform-1', deploymentId: 'dep-1', contextId: 'course-1', resourceLinkId: 'link-1' };

export function contentContract(store: CurrentStore): void {
  describe('sequences and versions', () => {
    it('creates, lists and reads sequences within their platform only', async () => {
      const before = Date.now();
      const s = await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'Fractions', draft: RICH_JSON });
      expect(s).to.deep.include({ id: 'seq-1', platformId: 'platform-1', title: 'Fractions', draft: RICH_JSON });
      expect(s.createdAt).to.be.within(before, Date.now());
      expect(s.updatedAt).to.equal(s.createdAt);
      const other = await store().insertSequence({ id: 'seq-2', platformId: 'platform-2', title: 'Other', draft: {} });
      expect(await store().selectSequence('platform-1', 'seq-1')).to.deep.equal(s);
      expect(await store().selectSequence('platform-2', 'seq-1')).to.equal(null);
      expect(await store().selectSequences('platform-1')).to.deep.equal([s]);
      expect(await store().selectSequences('platform-2')).to.deep.equal([other]);
    });

    it('updates a draft within its platform only', async () => {
      const s = await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'Draft', draft: { steps: [] } });
      const updated = await store().updateSequenceDraft('platform-1', 'seq-1', 'Renamed', { steps: [{ id: 'a' }] });
      expect(updated).to.deep.include({ id: 'seq-1', title: 'Renamed', draft: { steps: [{ id: 'a' }] }, createdAt: s.createdAt });
      expect(updated?.updatedAt).to.be.at.least(s.updatedAt);
      expect(await store().selectSequence('platform-1', 'seq-1')).to.deep.equal(updated);
      expect(await store().updateSequenceDraft('platform-2', 'seq-1', 'Hijack', {})).to.equal(null);
      expect(await store().updateSequenceDraft('platform-1', 'missing', 'x', {})).to.equal(null);
    });

    it('numbers versions 1, 2, 3 and keeps their content immutable', async () => {
      await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'T', draft: { v: 'draft' } });
      const v1 = await store().insertSequenceVersion('seq-1', { v: 1, rich: RICH_JSON });
      const v2 = await store().insertSequenceVersion('seq-1', { v: 2 });
      await store().updateSequenceDraft('platform-1', 'seq-1', 'T', { v: 'changed' });
      const v3 = await store().insertSequenceVersion('seq-1', { v: 3 });
      expect([v1.version, v2.version, v3.version]).to.deep.equal([1, 2, 3]);
      expect(v1).to.deep.include({ sequenceId: 'seq-1', content: { v: 1, rich: RICH_JSON } });
      expect(await store().selectSequenceVersion('seq-1', 1)).to.deep.equal(v1);
      expect(await store().selectSequenceVersion('seq-1', 4)).to.equal(null);
      expect(await store().selectLatestSequenceVersion('seq-1')).to.deep.equal(v3);
      expect(await store().selectLatestSequenceVersion('missing')).to.equal(null);
      const listed = await store().selectSequenceVersions('seq-1');
      expect(listed).to.deep.equal([v1, v2, v3].map(({ sequenceId, version, publishedAt }) => ({ sequenceId, version, publishedAt })));
    });

    it('numbers concurrently published versions without gaps or repeats', async () => {
      await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'T', draft: {} });
      await store().insertSequence({ id: 'seq-2', platformId: 'platform-1', title: 'U', draft: {} });
      const published = await Promise.all(Array.from({ length: 8 }, (_, i) => store().insertSequenceVersion('seq-1', { i })));
      expect(published.map((v) => v.version).sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
      expect((await store().insertSequenceVersion('seq-2', {})).version).to.equal(1);
    });

    it('refuses a version of an unknown sequence', async () => {
      expect((await rejection(store().insertSequenceVersion('missing', {}))).message).to.match(/sequence/i);
    });

    it('places a sequence on a resource link, and re-points it keeping createdAt', async () => {
      await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'A', draft: {} });
      await store().insertSequence({ id: 'seq-2', platformId: 'platform-1', title: 'B', draft: {} });
      const first = await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-1' });
      expect(first).to.deep.include({ ...placementKey, sequenceId: 'seq-1' });
      const moved = await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-2' });
      expect(moved).to.deep.equal({ ...first, sequenceId: 'seq-2' });
      expect(await store().selectPlacement('platform-1', 'dep-1', 'course-1', 'link-1')).to.deep.equal(moved);
      expect(await store().selectPlacement('platform-1', 'dep-1', 'course-1', 'link-2')).to.equal(null);
      expect(await store().selectPlacement('platform-1', 'dep-2', 'course-1', 'link-1')).to.equal(null);
    });

    it('refuses to place an unknown sequence', async () => {
      expect((await rejection(store().upsertPlacement({ ...placementKey, sequenceId: 'missing' }))).message).to.match(/sequence/i);
    });

    it('deletes a never-published sequence with its placements, within its platform only', async () => {
      await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'A', draft: {} });
      await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-1' });
      expect(await store().deleteSequence('platform-2', 'seq-1')).to.equal(false);
      expect(await store().deleteSequence('platform-1', 'seq-1')).to.equal(true);
      expect(await store().deleteSequence('platform-1', 'seq-1')).to.equal(false);
      expect(await store().selectSequence('platform-1', 'seq-1')).to.equal(null);
      expect(await store().selectPlacement('platform-1', 'dep-1', 'course-1', 'link-1')).to.equal(null);
    });

    it('refuses to delete a published sequence, keeping its versions and placements', async () => {
      await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'A', draft: {} });
      const v1 = await store().insertSequenceVersion('seq-1', { v: 1 });
      const placed = await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-1' });
      expect((await rejection(store().deleteSequence('platform-1', 'seq-1'))).name).to.equal('StoreConflictError');
      expect(await store().selectSequenceVersion('seq-1', 1)).to.deep.equal(v1);
      expect(await store().selectPlacement('platform-1', 'dep-1', 'course-1', 'link-1')).to.deep.equal(placed);
    });

    it('archives a sequence: gone from the library, still readable with its versions and placements', async () => {
      const s = await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'A', draft: {} });
      expect(s.archivedAt).to.equal(null);
      const v1 = await store().insertSequenceVersion('seq-1', { v: 1 });
      const placed = await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-1' });
      expect(await store().archiveSequence('platform-2', 'seq-1', 1000)).to.equal(null);
      const archived = await store().archiveSequence('platform-1', 'seq-1', 1000);
      expect(archived).to.deep.equal({ ...s, archivedAt: 1000 });
      expect((await store().archiveSequence('platform-1', 'seq-1', 2000))?.archivedAt).to.equal(1000);
      expect(await store().selectSequences('platform-1')).to.deep.equal([]);
      expect(await store().selectSequence('platform-1', 'seq-1')).to.deep.equal(archived);
      expect(await store().selectSequenceVersion('seq-1', 1)).to.deep.equal(v1);
      expect(await store().selectPlacement('platform-1', 'dep-1', 'course-1', 'link-1')).to.deep.equal(placed);
    });

    it('restores an archived sequence as it was, within its platform only', async () => {
      const s = await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'A', draft: RICH_JSON });
      const v1 = await store().insertSequenceVersion('seq-1', { v: 1 });
      const placed = await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-1' });
      const archived = await store().archiveSequence('platform-1', 'seq-1', 1000);
      expect(await store().restoreSequence('platform-2', 'seq-1')).to.equal(null);
      expect(await store().selectSequence('platform-1', 'seq-1')).to.deep.equal(archived);
      const restored = await store().restoreSequence('platform-1', 'seq-1');
      expect(restored).to.deep.equal(s);
      expect(await store().selectSequences('platform-1')).to.deep.equal([s]);
      expect(await store().selectArchivedSequences('platform-1')).to.deep.equal([]);
      expect(await store().selectSequenceVersion('seq-1', 1)).to.deep.equal(v1);
      expect(await store().selectPlacement('platform-1', 'dep-1', 'course-1', 'link-1')).to.deep.equal(placed);
      // Not archived (any more): nothing changes. Unknown: null.
      expect(await store().restoreSequence('platform-1', 'seq-1')).to.deep.equal(s);
      expect(await store().restoreSequence('platform-1', 'missing')).to.equal(null);
      // Archived again, it takes the new time.
      expect((await store().archiveSequence('platform-1', 'seq-1', 3000))?.archivedAt).to.equal(3000);
    });

    it('lists the archived sequences of a platform, most recently archived first', async () => {
      for (const [id, platformId] of [['seq-1', 'platform-1'], ['seq-2', 'platform-1'], ['seq-3', 'platform-1'], ['seq-4', 'platform-2']] as const) {
        await store().insertSequence({ id, platformId, title: id, draft: {} });
      }
      expect(await store().selectArchivedSequences('platform-1')).to.deep.equal([]);
      await store().archiveSequence('platform-1', 'seq-1', 1000);
      await store().archiveSequence('platform-1', 'seq-2', 2000);
      await store().archiveSequence('platform-2', 'seq-4', 1500);
      const listed = await store().selectArchivedSequences('platform-1');
      expect(listed.map((s) => [s.id, s.archivedAt])).to.deep.equal([['seq-2', 2000], ['seq-1', 1000]]);
      expect(listed[0]).to.deep.equal(await store().selectSequence('platform-1', 'seq-2'));
      expect((await store().selectArchivedSequences('platform-2')).map((s) => s.id)).to.deep.equal(['seq-4']);
      expect((await store().selectSequences('platform-1')).map((s) => s.id)).to.deep.equal(['seq-3']);
    });

    it('keeps the titles of a placed link, and those it had when a later placement names none', async () => {
      await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'A', draft: {} });
      await store().insertSequence({ id: 'seq-2', platformId: 'platform-1', title: 'B', draft: {} });
      const untitled = await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-1' });
      expect(untitled).to.deep.include({ contextTitle: null, resourceLinkTitle: null });
      const titled = await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-1', contextTitle: 'Math 7', resourceLinkTitle: 'Adding fractions' });
      expect(titled).to.deep.include({ contextTitle: 'Math 7', resourceLinkTitle: 'Adding fractions', createdAt: untitled.createdAt });
      const moved = await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-2' });
      expect(moved).to.deep.equal({ ...titled, sequenceId: 'seq-2' });
    });

    it('says where a sequence is placed or has learners, with the links’ titles, within its platform', async () => {
      const state = { sequenceId: 'seq-1', version: 1, state: {} };
      await store().insertSequence({ id: 'seq-1', platformId: 'platform-1', title: 'A', draft: {} });
      await store().insertSequence({ id: 'seq-2', platformId: 'platform-1', title: 'B', draft: {} });
      expect(await store().selectSequenceUse('platform-1', 'seq-1')).to.deep.equal([]);
      // link-1: placed, two learners; link-2: re-pointed to seq-2, one learner left on seq-1; link-3: placed, nobody yet.
      await store().upsertPlacement({ ...placementKey, sequenceId: 'seq-1', contextTitle: 'Math 7', resourceLinkTitle: 'Adding' });
      await store().upsertPlacement({ ...placementKey, resourceLinkId: 'link-2', sequenceId: 'seq-2', contextTitle: 'Math 7', resourceLinkTitle: 'Comparing' });
      await store().upsertPlacement({ ...placementKey, contextId: 'course-2', resourceLinkId: 'link-3', sequenceId: 'seq-1' });
      const learner = (resourceLinkId: string, userId: string) => ({ platformId: 'platform-1', contextId: 'course-1', resourceLinkId, userId });
      await store().ensureLearner(learner('link-1', 'u1'), state);
      await store().ensureLearner(learner('link-1', 'u2'), state);
      await store().ensureLearner(learner('link-2', 'u1'), state);
      await store().ensureLearner(learner('link-2', 'u3'), { ...state, sequenceId: 'seq-2' });
      await store().ensureLearner({ ...learner('link-1', 'u9'), platformId: 'platform-2' }, state);
      expect(await store().selectSequenceUse('platform-1', 'seq-1')).to.deep.equal([
        { contextId: 'course-1', resourceLinkId: 'link-1', contextTitle: 'Math 7', resourceLinkTitle: 'Adding', placed: true, learners: 2 },
        { contextId: 'course-1', resourceLinkId: 'link-2', contextTitle: 'Math 7', resourceLinkTitle: 'Comparing', placed: false, learners: 1 },
        { contextId: 'course-2', resourceLinkId: 'link-3', contextTitle: null, resourceLinkTitle: null, placed: true, learners: 0 },
      ]);
      expect(await store().selectSequenceUse('platform-2', 'seq-2')).to.deep.equal([]);
    });
  });
}
