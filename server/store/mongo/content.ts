import { mergeSequenceUse } from '../sequence-use.js';
import { StoreConflictError, type ContentRepo, type JsonObject, type Placement, type Sequence, type SequenceVersion } from '../types.js';
import type { Models, SequenceDoc, VersionDoc } from './models.js';
import { conflictOnDuplicate, fromJson, isDuplicateKey, toJson, type Atomic } from './shared.js';

function toSequence(d: SequenceDoc): Sequence {
  return {
    id: d.id,
    platformId: d.platformId,
    title: d.title,
    draft: fromJson<JsonObject>(d.draft),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    // Documents written before archiving existed have no field.
    archivedAt: d.archivedAt ?? null,
  };
}

function toVersion(d: VersionDoc): SequenceVersion {
  return { sequenceId: d.sequenceId, version: d.version, content: fromJson<JsonObject>(d.content), publishedAt: d.publishedAt };
}

function toPlacement(d: Placement): Placement {
  return {
    platformId: d.platformId,
    deploymentId: d.deploymentId,
    contextId: d.contextId,
    resourceLinkId: d.resourceLinkId,
    sequenceId: d.sequenceId,
    contextTitle: d.contextTitle ?? null,
    resourceLinkTitle: d.resourceLinkTitle ?? null,
    createdAt: d.createdAt,
  };
}

export function contentRepo(m: Models, atomic: Atomic): ContentRepo {
  /** MongoDB has no foreign keys; versions and placements of a missing sequence are refused here, as SQLite does. */
  async function requireSequence(id: string): Promise<void> {
    if (!(await m.sequences.exists({ id }))) throw new Error(`Unknown sequence ${id}`);
  }

  return {
    async insertSequence(s) {
      const now = Date.now();
      const doc: SequenceDoc = { id: s.id, platformId: s.platformId, title: s.title, draft: toJson(s.draft), createdAt: now, updatedAt: now, archivedAt: null };
      await conflictOnDuplicate(`Sequence ${s.id} already exists`, () => m.sequences.create(doc));
      return toSequence(doc);
    },
    async selectSequence(platformId, id) {
      const d = await m.sequences.findOne({ platformId, id }).lean<SequenceDoc>();
      return d ? toSequence(d) : null;
    },
    async selectSequences(platformId) {
      return (await m.sequences.find({ platformId, archivedAt: null }).sort({ createdAt: 1, _id: 1 }).lean<SequenceDoc[]>()).map(toSequence);
    },
    async updateSequenceDraft(platformId, id, title, draft) {
      const d = await m.sequences
        .findOneAndUpdate({ platformId, id }, { $set: { title, draft: toJson(draft), updatedAt: Date.now() } }, { new: true })
        .lean<SequenceDoc>();
      return d ? toSequence(d) : null;
    },
    async deleteSequence(platformId, id) {
      return atomic(async (session) => {
        if (!(await m.sequences.exists({ platformId, id }).session(session ?? null))) return false;
        // Without transactions a version published between this check and the delete
        // would be left without its sequence, never deleted: still readable by pinned learners.
        if (await m.versions.exists({ sequenceId: id }).session(session ?? null)) {
          throw new StoreConflictError(`Sequence ${id} has published versions: archive it instead`);
        }
        const removed = await m.sequences.deleteOne({ platformId, id }, { session });
        if (removed.deletedCount === 0) return false;
        await m.placements.deleteMany({ sequenceId: id }, { session });
        return true;
      });
    },
    async archiveSequence(platformId, id, at) {
      // Archiving twice keeps the first time: the filter only matches a sequence not yet archived.
      await m.sequences.updateOne({ platformId, id, archivedAt: null }, { $set: { archivedAt: at } });
      const d = await m.sequences.findOne({ platformId, id }).lean<SequenceDoc>();
      return d ? toSequence(d) : null;
    },
    async selectArchivedSequences(platformId) {
      // $ne: null also leaves out documents written before archiving existed, which have no field.
      const docs = await m.sequences.find({ platformId, archivedAt: { $ne: null } }).sort({ archivedAt: -1, _id: -1 }).lean<SequenceDoc[]>();
      return docs.map(toSequence);
    },
    async restoreSequence(platformId, id) {
      const d = await m.sequences.findOneAndUpdate({ platformId, id }, { $set: { archivedAt: null } }, { new: true }).lean<SequenceDoc>();
      return d ? toSequence(d) : null;
    },
    async selectSequenceUse(platformId, sequenceId) {
      const placed = await m.placements.find({ platformId, sequenceId }).sort({ createdAt: 1 }).lean<Placement[]>();
      const counts = await m.learners.aggregate<{ _id: { contextId: string; resourceLinkId: string }; n: number }>([
        { $match: { platformId, sequenceId } },
        { $group: { _id: { contextId: '$contextId', resourceLinkId: '$resourceLinkId' }, n: { $sum: 1 } } },
      ]);
      return mergeSequenceUse(
        placed.map(toPlacement),
        counts.map((c) => ({ contextId: c._id.contextId, resourceLinkId: c._id.resourceLinkId, learners: c.n })),
        async (contextId, resourceLinkId) => {
          const d = await m.placements.findOne({ platformId, contextId, resourceLinkId }).sort({ createdAt: 1 }).lean<Placement>();
          return d ? { contextTitle: d.contextTitle ?? null, resourceLinkTitle: d.resourceLinkTitle ?? null } : null;
        },
      );
    },
    async insertSequenceVersion(sequenceId, content) {
      await requireSequence(sequenceId);
      // Optimistic numbering under the unique (sequenceId, version) index. Each lost race
      // means another publisher's version landed, so the loop ends once publishing stops.
      for (;;) {
        const latest = await m.versions.findOne({ sequenceId }, { version: 1 }).sort({ version: -1 }).lean<Pick<VersionDoc, 'version'>>();
        const doc: VersionDoc = { sequenceId, version: (latest?.version ?? 0) + 1, content: toJson(content), publishedAt: Date.now() };
        try {
          await m.versions.create(doc);
          return toVersion(doc);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    },
    async selectSequenceVersion(sequenceId, version) {
      const d = await m.versions.findOne({ sequenceId, version }).lean<VersionDoc>();
      return d ? toVersion(d) : null;
    },
    async selectLatestSequenceVersion(sequenceId) {
      const d = await m.versions.findOne({ sequenceId }).sort({ version: -1 }).lean<VersionDoc>();
      return d ? toVersion(d) : null;
    },
    async selectSequenceVersions(sequenceId) {
      const docs = await m.versions
        .find({ sequenceId }, { sequenceId: 1, version: 1, publishedAt: 1 })
        .sort({ version: 1 })
        .lean<Array<Omit<VersionDoc, 'content'>>>();
      return docs.map((d) => ({ sequenceId: d.sequenceId, version: d.version, publishedAt: d.publishedAt }));
    },
    async upsertPlacement(p) {
      await requireSequence(p.sequenceId);
      const key = { platformId: p.platformId, deploymentId: p.deploymentId, contextId: p.contextId, resourceLinkId: p.resourceLinkId };
      // The first placement's createdAt is kept: re-pointing a link is an edit, not a new placement.
      const titles = { contextTitle: p.contextTitle ?? null, resourceLinkTitle: p.resourceLinkTitle ?? null };
      // Titles left out keep the stored ones, as in SQLite's COALESCE.
      const set = { sequenceId: p.sequenceId, ...Object.fromEntries(Object.entries(titles).filter(([, v]) => v !== null)) };
      const onInsert = { createdAt: Date.now(), ...Object.fromEntries(Object.entries(titles).filter(([, v]) => v === null)) };
      const d = await m.placements
        .findOneAndUpdate(key, { $set: set, $setOnInsert: onInsert }, { upsert: true, new: true })
        .lean<Placement>();
      if (!d) throw new Error('Placing the sequence returned no document');
      return toPlacement(d);
    },
    async selectPlacement(platformId, deploymentId, contextId, resourceLinkId) {
      const d = await m.placements.findOne({ platformId, deploymentId, contextId, resourceLinkId }).lean<Placement>();
      return d ? toPlacement(d) : null;
    },
  };
}
