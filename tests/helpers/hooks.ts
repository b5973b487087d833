/**
 * Mocha hooks that boot the tool for one describe block. They hand back
 * getters, not values: the describe callback runs while mocha collects the
 * tests, before any hook, so a value taken there would be undefined.
 */
import type { RunningServer, StartOptions } from '../../server/server.js';
import { capturedLogger } from './log-capture.js';
import { startTestTool } from './tool.js';

export interface WithTool {
  readonly tool: RunningServer;
}

/** The tool, started before the calling describe block's tests and closed after them. */
export function useTool(env: Record<string, string> = {}, opts: StartOptions = {}): WithTool {
  let tool: RunningServer | undefined;
  before(async () => {
    tool = await startTestTool(env, opts);
  });
  after(async () => {
    await tool?.close();
  });
  return {
    get tool() {
      return started(tool, 'tool');
    },
  };
}

/** Fails loudly rather than hand a test `undefined` it would only trip over later. */
export function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the test ${what} is not started yet: read it in a hook or a test, not in the describe callback`);
  return value;
}

export interface WithClockedTool extends WithTool {
  /** The tool's clock runs this far ahead of the real one; reset after each test. */
  readonly clock: { offset: number };
  /** The tool's now. */
  now(): number;
  /** What the tool logged, one JSON line each. */
  readonly lines: string[];
}

/** useTool with a clock tests can move forward and the log kept, for expiries and what gets logged. */
export function useClockedTool(env: Record<string, string> = {}): WithClockedTool {
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const { logger, lines } = capturedLogger();
  const ctx = useTool(env, { now, logger });
  afterEach(() => (clock.offset = 0));
  return {
    get tool() {
      return ctx.tool;
    },
    clock,
    now,
    lines,
  };
}
