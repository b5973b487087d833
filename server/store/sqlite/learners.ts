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
  /** Entries of state.history, which live in learner_history (migration 4). */
  history_length: number;
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
const RECORD_CACHE_MAX_HISTORY = 600;

function keyRow(k: LearnerKey): KeyRow {
  return { platform_id: k.platformId, context_id: k.contextId, resource_link_id: k.resourceLinkId, user_id: k.userId };
}

/**
 * A state's history only grows (LearnerRepo.commitLearner), so it is stored
 * apart from the rest: the row keeps an empty placeholder (keys keep their
 * order) and each commit appends only the entries it added.
 */
function splitHistory(state: JsonObject): { json: string; history: Json[] | null } {
  const history = state.history;
  if (!Array.isArray(history)) return { json: toJson(state), history: null };
  return { json: toJson({ ...state, history: [] }), history };
}

function toRecord(r: LearnerRow, state: JsonObject): LearnerRecord {
  return {
    platformId: r.platform_id,
    contextId: r.context_id,
    resourceLinkId: r.resource_link_id,
    userId: r.user_id,
    sequenceId: r.sequence_id,
    version: r.version,
    state,
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
    `INSERT INTO learners (platform_id, context_id, resource_link_id, user_id, sequence_id, version, state, revision, history_length,
       created_at, updated_at)
     VALUES (@platform_id, @context_id, @resource_link_id, @user_id, @sequence_id, @version, @state, @revision, @history_length,
       @created_at, @updated_at)
     ON CONFLICT DO NOTHING`,
  );
  const historyOf = db.prepare<KeyRow, string>(`SELECT entries FROM learner_history WHERE ${byKey} ORDER BY from_index`).pluck();
  const historyInScope = db.prepare<[string, string, string], { user_id: string; entries: string }>(
    `SELECT user_id, entries FROM learner_history WHERE ${byScope} ORDER BY user_id, from_index`,
  );
  const appendHistory = db.prepare<KeyRow & { from_index: number; entries: string }>(
    `INSERT INTO learner_history (platform_id, context_id, resource_link_id, user_id, from_index, entries)
     VALUES (@platform_id, @context_id, @resource_link_id, @user_id, @from_index, @entries)`,
  );
  const stamp = db.prepare<KeyRow, { revision: number; history_length: number }>(
    `SELECT revision, history_length FROM learners WHERE ${byKey}`,
  );
  const learner = db.prepare<KeyRow, LearnerRow>(`SELECT * FROM learners WHERE ${byKey}`);
  // The state only when it differs from the revision already parsed: one round trip either way.
  const current = db.prepare<KeyRow & { known: number }, Omit<LearnerRow, 'state'> & { state: string | null }>(
    `SELECT platform_id, context_id, resource_link_id, user_id, sequence_id, version, revision, history_length, created_at, updated_at,
       CASE WHEN revision = @known THEN NULL ELSE state END AS state
     FROM learners WHERE ${byKey}`,
  );
  const learners = db.prepare<[string, string, string], LearnerRow>(`SELECT * FROM learners WHERE ${byScope} ORDER BY created_at, rowid`);
  const advance = db.prepare<KeyRow & { state: string; history_length: number; updated_at: number; expected: number }, Omit<LearnerRow, 'state'>>(
    `UPDATE learners SET state = @state, history_length = @history_length, revision = revision + 1, updated_at = @updated_at
     WHERE ${byKey} AND revision = @expected
     RETURNING platform_id, context_id, resource_link_id, user_id, sequence_id, version, revision, history_length, created_at, updated_at`,
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
  const remember = (k: KeyRow, record: LearnerRecord, bytes: number, historyLength: number): LearnerRecord => {
    if (bytes <= RECORD_CACHE_MAX_JSON && historyLength <= RECORD_CACHE_MAX_HISTORY) records.set(cacheKey(k), record);
    else records.delete(cacheKey(k));
    return record;
  };
  const withHistory = (state: JsonObject, history: Json[]): JsonObject => {
    state.history = history;
    return state;
  };
  const stateOf = (k: KeyRow, row: LearnerRow): JsonObject => {
    const state = fromJson<JsonObject>(row.state);
    return row.history_length > 0 ? withHistory(state, historyOf.all(k).flatMap((chunk) => fromJson<Json[]>(chunk))) : state;
  };
  const parsed = (k: KeyRow, row: LearnerRow): LearnerRecord =>
    remember(k, toRecord(row, stateOf(k, row)), row.state.length, row.history_length);

  const ensure = db.transaction((key: KeyRow, init: { sequenceId: string; version: number; state: JsonObject }): LearnerRow => {
    const now = Date.now();
    const { json, history } = splitHistory(init.state);
    const length = history?.length ?? 0;
    const created = create.run({
      ...key,
      sequence_id: init.sequenceId,
      version: init.version,
      state: json,
      revision: 0,
      history_length: length,
      created_at: now,
      updated_at: now,
    });
    if (created.changes > 0 && history && length > 0) appendHistory.run({ ...key, from_index: 0, entries: toJson(history) });
    const row = learner.get(key);
    if (!row) throw new Error('Learner record vanished while being created');
    return row;
  });

  // Runs only through group.run, whose savepoint makes it all-or-nothing.
  const commit = (key: KeyRow, expected: number, state: JsonObject, attempt: NewAttempt | null): CommitResult => {
    // Idempotency first: a retried submission arrives with a stale revision and must read as a duplicate, not a conflict.
    const earlier = attempt && attemptByIdempotencyKey.get({ ...key, idempotency_key: attempt.idempotencyKey });
    // The stored row (state and all) is read only when the answer is not a plain commit.
    const stored = (): LearnerRow => {
      const row = learner.get(key);
      if (!row) throw new Error(`No learner record for user ${key.user_id} in ${key.resource_link_id}; ensureLearner creates it`);
      return row;
    };
    if (earlier) {
      const row = stored();
      return { status: 'duplicate', attempt: toAttempt(earlier), record: toRecord(row, stateOf(key, row)) };
    }
    const before = stamp.get(key);
    if (!before || before.revision !== expected) return { status: 'conflict', record: parsed(key, stored()) };
    const { json, history } = splitHistory(state);
    const length = history?.length ?? 0;
    if (length < before.history_length) {
      throw new Error(`A learner's history only grows: ${before.history_length} entries stored, ${length} in the new state`);
    }
    const advanced = advance.get({ ...key, state: json, history_length: length, updated_at: Date.now(), expected });
    if (!advanced) return { status: 'conflict', record: parsed(key, stored()) };
    if (history && length > before.history_length) {
      appendHistory.run({ ...key, from_index: before.history_length, entries: toJson(history.slice(before.history_length)) });
    }
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
    return { status: 'committed', record: remember(key, toRecord({ ...advanced, state: '' }, state), json.length, length) };
  };

  return {
    async ensureLearner(key, init) {
      const k = keyRow(key);
      // Every launch ensures its learner; in the group commit that costs a savepoint, not a commit.
      return parsed(k, await group.run(() => ensure(k, init)));
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
      const histories = new Map<string, Json[]>();
      for (const chunk of historyInScope.all(scope.platformId, scope.contextId, scope.resourceLinkId)) {
        const entries = fromJson<Json[]>(chunk.entries);
        const known = histories.get(chunk.user_id);
        if (known) for (const entry of entries) known.push(entry);
        else histories.set(chunk.user_id, entries);
      }
      return learners.all(scope.platformId, scope.contextId, scope.resourceLinkId).map((r) => {
        const state = fromJson<JsonObject>(r.state);
        return toRecord(r, r.history_length > 0 ? withHistory(state, histories.get(r.user_id) ?? []) : state);
      });
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
