/**
 * The one way this module talks HTTP to a platform: every call has a timeout,
 * answers are read up to a size limit, redirects are not followed, and every
 * failure becomes an AgsError that says whether trying again can help.
 */
import { AgsError } from './errors.js';
import { parseRetryAfter } from './retry-after.js';

/** Line-item containers and error bodies are small; anything bigger is not an AGS answer. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Enough of a platform's explanation for an instructor to act on. */
const MAX_REASON_CHARS = 300;

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

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
  /** When the answer arrived (epoch ms), to turn a Retry-After date into a delay. */
  receivedAt: number;
}

/**
 * Sends the call and returns whatever status the platform answered with.
 * Throws a retryable AgsError when there is no answer: network failure,
 * timeout, abort, or a body cut off mid-way.
 */
export async function exchange(call: HttpCall): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  try {
    const res = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body === undefined ? {} : { body: call.body }),
      // Following a redirect would resend the bearer token (or turn a POST into a GET); AGS URLs do not move.
      redirect: 'manual',
      signal,
    });
    const body = await readLimited(res, MAX_BODY_BYTES);
    // Wall-clock time on purpose: an HTTP-date in Retry-After is compared with the real clock.
    return { status: res.status, headers: res.headers, body, receivedAt: Date.now() };
  } catch (error) {
    if (error instanceof AgsError) throw error;
    throw new AgsError('retryable', `${call.what}: ${noAnswerReason(error, call, timeout)}`);
  }
}

function noAnswerReason(error: unknown, call: HttpCall, timeout: AbortSignal): string {
  if (timeout.aborted) return `no answer within ${call.timeoutMs} ms`;
  if (call.signal?.aborted) {
    const reason: unknown = call.signal.reason;
    return `interrupted (${reason instanceof Error ? reason.message : String(reason)})`;
  }
  // undici reports network failures as TypeError('fetch failed') with the socket error as cause.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (error as Error).message;
  return `could not reach ${new URL(call.url).host} (${detail})`;
}

async function readLimited(res: Response, limit: number): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AgsError('permanent', `the answer exceeded ${limit} bytes`, null, res.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
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
