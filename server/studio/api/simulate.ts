/**
 * POST /simulate: runs synthetic learners through a draft and streams NDJSON:
 *   {"type":"progress","done":n,"total":N}   (about a hundred, starting at 0)
 *   {"type":"result", ...SimulationResult}    (last line)
 * or, if the run fails after the stream started, a last line
 *   {"type":"error","error":{"code","message"}}.
 * Refusals before any work starts are ordinary JSON errors: 400 (body),
 * 422 with `issues` (the draft has errors: it cannot be compiled), 429 (busy).
 */
import { Router, type Response } from 'express';
import { validateSequence } from '../../content/validate.js';
import type { Logger } from '../../log.js';
import { issuesRefusal } from '../http/errors.js';
import { handler } from '../http/handler.js';
import type { SimulationRunner } from '../simulation/runner.js';
import { parseSimulate } from './bodies.js';

function ndjson(res: Response): (line: object) => void {
  res.status(200);
  res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  // Reverse proxies (nginx) would otherwise hold progress lines back until the end.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  return (line) => {
    if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(line)}\n`);
  };
}

export function simulateRoutes(runner: SimulationRunner, logger: Logger): Router {
  const r = Router();
  r.post(
    '/simulate',
    handler(async (req, res) => {
      const { draft, learners, seed } = parseSimulate(req.body);
      const checked = validateSequence(draft);
      if (!checked.ok) throw issuesRefusal(422, 'SIMULATION_BLOCKED', 'The draft has errors, so it cannot run; fix them first.', checked.issues);
      const slot = runner.reserve();

      const write = ndjson(res);
      const abort = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      write({ type: 'progress', done: 0, total: learners });
      try {
        const result = await slot.run({ doc: checked.sequence, learners, seed }, { signal: abort.signal, onProgress: (done, total) => write({ type: 'progress', done, total }) });
        write({ type: 'result', ...result });
      } catch (error) {
        if (!abort.signal.aborted) {
          logger.error({ err: error, requestId: res.locals.requestId }, 'simulation failed');
          write({ type: 'error', error: { code: 'SIMULATION_FAILED', message: 'The simulation could not finish; it has been logged. Try again, or with fewer learners.' } });
        }
      }
      res.end();
    }),
  );
  return r;
}
