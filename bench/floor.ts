/** The floor every figure is compared with: a bare Express hello-world in its own process, under the same load generator. */
import { keepAliveAgent, runLoad, send, type LoadResult } from './load.js';
import { spawnFloor } from './processes.js';

export async function runFloorBench(opts: { connections: number; durationMs: number }): Promise<LoadResult> {
  const floor = await spawnFloor();
  const agent = keepAliveAgent(opts.connections);
  try {
    return await runLoad(async () => {
      const r = await send(agent, `${floor.url}/`);
      if (r.status !== 200) throw new Error(`floor answered ${r.status}`);
      return 1;
    }, opts);
  } finally {
    agent.destroy();
    await floor.close();
  }
}
