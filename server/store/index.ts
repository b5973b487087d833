import { openMongoStore } from './mongo/index.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './types.js';

export interface StoreOptions {
  /** Set: MongoDB through mongoose. Unset: the embedded SQLite store. */
  mongodbUri?: string | undefined;
  /** The embedded store's file; ignored when mongodbUri is set. */
  sqliteFile: string;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  return opts.mongodbUri ? openMongoStore(opts.mongodbUri) : openSqliteStore(opts.sqliteFile);
}
