/**
 * Which sequence a launched resource link delivers: the placement stored for
 * it, or, the first time, the one its custom `sequence_id` names (set by Deep
 * Linking or by the LMS link), which is then stored. Sequences are looked up
 * in the launch's own platform only, so a link cannot name another tenant's.
 */
import { CLAIM } from '../lti/claims.js';
import type { ContentRepo, NewPlacement, Placement, Session } from '../store/types.js';

export async function findPlacement(store: ContentRepo, s: Session): Promise<Placement | null> {
  const existing = await store.selectPlacement(s.platformId, s.deploymentId, s.contextId, s.resourceLinkId);
  if (existing) return renamed(existing, s) ? store.upsertPlacement(placementOf(s, existing.sequenceId)) : existing;
  const custom = (s.claims[CLAIM.custom] ?? {}) as Record<string, unknown>;
  const sequenceId = typeof custom.sequence_id === 'string' ? custom.sequence_id : undefined;
  if (!sequenceId || !(await store.selectSequence(s.platformId, sequenceId))) return null;
  return store.upsertPlacement(placementOf(s, sequenceId));
}

/** The link's titles travel with it, so the studio can name the courses a sequence is used in. */
export function placementOf(s: Session, sequenceId: string): NewPlacement {
  return {
    platformId: s.platformId,
    deploymentId: s.deploymentId,
    contextId: s.contextId,
    resourceLinkId: s.resourceLinkId,
    sequenceId,
    contextTitle: s.contextTitle,
    resourceLinkTitle: s.resourceLinkTitle,
  };
}

/** Courses and links get renamed in the LMS; a launch that says so updates them (a write only when they differ). */
function renamed(p: Placement, s: Session): boolean {
  return (s.contextTitle !== null && s.contextTitle !== p.contextTitle) || (s.resourceLinkTitle !== null && s.resourceLinkTitle !== p.resourceLinkTitle);
}

export interface PublishedSequence {
  id: string;
  title: string;
  version: number;
}

/** The library's sequences with a published version: the lists to place from (archived sequences are left out until restored). */
export async function publishedSequences(store: ContentRepo, platformId: string): Promise<PublishedSequence[]> {
  const out: PublishedSequence[] = [];
  for (const seq of await store.selectSequences(platformId)) {
    const latest = await store.selectLatestSequenceVersion(seq.id);
    if (latest) out.push({ id: seq.id, title: seq.title, version: latest.version });
  }
  return out;
}

/** What a link delivers to a learner who starts now, as DeliveryService.open reads it: the placed sequence's latest version. */
export interface PlacedSequence extends PublishedSequence {
  /**
   * Archived in the studio: it left the library and the lists to place from,
   * but the link keeps delivering it (new learners included) until another
   * sequence is placed there; it cannot be edited or published until restored.
   */
  archived: boolean;
}

/** Null when the sequence has no published version (or is not the platform's): learners cannot start. Archived sequences are found. */
export async function placedSequence(store: ContentRepo, platformId: string, sequenceId: string): Promise<PlacedSequence | null> {
  const [sequence, latest] = await Promise.all([store.selectSequence(platformId, sequenceId), store.selectLatestSequenceVersion(sequenceId)]);
  if (sequence === null || latest === null) return null;
  return { id: sequence.id, title: sequence.title, version: latest.version, archived: sequence.archivedAt !== null };
}

/**
 * What staff can place on a link: the published sequences of the library,
 * and the one placed there now even when it is archived, so the form shows
 * what the link delivers and choosing it again keeps it (the only way an
 * archived sequence is "placed": it stays where it was).
 */
export async function placeChoices(store: ContentRepo, platformId: string, placed: PlacedSequence | null): Promise<PlacedSequence[]> {
  const library = (await publishedSequences(store, platformId)).map((p) => ({ ...p, archived: false }));
  return placed !== null && placed.archived && !library.some((p) => p.id === placed.id) ? [placed, ...library] : library;
}
