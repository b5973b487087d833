/** Shared pieces of the grade passback tests: a manual clock, launched sessions, and waiting for the outbox to settle. */
import { setTimeout as delay } from 'node:timers/promises';
import { GradeWorker, type GradeWorkerOptions } from '../../server/grades/index.js';
import { sessionIdFor } from '../../server/lti/session.js';
import type { LineItem } from '../../server/platform/index.js';
import type { RunningServer } from '../../server/server.js';
import type { GradeJob, Session } from '../../server/store/types.js';
import { launchAs, startTestTool } from '../helpers/tool.js';

export const LINK_WITH_LINE_ITEM = 'link-fractions-add';
export const LINK_WITHOUT_LINE_ITEM = 'link-fractions-compare';

/**
 * The workers' scheduling clock, moved only by the test: back-off, Retry-After
 * and leases are checked exactly, without sleeping through them.
 */
export class ManualClock {
  t = Date.now();
  readonly now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Short everything, so a file runs in seconds; callers override what they test. */
export function testWorker(tool: RunningServer, clock: ManualClock, opts: Partial<GradeWorkerOptions> = {}): GradeWorker {
  return new GradeWorker({
    store: tool.store,
    lti: tool.lti,
    logger: tool.logger,
    now: clock.now,
    batchSize: 5,
    leaseMs: 10_000,
    pollIntervalMs: 20,
    requestTimeoutMs: 2_000,
    stopGraceMs: 5_000,
    backoff: { baseMs: 1_000, capMs: 8_000 },
    ...opts,
  });
}

/**
 * Boots the tool for these tests, which drive their own workers on a manual
 * clock: a worker the server runs itself (`grades` on RunningServer, once
 * wired in server.ts) would race them for jobs, so it is stopped first.
 */
/**
 * The tool with its own sender stopped and the player's score hook muted: these
 * tests queue every score themselves and count exactly what the platform receives.
 */
export async function startToolForGrades(): Promise<RunningServer> {
  const tool = await startTestTool({}, { onScore: () => undefined });
  await tool.grades.stop();
  return tool;
}

export async function sessionFor(tool: RunningServer, userId: string, linkId: string): Promise<Session> {
  const { token } = await launchAs(tool, userId, linkId);
  const session = await tool.store.selectSession(sessionIdFor(token), Date.now());
  if (session === null) throw new Error(`no session after launching ${userId} on ${linkId}`);
  return session;
}

export async function job(tool: RunningServer, id: string): Promise<GradeJob> {
  const found = (await tool.store.selectGradeJobs({})).find((j) => j.id === id);
  if (found === undefined) throw new Error(`no grade job ${id}`);
  return found;
}

/**
 * Drains, and moves the clock past every back-off, until the jobs are no
 * longer pending: what a running worker does over minutes, in milliseconds.
 */
export async function settle(tool: RunningServer, worker: GradeWorker, clock: ManualClock, ids: string[], maxRounds = 20): Promise<GradeJob[]> {
  for (let round = 0; round < maxRounds; round++) {
    await worker.drain();
    const jobs = await Promise.all(ids.map((id) => job(tool, id)));
    if (jobs.every((j) => j.status !== 'pending')) return jobs;
    const nextDue = Math.min(...jobs.filter((j) => j.status === 'pending').map((j) => Math.max(j.nextAttemptAt, j.leaseUntil)));
    clock.advance(Math.max(0, nextDue - clock.now()));
  }
  throw new Error(`jobs still pending after ${maxRounds} rounds: ${JSON.stringify(await Promise.all(ids.map((id) => job(tool, id))))}`);
}

export function lineItemsOfLink(tool: RunningServer, linkId: string): LineItem[] {
  return tool.devPlatform!.gradebook.lineItems().filter((li) => li.resourceLinkId === linkId);
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}
