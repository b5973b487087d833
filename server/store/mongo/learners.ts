import type { ClientSession } from 'mongoose';
import type { Attempt, CommitResult, Json, JsonObject, LearnerKey, LearnerRecord, LearnerRepo } from '../types.js';
import type { AttemptDoc, LearnerDoc, Models } from './models.js';
import { fromJson, isDuplicateKey, toJson, type Atomic } from './shared.js';

type NewAttempt = Omit<Attempt, keyof LearnerKey>;

/** Documents fetched per round trip while streaming. */
const BATCH = 500;

/** Built field by field so nothing but the key ever reaches a filter. */
function keyFilter(k: LearnerKey): LearnerKey {
  return { platformId: k.platformId, contextId: k.contextId, resourceLinkId: k.resourceLinkId, userId: k.userId };
}

function toRecord(d: LearnerDoc): LearnerRecord {
  return {
    ...keyFilter(d),
    sequenceId: d.sequenceId,
    version: d.version,
    state: fromJson<JsonObject>(d.state),
    revision: d.revision,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

function toAttempt(d: AttemptDoc): Attempt {
  return {
    ...keyFilter(d),
    id: d.id,
    idempotencyKey: d.idempotencyKey,
    activityId: d.activityId,
    response: fromJson<Json>(d.response),
    correct: d.correct,
    outcome: fromJson<JsonObject>(d.outcome),
    createdAt: d.createdAt,
  };
}

export function learnerRepo(m: Models, atomic: Atomic): LearnerRepo {
  async function load(key: LearnerKey, session?: ClientSession): Promise<LearnerRecord> {
    const d = await m.learners.findOne(keyFilter(key), null, { session }).lean<LearnerDoc>();
    if (!d) throw new Error(`No learner record for user ${key.userId} in ${key.resourceLinkId}; ensureLearner creates it`);
    return toRecord(d);
  }

  async function findAttempt(key: LearnerKey, idempotencyKey: string, session?: ClientSession): Promise<Attempt | null> {
    const d = await m.attempts.findOne({ ...keyFilter(key), idempotencyKey }, null, { session }).lean<AttemptDoc>();
    return d ? toAttempt(d) : null;
  }

  async function commitOnce(
    key: LearnerKey,
    expected: number,
    state: JsonObject,
    attempt: NewAttempt | null,
    session?: ClientSession,
  ): Promise<CommitResult> {
    // Idempotency first: a retried submission arrives with a stale revision and must read as a duplicate, not a conflict.
    const earlier = attempt && (await findAttempt(key, attempt.idempotencyKey, session));
    const current = await load(key, session);
    if (earlier) return { status: 'duplicate', attempt: earlier, record: current };
    if (current.revision !== expected) return { status: 'conflict', record: current };

    // The attempt goes in before the state: its unique index settles a race between two retries of one submission.
    if (attempt) {
      const doc: AttemptDoc = { ...keyFilter(key), ...attempt, response: toJson(attempt.response), outcome: toJson(attempt.outcome) };
      await m.attempts.create([doc], { session });
    }
    const advanced = await m.learners
      .findOneAndUpdate(
        { ...keyFilter(key), revision: expected },
        { $set: { state: toJson(state), updatedAt: Date.now() }, $inc: { revision: 1 } },
        { new: true, session },
      )
      .lean<LearnerDoc>();
    if (advanced) return { status: 'committed', record: toRecord(advanced) };

    // Another commit moved the revision between our read and our write. Outside a
    // transaction nothing undoes the attempt for us, so it is taken back by hand.
    if (attempt) await m.attempts.deleteOne({ id: attempt.id }, { session });
    return { status: 'conflict', record: await load(key, session) };
  }

  return {
    async ensureLearner(key, init) {
      const now = Date.now();
      const created = { sequenceId: init.sequenceId, version: init.version, state: toJson(init.state), revision: 0, createdAt: now, updatedAt: now };
      // An upsert that only sets fields on insert: an existing record comes back unchanged.
      const d = await m.learners
        .findOneAndUpdate(keyFilter(key), { $setOnInsert: created }, { upsert: true, new: true })
        .lean<LearnerDoc>();
      if (!d) throw new Error('Learner record vanished while being created');
      return toRecord(d);
    },
    async selectLearner(key) {
      const d = await m.learners.findOne(keyFilter(key)).lean<LearnerDoc>();
      return d ? toRecord(d) : null;
    },
    async selectLearners(scope) {
      const { platformId, contextId, resourceLinkId } = scope;
      const docs = await m.learners.find({ platformId, contextId, resourceLinkId }).sort({ createdAt: 1, _id: 1 }).lean<LearnerDoc[]>();
      return docs.map(toRecord);
    },
    async commitLearner(key, expectedRevision, state, attempt) {
      try {
        return await atomic((session) => commitOnce(key, expectedRevision, state, attempt, session));
      } catch (err) {
        // A concurrent retry of the same submission recorded its attempt first.
        const earlier = attempt && isDuplicateKey(err) ? await findAttempt(key, attempt.idempotencyKey) : null;
        if (!earlier) throw err;
        return { status: 'duplicate', attempt: earlier, record: await load(key) };
      }
    },
    async selectAttempts(key) {
      const docs = await m.attempts.find(keyFilter(key)).sort({ createdAt: 1, _id: 1 }).lean<AttemptDoc[]>();
      return docs.map(toAttempt);
    },
    async *iterateAttempts(scope) {
      const { platformId, contextId, resourceLinkId } = scope;
      // _id breaks createdAt ties; ObjectIds minted by one process grow with insertion order.
      const cursor = m.attempts
        .find({ platformId, contextId, resourceLinkId })
        .sort({ createdAt: 1, _id: 1 })
        .lean<AttemptDoc[]>()
        .cursor({ batchSize: BATCH });
      try {
        for await (const d of cursor) yield toAttempt(d);
      } finally {
        // A consumer that stops early must not leave the server-side cursor open.
        await cursor.close();
      }
    },
  };
}
