import type Database from 'better-sqlite3';
import { StoreConflictError, type Json } from '../types.js';

export type Db = Database.Database;

/** JSON columns are TEXT; the interface's JSON types only ever hold what JSON.stringify round-trips. */
export function toJson(value: Json): string {
  return JSON.stringify(value);
}

export function fromJson<T extends Json>(text: string): T {
  return JSON.parse(text) as T;
}

/** SQLite has no boolean type; nullable flags are stored as 0/1/NULL. */
export function toFlag(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

export function fromFlag(value: number | null): boolean | null {
  return value === null ? null : value !== 0;
}

function sqliteCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Runs `write`, turning a unique-key violation into the interface's StoreConflictError. */
export function withConflict<T>(message: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    const code = sqliteCode(err);
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      throw new StoreConflictError(message);
    }
    throw err;
  }
}

/** Runs `write`, naming the missing parent instead of SQLite's bare "FOREIGN KEY constraint failed". */
export function withParent<T>(message: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (sqliteCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new Error(message);
    throw err;
  }
}
