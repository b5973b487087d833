/**
 * Group commit: the writes requested during one turn of the event loop are
 * committed together, in one SQLite transaction, just before the loop turns.
 *
 * Under load many learners answer at once; committing each answer alone paid
 * a transaction's fixed cost (locking, WAL frame headers, rewriting the same
 * hot index pages) once per answer. Together, it is paid once per batch.
 *
 * Each write still stands alone: it runs in its own savepoint, so one that
 * throws is rolled back and rejected without touching the others, and every
 * promise settles only after the whole batch is durable (a failed COMMIT
 * rejects them all). A read issued meanwhile sees the state before the batch,
 * as it would have seen it before a concurrent transaction.
 */
import type { Db } from './sql.js';

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private pending: Pending[] = [];
  private readonly commitAll: (batch: Pending[]) => Outcome[];

  constructor(db: Db) {
    // Nested in the batch's transaction, so a savepoint. One wrapper for every write: making one per write showed in profiles.
    const alone = db.transaction((write: () => unknown) => write());
    // IMMEDIATE: another process committing to the same file waits on busy_timeout instead of failing on a lock upgrade.
    const all = db.transaction((batch: Pending[]): Outcome[] =>
      batch.map((p): Outcome => {
        try {
          return { ok: true, value: alone(p.write) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    this.commitAll = (batch) => all.immediate(batch);
  }

  /** Runs `write` (synchronous SQLite work) in the next group transaction, in a savepoint of its own: it needs no transaction of its own. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits whatever is waiting now; close() calls it so nothing queued is lost. */
  flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.commitAll(batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
