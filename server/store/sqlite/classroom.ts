import type { LearnerScope, Note, NoteRepo, PlacementScope, RosterMember, RosterRepo, RosterSnapshot } from '../types.js';
import { fromJson, withConflict, type Db } from './sql.js';

interface ScopeRow {
  platform_id: string;
  deployment_id: string;
  context_id: string;
  resource_link_id: string;
}

interface RosterRow extends ScopeRow {
  members: string;
  refreshed_at: number | null;
  failure_at: number | null;
  failure_reason: string | null;
}

interface NoteRow extends ScopeRow {
  id: string;
  user_id: string;
  author_id: string;
  author_name: string | null;
  body: string;
  created_at: number;
  read_at: number | null;
}

function scopeRow(s: PlacementScope): ScopeRow {
  return { platform_id: s.platformId, deployment_id: s.deploymentId, context_id: s.contextId, resource_link_id: s.resourceLinkId };
}

function toScope(r: ScopeRow): PlacementScope {
  return { platformId: r.platform_id, deploymentId: r.deployment_id, contextId: r.context_id, resourceLinkId: r.resource_link_id };
}

function toSnapshot(r: RosterRow): RosterSnapshot {
  return {
    ...toScope(r),
    // RosterMember is an interface without an index signature, so it is not assignable to Json as such.
    members: fromJson(r.members) as unknown as RosterMember[],
    refreshedAt: r.refreshed_at,
    failure: r.failure_at === null ? null : { at: r.failure_at, reason: r.failure_reason ?? '' },
  };
}

function toNote(r: NoteRow): Note {
  return {
    ...toScope(r),
    id: r.id,
    userId: r.user_id,
    authorId: r.author_id,
    authorName: r.author_name,
    body: r.body,
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}

const BY_SCOPE = 'platform_id = @platform_id AND deployment_id = @deployment_id AND context_id = @context_id AND resource_link_id = @resource_link_id';
const BY_LEARNER = `${BY_SCOPE} AND user_id = @user_id`;

export function rosterRepo(db: Db): RosterRepo {
  const save = db.prepare<ScopeRow & { members: string; refreshed_at: number }, RosterRow>(
    `INSERT INTO rosters (platform_id, deployment_id, context_id, resource_link_id, members, refreshed_at, failure_at, failure_reason)
     VALUES (@platform_id, @deployment_id, @context_id, @resource_link_id, @members, @refreshed_at, NULL, NULL)
     ON CONFLICT (platform_id, deployment_id, context_id, resource_link_id) DO UPDATE SET
       members = excluded.members, refreshed_at = excluded.refreshed_at, failure_at = NULL, failure_reason = NULL
     RETURNING *`,
  );
  const fail = db.prepare<ScopeRow & { at: number; reason: string }, RosterRow>(
    `INSERT INTO rosters (platform_id, deployment_id, context_id, resource_link_id, members, refreshed_at, failure_at, failure_reason)
     VALUES (@platform_id, @deployment_id, @context_id, @resource_link_id, '[]', NULL, @at, @reason)
     ON CONFLICT (platform_id, deployment_id, context_id, resource_link_id) DO UPDATE SET
       failure_at = excluded.failure_at, failure_reason = excluded.failure_reason
     RETURNING *`,
  );
  const select = db.prepare<ScopeRow, RosterRow>(`SELECT * FROM rosters WHERE ${BY_SCOPE}`);

  return {
    async saveRoster(scope, members, refreshedAt) {
      const row = save.get({ ...scopeRow(scope), members: JSON.stringify(members), refreshed_at: refreshedAt });
      if (!row) throw new Error('Saving the roster returned no row');
      return toSnapshot(row);
    },
    async recordRosterFailure(scope, reason, at) {
      const row = fail.get({ ...scopeRow(scope), at, reason });
      if (!row) throw new Error('Recording the roster failure returned no row');
      return toSnapshot(row);
    },
    async selectRoster(scope) {
      const row = select.get(scopeRow(scope));
      return row ? toSnapshot(row) : null;
    },
  };
}

export function noteRepo(db: Db): NoteRepo {
  const insert = db.prepare<NoteRow>(
    `INSERT INTO notes (id, platform_id, deployment_id, context_id, resource_link_id, user_id, author_id, author_name, body, created_at, read_at)
     VALUES (@id, @platform_id, @deployment_id, @context_id, @resource_link_id, @user_id, @author_id, @author_name, @body, @created_at, @read_at)`,
  );
  const all = db.prepare<ScopeRow & { user_id: string }, NoteRow>(`SELECT * FROM notes WHERE ${BY_LEARNER} ORDER BY created_at DESC, rowid DESC`);
  const unread = db.prepare<ScopeRow & { user_id: string }, NoteRow>(
    `SELECT * FROM notes WHERE ${BY_LEARNER} AND read_at IS NULL ORDER BY created_at, rowid`,
  );
  // The scope and `read_at IS NULL` in one statement: a note is claimed by exactly one caller, and never across learners.
  const mark = db.prepare<ScopeRow & { user_id: string; id: string; at: number }, { id: string }>(
    `UPDATE notes SET read_at = @at WHERE id = @id AND ${BY_LEARNER} AND read_at IS NULL RETURNING id`,
  );
  const markAll = db.transaction((scope: ScopeRow & { user_id: string }, ids: readonly string[], at: number): string[] =>
    [...new Set(ids)].flatMap((id) => mark.all({ ...scope, id, at }).map((r) => r.id)),
  );
  const learnerRow = (s: LearnerScope) => ({ ...scopeRow(s), user_id: s.userId });

  return {
    async insertNote(note) {
      const created: Note = {
        ...toScope(scopeRow(note)),
        id: note.id,
        userId: note.userId,
        authorId: note.authorId,
        authorName: note.authorName,
        body: note.body,
        createdAt: note.createdAt,
        readAt: null,
      };
      withConflict(`A note with id ${note.id} exists already`, () => insert.run({
        ...scopeRow(created),
        id: created.id,
        user_id: created.userId,
        author_id: created.authorId,
        author_name: created.authorName,
        body: created.body,
        created_at: created.createdAt,
        read_at: null,
      }));
      return created;
    },
    async selectNotes(scope) {
      return all.all(learnerRow(scope)).map(toNote);
    },
    async selectUnreadNotes(scope) {
      return unread.all(learnerRow(scope)).map(toNote);
    },
    async markNotesRead(scope, ids, at) {
      if (ids.length === 0) return [];
      return markAll.immediate(learnerRow(scope), ids, at);
    },
  };
}
