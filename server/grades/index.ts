/**
 * Grade passback (LTI Advantage AGS): scores are queued in the store's
 * durable outbox by queueScore and delivered by a GradeWorker, which retries
 * what can succeed later and records, for instructors, what never will.
 */
export { queueScore, type ScoreInput } from './enqueue.js';
export { outboxScoreHook, scoreFromReport } from './from-report.js';
export { GradeWorker, DEFAULT_LINE_ITEM_TAG, type GradeWorkerOptions, type GradeWorkerStore } from './worker.js';
export { TokenCache, type TokenCacheOptions, type SigningKeySource } from './token-cache.js';
export { AgsClient, scoresUrl, type AgsClientOptions, type LineItemSpec } from './ags-client.js';
export { AgsError, type Disposition } from './errors.js';
export { parseRetryAfter } from './retry-after.js';
export { retryDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
export { readAgsEndpoint, type AgsEndpoint } from './ags-claim.js';
