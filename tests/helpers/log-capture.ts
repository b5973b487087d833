import { Writable } from 'node:stream';
import { pino } from 'pino';

/** A logger at `level` whose JSON lines are kept in `lines`, for tests that read what the tool logged. */
export function capturedLogger(level = 'info') {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
