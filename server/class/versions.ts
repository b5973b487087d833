/**
 * Compiled sequence versions for the educators' view. Learners stay pinned to
 * the version they started on, so one class can span several versions; each
 * is validated and compiled once (published versions never change) in a
 * bounded LRU. A version that is gone or invalid yields null: its learners'
 * rows lose detail, the page still renders.
 */
import { validateSequence } from '../content/validate.js';
import { compileSequence, type CompiledSequence } from '../engine/index.js';
import type { ContentRepo } from '../store/types.js';

export class VersionBook {
  private readonly entries = new Map<string, Promise<CompiledSequence | null>>();

  constructor(
    private readonly store: Pick<ContentRepo, 'selectSequenceVersion'>,
    private readonly max = 50,
  ) {}

  get(sequenceId: string, version: number): Promise<CompiledSequence | null> {
    const key = `${version}\u0000${sequenceId}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const loading = this.load(sequenceId, version);
    this.entries.set(key, loading);
    // A store failure is not remembered; a missing version is (it cannot come back under the same number).
    loading.catch(() => this.entries.get(key) === loading && this.entries.delete(key));
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return loading;
  }

  private async load(sequenceId: string, version: number): Promise<CompiledSequence | null> {
    const row = await this.store.selectSequenceVersion(sequenceId, version);
    if (row === null) return null;
    const checked = validateSequence(row.content);
    return checked.ok ? compileSequence(checked.sequence) : null;
  }
}
