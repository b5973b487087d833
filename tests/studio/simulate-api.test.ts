import { expect } from 'chai';
import { SimulationRunner } from '../../server/studio/simulation/runner.js';
import type { SimulationResult } from '../../server/simulation/index.js';
import { loadSample } from '../engine/support/samples.js';
import { deadEndDoc, errorDoc } from './support/fixtures.js';
import { useStudio } from './support/studio.js';

type Line = { type: 'progress'; done: number; total: number } | ({ type: 'result' } & SimulationResult) | { type: 'error'; error: { code: string } };

describe('studio API: simulate (NDJSON in a worker thread)', function () {
  this.timeout(120_000);
  const ctx = useStudio();

  /** Posts like the studio app (fetch), reading lines as they arrive. */
  async function simulate(body: unknown, onLine: (line: Line) => void = () => undefined): Promise<{ status: number; type: string | null; lines: Line[] }> {
    const res = await fetch(`${ctx.tool.url}/studio/api/simulate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const lines: Line[] = [];
    if (res.headers.get('content-type')?.startsWith('application/x-ndjson') && res.body) {
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = res.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
          const line = JSON.parse(buffer.slice(0, nl)) as Line;
          buffer = buffer.slice(nl + 1);
          lines.push(line);
          onLine(line);
        }
      }
      expect(buffer, 'every line ends with a newline').to.equal('');
    } else {
      lines.push((await res.json()) as Line);
    }
    return { status: res.status, type: res.headers.get('content-type'), lines };
  }

  it('streams progress, then one result, for 1000 learners on the 29-activity sample; the server stays responsive', async () => {
    const started = performance.now();
    let healthChecks = 0;
    let slowestHealthMs = 0;
    let probing: Promise<void> | undefined;
    const { status, type, lines } = await simulate({ draft: loadSample('fractions') }, (line) => {
      // While the simulation runs, another request is answered promptly.
      if (line.type === 'progress' && line.done > 0 && !probing) {
        probing = (async () => {
          const t = performance.now();
          const health = await fetch(`${ctx.tool.url}/healthz`);
          slowestHealthMs = Math.max(slowestHealthMs, performance.now() - t);
          expect(health.status).to.equal(200);
          healthChecks++;
        })();
      }
    });
    await probing;
    const elapsed = performance.now() - started;
    expect(status).to.equal(200);
    expect(type).to.match(/^application\/x-ndjson/);
    const progress = lines.filter((l) => l.type === 'progress');
    expect(progress[0]).to.deep.equal({ type: 'progress', done: 0, total: 1000 });
    expect(progress.at(-1)).to.deep.equal({ type: 'progress', done: 1000, total: 1000 });
    expect(progress.length).to.be.within(50, 120);
    const last = lines.at(-1);
    expect(lines.filter((l) => l.type === 'result')).to.have.length(1);
    if (last?.type !== 'result') throw new Error('the last line is not the result');
    expect(last.learners).to.equal(1000);
    expect(last.seed).to.equal(1);
    expect(last.completion.rate).to.be.within(0, 1);
    expect(last.topPaths.length).to.be.within(1, 10);
    expect(last.mastery).to.have.length(3);
    expect(healthChecks).to.equal(1);
    expect(slowestHealthMs).to.be.below(1000);
    // A generous bound (the target is < 5 s; see bench/simulate.ts for the figure).
    expect(elapsed).to.be.below(30_000);
    console.log(`      simulate: 1000 learners, 29 activities, over HTTP in ${(elapsed / 1000).toFixed(2)} s`);
  });

  it('is deterministic over HTTP: the same seed gives the same result', async () => {
    const body = { draft: deadEndDoc(), learners: 200, seed: 77 };
    const a = (await simulate(body)).lines.at(-1);
    const b = (await simulate(body)).lines.at(-1);
    expect(a?.type).to.equal('result');
    expect(b).to.deep.equal(a);
    if (a?.type !== 'result') return;
    expect(a.stuck.stalls[0]?.lastActivity).to.equal('intro');
  });

  it('refuses a draft with errors (422 with issues) and bad parameters (400), before streaming', async () => {
    const blocked = await simulate({ draft: errorDoc() });
    expect(blocked.status).to.equal(422);
    expect(blocked.type).to.match(/^application\/json/);
    const body = blocked.lines[0] as unknown as { error: { code: string }; issues: unknown[] };
    expect(body.error.code).to.equal('SIMULATION_BLOCKED');
    expect(body.issues).to.not.be.empty;
    for (const [bad, path] of [
      [{ draft: deadEndDoc(), learners: 0 }, '/learners'],
      [{ draft: deadEndDoc(), learners: 5001 }, '/learners'],
      [{ draft: deadEndDoc(), learners: 1.5 }, '/learners'],
      [{ draft: deadEndDoc(), seed: -1 }, '/seed'],
      [{ learners: 10 }, '/draft'],
    ] as const) {
      const res = await simulate(bad);
      expect(res.status, JSON.stringify(bad).slice(0, 60)).to.equal(400);
      expect((res.lines[0] as unknown as { error: { details: { path: string }[] } }).error.details.map((d) => d.path)).to.include(path);
    }
  });
});

describe('simulation runner', function () {
  this.timeout(60_000);
  const job = { doc: loadSample('fractions'), learners: 5000, seed: 1 };

  it('refuses a run over its concurrency cap with 429', async () => {
    const runner = new SimulationRunner({ maxConcurrent: 1 });
    const slot = runner.reserve();
    expect(() => runner.reserve()).to.throw().with.property('status', 429);
    const abort = new AbortController();
    const running = slot.run(job, { onProgress: () => undefined, signal: abort.signal });
    abort.abort();
    await running.then(
      () => expect.fail('an aborted run must not resolve'),
      (err: Error) => expect(err.message).to.contain('aborted'),
    );
    expect(runner.running).to.equal(0);
    runner.reserve(); // the slot is free again
  });

  it('terminates a run that overruns its time limit', async () => {
    const runner = new SimulationRunner({ timeoutMs: 200 });
    const run = runner.reserve().run(job, { onProgress: () => undefined, signal: new AbortController().signal });
    await run.then(
      () => expect.fail('a run past its limit must not resolve'),
      (err: Error) => expect(err.message).to.contain('exceeded'),
    );
    expect(runner.running).to.equal(0);
  });
});
