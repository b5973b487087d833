import type { ClientSession, Connection } from 'mongoose';
import { StoreConflictError, type Json } from '../types.js';

/** Runs work as one unit: in a transaction when the deployment has them, otherwise plainly (no session). */
export type Atomic = <T>(work: (session: ClientSession | undefined) => Promise<T>) => Promise<T>;

/**
 * Transactions need a replica set or a sharded cluster. Without one, callers keep
 * their invariants through conditional writes and unique indexes, and the missing
 * session tells them so.
 */
export function atomicity(conn: Connection, transactions: boolean): Atomic {
  // conn.transaction retries the whole unit on transient errors such as write conflicts.
  return transactions ? (work) => conn.transaction((session) => work(session)) : (work) => work(undefined);
}

export async function supportsTransactions(conn: Connection): Promise<boolean> {
  const hello = await conn.getClient().db('admin').command({ hello: 1 });
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 11000;
}

/** Runs `write`, turning a unique-index violation into the interface's StoreConflictError. */
export async function conflictOnDuplicate<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKey(err)) throw new StoreConflictError(message);
    throw err;
  }
}

export function toJson(value: Json): string {
  return JSON.stringify(value);
}

export function fromJson<T extends Json>(text: string): T {
  return JSON.parse(text) as T;
}
