import mongoose from 'mongoose';
import type { Store } from '../types.js';
import { noteRepo, rosterRepo } from './classroom.js';
import { contentRepo } from './content.js';
import { learnerRepo } from './learners.js';
import { ltiDocRepo } from './ltidocs.js';
import { defineModels } from './models.js';
import { outboxRepo } from './outbox.js';
import { platformRepo, registrationRepo } from './platforms.js';
import { loginStateRepo, sessionRepo } from './sessions.js';
import { atomicity, supportsTransactions } from './shared.js';

/**
 * The MongoDB store, on a connection of its own: ltijs drives the global mongoose
 * connection for itself, and the two must not share models or lifecycles.
 */
export async function openMongoStore(uri: string): Promise<Store> {
  const conn = await mongoose.createConnection(uri).asPromise();
  try {
    const m = defineModels(conn);
    // Unique and TTL indexes must exist before the first write relies on them.
    await Promise.all(Object.values(m).map((model) => model.init()));
    const atomic = atomicity(conn, await supportsTransactions(conn));
    const loginStates = loginStateRepo(m);
    const sessions = sessionRepo(m);
    const ltiDocs = ltiDocRepo(m);

    return {
      kind: 'mongo',
      ...platformRepo(m, atomic),
      ...registrationRepo(m),
      ...loginStates,
      ...sessions,
      ...ltiDocs,
      ...contentRepo(m, atomic),
      ...learnerRepo(m, atomic),
      ...outboxRepo(m),
      ...rosterRepo(m),
      ...noteRepo(m),
      async ping() {
        await conn.getClient().db('admin').command({ ping: 1 });
      },
      // TTL indexes alone would leave expired documents for up to a minute.
      async sweepExpired(now) {
        const removed = await Promise.all([
          loginStates.deleteExpiredLoginStates(now),
          sessions.deleteExpiredSessions(now),
          ltiDocs.deleteExpiredLtiDocs(now),
        ]);
        return removed.reduce((a, b) => a + b, 0);
      },
      async close() {
        await conn.close();
      },
    };
  } catch (err) {
    await conn.close();
    throw err;
  }
}
