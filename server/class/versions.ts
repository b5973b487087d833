/**
 * Compiled sequence versions for the educators' view. Learners stay pinned to
 * the version they started on, so one class can span several versions. The
 * player's bounded cache does the loading and compiling; here a version that
 * is gone or invalid yields null instead of an error: its learners' rows lose
 * detail, and the page still renders.
 */
import { CompiledCache } from '../delivery/compiled-cache.js';
import type { CompiledSequence } from '../engine/index.js';
import { HttpError } from '../http/errors.js';
import type { ContentRepo } from '../store/types.js';

const UNPLAYABLE = new Set(['SEQUENCE_GONE', 'SEQUENCE_INVALID']);

export class VersionBook {
  private readonly cache: CompiledCache;

  constructor(store: Pick<ContentRepo, 'selectSequenceVersion'>, max = 50) {
    this.cache = new CompiledCache(store, max);
  }

  get(sequenceId: string, version: number): Promise<CompiledSequence | null> {
    return this.cache.get(sequenceId, version).catch((err: unknown) => {
      if (err instanceof HttpError && UNPLAYABLE.has(err.code)) return null;
      throw err;
    });
  }
}
