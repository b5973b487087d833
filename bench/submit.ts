/**
 * Answer submissions per second through the real player, at 50 concurrent
 * connections, beside a bare Express hello-world floor measured in the same run.
 *
 * The tool runs in its own process as `npm start` runs it (SQLite, the
 * built-in LMS, the grade outbox; see processes.ts), its LMS enrolling
 * LEARNERS synthetic learners. Each is launched with a real LTI 1.3 launch,
 * and each connection
 * plays one learner: it answers the question on screen (timed) and does the
 * rest of the path untimed (survey, warm-up, continue, readings, choices),
 * relaunching a fresh learner when one completes. First attempts are wrong
 * and second attempts right, so learners stay on long paths and both kinds
 * of answer are measured.
 *
 * Two clients are measured: the JSON API (one request per answer) and a
 * browser without JavaScript (POST → 303 → GET of the page, timed together).
 *
 *   npx tsx bench/submit.ts            BENCH_DURATION_MS=5000 by default
 */
import fs from 'node:fs';
import type { Agent } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Screen } from '../server/delivery/present.js';
import { isQuestion, type Question, type SequenceDoc } from '../server/engine/index.js';
import { openSqliteStore } from '../server/store/sqlite/index.js';
import { runFloorBench } from './floor.js';
import { authorize, hidden, postLaunch } from './launch.js';
import { keepAliveAgent, send, type LoadResult } from './load.js';
import { spawnTool, type ServerProcess } from './processes.js';

const SAMPLE = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../server/content/samples/fractions.json', import.meta.url)), 'utf8')) as SequenceDoc;
const LINK = 'link-fractions-add';
/** More than both measures launch, so every launch is a learner's first. */
const LEARNERS = 3000;

export interface SubmitFigures {
  answers: number;
  requests: number;
  seconds: number;
  answersPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  launches: number;
  /** The tool process's CPU time per request in the measured window (user + system). */
  toolCpuUsPerRequest: number;
}

export interface SubmitBenchResult {
  connections: number;
  floor: LoadResult;
  json: SubmitFigures;
  form: SubmitFigures;
}

type Mode = 'json' | 'form';

function question(id: string): Question {
  const q = SAMPLE.activities.find((a) => a.id === id);
  if (q === undefined || !isQuestion(q)) throw new Error(`${id} is not a question of the sample`);
  return q;
}

function answerFields(q: Question, correct: boolean, field?: string): Array<[string, string]> {
  switch (q.kind) {
    case 'singleChoice':
    case 'multipleChoice': {
      const picked = q.choices.filter((c) => (c.correct === true) === correct);
      const ids = q.kind === 'singleChoice' ? picked.slice(0, 1) : picked;
      return ids.map((c) => [field ?? 'choice', c.id]);
    }
    case 'numeric':
      return [[field ?? 'value', String(correct ? q.answer : q.answer + 1000)]];
    case 'shortText':
      return [[field ?? 'text', correct ? (q.acceptedAnswers?.[0] ?? '') : 'not-the-answer']];
  }
}

function at(screen: Screen): Array<[string, string]> {
  return screen.at.activityId === null ? [['step', String(screen.at.step)]] : [['step', String(screen.at.step)], ['activity', screen.at.activityId]];
}

/** LMS launch start, tool login, LMS authorization, tool launch, first page. */
const LAUNCH_REQUESTS = 5;

/** A real LTI launch through the built-in LMS, of one of the synthetic learners it enrolls for load tests. */
async function launch(tool: ServerProcess, agent: Agent, userId: string): Promise<string> {
  const form = await authorize(tool, agent, userId, LINK);
  const landing = await postLaunch(tool, agent, hidden(form, 'id_token'), hidden(form, 'state'));
  // The landing URL carries a short-lived page code; the page itself carries the session for its forms.
  const page = await send(agent, landing);
  if (page.status !== 200) throw new Error(`launch of ${userId} landed on ${landing}, which answered ${page.status}`);
  return hidden(page.body, '_s');
}

class BenchLearner {
  screen: Screen | null = null;
  requests = 0;

  constructor(
    private readonly tool: ServerProcess,
    private readonly agent: Agent,
    private token: string,
  ) {}

  private async call(path: string, fields?: Array<[string, string]>): Promise<{ screen: Screen }> {
    this.requests++;
    const res = await send(this.agent, `${this.tool.url}/app${path}`, {
      method: fields ? 'POST' : 'GET',
      headers: { accept: 'application/json', authorization: `Bearer ${this.token}`, ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(fields ? { body: new URLSearchParams(fields).toString() } : {}),
    });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.body.slice(0, 200)}`);
    return JSON.parse(res.body) as { screen: Screen };
  }

  async load(): Promise<Screen> {
    return (this.screen = (await this.call('')).screen);
  }

  /** A fresh learner on this connection; the launch's five requests count as requests served. */
  relaunched(token: string): void {
    this.requests += LAUNCH_REQUESTS;
    this.token = token;
    this.screen = null;
  }

  /** The answer to submit now, or null when the screen is not an open question. */
  pendingAnswer(): Array<[string, string]> | null {
    const s = this.screen;
    if (s?.kind !== 'question' || s.finished) return null;
    return [...at(s), ['k', s.key], ...answerFields(question(s.question.id), s.attempts.made > 0)];
  }

  /** Submits the pending answer the way `mode`'s client does; returns the requests it took. */
  async answer(fields: Array<[string, string]>, mode: Mode): Promise<number> {
    if (mode === 'json') {
      this.screen = (await this.call('/answer', fields)).screen;
      return 1;
    }
    const post = await send(this.agent, `${this.tool.url}/app/answer`, {
      method: 'POST',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_s', this.token], ...fields]).toString(),
    });
    if (post.status !== 303 || !post.headers.location) throw new Error(`form answer answered ${post.status}: ${post.body.slice(0, 200)}`);
    const page = await send(this.agent, new URL(post.headers.location, this.tool.url).toString(), { headers: { accept: 'text/html' } });
    if (page.status !== 200 || !page.body.includes('id="feedback-title"')) throw new Error(`page after an answer answered ${page.status}`);
    this.requests += 2;
    this.screen = null; // the page was HTML; the next step reads the screen again, untimed
    return 2;
  }

  /** Everything between answers, untimed: returns false once the path is complete. */
  async housekeep(): Promise<boolean> {
    const s = this.screen ?? (await this.load());
    switch (s.kind) {
      case 'complete':
        return false;
      case 'survey':
        this.screen = (await this.call('/survey', [...at(s), ['q.learn-best', 'video']])).screen;
        return true;
      case 'diagnostic': {
        if (s.result !== null) {
          this.screen = (await this.call('/next', at(s))).screen;
          return true;
        }
        const fields: Array<[string, string]> = [...at(s), ['k', s.key]];
        for (const item of s.items) fields.push(...answerFields(question(item.id), false, `a.${item.id}`));
        this.screen = (await this.call('/diagnostic', fields)).screen;
        return true;
      }
      case 'question':
        if (s.finished) this.screen = (await this.call('/next', at(s))).screen;
        return true;
      case 'choice':
        this.screen = (await this.call('/choose', [...at(s), ['option', s.options.find((o) => o.recommended)?.id ?? s.options[0]!.id]])).screen;
        return true;
      case 'reading':
      case 'video':
      case 'handsOn':
        this.screen = (await this.call('/done', at(s))).screen;
        return true;
    }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Waits until the tool's outbox has sent every queued score. */
async function drained(tool: ServerProcess): Promise<void> {
  const store = await openSqliteStore(path.join(tool.dataDir, 'tool.sqlite'));
  try {
    while ((await store.countPendingGrades()) > 0) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await store.close();
  }
}

async function measure(tool: ServerProcess, mode: Mode, nextLearner: () => string, opts: { connections: number; durationMs: number; warmupMs: number }): Promise<SubmitFigures> {
  const agent = keepAliveAgent(opts.connections);
  let launches = 0;
  const fresh = async () => {
    launches++;
    return launch(tool, agent, nextLearner());
  };
  try {
    const learners = await Promise.all(Array.from({ length: opts.connections }, async (_, w) => new BenchLearner(tool, agent, await fresh())));
    // The launches' "started" scores go out first, so the measure starts from a steady state, not a backlog.
    await drained(tool);
    const latencies: number[] = [];
    let answers = 0;
    let errors = 0;
    let answerRequests = 0;
    const run = async (until: number, record: boolean) =>
      Promise.all(
        learners.map(async (learner, w) => {
          while (Date.now() < until) {
            try {
              const fields = learner.pendingAnswer();
              if (fields === null) {
                if (!(await learner.housekeep())) learner.relaunched(await fresh());
                continue;
              }
              const t0 = process.hrtime.bigint();
              const made = await learner.answer(fields, mode);
              if (!record) continue;
              latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
              answers++;
              answerRequests += made;
            } catch {
              if (record) errors++;
              learner.screen = null;
            }
          }
        }),
      );
    await run(Date.now() + opts.warmupMs, false);
    const before = learners.reduce((n, l) => n + l.requests, 0);
    const cpuBefore = tool.cpuSeconds();
    const start = process.hrtime.bigint();
    await run(Date.now() + opts.durationMs, true);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const requests = learners.reduce((n, l) => n + l.requests, 0) - before;
    const toolCpuUsPerRequest = ((tool.cpuSeconds() - cpuBefore) * 1e6) / requests;
    latencies.sort((a, b) => a - b);
    return {
      answers,
      requests,
      seconds,
      answersPerSecond: answers / seconds,
      // All requests in the window: the untimed ones between answers and the relaunches of learners who finished included.
      requestsPerSecond: requests / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      errors,
      launches,
      toolCpuUsPerRequest,
    };
  } finally {
    agent.destroy();
  }
}

export async function runSubmitBench(opts: { connections?: number; durationMs: number; warmupMs?: number }): Promise<SubmitBenchResult> {
  const connections = opts.connections ?? 50;
  const settings = { connections, durationMs: opts.durationMs, warmupMs: opts.warmupMs ?? 2000 };
  const floor = await runFloorBench({ connections, durationMs: opts.durationMs });
  const tool = await spawnTool({ DEV_PLATFORM_EXTRA_LEARNERS: String(LEARNERS) });
  let launched = 0;
  const nextLearner = () => {
    if (launched === LEARNERS) throw new Error(`all ${LEARNERS} learners have been launched; raise LEARNERS`);
    return `learner-${String(++launched).padStart(4, '0')}`;
  };
  try {
    const json = await measure(tool, 'json', nextLearner, settings);
    const form = await measure(tool, 'form', nextLearner, settings);
    return { connections, floor, json, form };
  } finally {
    await tool.close();
  }
}

export function printSubmitBench(r: SubmitBenchResult): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const row = (name: string, f: SubmitFigures) => ({
    measure: name,
    'answers/s': Math.round(f.answersPerSecond),
    'requests/s (all)': Math.round(f.requestsPerSecond),
    'vs floor (req/s)': `${(f.requestsPerSecond / r.floor.requestsPerSecond).toFixed(2)}×`,
    p50: ms(f.p50Ms),
    p99: ms(f.p99Ms),
    errors: f.errors,
    'tool CPU/req': `${Math.round(f.toolCpuUsPerRequest)} µs`,
  });
  console.log(`Answer submissions, ${r.connections} concurrent connections, closed loop, keep-alive`);
  console.table([
    { measure: 'floor: bare Express hello-world', 'answers/s': '-', 'requests/s (all)': Math.round(r.floor.requestsPerSecond), 'vs floor (req/s)': '1.00×', p50: ms(r.floor.p50Ms), p99: ms(r.floor.p99Ms), errors: r.floor.errors, 'tool CPU/req': '-' },
    row('answer via JSON API (1 request)', r.json),
    row('answer via form, no JS (POST → 303 → GET page)', r.form),
  ]);
  console.log(`Learners launched: ${r.json.launches + r.form.launches} (real LTI launches; untimed). p50/p99 are per answer submission.`);
  console.log('The tool runs in its own process, with its grade outbox and the built-in LMS receiving the scores; the floor runs in its own process too.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5000);
  console.log(`Node ${process.version} on ${process.platform} ${process.arch}, ${durationMs} ms per measure\n`);
  runSubmitBench({ connections: 50, durationMs }).then(
    (r) => {
      printSubmitBench(r);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
