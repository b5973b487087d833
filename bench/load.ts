/**
 * A small closed-loop load generator over keep-alive HTTP: `connections`
 * workers each send the next request as soon as the previous one answers, for
 * `durationMs`. Latency is per operation (one operation may be several
 * requests, e.g. a whole LTI launch). No external tool is needed.
 */
import http from 'node:http';

export interface LoadResult {
  operations: number;
  requests: number;
  seconds: number;
  opsPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One keep-alive agent per load run, sized to the connection count. */
export function keepAliveAgent(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections });
}

export function send(agent: http.Agent, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (init.body !== undefined) req.end(init.body);
    else req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** `operation` returns how many HTTP requests it made; it throws on a wrong answer. */
export async function runLoad(operation: (worker: number) => Promise<number>, opts: { connections: number; durationMs: number; warmupMs?: number }): Promise<LoadResult> {
  const warmupEnd = Date.now() + (opts.warmupMs ?? 500);
  await Promise.all(Array.from({ length: opts.connections }, async (_, w) => {
    while (Date.now() < warmupEnd) await operation(w).catch(() => 0);
  }));
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  const end = Date.now() + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.connections }, async (_, w) => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        try {
          const made = await operation(w);
          requests += made;
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    requests,
    seconds,
    opsPerSecond: latencies.length / seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
  };
}
