/**
 * Full LTI 1.3 launches per second through the built-in platform, as a browser
 * does them: platform launch start → tool login → platform authorization
 * (signs the id_token) → tool launch (validates, stores, opens the session) →
 * the first page. Five requests per launch, all against the real tool.
 */
import type { Agent } from 'node:http';
import { loadConfig } from '../server/config.js';
import { startServer, type RunningServer } from '../server/server.js';
import { keepAliveAgent, runLoad, send, type LoadResult } from './load.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const USERS = ['learner-maya', 'learner-liam', 'learner-zanele', 'learner-tomas'];

function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no ${name} in the platform's form_post page`);
  return m[1].replace(/&amp;/g, '&');
}

export async function launchOnce(tool: RunningServer, agent: Agent, userId: string): Promise<number> {
  const platform = tool.devPlatform!;
  const start = await send(agent, platform.launchStartUrl(userId, 'link-fractions-compare'));
  const login = await send(agent, new URL(String(start.headers.location), platform.issuer).toString());
  const auth = await send(agent, String(login.headers.location));
  const launch = await send(agent, `${tool.url}/lti/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ id_token: hidden(auth.body, 'id_token'), state: hidden(auth.body, 'state') }).toString(),
  });
  if (launch.status !== 303) throw new Error(`launch answered ${launch.status}`);
  const page = await send(agent, new URL(String(launch.headers.location), tool.url).toString());
  if (page.status !== 200) throw new Error(`first page answered ${page.status}`);
  return 5;
}

export async function startBenchTool(): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  return startServer(loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', LAUNCH_RATE_LIMIT: '1000000' }));
}

export async function runLaunchBench(opts: { connections: number; durationMs: number }): Promise<LoadResult> {
  const tool = await startBenchTool();
  const agent = keepAliveAgent(opts.connections);
  try {
    return await runLoad((w) => launchOnce(tool, agent, USERS[w % USERS.length]!), opts);
  } finally {
    agent.destroy();
    await tool.close();
  }
}
