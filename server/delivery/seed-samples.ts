/**
 * Development seeding: the two sample sequences become sequences of the
 * built-in platform's tenant, with version 1 published, so `npm start` and
 * every test launch land in a real path. Idempotent: an existing sequence or
 * an existing published version is left alone, so restarts change nothing
 * and a designer's edits to the seeded drafts survive.
 *
 * Content is validated first; an invalid sample is logged and never published.
 */
import fractions from '../content/samples/fractions.json' with { type: 'json' };
import dataPrivacy from '../content/samples/data-privacy.json' with { type: 'json' };
import { validateSequence } from '../content/validate.js';
import type { Logger } from '../log.js';
import { StoreConflictError, type ContentRepo, type JsonObject } from '../store/types.js';

export const SAMPLE_SEQUENCES: readonly unknown[] = [fractions, dataPrivacy];

export interface SeedResult {
  id: string;
  created: boolean;
  published: number | null;
  skipped?: string;
}

async function seedOne(store: ContentRepo, platformId: string, content: unknown): Promise<SeedResult> {
  const checked = validateSequence(content);
  const id = typeof (content as { id?: unknown }).id === 'string' ? (content as { id: string }).id : '(no id)';
  if (!checked.ok) {
    const first = checked.issues.find((i) => i.severity === 'error');
    return { id, created: false, published: null, skipped: `invalid: ${first?.path ?? ''} ${first?.message ?? ''}` };
  }
  const doc = checked.sequence;
  const draft = doc as unknown as JsonObject;
  let created = false;
  if (!(await store.selectSequence(platformId, doc.id))) {
    try {
      await store.insertSequence({ id: doc.id, platformId, title: doc.title, draft });
      created = true;
    } catch (err) {
      // Sequence ids are global: another tenant (or a concurrent start) may hold this one.
      if (!(err instanceof StoreConflictError)) throw err;
      if (!(await store.selectSequence(platformId, doc.id))) return { id: doc.id, created: false, published: null, skipped: 'id taken by another platform' };
    }
  }
  if (await store.selectLatestSequenceVersion(doc.id)) return { id: doc.id, created, published: null };
  const version = await store.insertSequenceVersion(doc.id, draft);
  return { id: doc.id, created, published: version.version };
}

export async function seedSamples(store: ContentRepo, platformId: string, logger?: Logger, samples: readonly unknown[] = SAMPLE_SEQUENCES): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  for (const content of samples) {
    const result = await seedOne(store, platformId, content);
    if (result.skipped) logger?.error({ sequenceId: result.id, reason: result.skipped }, 'sample sequence not seeded');
    else if (result.created || result.published !== null) logger?.info({ sequenceId: result.id, published: result.published }, 'sample sequence seeded');
    results.push(result);
  }
  return results;
}
