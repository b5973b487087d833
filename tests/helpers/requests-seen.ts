import type { IncomingMessage } from 'node:http';
import type { RunningServer } from '../../server/server.js';

/**
 * The URLs of the requests `tool` receives while `fn` runs that `matches`
 * picks: how a test sees what the tool asked its built-in LMS for.
 */
export async function requestsSeen<T>(tool: RunningServer, matches: (req: IncomingMessage) => boolean, fn: () => Promise<T>): Promise<{ result: T; urls: string[] }> {
  const urls: string[] = [];
  const seen = (req: IncomingMessage) => {
    if (matches(req)) urls.push(new URL(req.url ?? '/', tool.url).toString());
  };
  tool.server.on('request', seen);
  try {
    return { result: await fn(), urls };
  } finally {
    tool.server.off('request', seen);
  }
}
