/**
 * Grades survive a crash: the tool runs as a separate process against a
 * built-in platform served by this test, is killed with SIGKILL while score
 * sends are in flight, and is restarted. The platform must end with every
 * learner's latest score, and nothing it recorded may move a result backwards.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import express from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import { loadOrCreateSecrets } from '../../server/bootstrap.js';
import { queueScore } from '../../server/grades/index.js';
import { openPageCode, pageCodeKey } from '../../server/lti/page-code.js';
import { sessionIdFor } from '../../server/lti/session.js';
import { createDevPlatform, type DevPlatform } from '../../server/platform/index.js';
import { openSqliteStore } from '../../server/store/sqlite/index.js';
import type { Session, Store } from '../../server/store/types.js';
import { formFields, get, postForm, tempDir } from '../helpers/tool.js';

const ADMIN = 'crash-test-admin-token-0123456789';
const LEARNERS = ['learner-maya', 'learner-liam', 'learner-zanele', 'learner-tomas'];
const LINK = 'link-fractions-add';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('grades: the tool is killed (SIGKILL) mid-send and restarted', function () {
  this.timeout(90_000);
  let platform: DevPlatform;
  let platformServer: http.Server;
  let toolUrl: string;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let store: Store;

  function startTool(): Promise<ChildProcess> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        PORT: new URL(toolUrl).port,
        DATA_DIR: dataDir,
        DEV_PLATFORM: 'false',
        ADMIN_TOKEN: ADMIN,
        LOG_LEVEL: 'warn',
        GRADE_LEASE_SECONDS: '6',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return waitFor('the tool to be ready', async () => (await fetch(`${toolUrl}/readyz`).catch(() => null))?.ok === true).then(() => proc);
  }

  before(async () => {
    const [toolPort, platformPort] = [await freePort(), await freePort()];
    toolUrl = `http://127.0.0.1:${toolPort}`;
    dataDir = tempDir('crash-');
    const issuer = `http://127.0.0.1:${platformPort}/platform`;
    platform = await createDevPlatform({
      issuer,
      keyFile: null,
      tool: { clientId: 'crash-tool', deploymentId: 'd1', loginUrl: `${toolUrl}/lti/login`, launchUrl: `${toolUrl}/lti/launch`, deepLinkUrl: `${toolUrl}/lti/launch`, jwksUrl: `${toolUrl}/lti/keys` },
    });
    const app = express();
    app.use('/platform', platform.router);
    platformServer = app.listen(platformPort, '127.0.0.1');
    child = await startTool();
    const reg = await fetch(`${toolUrl}/api/admin/platforms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ issuer, clientId: 'crash-tool', name: 'Crash LMS', authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, jwksUrl: platform.jwksUrl, deploymentIds: ['d1'] }),
    });
    expect(reg.status).to.equal(201);
    store = await openSqliteStore(path.join(dataDir, 'tool.sqlite'));
  });

  after(async () => {
    child?.kill('SIGKILL');
    await store?.close();
    await new Promise((r) => platformServer?.close(r));
  });

  async function launch(userId: string): Promise<Session> {
    const start = await get(platform.launchStartUrl(userId, LINK));
    const login = await get(new URL(start.location!, platform.issuer).toString());
    const { action, fields } = formFields((await get(login.location!)).body);
    const launched = await postForm(action, fields);
    expect(launched.status).to.equal(303);
    // Nothing is placed, so the landing page has no form to read the token from: open its page code with the tool's secret.
    const code = new URL(launched.location!, toolUrl).searchParams.get('code')!;
    const token = openPageCode(pageCodeKey(loadOrCreateSecrets({ dataDir, encryptionKey: undefined }).encryptionKey), code, Date.now())!;
    return (await store.selectSession(sessionIdFor(token), Date.now()))!;
  }

  it('ends with every learner\'s latest score and no result moved backwards', async () => {
    const sessions = await Promise.all(LEARNERS.map(launch));
    const lineItem = platform.gradebook.lineItems().find((li) => li.resourceLinkId === LINK)!;
    const queue = (s: Session, scoreGiven: number) =>
      queueScore(store, s, { scoreGiven, scoreMaximum: 100, activityProgress: 'InProgress', gradingProgress: 'Pending' }, Date.now());

    // Every score send hangs for 2 s, so the kill lands while sends are in flight.
    platform.faults.inject('scores', { type: 'slow', delayMs: 2_000 });
    for (const s of sessions) await queue(s, 40);
    await waitFor('a score send in flight', () => platform.faults.calls('scores') >= 1, 15_000);
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    // Newer scores arrive while the tool is down (another tool process would queue them the same way).
    for (const [i, s] of sessions.entries()) await queue(s, 60 + i);
    platform.faults.clear();
    child = await startTool();

    await waitFor(
      'the latest scores at the platform',
      () => sessions.every((s, i) => platform.gradebook.latestScore(lineItem.id, s.userId)?.scoreGiven === 60 + i),
      45_000,
    );
    for (const s of sessions) {
      const applied = platform.gradebook.scores({ lineItemId: lineItem.id, userId: s.userId }).filter((r) => r.applied);
      const given = applied.map((r) => r.scoreGiven);
      expect(given, `${s.userId}: results only move forward`).to.deep.equal([...given].sort((a, b) => (a ?? 0) - (b ?? 0)));
      expect(given.at(-1)).to.equal(60 + sessions.indexOf(s));
    }
    // The platform records a score a moment before the tool, having read the answer, commits the job as sent.
    await waitFor('the outbox to drain', async () => (await store.countPendingGrades()) === 0, 10_000);
  });
});
