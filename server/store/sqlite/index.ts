import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../types.js';
import { noteRepo, rosterRepo } from './classroom.js';
import { contentRepo } from './content.js';
import { GroupCommit } from './group-commit.js';
import { learnerRepo } from './learners.js';
import { ltiDocRepo } from './ltidocs.js';
import { migrate } from './migrations.js';
import { outboxRepo } from './outbox.js';
import { platformRepo, registrationRepo } from './platforms.js';
import { loginStateRepo, sessionRepo } from './sessions.js';
import type { Db } from './sql.js';

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    // WAL lets launches read while a grade or learner commit writes.
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL syncs at checkpoints, not on every commit: a commit survives a
    // crash or SIGKILL of the process and only an OS crash or power loss can roll back
    // the last moments, which is also what MongoDB's default journaling promises.
    // better-sqlite3 builds with this default; it is stated here so it cannot change silently.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The embedded store: one SQLite file (created with its directory when missing), or ':memory:'. */
export async function openSqliteStore(file: string): Promise<Store> {
  const db = openDatabase(file);
  // The writes of every answer (the learner's state, the attempt, the score to send) and of every launch share transactions.
  const group = new GroupCommit(db);
  const loginStates = loginStateRepo(db, group);
  const sessions = sessionRepo(db, group);
  const ltiDocs = ltiDocRepo(db);
  const ping = db.prepare('SELECT 1');

  return {
    kind: 'sqlite',
    ...platformRepo(db),
    ...registrationRepo(db),
    ...loginStates,
    ...sessions,
    ...ltiDocs,
    ...contentRepo(db),
    ...learnerRepo(db, group),
    ...outboxRepo(db, group),
    ...rosterRepo(db),
    ...noteRepo(db),
    async ping() {
      ping.get();
    },
    async sweepExpired(now) {
      const removed = await Promise.all([
        loginStates.deleteExpiredLoginStates(now),
        sessions.deleteExpiredSessions(now),
        ltiDocs.deleteExpiredLtiDocs(now),
      ]);
      return removed.reduce((a, b) => a + b, 0);
    },
    async close() {
      group.flush();
      db.close();
    },
  };
}
