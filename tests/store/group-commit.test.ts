import { expect } from 'chai';
import Database from 'better-sqlite3';
import { GroupCommit } from '../../server/store/sqlite/group-commit.js';

describe('SQLite group commit', () => {
  function open() {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
    const insert = db.prepare<[string]>('INSERT INTO t (v) VALUES (?)');
    const values = () => db.prepare<[], { v: string }>('SELECT v FROM t ORDER BY id').all().map((r) => r.v);
    return { db, insert, values, group: new GroupCommit(db) };
  }

  it('runs the writes of one event-loop turn together, inside a transaction, each settling after it commits', async () => {
    const { db, insert, values, group } = open();
    const seen: boolean[] = [];
    const writes = ['a', 'b', 'c'].map((v) =>
      group.run(() => {
        seen.push(db.inTransaction);
        return insert.run(v).changes;
      }),
    );
    expect(values(), 'nothing is written before the loop turns').to.deep.equal([]);
    expect(await Promise.all(writes)).to.deep.equal([1, 1, 1]);
    expect(seen).to.deep.equal([true, true, true]);
    expect(values()).to.deep.equal(['a', 'b', 'c']);
    db.close();
  });

  it('rolls back and rejects only the write that throws', async () => {
    const { insert, values, group, db } = open();
    const results = await Promise.allSettled([
      group.run(() => insert.run('x')),
      group.run(() => {
        insert.run('half-done');
        insert.run('x'); // UNIQUE violation: the savepoint undoes 'half-done' too
      }),
      group.run(() => insert.run('y')),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).to.match(/UNIQUE/);
    expect(values()).to.deep.equal(['x', 'y']);
    db.close();
  });

  it('flush() commits what is waiting at once, so closing loses nothing', async () => {
    const { insert, values, group, db } = open();
    const write = group.run(() => insert.run('last'));
    group.flush();
    expect(values()).to.deep.equal(['last']);
    await write;
    db.close();
  });
});
