import { LRUCache } from 'lru-cache';
import type { Attempt, CommitResult, Json, JsonObject, LearnerKey, LearnerRecord, LearnerRepo } from '../types.js';
import type { GroupCommit } from './group-commit.js';
import { fromFlag, fromJson, toFlag, toJson, type Db } from './sql.js';

interface KeyRow {
  platform_id: string;
  context_id: string;
  resource_link_id: string;
  user_id: string;
}

interface LearnerRow extends KeyRow {
  sequence_id: string;
  version: number;
  state: string;
  revision: number;
  created_at: number;
  updated_at: number;
}

interface AttemptRow extends KeyRow {
  seq: number;
  id: string;
  idempotency_key: string;
  activity_id: string;
  response: string;
  correct: number | null;
  outcome: string;
  created_at: number;
}

type Scope = Omit<LearnerKey, 'userId'>;
type NewAttempt = Omit<Attempt, keyof LearnerKey>;

/** Rows fetched per query while streaming: bounded memory, few round trips. */
const BATCH = 500;

/**
 * Parsed learner states kept in memory: a state is read on every page and
 * answer and is mostly history, so parsing it dominated a submission. The
 * revision decides whether the cached copy is current (see `current` below),
 * so another process writing the same file is still seen. Bounded by count,
 * for the learners active right now: a parsed state takes about ten times its
 * JSON length on the heap, so a bound in JSON bytes let the heap balloon.
 */
const RECORD_CACHE_ENTRIES = 256;
/** A state this long (a very long path) is parsed each time rather than pinned in memory. */
const RECORD_CACHE_MAX_JSON = 64 * 1024;

function keyRow(k: LearnerKey): KeyRow {
  return { platform_id: k.platformId, context_id: k.contextId, resource_link_id: k.resourceLinkId, user_id: k.userId };
}

function toRecord(r: LearnerRow, state?: JsonObject): LearnerRecord {
  return {
    platformId: r.platform_id,
    contextId: r.context_id,
    resourceLinkId: r.resource_link_id,
    userId: r.user_id,
    sequenceId: r.sequence_id,
    version: r.version,
    state: state ?? fromJson<JsonObject>(r.state),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toAttempt(r: AttemptRow): Attempt {
  return {
    platformId: r.platform_id,
    contextId: r.context_id,
    resourceLinkId: r.resource_link_id,
    userId: r.user_id,
    id: r.id,
    idempotencyKey: r.idempotency_key,
    activityId: r.activity_id,
    response: fromJson<Json>(r.response),
    correct: fromFlag(r.correct),
    outcome: fromJson<JsonObject>(r.outcome),
    createdAt: r.created_at,
  };
}

export function learnerRepo(db: Db, group: GroupCommit): LearnerRepo {
  const byKey = 'platform_id = @platform_id AND context_id = @context_id AND resource_link_id = @resource_link_id AND user_id = @user_id';
  const byScope = 'platform_id = ? AND context_id = ? AND resource_link_id = ?';

  const create = db.prepare<LearnerRow>(
    `INSERT INTO learners (platform_id, context_id, resource_link_id, user_id, sequence_id, version, state, revision, created_at, updated_at)
     VALUES (@platform_id, @context_id, @resource_link_id, @user_id, @sequence_id, @version, @state, @revision, @created_at, @updated_at)
     ON CONFLICT DO NOTHING`,
  );
  const learner = db.prepare<KeyRow, LearnerRow>(`SELECT * FROM learners WHERE ${byKey}`);
  // The state only when it differs from the revision already parsed: one round trip either way.
  const current = db.prepare<KeyRow & { known: number }, Omit<LearnerRow, 'state'> & { state: string | null }>(
    `SELECT platform_id, context_id, resource_link_id, user_id, sequence_id, version, revision, created_at, updated_at,
       CASE WHEN revision = @known THEN NULL ELSE state END AS state
     FROM learners WHERE ${byKey}`,
  );
  const learners = db.prepare<[string, string, string], LearnerRow>(`SELECT * FROM learners WHERE ${byScope} ORDER BY created_at, rowid`);
  const advance = db.prepare<KeyRow & { state: string; updated_at: number; expected: number }, Omit<LearnerRow, 'state'>>(
    `UPDATE learners SET state = @state, revision = revision + 1, updated_at = @updated_at
     WHERE ${byKey} AND revision = @expected
     RETURNING platform_id, context_id, resource_link_id, user_id, sequence_id, version, revision, created_at, updated_at`,
  );
  const attemptByIdempotencyKey = db.prepare<KeyRow & { idempotency_key: string }, AttemptRow>(
    `SELECT * FROM attempts WHERE ${byKey} AND idempotency_key = @idempotency_key`,
  );
  const insertAttempt = db.prepare<Omit<AttemptRow, 'seq'>>(
    `INSERT INTO attempts (id, platform_id, context_id, resource_link_id, user_id, idempotency_key, activity_id,
       response, correct, outcome, created_at)
     VALUES (@id, @platform_id, @context_id, @resource_link_id, @user_id, @idempotency_key, @activity_id,
       @response, @correct, @outcome, @created_at)`,
  );
  const attempts = db.prepare<KeyRow, AttemptRow>(`SELECT * FROM attempts WHERE ${byKey} ORDER BY created_at, seq`);
  // Keyset pagination rather than .iterate(): an open iterator keeps the connection
  // busy, so a consumer touching the store between items would fail.
  const attemptPage = db.prepare<[string, string, string, number, number, number], AttemptRow>(
    `SELECT * FROM attempts WHERE ${byScope} AND (created_at, seq) > (?, ?) ORDER BY created_at, seq LIMIT ?`,
  );

  // Records handed out are shared with the cache: callers treat them as immutable (the engine copies before it changes a state).
  const records = new LRUCache<string, LearnerRecord>({ max: RECORD_CACHE_ENTRIES });
  const cacheKey = (k: KeyRow) => `${k.platform_id}\u0000${k.context_id}\u0000${k.resource_link_id}\u0000${k.user_id}`;
  const remember = (k: KeyRow, record: LearnerRecord, bytes: number): LearnerRecord => {
    if (bytes <= RECORD_CACHE_MAX_JSON) records.set(cacheKey(k), record);
    else records.delete(cacheKey(k));
    return record;
  };
  const parsed = (k: KeyRow, row: LearnerRow): LearnerRecord => remember(k, toRecord(row), row.state.length);

  const ensure = db.transaction((key: KeyRow, init: { sequenceId: string; version: number; state: JsonObject }): LearnerRow => {
    const now = Date.now();
    const state = toJson(init.state);
    create.run({ ...key, sequence_id: init.sequenceId, version: init.version, state, revision: 0, created_at: now, updated_at: now });
    const row = learner.get(key);
    if (!row) throw new Error('Learner record vanished while being created');
    return row;
  });

  const commit = db.transaction((key: KeyRow, expected: number, state: JsonObject, attempt: NewAttempt | null): CommitResult => {
    // Idempotency first: a retried submission arrives with a stale revision and must read as a duplicate, not a conflict.
    const earlier = attempt && attemptByIdempotencyKey.get({ ...key, idempotency_key: attempt.idempotencyKey });
    // The stored row (state and all) is read only when the answer is not a plain commit.
    const stored = (): LearnerRow => {
      const row = learner.get(key);
      if (!row) throw new Error(`No learner record for user ${key.user_id} in ${key.resource_link_id}; ensureLearner creates it`);
      return row;
    };
    if (earlier) return { status: 'duplicate', attempt: toAttempt(earlier), record: toRecord(stored()) };
    const json = toJson(state);
    const advanced = advance.get({ ...key, state: json, updated_at: Date.now(), expected });
    if (!advanced) return { status: 'conflict', record: parsed(key, stored()) };
    if (attempt) {
      insertAttempt.run({
        ...key,
        id: attempt.id,
        idempotency_key: attempt.idempotencyKey,
        activity_id: attempt.activityId,
        response: toJson(attempt.response),
        correct: toFlag(attempt.correct),
        outcome: toJson(attempt.outcome),
        created_at: attempt.createdAt,
      });
    }
    // The state just written is the record's state: no need to parse it back.
    return { status: 'committed', record: remember(key, toRecord({ ...advanced, state: '' }, state), json.length) };
  });

  return {
    async ensureLearner(key, init) {
      const k = keyRow(key);
      return parsed(k, ensure.immediate(k, init));
    },
    async selectLearner(key) {
      const k = keyRow(key);
      const cached = records.get(cacheKey(k));
      const row = current.get({ ...k, known: cached?.revision ?? -1 });
      if (!row) return null;
      if (row.state === null && cached) return cached;
      return parsed(k, row as LearnerRow);
    },
    async selectLearners(scope) {
      return learners.all(scope.platformId, scope.contextId, scope.resourceLinkId).map((r) => toRecord(r));
    },
    async commitLearner(key, expectedRevision, state, attempt) {
      return group.run(() => commit(keyRow(key), expectedRevision, state, attempt));
    },
    async selectAttempts(key) {
      return attempts.all(keyRow(key)).map(toAttempt);
    },
    async *iterateAttempts(scope: Scope) {
      let after = { createdAt: Number.MIN_SAFE_INTEGER, seq: 0 };
      for (;;) {
        const page = attemptPage.all(scope.platformId, scope.contextId, scope.resourceLinkId, after.createdAt, after.seq, BATCH);
        for (const row of page) yield toAttempt(row);
        const last = page.at(-1);
        if (!last || page.length < BATCH) return;
        after = { createdAt: last.created_at, seq: last.seq };
      }
    },
  };
}
