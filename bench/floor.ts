/** The floor every figure is compared with: a bare Express hello-world on the same machine, same load generator. */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { keepAliveAgent, runLoad, send, type LoadResult } from './load.js';

export async function runFloorBench(opts: { connections: number; durationMs: number }): Promise<LoadResult> {
  const app = express();
  app.get('/', (_req, res) => void res.send('hello world'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const agent = keepAliveAgent(opts.connections);
  try {
    return await runLoad(async () => {
      const r = await send(agent, url);
      if (r.status !== 200) throw new Error(`floor answered ${r.status}`);
      return 1;
    }, opts);
  } finally {
    agent.destroy();
    await new Promise((r) => server.close(r));
  }
}
