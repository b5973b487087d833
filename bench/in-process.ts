/** For benches that drive the tool's internals (its outbox, its store): the tool in this process, as the tests boot it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { startServer, type RunningServer } from '../server/server.js';

/** close() also removes the run's data directory. */
export async function startBenchTool(): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const tool = await startServer(loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', LAUNCH_RATE_LIMIT: '1000000' }));
  return {
    ...tool,
    close: async () => {
      await tool.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
