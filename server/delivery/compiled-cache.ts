/**
 * Compiled sequences by (sequenceId, version). A published version never
 * changes, so it is validated and compiled once and shared by every learner
 * pinned to it; the cache is a bounded LRU so a tenant with thousands of
 * versions cannot grow the process without limit. Concurrent first requests
 * for one version share a single load.
 */
import { validateSequence } from '../content/validate.js';
import { compileSequence, type CompiledSequence } from '../engine/index.js';
import { HttpError } from '../http/errors.js';
import type { ContentRepo } from '../store/types.js';

export class CompiledCache {
  private readonly entries = new Map<string, Promise<CompiledSequence>>();

  constructor(
    private readonly store: Pick<ContentRepo, 'selectSequenceVersion'>,
    private readonly max = 100,
  ) {}

  get(sequenceId: string, version: number): Promise<CompiledSequence> {
    const key = `${version}\u0000${sequenceId}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-inserting moves the entry to the young end of the Map's order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const loading = this.load(sequenceId, version);
    this.entries.set(key, loading);
    // A failed load is not cached: the next request tries again.
    loading.catch(() => this.entries.get(key) === loading && this.entries.delete(key));
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return loading;
  }

  get size(): number {
    return this.entries.size;
  }

  private async load(sequenceId: string, version: number): Promise<CompiledSequence> {
    const row = await this.store.selectSequenceVersion(sequenceId, version);
    if (row === null) {
      throw new HttpError(410, 'SEQUENCE_GONE', 'The learning sequence of this activity has been removed.', [], {
        forLearner: 'Let your teacher know: they can place another sequence in this activity.',
        forAdmin: `Version ${version} of sequence '${sequenceId}' no longer exists; learners pinned to it cannot continue.`,
      });
    }
    // Only valid content is published, but a version written around the API must not crash a learner's page.
    const checked = validateSequence(row.content);
    if (!checked.ok) {
      throw new HttpError(500, 'SEQUENCE_INVALID', 'This learning sequence cannot be played because its content is invalid.', [], {
        forAdmin: `Version ${version} of '${sequenceId}' fails validation: ${checked.issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join('; ')}`,
      });
    }
    return compileSequence(checked.sequence);
  }
}
