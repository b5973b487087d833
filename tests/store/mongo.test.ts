import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { openMongoStore } from '../../server/store/mongo/index.js';
import { runStoreContract } from './contract.js';

const uri = process.env.MONGODB_URI;

/** The same server, but a database of the test's own, so every test starts empty. */
function databaseUri(base: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(base);
  if (!match) throw new Error(`MONGODB_URI is not a mongodb:// URI: ${base}`);
  return `${match[1]}/${name}${match[2] ?? ''}`;
}

describe('MongoDB store', function () {
  const databases: string[] = [];

  before(function () {
    if (!uri) {
      console.log('MONGODB_URI is unset: skipping the MongoDB run of the store contract (start one with docker compose up mongo)');
      this.skip();
    }
  });

  after(async function () {
    if (!uri || databases.length === 0) return;
    const conn = await mongoose.createConnection(uri).asPromise();
    try {
      for (const name of databases) await conn.useDb(name).dropDatabase();
    } finally {
      await conn.close();
    }
  });

  runStoreContract('mongo', () => {
    if (!uri) throw new Error('MONGODB_URI is unset');
    const name = `store_contract_${randomUUID().slice(0, 8)}`;
    databases.push(name);
    return openMongoStore(databaseUri(uri, name));
  });
});
