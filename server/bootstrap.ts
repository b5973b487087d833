/**
 * First-start provisioning: the data directory and the encryption key.
 *
 * Zero config must work on a laptop, so a missing ENCRYPTION_KEY is generated
 * once and kept in the data directory (mode 0600); losing it would orphan every
 * key ltijs encrypted with it, so it is never regenerated once written.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Config } from './config.js';

export interface Secrets {
  encryptionKey: string;
  /** True when this start created the key (first start). */
  created: boolean;
}

export function ensureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

export function loadOrCreateSecrets(config: Pick<Config, 'dataDir' | 'encryptionKey'>): Secrets {
  if (config.encryptionKey) return { encryptionKey: config.encryptionKey, created: false };
  ensureDataDir(config.dataDir);
  const file = path.join(config.dataDir, 'encryption.key');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return { encryptionKey: existing, created: false };
    throw new Error(`${file} is shorter than 32 characters; restore it from a backup or set ENCRYPTION_KEY`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = crypto.randomBytes(32).toString('hex');
  // 'wx' fails if another process won the race, so two first starts agree on one key.
  try {
    fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecrets(config);
    throw err;
  }
  return { encryptionKey: key, created: true };
}
