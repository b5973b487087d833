/**
 * Builds the player's page script, server/player-client/*.ts, into
 * server/public/player.js with esbuild (one minified IIFE, no dependencies).
 *
 * The bundle is committed, so production images serve it without esbuild.
 * In development and tests, startServer calls ensurePlayerClient, which
 * rebuilds only when a source file is newer than the bundle: editing the
 * client and restarting is enough. `npx tsx server/delivery/build-client.ts`
 * rebuilds unconditionally.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '../log.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CLIENT_DIR = path.join(here, '..', 'player-client');
export const CLIENT_ENTRY = path.join(CLIENT_DIR, 'player.ts');
export const CLIENT_BUNDLE = path.join(here, '..', 'public', 'player.js');
/** A page script this size or larger is a regression worth a warning. */
export const BUNDLE_BUDGET_BYTES = 50 * 1024;

function newestSource(): number {
  if (!fs.existsSync(CLIENT_DIR)) return 0;
  return Math.max(0, ...fs.readdirSync(CLIENT_DIR).map((f) => fs.statSync(path.join(CLIENT_DIR, f)).mtimeMs));
}

export function isBundleStale(): boolean {
  if (!fs.existsSync(CLIENT_ENTRY)) return false;
  return !fs.existsSync(CLIENT_BUNDLE) || fs.statSync(CLIENT_BUNDLE).mtimeMs < newestSource();
}

/** Builds the bundle and returns its size in bytes. */
export async function buildPlayerClient(): Promise<number> {
  // Imported here, not at the top: production never builds, and need not ship esbuild.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    format: 'iife',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no output for the player client');
  // Write then rename: a concurrent start never serves a half-written file.
  const temporary = `${CLIENT_BUNDLE}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, code);
  fs.renameSync(temporary, CLIENT_BUNDLE);
  return code.byteLength;
}

export async function ensurePlayerClient(logger?: Logger): Promise<void> {
  if (!isBundleStale()) return;
  const bytes = await buildPlayerClient();
  if (bytes >= BUNDLE_BUDGET_BYTES) logger?.warn({ bytes, budget: BUNDLE_BUDGET_BYTES }, 'player.js is over its size budget');
  else logger?.info({ bytes }, 'player.js rebuilt');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildPlayerClient().then(
    (bytes) => console.log(`${path.relative(process.cwd(), CLIENT_BUNDLE)}: ${bytes} bytes`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
