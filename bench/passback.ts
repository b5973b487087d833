/**
 * Grade passback throughput: scores delivered per second from the outbox to
 * the built-in platform's AGS endpoints over HTTP (token cached, line items
 * known), measured by draining rounds of queued scores for the sample learners.
 */
import { queueScore } from '../server/grades/index.js';
import { sessionIdFor } from '../server/lti/session.js';
import type { Session } from '../server/store/types.js';
import { startBenchTool } from './in-process.js';
import { launchAs } from '../tests/helpers/tool.js';

const LEARNERS = ['learner-maya', 'learner-liam', 'learner-zanele', 'learner-tomas'];

export interface PassbackFigure {
  scores: number;
  seconds: number;
  scoresPerSecond: number;
}

export async function runPassbackBench(opts: { durationMs: number }): Promise<PassbackFigure> {
  const tool = await startBenchTool();
  try {
    const sessions: Session[] = [];
    for (const user of LEARNERS) {
      const { token } = await launchAs(tool, user, 'link-fractions-add');
      sessions.push((await tool.store.selectSession(sessionIdFor(token), Date.now()))!);
    }
    const book = tool.devPlatform!.gradebook;
    const received = () => book.scores({}).length;
    // Warm-up: resolves the access token once.
    for (const s of sessions) await queueScore(tool.store, s, { scoreGiven: 1, scoreMaximum: 100, activityProgress: 'InProgress', gradingProgress: 'Pending' }, Date.now());
    await tool.grades.drain();
    const before = received();
    const start = process.hrtime.bigint();
    const end = Date.now() + opts.durationMs;
    for (let round = 0; Date.now() < end; round++) {
      for (const s of sessions) {
        await queueScore(tool.store, s, { scoreGiven: round % 100, scoreMaximum: 100, activityProgress: 'InProgress', gradingProgress: 'Pending' }, Date.now());
      }
      await tool.grades.drain();
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const scores = received() - before;
    return { scores, seconds, scoresPerSecond: scores / seconds };
  } finally {
    await tool.close();
  }
}
