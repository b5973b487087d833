import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { openSqliteStore } from '../../server/store/sqlite/index.js';
import { migrations } from '../../server/store/sqlite/migrations.js';
import { runStoreContract } from './contract.js';
import { gradeJob, learnerKey, newPlatform, rejection, T0 } from './contract/fixtures.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'store-sqlite-'));
let files = 0;

/** A path to a database that does not exist yet, in a directory that does not either. */
function freshFile(): string {
  return path.join(root, `db-${++files}`, 'store.sqlite');
}

after(() => fs.rmSync(root, { recursive: true, force: true }));

runStoreContract('sqlite', () => openSqliteStore(freshFile()));

describe('SQLite store', () => {
  const latest = migrations.at(-1)?.version ?? 0;

  it('numbers migrations 1, 2, 3... with no gaps', () => {
    expect(migrations.map((m) => m.version)).to.deep.equal(migrations.map((_, i) => i + 1));
  });

  it('creates the directory, runs in WAL mode and records every migration once', async () => {
    const file = freshFile();
    await (await openSqliteStore(file)).close();
    await (await openSqliteStore(file)).close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
      const applied = db.prepare<[], { version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(applied).to.deep.equal(migrations.map(({ version, name }) => ({ version, name })));
    } finally {
      db.close();
    }
  });

  it('finds a learner\'s attempts and checks an idempotency key through an index, never a table scan', async () => {
    const file = freshFile();
    await (await openSqliteStore(file)).close();
    const db = new Database(file, { readonly: true });
    try {
      const plan = (sql: string) =>
        db
          .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          .all()
          .map((r) => r.detail)
          .join(' | ');
      const byLearner = "platform_id = 'p' AND context_id = 'c' AND resource_link_id = 'r' AND user_id = 'u'";
      for (const sql of [
        `SELECT * FROM attempts WHERE ${byLearner} ORDER BY created_at, seq`,
        `SELECT * FROM attempts WHERE ${byLearner} AND idempotency_key = 'k'`,
        "SELECT * FROM attempts WHERE platform_id = 'p' AND context_id = 'c' AND resource_link_id = 'r' ORDER BY created_at, seq",
      ]) {
        const detail = plan(sql);
        expect(detail, sql).to.match(/SEARCH attempts USING INDEX/);
        expect(detail, sql).to.not.match(/SCAN attempts/);
      }
    } finally {
      db.close();
    }
  });

  it('turns foreign keys on, which SQLite leaves off on every new connection', async () => {
    const store = await openSqliteStore(freshFile());
    try {
      expect((await rejection(store.insertDeployment('missing', 'dep'))).message).to.match(/Unknown platform missing/);
    } finally {
      await store.close();
    }
  });

  it('keeps its data across a reopen', async () => {
    const file = freshFile();
    const first = await openSqliteStore(file);
    const platform = await first.insertPlatform(newPlatform());
    await first.ensureLearner(learnerKey(), { sequenceId: 'seq-1', version: 1, state: { step: 'é' } });
    await first.close();

    const second = await openSqliteStore(file);
    try {
      expect(await second.selectPlatform(platform.id)).to.deep.equal(platform);
      expect((await second.selectLearner(learnerKey()))?.state).to.deep.equal({ step: 'é' });
    } finally {
      await second.close();
    }
  });

  it('refuses a database written by a newer schema, leaving it untouched', async () => {
    const file = freshFile();
    await (await openSqliteStore(file)).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(latest + 1, 'from the future', T0);
    db.close();

    const err = await rejection(openSqliteStore(file));
    expect(err.message).to.include(`schema version ${latest + 1}`).and.include(`up to ${latest}`).and.include(file);
    const check = new Database(file, { readonly: true });
    try {
      expect(check.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).to.equal(latest + 1);
    } finally {
      check.close();
    }
  });

  it('opens an in-memory store', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      await store.insertPlatform(newPlatform());
      expect(await store.selectPlatforms()).to.have.length(1);
    } finally {
      await store.close();
    }
  });

  it('gives each job to one of two connections claiming from the same file', async () => {
    const file = freshFile();
    const one = await openSqliteStore(file);
    const two = await openSqliteStore(file);
    try {
      for (let i = 0; i < 10; i++) await one.enqueueGrade(gradeJob({ userId: `u${i}` }), T0);
      const a = await one.claimDueGrades(T0, 6, 1000);
      const b = await two.claimDueGrades(T0, 6, 1000);
      expect(a).to.have.length(6);
      expect(b).to.have.length(4);
      expect(new Set([...a, ...b].map((j) => j.id)).size).to.equal(10);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('detects a revision conflict between two connections', async () => {
    const file = freshFile();
    const one = await openSqliteStore(file);
    const two = await openSqliteStore(file);
    try {
      await one.ensureLearner(learnerKey(), { sequenceId: 'seq-1', version: 1, state: {} });
      expect((await one.commitLearner(learnerKey(), 0, { by: 'one' }, null)).status).to.equal('committed');
      const lost = await two.commitLearner(learnerKey(), 0, { by: 'two' }, null);
      expect(lost.status).to.equal('conflict');
      expect(lost.record.state).to.deep.equal({ by: 'one' });
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('SQLite store: learner history apart from the state row', () => {
  const history = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'enter', step: i + 1, activityId: `a${i}` }));
  const state = (n: number) => ({ stepCount: n, history: history(n), completed: null });
  const key = learnerKey('u-history');

  it('appends only the entries a commit added, and the row stays the same size', async () => {
    const file = freshFile();
    const store = await openSqliteStore(file);
    let record = await store.ensureLearner(key, { sequenceId: 's', version: 1, state: state(0) });
    for (const n of [3, 4, 9]) {
      const result = await store.commitLearner(key, record.revision, state(n), null);
      expect(result.status).to.equal('committed');
      record = result.record;
    }
    await store.close();

    const db = new Database(file, { readonly: true });
    try {
      const row = db.prepare<[], { state: string; history_length: number }>('SELECT state, history_length FROM learners').get()!;
      expect(JSON.parse(row.state)).to.deep.equal({ stepCount: 9, history: [], completed: null });
      expect(row.history_length).to.equal(9);
      const chunks = db.prepare<[], { from_index: number; entries: string }>('SELECT from_index, entries FROM learner_history ORDER BY from_index').all();
      expect(chunks.map((c) => [c.from_index, JSON.parse(c.entries).length])).to.deep.equal([[0, 3], [3, 1], [4, 5]]);
    } finally {
      db.close();
    }
    const reopened = await openSqliteStore(file);
    try {
      expect((await reopened.selectLearner(key))!.state).to.deep.equal(state(9));
    } finally {
      await reopened.close();
    }
  });

  it('refuses a state whose history shrank, and keeps the stored one', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      const created = await store.ensureLearner(key, { sequenceId: 's', version: 1, state: state(4) });
      const err = await rejection(store.commitLearner(key, created.revision, state(2), null));
      expect(err.message).to.include('only grows');
      expect((await store.selectLearner(key))!.state).to.deep.equal(state(4));
    } finally {
      await store.close();
    }
  });

  it('moves the histories of a database written before migration 4 out of their rows', async () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of migrations.filter((m) => m.version < 4)) {
      m.up(old);
      old.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, T0);
    }
    const insert = old.prepare(
      `INSERT INTO learners (platform_id, context_id, resource_link_id, user_id, sequence_id, version, state, revision, created_at, updated_at)
       VALUES (?, ?, ?, ?, 's', 1, ?, 7, ?, ?)`,
    );
    insert.run(key.platformId, key.contextId, key.resourceLinkId, key.userId, JSON.stringify(state(5)), T0, T0);
    insert.run(key.platformId, key.contextId, key.resourceLinkId, 'u-fresh', JSON.stringify(state(0)), T0, T0);
    old.close();

    const store = await openSqliteStore(file);
    try {
      const migrated = (await store.selectLearner(key))!;
      expect(migrated.state).to.deep.equal(state(5));
      expect(Object.keys(migrated.state)).to.deep.equal(['stepCount', 'history', 'completed']);
      expect(migrated.revision, 'moving the history is not a change of the learner').to.equal(7);
      expect((await store.selectLearner({ ...key, userId: 'u-fresh' }))!.state).to.deep.equal(state(0));
      const next = await store.commitLearner(key, 7, state(6), null);
      expect(next.status).to.equal('committed');
      expect((await store.selectLearners(key)).find((r) => r.userId === key.userId)!.state).to.deep.equal(state(6));
    } finally {
      await store.close();
    }
  });
});
