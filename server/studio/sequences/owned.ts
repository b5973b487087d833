/**
 * Tenant scoping: every sequence is read through the session's platform, and
 * one that belongs to another platform is indistinguishable from one that
 * does not exist (404, never 403, so ids cannot be probed across schools).
 */
import { HttpError } from '../../http/errors.js';
import type { ContentRepo, Sequence } from '../../store/types.js';

export const sequenceNotFound = (id: string) => new HttpError(404, 'SEQUENCE_NOT_FOUND', `There is no sequence '${id}' in your institution.`);

/** Archived sequences are out of the library, so the studio no longer edits or publishes them. */
export async function ownedSequence(store: ContentRepo, platformId: string, id: string): Promise<Sequence> {
  const sequence = await store.selectSequence(platformId, id);
  if (!sequence || sequence.archivedAt !== null) throw sequenceNotFound(id);
  return sequence;
}
