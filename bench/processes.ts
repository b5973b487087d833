/**
 * Servers under load run in their own processes, as they do in production and
 * as any load tester (wrk, autocannon) measures them: the load generator gets
 * one of this machine's two cores and the server the other, instead of both
 * sharing one event loop. The floor and the tool are measured the same way.
 *
 * The tool is the compiled build (`npm run bench` builds it first), started as
 * `npm start` starts it: the embedded store, the built-in LMS, the grade
 * outbox. Set BENCH_CPU_PROFILE=<dir> to write a V8 CPU profile of each server
 * process there when it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  dataDir: string;
  /** Resident set size now, from /proc. */
  rssMb(): number;
  /** User + system CPU the process has used so far. */
  cpuSeconds(): number;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function profileFlags(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode} before it was ready`);
    if ((await fetch(url).catch(() => null))?.ok) return;
    if (i > 600) throw new Error(`${url} was not ready after 60 s`);
    await delay(100);
  }
}

async function spawnServer(name: string, args: string[], env: Record<string, string>, readyPath: string): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const child = spawn(process.execPath, [...profileFlags(name), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(`${url}${readyPath}`, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const stat = () => fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return {
    url,
    pid: child.pid!,
    dataDir,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024,
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime) in clock ticks, 100 per second on Linux.
    cpuSeconds: () => (Number(stat()[11]) + Number(stat()[12])) / 100,
    close: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, delay(10_000).then(() => child.kill('SIGKILL'))]);
      // Each run made its own database and keys; nothing in them is worth keeping.
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The tool, compiled, with the built-in LMS, as `npm start` runs it; rate limits are lifted for the load generator. */
export async function spawnTool(env: Record<string, string> = {}): Promise<ServerProcess> {
  const compiled = path.join(ROOT, 'dist/server/main.js');
  const entry = fs.existsSync(compiled) ? [compiled] : ['--import', 'tsx', 'server/main.ts'];
  return spawnServer('tool', entry, { LOG_LEVEL: 'warn', LAUNCH_RATE_LIMIT: '1000000', ...env }, '/readyz');
}

/** The floor: a bare Express hello-world. */
export async function spawnFloor(): Promise<ServerProcess> {
  const code = `
    const express = require('express');
    const app = express();
    app.get('/', (_req, res) => void res.send('hello world'));
    app.listen(Number(process.env.PORT), '127.0.0.1');
    process.on('SIGTERM', () => process.exit(0));`;
  return spawnServer('floor', ['-e', code], {}, '/');
}
