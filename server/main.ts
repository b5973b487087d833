/** `npm start`: validate the configuration, boot the tool, shut down gracefully. */
import { ConfigError, loadConfig, productionProblems } from './config.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const problems = productionProblems(config);
  if (problems.length) {
    console.error(`Refusing to start in production with unsafe settings:\n - ${problems.join('\n - ')}`);
    process.exit(1);
  }
  const running = await startServer(config);
  const { logger } = running;
  logger.info({ url: running.url, store: running.store.kind, mode: config.mode }, 'tool listening');
  console.log(`\nAdaptive Paths is running at ${running.url}/`);
  if (running.devPlatform) console.log(`Try it as a learner or instructor: ${running.devPlatform.issuer}/\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  console.error('The tool failed to start:', err);
  process.exit(1);
});
