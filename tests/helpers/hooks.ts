/**
 * Mocha hooks that boot the tool for one describe block. They hand back
 * getters, not values: the describe callback runs while mocha collects the
 * tests, before any hook, so a value taken there would be undefined.
 */
import type { RunningServer, StartOptions } from '../../server/server.js';
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
