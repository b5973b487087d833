import type { LearnerScope, Note, NoteRepo, PlacementScope, RosterMember, RosterRepo, RosterSnapshot } from '../types.js';
import type { Models, NoteDoc, RosterDoc } from './models.js';
import { conflictOnDuplicate } from './shared.js';

/** Built field by field so nothing but the scope ever reaches a filter. */
function scopeFilter(s: PlacementScope): PlacementScope {
  return { platformId: s.platformId, deploymentId: s.deploymentId, contextId: s.contextId, resourceLinkId: s.resourceLinkId };
}

function learnerFilter(s: LearnerScope): LearnerScope {
  return { ...scopeFilter(s), userId: s.userId };
}

function toSnapshot(d: RosterDoc): RosterSnapshot {
  return {
    ...scopeFilter(d),
    members: JSON.parse(d.members) as RosterMember[],
    refreshedAt: d.refreshedAt,
    failure: d.failureAt === null ? null : { at: d.failureAt, reason: d.failureReason ?? '' },
  };
}

function toNote(d: NoteDoc): Note {
  return {
    ...scopeFilter(d),
    id: d.id,
    userId: d.userId,
    authorId: d.authorId,
    authorName: d.authorName,
    body: d.body,
    createdAt: d.createdAt,
    readAt: d.readAt,
  };
}

export function rosterRepo(m: Models): RosterRepo {
  return {
    async saveRoster(scope, members, refreshedAt) {
      // One document per placement, replaced in one write: a refresh is atomic without a transaction.
      const d = await m.rosters
        .findOneAndUpdate(
          scopeFilter(scope),
          { $set: { members: JSON.stringify(members), refreshedAt, failureAt: null, failureReason: null } },
          { upsert: true, new: true },
        )
        .lean<RosterDoc>();
      if (!d) throw new Error('Saving the roster returned no document');
      return toSnapshot(d);
    },
    async recordRosterFailure(scope, reason, at) {
      const d = await m.rosters
        .findOneAndUpdate(
          scopeFilter(scope),
          { $set: { failureAt: at, failureReason: reason }, $setOnInsert: { members: '[]', refreshedAt: null } },
          { upsert: true, new: true },
        )
        .lean<RosterDoc>();
      if (!d) throw new Error('Recording the roster failure returned no document');
      return toSnapshot(d);
    },
    async selectRoster(scope) {
      const d = await m.rosters.findOne(scopeFilter(scope)).lean<RosterDoc>();
      return d ? toSnapshot(d) : null;
    },
  };
}

export function noteRepo(m: Models): NoteRepo {
  return {
    async insertNote(note) {
      const created: Note = {
        ...scopeFilter(note),
        id: note.id,
        userId: note.userId,
        authorId: note.authorId,
        authorName: note.authorName,
        body: note.body,
        createdAt: note.createdAt,
        readAt: null,
      };
      await conflictOnDuplicate(`A note with id ${note.id} exists already`, () => m.notes.create(created));
      return created;
    },
    async selectNotes(scope) {
      const docs = await m.notes.find(learnerFilter(scope)).sort({ createdAt: -1, _id: -1 }).lean<NoteDoc[]>();
      return docs.map(toNote);
    },
    async selectUnreadNotes(scope) {
      const docs = await m.notes.find({ ...learnerFilter(scope), readAt: null }).sort({ createdAt: 1, _id: 1 }).lean<NoteDoc[]>();
      return docs.map(toNote);
    },
    async markNotesRead(scope, ids, at) {
      const marked: string[] = [];
      // One conditional write per note: whoever flips readAt from null owns it, whatever the race.
      for (const id of new Set(ids)) {
        const d = await m.notes.findOneAndUpdate({ ...learnerFilter(scope), id, readAt: null }, { $set: { readAt: at } }).lean<NoteDoc>();
        if (d) marked.push(id);
      }
      return marked;
    },
  };
}
