/**
 * Removing a sequence from the library. A published version may have learners
 * pinned to it and LMS links that deliver it, and learners' scores keep
 * reaching the gradebook from it, so published sequences are archived, never
 * deleted (their versions stay readable; the links keep working). A sequence
 * that is placed or has learners is only archived once the designer has seen
 * where and confirmed; until then the answer is 409 with the list of places.
 * A sequence never published is only a draft: it is deleted.
 *
 * Archiving can be undone: restoring puts the sequence back in the library
 * and the lists to place from, as it was (draft, versions, placements).
 */
import { StoreConflictError, type ContentRepo, type SequenceUse } from '../../store/types.js';
import { ApiRefusal } from '../http/errors.js';
import { ownedSequence, sequenceNotFound } from './owned.js';
import { sequenceSummary, type SequenceSummary } from './views.js';

export interface PlaceView extends SequenceUse {
  /** "Course › Link", with the LMS ids where a title is unknown. */
  label: string;
}

export interface Usage {
  published: boolean;
  places: PlaceView[];
}

export type Removal = { outcome: 'deleted' } | { outcome: 'archived'; places: PlaceView[] };

export async function sequenceUsage(store: ContentRepo, platformId: string, id: string): Promise<Usage> {
  await ownedSequence(store, platformId, id);
  const [latest, uses] = await Promise.all([store.selectLatestSequenceVersion(id), store.selectSequenceUse(platformId, id)]);
  return { published: latest !== null, places: uses.map(placeView) };
}

export async function removeSequence(store: ContentRepo, platformId: string, id: string, confirmArchive: boolean, now: number): Promise<Removal> {
  const sequence = await ownedSequence(store, platformId, id);
  const usage = await sequenceUsage(store, platformId, id);
  if (!usage.published) {
    try {
      if (!(await store.deleteSequence(platformId, id))) throw sequenceNotFound(id);
      return { outcome: 'deleted' };
    } catch (err) {
      // Published since we looked: it now takes the published path below.
      if (!(err instanceof StoreConflictError)) throw err;
      return removeSequence(store, platformId, id, confirmArchive, now);
    }
  }
  if (usage.places.length > 0 && !confirmArchive) {
    throw new ApiRefusal(409, 'SEQUENCE_IN_USE', inUseMessage(sequence.title, usage.places), { places: usage.places });
  }
  if (!(await store.archiveSequence(platformId, id, now))) throw sequenceNotFound(id);
  return { outcome: 'archived', places: usage.places };
}

/**
 * Not through ownedSequence, which hides archived sequences: the store's
 * platform scope is the tenant check. A sequence that is not archived is
 * answered as it is, so a second click or another tab is not an error.
 */
export async function restoreSequence(store: ContentRepo, platformId: string, id: string): Promise<SequenceSummary> {
  const restored = await store.restoreSequence(platformId, id);
  if (!restored) throw sequenceNotFound(id);
  return sequenceSummary(restored, await store.selectLatestSequenceVersion(id));
}

function placeView(use: SequenceUse): PlaceView {
  const course = use.contextTitle ?? `course ${use.contextId}`;
  const link = use.resourceLinkTitle ?? `link ${use.resourceLinkId}`;
  return { ...use, label: `${course} › ${link}` };
}

function inUseMessage(title: string, places: readonly PlaceView[]): string {
  const learners = places.reduce((n, p) => n + p.learners, 0);
  const where = places.map((p) => p.label).join('; ');
  const who = learners === 0 ? 'no learner has started it yet' : `${learners} ${learners === 1 ? 'learner is' : 'learners are'} on it`;
  return `“${title}” is used in ${places.length} ${places.length === 1 ? 'place' : 'places'} (${where}) and ${who}. ` +
    'It can be archived instead of deleted: it leaves your library, those links keep delivering it and learners keep their progress. Confirm archiving to go ahead.';
}
