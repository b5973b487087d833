import { expect } from 'chai';
import type { LearnerScope, Note, PlacementScope, RosterMember } from '../../../server/store/types.js';
import { rejection, T0, type CurrentStore } from './fixtures.js';

const placement = (overrides: Partial<PlacementScope> = {}): PlacementScope => ({
  platformId: 'platform-1',
  deploymentId: 'deployment-1',
  contextId: 'course-1',
  resourceLinkId: 'link-1',
  ...overrides,
});

const learnerOf = (userId: string, overrides: Partial<PlacementScope> = {}): LearnerScope => ({ ...placement(overrides), userId });

const member = (userId: string, overrides: Partial<RosterMember> = {}): RosterMember => ({
  userId,
  name: 'Zoë O’Brien-Ñúñez',
  email: `${userId}@example.edu`,
  roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
  status: 'Active',
  ...overrides,
});

function note(n: number, overrides: Partial<Omit<Note, 'readAt'>> = {}): Omit<Note, 'readAt'> {
  return {
    ...learnerOf('learner-1'),
    id: `note-${n}`,
    authorId: 'teacher-1',
    authorName: 'Ms Rivera',
    body: `Note ${n}: <b>"keep going"</b> 🚀\nline two`,
    createdAt: T0 + n,
    ...overrides,
  };
}

/** The other placements a scope must never reach: each differs from placement() in one id. */
const NEIGHBOURS: PlacementScope[] = [
  placement({ platformId: 'platform-2' }),
  placement({ deploymentId: 'deployment-2' }),
  placement({ contextId: 'course-2' }),
  placement({ resourceLinkId: 'link-2' }),
];

export function classroomContract(store: CurrentStore): void {
  describe('class rosters', () => {
    it('has no roster until one is saved', async () => {
      expect(await store().selectRoster(placement())).to.equal(null);
    });

    it('saves, returns and replaces a placement’s roster as a whole', async () => {
      const first = await store().saveRoster(placement(), [member('a'), member('b', { name: null, email: null, roles: [], status: 'Inactive' })], T0);
      expect(first).to.deep.equal({ ...placement(), members: [member('a'), member('b', { name: null, email: null, roles: [], status: 'Inactive' })], refreshedAt: T0, failure: null });
      expect(await store().selectRoster(placement())).to.deep.equal(first);

      const second = await store().saveRoster(placement(), [member('c')], T0 + 10);
      expect(second.members.map((m) => m.userId)).to.deep.equal(['c']);
      expect(second.refreshedAt).to.equal(T0 + 10);
    });

    it('records a failure and keeps the members fetched before; the next success clears it', async () => {
      await store().saveRoster(placement(), [member('a')], T0);
      const failed = await store().recordRosterFailure(placement(), 'HTTP 503: server_error', T0 + 5);
      expect(failed).to.deep.equal({ ...placement(), members: [member('a')], refreshedAt: T0, failure: { at: T0 + 5, reason: 'HTTP 503: server_error' } });
      expect(await store().selectRoster(placement())).to.deep.equal(failed);
      const recovered = await store().saveRoster(placement(), [member('a'), member('b')], T0 + 9);
      expect(recovered.failure).to.equal(null);
      expect(recovered.members).to.have.length(2);
    });

    it('records a failure before any roster was saved', async () => {
      const failed = await store().recordRosterFailure(placement(), 'no NRPS claim', T0);
      expect(failed).to.deep.equal({ ...placement(), members: [], refreshedAt: null, failure: { at: T0, reason: 'no NRPS claim' } });
    });

    it('keeps every placement’s roster apart', async () => {
      await store().saveRoster(placement(), [member('mine')], T0);
      for (const other of NEIGHBOURS) expect(await store().selectRoster(other), JSON.stringify(other)).to.equal(null);
      await store().saveRoster(placement({ contextId: 'course-2' }), [member('theirs')], T0);
      expect((await store().selectRoster(placement()))?.members.map((m) => m.userId)).to.deep.equal(['mine']);
    });

    it('uses only the four ids of the scope it is given', async () => {
      const wide = { ...placement(), userId: 'someone', extra: { $ne: null } } as PlacementScope;
      await store().saveRoster(wide, [member('a')], T0);
      expect(await store().selectRoster(placement())).to.deep.include({ ...placement(), refreshedAt: T0 });
    });
  });

  describe('notes to learners', () => {
    it('stores a note unread and lists a learner’s notes newest first', async () => {
      const one = await store().insertNote(note(1));
      expect(one).to.deep.equal({ ...note(1), readAt: null });
      await store().insertNote(note(2));
      expect((await store().selectNotes(learnerOf('learner-1'))).map((n) => n.id)).to.deep.equal(['note-2', 'note-1']);
      expect(await store().selectNotes(learnerOf('learner-1'))).to.deep.include({ ...note(1), readAt: null });
    });

    it('refuses a second note with the same id', async () => {
      await store().insertNote(note(1));
      expect((await rejection(store().insertNote(note(1, { body: 'other' })))).name).to.equal('StoreConflictError');
    });

    it('lists unread notes oldest first and marks them read once', async () => {
      for (const n of [3, 1, 2]) await store().insertNote(note(n));
      expect((await store().selectUnreadNotes(learnerOf('learner-1'))).map((n) => n.id)).to.deep.equal(['note-1', 'note-2', 'note-3']);

      expect(await store().markNotesRead(learnerOf('learner-1'), ['note-1', 'note-2', 'note-2'], T0 + 100)).to.have.members(['note-1', 'note-2']);
      expect((await store().selectUnreadNotes(learnerOf('learner-1'))).map((n) => n.id)).to.deep.equal(['note-3']);
      expect(await store().markNotesRead(learnerOf('learner-1'), ['note-1', 'note-3'], T0 + 200)).to.deep.equal(['note-3']);
      const notes = await store().selectNotes(learnerOf('learner-1'));
      expect(notes.map((n) => [n.id, n.readAt])).to.deep.equal([
        ['note-3', T0 + 200],
        ['note-2', T0 + 100],
        ['note-1', T0 + 100],
      ]);
      expect(await store().markNotesRead(learnerOf('learner-1'), [], T0)).to.deep.equal([]);
    });

    it('gives each note to one of two concurrent readers', async () => {
      for (const n of [1, 2, 3, 4]) await store().insertNote(note(n));
      const ids = ['note-1', 'note-2', 'note-3', 'note-4'];
      const [a, b] = await Promise.all([store().markNotesRead(learnerOf('learner-1'), ids, T0), store().markNotesRead(learnerOf('learner-1'), ids, T0)]);
      expect([...a!, ...b!].sort()).to.deep.equal(ids);
    });

    it('never shows or marks a note across learners or placements', async () => {
      await store().insertNote(note(1));
      await store().insertNote(note(2, { userId: 'learner-2' }));
      for (const other of NEIGHBOURS) {
        expect(await store().selectNotes(learnerOf('learner-1', other))).to.deep.equal([]);
        expect(await store().selectUnreadNotes(learnerOf('learner-1', other))).to.deep.equal([]);
        expect(await store().markNotesRead(learnerOf('learner-1', other), ['note-1'], T0)).to.deep.equal([]);
      }
      expect(await store().markNotesRead(learnerOf('learner-2'), ['note-1'], T0)).to.deep.equal([]);
      expect((await store().selectUnreadNotes(learnerOf('learner-1'))).map((n) => n.id)).to.deep.equal(['note-1']);
      expect((await store().selectUnreadNotes(learnerOf('learner-2'))).map((n) => n.id)).to.deep.equal(['note-2']);
    });
  });
}
