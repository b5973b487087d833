/**
 * Delivers one claimed grade job: checks the platform may still be called,
 * resolves the line item when the launch had none, and posts the score.
 * Returns what should happen to the job; recording it is the worker's job.
 */
import type { GradeJob, Platform, Store } from '../store/types.js';
import { AgsClient } from './ags-client.js';
import { AgsError } from './errors.js';
import type { LineItemResolver } from './line-items.js';
import type { TokenCache } from './token-cache.js';

export type Verdict =
  | { kind: 'sent'; lineItemUrl: string }
  | { kind: 'retry'; reason: string; retryAfterMs: number | null }
  | { kind: 'failed'; reason: string };

export interface DeliveryDeps {
  store: Pick<Store, 'selectPlatform' | 'setGradeLineItem'>;
  tokens: TokenCache;
  lineItems: LineItemResolver;
  requestTimeoutMs: number;
  lineItemTag: string;
}

/** Throws only for unexpected errors (a bug, the store failing); every platform failure is a Verdict. */
export async function deliverGrade(job: GradeJob, deps: DeliveryDeps, signal: AbortSignal): Promise<Verdict> {
  const platform = await deps.store.selectPlatform(job.platformId);
  if (platform === null || platform.status !== 'active') return { kind: 'failed', reason: platformRefusal(job, platform) };
  const client = new AgsClient({ platform, tokens: deps.tokens, timeoutMs: deps.requestTimeoutMs, signal });
  try {
    const lineItemUrl = job.lineItemUrl ?? (await resolveLineItem(job, platform, client, deps));
    await client.postScore(lineItemUrl, job.userId, job.score);
    return { kind: 'sent', lineItemUrl };
  } catch (error) {
    if (!(error instanceof AgsError)) throw error;
    return error.retryable ? { kind: 'retry', reason: error.message, retryAfterMs: error.retryAfterMs } : { kind: 'failed', reason: error.message };
  }
}

/**
 * An administrator removed or disabled the platform: its grades cannot be
 * delivered, and retrying would only call an LMS the school cut off.
 * A re-enabled platform gets the next score queued for the learner.
 */
function platformRefusal(job: GradeJob, platform: Platform | null): string {
  if (platform === null) return `the platform ${job.platformId} is no longer registered with the tool`;
  if (platform.status === 'pending') return `the platform "${platform.name}" is waiting for an administrator's approval`;
  return `the platform "${platform.name}" is disabled by an administrator`;
}

async function resolveLineItem(job: GradeJob, platform: Platform, client: AgsClient, deps: DeliveryDeps): Promise<string> {
  // The outbox refuses jobs with neither URL, so this is a corrupted row, not a platform problem.
  if (job.lineItemsUrl === null) throw new AgsError('permanent', 'the job has neither a line item nor a line-items container URL');
  const spec = { resourceLinkId: job.resourceLinkId, label: job.label, scoreMaximum: job.score.scoreMaximum, tag: deps.lineItemTag };
  const url = await deps.lineItems.resolve(platform.id, job.lineItemsUrl, spec, client);
  // Kept on the job so later sends, and other workers, skip the lookup.
  await deps.store.setGradeLineItem(job.id, url);
  return url;
}
