/**
 * Boots the whole tool: store, LTI, the optional development platform, the
 * app, and an HTTP server. Used by `npm start`, by tests that need a real
 * listening server (browser tests, benchmarks) and by the CLI's store access.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ensureDataDir, loadOrCreateSecrets } from './bootstrap.js';
import { GradeWorker, outboxScoreHook } from './grades/index.js';
import type { Config } from './config.js';
import { ensurePlayerClient } from './delivery/build-client.js';
import type { ScoreHook } from './delivery/score-hook.js';
import { seedSamples } from './delivery/seed-samples.js';
import { createLogger, type Logger } from './log.js';
import { createLti, type Lti } from './lti/index.js';
import type { JwksCache } from './lti/jwks-cache.js';
import { createDevPlatform, type DevPlatform } from './platform/index.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';

export const DEV_PLATFORM_PATH = '/platform';
export const DEV_CLIENT_ID = 'dev-tool';
export const DEV_DEPLOYMENT_ID = 'dev-deployment';

export interface RunningServer {
  url: string;
  config: Config;
  store: Store;
  lti: Lti;
  /** Sends queued scores to the platforms; kick() after queueing one. */
  grades: GradeWorker;
  logger: Logger;
  devPlatform: DevPlatform | undefined;
  server: http.Server;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  now?: () => number;
  jwks?: JwksCache;
  /** Told when a learner's score, progress or completion changes (server/delivery/score-hook.ts). */
  onScore?: ScoreHook;
}

export function sqliteFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'tool.sqlite');
}

export async function openConfiguredStore(config: Config): Promise<Store> {
  ensureDataDir(config.dataDir);
  return openStore({ mongodbUri: config.mongodbUri, sqliteFile: sqliteFile(config) });
}

/** Registers the built-in platform with the tool (once) so its launches are accepted. */
async function registerDevPlatform(lti: Lti, store: Store, dev: DevPlatform): Promise<void> {
  const existing = await store.selectPlatformByIssuer(dev.issuer, DEV_CLIENT_ID);
  if (existing) {
    await lti.registry.addDeployment(existing.id, DEV_DEPLOYMENT_ID);
    return;
  }
  await lti.registry.add(
    {
      issuer: dev.issuer,
      clientId: DEV_CLIENT_ID,
      name: 'Built-in development LMS',
      authLoginUrl: dev.authUrl,
      authTokenUrl: dev.tokenUrl,
      authServer: dev.tokenUrl,
      jwksUrl: dev.jwksUrl,
      deploymentIds: [DEV_DEPLOYMENT_ID],
    },
    'dev',
  );
}

export async function startServer(baseConfig: Config, opts: StartOptions = {}): Promise<RunningServer> {
  // Listening starts before the app exists (see below); until it does, answer 503 rather than hang.
  let handle: http.RequestListener = (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"status":"starting"}');
  };
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(baseConfig.port, baseConfig.host, () => resolve());
  });
  // With PORT=0 the address is known only now, and every URL the tool hands out depends on it.
  const port = (server.address() as AddressInfo).port;
  const config: Config = baseConfig.port === 0 ? { ...baseConfig, port, publicUrl: `http://${baseConfig.host}:${port}` } : baseConfig;
  const logger = opts.logger ?? createLogger(config);
  const now = opts.now ?? (() => Date.now());
  const { encryptionKey } = loadOrCreateSecrets(config);
  const store = await openConfiguredStore(config);
  const lti = await createLti({ config, store, logger, encryptionKey, now, jwks: opts.jwks });
  const leaseMs = config.gradeLeaseSeconds * 1000;
  // A send must give up well before its lease ends, or a second sender could send the same score.
  const grades = new GradeWorker({ store, lti, logger, now, leaseMs, requestTimeoutMs: Math.min(10_000, leaseMs / 2) });

  let devPlatform: DevPlatform | undefined;
  if (config.devPlatform) {
    devPlatform = await createDevPlatform({
      issuer: `${config.publicUrl}${DEV_PLATFORM_PATH}`,
      keyFile: path.join(config.dataDir, 'dev-platform', 'keys.json'),
      extraLearners: config.devPlatformExtraLearners,
      tool: {
        clientId: DEV_CLIENT_ID,
        deploymentId: DEV_DEPLOYMENT_ID,
        loginUrl: lti.urls.login,
        launchUrl: lti.urls.launch,
        deepLinkUrl: lti.urls.launch,
        jwksUrl: lti.urls.keys,
      },
    });
    await registerDevPlatform(lti, store, devPlatform);
    const registered = await store.selectPlatformByIssuer(devPlatform.issuer, DEV_CLIENT_ID);
    if (registered) await seedSamples(store, registered.id, logger);
  }
  // Outside production the player's page script is rebuilt from source when stale; production serves the committed bundle.
  if (config.mode !== 'production') await ensurePlayerClient(logger);

  const app = createApp({
    config,
    store,
    logger,
    lti,
    now,
    devPlatform: devPlatform ? { path: DEV_PLATFORM_PATH, router: devPlatform.router } : undefined,
    onScore: opts.onScore ?? outboxScoreHook(store, () => grades.kick(), now),
    grades,
  });
  handle = app;
  const sweeper = setInterval(() => void store.sweepExpired(now()).catch((err) => logger.warn({ err }, 'sweep failed')), 60_000);
  sweeper.unref();
  grades.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(sweeper);
      // Stop accepting connections and let in-flight requests finish before the store goes away.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // In-flight score sends finish (or are abandoned to their lease) before the store closes.
      await grades.stop();
      await lti.close();
      await store.close();
    })());

  return { url: config.publicUrl, config, store, lti, grades, logger, devPlatform, server, close };
}
