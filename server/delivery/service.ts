/**
 * The delivery service: one learner's record in, one action applied, one
 * commit out.
 *
 * - A learner starts on the latest published version of the placed sequence
 *   and stays pinned to it (the record's `version`): publishing a new version
 *   never changes a path in progress.
 * - Every action loads the record, applies the pure action, and commits with
 *   compare-and-set on the record's revision. A conflict (another request of
 *   the same learner committed first) re-applies the action to the state that
 *   won, a bounded number of times, so concurrent requests never lose updates.
 * - Answers are attempts with a client-chosen idempotency key: a retried or
 *   double-clicked submission records one attempt and returns the first one's
 *   outcome; the same key with a different answer is refused.
 * - After each commit that changes score, progress or completion, the score
 *   hook is called (see score-hook.ts).
 */
import crypto from 'node:crypto';
import { grade, seedFrom, type CompiledSequence, type GradeReport } from '../engine/index.js';
import type { Logger } from '../log.js';
import type { Attempt, LearnerKey, LearnerRecord, Session, Store } from '../store/types.js';
import { applyAction, isKeyed, responseOf, type KeyedAction, type PlayerAction, type Reply } from './actions.js';
import { CompiledCache } from './compiled-cache.js';
import { busy, keyReused, notPlaced, notPublished, toHttpError } from './errors.js';
import { findPlacement } from './placement.js';
import { fromStored, newPlayerState, toStored, type PlayerState } from './player-state.js';
import { gradeChanged, NO_SCORE_HOOK, type ScoreHook } from './score-hook.js';

/** Each conflict means another request of this learner committed, so a few retries always suffice in practice. */
const MAX_COMMIT_TRIES = 10;

export interface DeliveryDeps {
  store: Store;
  now: () => number;
  logger?: Logger | undefined;
  onScore?: ScoreHook | undefined;
  cache?: CompiledCache;
}

export interface Opened {
  record: LearnerRecord;
  compiled: CompiledSequence;
  state: PlayerState;
}

export interface Acted extends Opened {
  /** What the action produced; for a replay, what the original submission produced (when it was an attempt). */
  reply: Reply | null;
  /** The action had already been applied (double click, retried request): nothing changed. */
  replayed: boolean;
}

export function learnerKey(s: Session): LearnerKey {
  return { platformId: s.platformId, contextId: s.contextId, resourceLinkId: s.resourceLinkId, userId: s.userId };
}

export class DeliveryService {
  readonly cache: CompiledCache;
  private readonly onScore: ScoreHook;

  constructor(private readonly deps: DeliveryDeps) {
    this.cache = deps.cache ?? new CompiledCache(deps.store);
    this.onScore = deps.onScore ?? NO_SCORE_HOOK;
  }

  /** The learner's record, created on first launch from the placement's latest published version. Null when nothing is placed. */
  async open(session: Session): Promise<Opened | null> {
    const { store } = this.deps;
    const key = learnerKey(session);
    const existing = await store.selectLearner(key);
    if (existing) {
      const compiled = await this.cache.get(existing.sequenceId, existing.version);
      return { record: existing, compiled, state: fromStored(existing.state) };
    }
    const placement = await findPlacement(store, session);
    if (!placement) return null;
    const latest = await store.selectLatestSequenceVersion(placement.sequenceId);
    if (!latest) throw notPublished();
    const compiled = await this.cache.get(placement.sequenceId, latest.version);
    // The seed makes the learner's pool picks reproducible, and differ between learners.
    const initial = newPlayerState(compiled, seedFrom(`${session.platformId}\u0000${session.userId}\u0000${placement.sequenceId}`));
    const record = await store.ensureLearner(key, { sequenceId: placement.sequenceId, version: latest.version, state: toStored(initial) });
    const state = fromStored(record.state);
    // A concurrent first launch may report the start twice; the outbox keeps the latest, which is the same.
    if (record.revision === 0) await this.report(session, null, grade(compiled, state.engine));
    return { record, compiled, state };
  }

  /** Applies the action `build` makes from the request (it may need the compiled sequence to read an answer). */
  async act(session: Session, build: PlayerAction | ((compiled: CompiledSequence) => PlayerAction)): Promise<Acted> {
    const opened = await this.open(session);
    if (!opened) throw notPlaced();
    const { compiled } = opened;
    const action = typeof build === 'function' ? build(compiled) : build;
    const key = learnerKey(session);
    let record = opened.record;
    for (let tries = 0; tries < MAX_COMMIT_TRIES; tries++) {
      const state = fromStored(record.state);
      let applied;
      try {
        applied = applyAction(compiled, state, action);
      } catch (err) {
        // An attempt whose screen is gone may be a retry of one that was recorded: answer as the first time.
        if (isKeyed(action)) {
          const earlier = await this.findAttempt(key, action.key);
          if (earlier) return this.replay(earlier, action, record, compiled);
        }
        throw toHttpError(err);
      }
      if (applied.replayed) return { record, compiled, state, reply: null, replayed: true };

      const attempt = applied.attempt && { ...applied.attempt, id: crypto.randomUUID(), createdAt: this.deps.now() };
      const result = await this.deps.store.commitLearner(key, record.revision, toStored(applied.state), attempt);
      switch (result.status) {
        case 'committed':
          await this.report(session, grade(compiled, state.engine), grade(compiled, applied.state.engine));
          return { record: result.record, compiled, state: applied.state, reply: applied.reply, replayed: false };
        case 'duplicate':
          // Only a commit with an attempt can be a duplicate, and only keyed actions carry one.
          if (!isKeyed(action)) throw new Error(`commit of a '${action.type}' reported a duplicate attempt`);
          return this.replay(result.attempt, action, result.record, compiled);
        case 'conflict':
          record = result.record;
          continue;
      }
    }
    throw busy();
  }

  private async findAttempt(key: LearnerKey, idempotencyKey: string): Promise<Attempt | undefined> {
    return (await this.deps.store.selectAttempts(key)).find((a) => a.idempotencyKey === idempotencyKey);
  }

  /** The recorded attempt answers a retry, provided the retry is the same submission. */
  private replay(earlier: Attempt, action: KeyedAction, record: LearnerRecord, compiled: CompiledSequence): Acted {
    const same = earlier.activityId === action.at.activityId && JSON.stringify(earlier.response) === JSON.stringify(responseOf(action));
    if (!same) throw keyReused();
    const result = (earlier.outcome as { result?: unknown }).result;
    const reply = (result === undefined ? null : { type: action.type, result }) as Reply | null;
    return { record, compiled, state: fromStored(record.state), reply, replayed: true };
  }

  private async report(session: Session, previous: GradeReport | null, next: GradeReport): Promise<void> {
    if (!gradeChanged(previous, next)) return;
    try {
      await this.onScore(session, next, previous);
    } catch (err) {
      this.deps.logger?.error({ err, userId: session.userId, resourceLinkId: session.resourceLinkId }, 'score hook failed; the learner action is committed');
    }
  }
}
