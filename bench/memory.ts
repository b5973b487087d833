/**
 * Memory of the tool process with many learners: the tool runs as its own
 * process, compiled (so the figure is its RSS alone), 10,000 learners each open their
 * path through the real HTTP player (creating their learner records), and the
 * process's resident set size is read from /proc.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CLAIM } from '../server/lti/claims.js';
import { newSessionToken } from '../server/lti/session.js';
import { openSqliteStore } from '../server/store/sqlite/index.js';
import { keepAliveAgent, send } from './load.js';

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface MemoryFigure {
  learners: number;
  rssIdleMb: number;
  rssAfterMb: number;
  seconds: number;
}

export async function runMemoryBench(learners = 10_000): Promise<MemoryFigure> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-mem-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The compiled build, as production runs it (npm run bench builds it first); tsx would add its own transpiler's memory.
  const entry = fs.existsSync('dist/server/main.js') ? ['dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, entry, {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${url}/readyz`).catch(() => null))?.ok) break;
      if (i > 300) throw new Error('the tool did not start');
      await delay(100);
    }
    const store = await openSqliteStore(path.join(dataDir, 'tool.sqlite'));
    const platform = (await store.selectPlatforms())[0]!;
    const now = Date.now();
    const tokens: string[] = [];
    for (let i = 0; i < learners; i++) {
      const { token, id } = newSessionToken();
      tokens.push(token);
      await store.insertSession({
        id,
        platformId: platform.id,
        deploymentId: 'dev-deployment',
        contextId: 'grade7-math-fractions',
        contextTitle: 'Grade 7 Math',
        resourceLinkId: 'link-fractions-add',
        resourceLinkTitle: 'Adding fractions',
        userId: `bench-learner-${i}-${crypto.randomUUID()}`,
        userName: `Learner ${i}`,
        userEmail: null,
        roles: ['learner'],
        messageType: 'LtiResourceLinkRequest',
        claims: { [CLAIM.custom]: { sequence_id: 'fractions-grade6' } },
        createdAt: now,
        expiresAt: now + 3_600_000,
      });
    }
    await store.close();
    const rssIdleMb = rssMb(child.pid!);
    const agent = keepAliveAgent(20);
    const start = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < tokens.length) {
          const token = tokens[next++]!;
          const r = await send(agent, `${url}/app`, { headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
          if (r.status !== 200) throw new Error(`/app answered ${r.status}`);
        }
      }),
    );
    agent.destroy();
    await delay(500);
    return { learners, rssIdleMb, rssAfterMb: rssMb(child.pid!), seconds: (Date.now() - start) / 1000 };
  } finally {
    child.kill('SIGTERM');
  }
}
