import { mergeSequenceUse } from '../sequence-use.js';
import { StoreConflictError, type ContentRepo, type JsonObject, type Placement, type Sequence, type SequenceVersion } from '../types.js';
import { fromJson, toJson, withConflict, withParent, type Db } from './sql.js';

interface SequenceRow {
  id: string;
  platform_id: string;
  title: string;
  draft: string;
  created_at: number;
  updated_at: number;
  archived_at: number | null;
}

interface VersionRow {
  sequence_id: string;
  version: number;
  content: string;
  published_at: number;
}

interface PlacementRow {
  platform_id: string;
  deployment_id: string;
  context_id: string;
  resource_link_id: string;
  sequence_id: string;
  context_title: string | null;
  resource_link_title: string | null;
  created_at: number;
}

function toSequence(r: SequenceRow): Sequence {
  return {
    id: r.id,
    platformId: r.platform_id,
    title: r.title,
    draft: fromJson<JsonObject>(r.draft),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at,
  };
}

function toVersion(r: VersionRow): SequenceVersion {
  return { sequenceId: r.sequence_id, version: r.version, content: fromJson<JsonObject>(r.content), publishedAt: r.published_at };
}

function toPlacement(r: PlacementRow): Placement {
  return {
    platformId: r.platform_id,
    deploymentId: r.deployment_id,
    contextId: r.context_id,
    resourceLinkId: r.resource_link_id,
    sequenceId: r.sequence_id,
    contextTitle: r.context_title,
    resourceLinkTitle: r.resource_link_title,
    createdAt: r.created_at,
  };
}

export function contentRepo(db: Db): ContentRepo {
  const insertSequence = db.prepare<SequenceRow>(
    `INSERT INTO sequences (id, platform_id, title, draft, created_at, updated_at, archived_at)
     VALUES (@id, @platform_id, @title, @draft, @created_at, @updated_at, @archived_at)`,
  );
  const sequence = db.prepare<[string, string], SequenceRow>('SELECT * FROM sequences WHERE platform_id = ? AND id = ?');
  const sequences = db.prepare<[string], SequenceRow>('SELECT * FROM sequences WHERE platform_id = ? AND archived_at IS NULL ORDER BY created_at, rowid');
  const updateDraft = db.prepare<[string, string, number, string, string], SequenceRow>(
    'UPDATE sequences SET title = ?, draft = ?, updated_at = ? WHERE platform_id = ? AND id = ? RETURNING *',
  );
  // The condition sits in the DELETE itself, so a version published meanwhile cannot be cascaded away.
  const removeSequence = db.prepare<[string, string]>(
    'DELETE FROM sequences WHERE platform_id = ? AND id = ? AND NOT EXISTS (SELECT 1 FROM sequence_versions v WHERE v.sequence_id = sequences.id)',
  );
  const archive = db.prepare<[number, string, string], SequenceRow>(
    'UPDATE sequences SET archived_at = COALESCE(archived_at, ?) WHERE platform_id = ? AND id = ? RETURNING *',
  );
  const archived = db.prepare<[string], SequenceRow>(
    'SELECT * FROM sequences WHERE platform_id = ? AND archived_at IS NOT NULL ORDER BY archived_at DESC, rowid DESC',
  );
  const restore = db.prepare<[string, string], SequenceRow>('UPDATE sequences SET archived_at = NULL WHERE platform_id = ? AND id = ? RETURNING *');
  const placedLinks = db.prepare<[string, string], PlacementRow>('SELECT * FROM placements WHERE platform_id = ? AND sequence_id = ? ORDER BY created_at');
  const learnersAt = db.prepare<[string, string], { context_id: string; resource_link_id: string; n: number }>(
    'SELECT context_id, resource_link_id, COUNT(*) AS n FROM learners WHERE platform_id = ? AND sequence_id = ? GROUP BY context_id, resource_link_id',
  );
  const linkTitles = db.prepare<[string, string, string], Pick<PlacementRow, 'context_title' | 'resource_link_title'>>(
    'SELECT context_title, resource_link_title FROM placements WHERE platform_id = ? AND context_id = ? AND resource_link_id = ? ORDER BY created_at LIMIT 1',
  );

  // MAX+1 inside the INSERT itself: the write lock makes numbering atomic without a read-then-write race.
  const insertVersion = db.prepare<[string, string, number, string], VersionRow>(
    `INSERT INTO sequence_versions (sequence_id, version, content, published_at)
     SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ? FROM sequence_versions WHERE sequence_id = ?
     RETURNING *`,
  );
  const version = db.prepare<[string, number], VersionRow>('SELECT * FROM sequence_versions WHERE sequence_id = ? AND version = ?');
  const latest = db.prepare<[string], VersionRow>('SELECT * FROM sequence_versions WHERE sequence_id = ? ORDER BY version DESC LIMIT 1');
  const versions = db.prepare<[string], Omit<VersionRow, 'content'>>(
    'SELECT sequence_id, version, published_at FROM sequence_versions WHERE sequence_id = ? ORDER BY version',
  );

  // The first placement's createdAt is kept: re-pointing a link is an edit, not a new placement.
  const upsertPlacement = db.prepare<PlacementRow, PlacementRow>(
    `INSERT INTO placements (platform_id, deployment_id, context_id, resource_link_id, sequence_id, context_title, resource_link_title, created_at)
     VALUES (@platform_id, @deployment_id, @context_id, @resource_link_id, @sequence_id, @context_title, @resource_link_title, @created_at)
     ON CONFLICT DO UPDATE SET sequence_id = excluded.sequence_id,
       context_title = COALESCE(excluded.context_title, context_title),
       resource_link_title = COALESCE(excluded.resource_link_title, resource_link_title)
     RETURNING *`,
  );
  const placement = db.prepare<[string, string, string, string], PlacementRow>(
    'SELECT * FROM placements WHERE platform_id = ? AND deployment_id = ? AND context_id = ? AND resource_link_id = ?',
  );

  return {
    async insertSequence(s) {
      const now = Date.now();
      const row: SequenceRow = { id: s.id, platform_id: s.platformId, title: s.title, draft: toJson(s.draft), created_at: now, updated_at: now, archived_at: null };
      withConflict(`Sequence ${s.id} already exists`, () => insertSequence.run(row));
      return toSequence(row);
    },
    async selectSequence(platformId, id) {
      const row = sequence.get(platformId, id);
      return row ? toSequence(row) : null;
    },
    async selectSequences(platformId) {
      return sequences.all(platformId).map(toSequence);
    },
    async updateSequenceDraft(platformId, id, title, draft) {
      const row = updateDraft.get(title, toJson(draft), Date.now(), platformId, id);
      return row ? toSequence(row) : null;
    },
    async deleteSequence(platformId, id) {
      if (removeSequence.run(platformId, id).changes > 0) return true;
      if (sequence.get(platformId, id) === undefined) return false;
      throw new StoreConflictError(`Sequence ${id} has published versions: archive it instead`);
    },
    async archiveSequence(platformId, id, at) {
      const row = archive.get(at, platformId, id);
      return row ? toSequence(row) : null;
    },
    async selectArchivedSequences(platformId) {
      return archived.all(platformId).map(toSequence);
    },
    async restoreSequence(platformId, id) {
      const row = restore.get(platformId, id);
      return row ? toSequence(row) : null;
    },
    async selectSequenceUse(platformId, sequenceId) {
      const placed = placedLinks.all(platformId, sequenceId).map((r) => ({
        contextId: r.context_id,
        resourceLinkId: r.resource_link_id,
        contextTitle: r.context_title,
        resourceLinkTitle: r.resource_link_title,
      }));
      const learners = learnersAt.all(platformId, sequenceId).map((r) => ({ contextId: r.context_id, resourceLinkId: r.resource_link_id, learners: r.n }));
      return mergeSequenceUse(placed, learners, async (contextId, resourceLinkId) => {
        const row = linkTitles.get(platformId, contextId, resourceLinkId);
        return row ? { contextTitle: row.context_title, resourceLinkTitle: row.resource_link_title } : null;
      });
    },
    async insertSequenceVersion(sequenceId, content) {
      const row = withParent(`Unknown sequence ${sequenceId}`, () => insertVersion.get(sequenceId, toJson(content), Date.now(), sequenceId));
      if (!row) throw new Error(`Publishing sequence ${sequenceId} returned no version`);
      return toVersion(row);
    },
    async selectSequenceVersion(sequenceId, v) {
      const row = version.get(sequenceId, v);
      return row ? toVersion(row) : null;
    },
    async selectLatestSequenceVersion(sequenceId) {
      const row = latest.get(sequenceId);
      return row ? toVersion(row) : null;
    },
    async selectSequenceVersions(sequenceId) {
      return versions.all(sequenceId).map((r) => ({ sequenceId: r.sequence_id, version: r.version, publishedAt: r.published_at }));
    },
    async upsertPlacement(p) {
      const row = withParent(`Unknown sequence ${p.sequenceId}`, () =>
        upsertPlacement.get({
          platform_id: p.platformId,
          deployment_id: p.deploymentId,
          context_id: p.contextId,
          resource_link_id: p.resourceLinkId,
          sequence_id: p.sequenceId,
          context_title: p.contextTitle ?? null,
          resource_link_title: p.resourceLinkTitle ?? null,
          created_at: Date.now(),
        }),
      );
      if (!row) throw new Error('Placing the sequence returned no row');
      return toPlacement(row);
    },
    async selectPlacement(platformId, deploymentId, contextId, resourceLinkId) {
      const row = placement.get(platformId, deploymentId, contextId, resourceLinkId);
      return row ? toPlacement(row) : null;
    },
  };
}
