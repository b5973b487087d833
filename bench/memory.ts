/**
 * Memory of the tool process with many learners: the tool runs as its own
 * process, compiled (so the figure is its RSS alone), 10,000 learners each open their
 * path through the real HTTP player (creating their learner records), and the
 * process's resident set size is read from /proc.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CLAIM } from '../server/lti/claims.js';
import { newSessionToken } from '../server/lti/session.js';
import { openSqliteStore } from '../server/store/sqlite/index.js';
import { keepAliveAgent, send } from './load.js';
import { spawnTool } from './processes.js';

export interface MemoryFigure {
  learners: number;
  rssIdleMb: number;
  rssAfterMb: number;
  seconds: number;
}

export async function runMemoryBench(learners = 10_000): Promise<MemoryFigure> {
  const tool = await spawnTool();
  const url = tool.url;
  try {
    const store = await openSqliteStore(path.join(tool.dataDir, 'tool.sqlite'));
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
    const rssIdleMb = tool.rssMb();
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
    return { learners, rssIdleMb, rssAfterMb: tool.rssMb(), seconds: (Date.now() - start) / 1000 };
  } finally {
    await tool.close();
  }
}
