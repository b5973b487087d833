/**
 * The one way this module talks HTTP to a platform: every call has a timeout,
 * answers are read up to a size limit, redirects are not followed, and every
 * failure becomes an AgsError that says whether trying again can help.
 *
 * node:http rather than fetch: a learner's every answer can change their score,
 * so a busy tool sends a score POST per answer, and fetch spent about 250 µs more
 * CPU per call than node:http over kept-alive connections (about a third of
 * an answer's own cost).
 */
import http from 'node:http';
import https from 'node:https';
import { AgsError } from './errors.js';
import { parseRetryAfter } from './retry-after.js';

/** Line-item containers and error bodies are small; anything bigger is not an AGS answer. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Enough of a platform's explanation for an instructor to act on. */
const MAX_REASON_CHARS = 300;

/**
 * Connections stay open between calls: a platform gets runs of score POSTs, and
 * a new TCP and TLS handshake each would cost more than the POST. An idle
 * connection is dropped after IDLE_MS (or sooner when the platform's Keep-Alive
 * header says so), before servers commonly close theirs (5 s for Node, 60–75 s
 * for nginx and Apache), so a call rarely meets a connection closed under it.
 */
const IDLE_MS = 4000;
const AGENTS: Record<string, http.Agent> = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
};

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Names the call in failure reasons, e.g. "score POST". */
  what: string;
  timeoutMs: number;
  /** Aborts the call early (worker shutdown, job deadline). */
  signal?: AbortSignal;
}

/** Read-only answer headers, looked up by name in any case, as the Fetch API's Headers.get. */
export interface AnswerHeaders {
  get(name: string): string | null;
}

export interface HttpAnswer {
  status: number;
  headers: AnswerHeaders;
  body: string;
  /** When the answer arrived (epoch ms), to turn a Retry-After date into a delay. */
  receivedAt: number;
}

/**
 * Sends the call and returns whatever status the platform answered with.
 * Throws a retryable AgsError when there is no answer: network failure,
 * timeout, abort, or a body cut off mid-way.
 */
export function exchange(call: HttpCall): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const url = new URL(call.url);
    const agent = AGENTS[url.protocol];
    if (agent === undefined) {
      reject(new AgsError('permanent', `${call.what}: ${url.protocol} URLs are not supported (${url.host})`));
      return;
    }
    const body = call.body === undefined ? undefined : Buffer.from(call.body, 'utf8');
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (reason: string) => {
      // Whatever the socket was in the middle of, it cannot carry another call.
      request?.destroy();
      finish(() => reject(new AgsError('retryable', `${call.what}: ${reason}`)));
    };
    const onAbort = () => {
      const cause: unknown = call.signal?.reason;
      fail(`interrupted (${cause instanceof Error ? cause.message : String(cause)})`);
    };

    const timer = setTimeout(() => fail(`no answer within ${call.timeoutMs} ms`), call.timeoutMs);
    let request: http.ClientRequest;
    const send = (second: boolean) => {
      let answered = false;
      // Redirects are never followed: node:http does not, and that keeps the bearer token from travelling elsewhere.
      request = (url.protocol === 'https:' ? https : http).request(url, {
        method: call.method,
        agent,
        headers: body === undefined ? call.headers : { ...call.headers, 'Content-Length': String(body.byteLength) },
      });
      // Stays attached: destroying the request may still report an error, which must not go unhandled.
      request.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the platform closed just as it was reused: the call did not get through, so it
        // goes once more on another connection. Even if it had, a score sent twice changes nothing (AGS keeps the latest).
        const stale = !second && !answered && !settled && request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        if (stale) send(true);
        else fail(`could not reach ${url.host} (${error.code ?? error.message})`);
      });
      request.on('response', (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > MAX_BODY_BYTES) {
            request.destroy();
            finish(() => reject(new AgsError('permanent', `${call.what}: the answer exceeded ${MAX_BODY_BYTES} bytes`, null, status)));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          // Wall-clock time on purpose: an HTTP-date in Retry-After is compared with the real clock.
          finish(() => resolve({ status, headers: toHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() })),
        );
        res.on('aborted', () => fail(`the answer from ${url.host} was cut off`));
        res.on('error', () => fail(`the answer from ${url.host} was cut off`));
      });
      request.end(body);
    };
    if (call.signal?.aborted) return onAbort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    send(false);
  });
}

function toHeaders(incoming: http.IncomingHttpHeaders): AnswerHeaders {
  return {
    get(name) {
      // node:http lowercases names; repeated headers arrive as an array, which Headers.get joins with ", ".
      const value = incoming[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The AgsError for an answer that is not a success. Throttling (429), timeouts
 * the platform reports (408) and server errors (5xx) are worth retrying; any
 * other status means the request itself is wrong and would fail again.
 * 401 is handled by the caller first (a stale token), so reaching here it is final.
 */
export function failure(answer: HttpAnswer, what: string): AgsError {
  const { status } = answer;
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), answer.receivedAt);
  const reason = `${what}: HTTP ${status}${describeBody(answer)}`;
  if (status === 408 || status === 429 || status >= 500) return new AgsError('retryable', reason, retryAfterMs, status);
  if (status >= 300 && status < 400) return new AgsError('permanent', `${what}: unexpected redirect (HTTP ${status}) to ${answer.headers.get('location') ?? 'nowhere'}`, null, status);
  return new AgsError('permanent', reason, null, status);
}

/** The platform's own explanation: OAuth/AGS JSON error fields, problem+json, or short plain text. */
function describeBody(answer: HttpAnswer): string {
  const text = answer.body.trim();
  if (text === '') return '';
  let reason: string | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      const parts = [o.error, o.error_description ?? o.message ?? o.detail ?? o.title].filter((p): p is string => typeof p === 'string' && p !== '');
      reason = parts.length > 0 ? [...new Set(parts)].join(': ') : undefined;
    }
  } catch {
    // Not JSON: plain text is shown as is, an HTML error page is not worth showing.
    reason = /^<(!doctype|html)/i.test(text) ? undefined : text;
  }
  if (reason === undefined) return '';
  const oneLine = reason.replace(/\s+/g, ' ');
  return `: ${oneLine.length > MAX_REASON_CHARS ? `${oneLine.slice(0, MAX_REASON_CHARS)}…` : oneLine}`;
}

/** Parses a JSON answer; a 2xx that is not JSON is a platform hiccup (a proxy page), so retryable. */
export function jsonBody(answer: HttpAnswer, what: string): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    throw new AgsError('retryable', `${what}: HTTP ${answer.status} but the answer is not JSON`, null, answer.status);
  }
}

/** RFC 8288 Link header, `rel="next"`, as AGS and NRPS use for paging. */
export function nextPage(answer: HttpAnswer, current: URL): URL | null {
  const header = answer.headers.get('link');
  if (header === null) return null;
  for (const link of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(link);
    const rel = match?.[2] === undefined ? undefined : /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(match[2]);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (match?.[1] !== undefined && rels.includes('next')) return new URL(match[1], current);
  }
  return null;
}
