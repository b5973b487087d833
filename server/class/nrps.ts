/**
 * Names and Role Provisioning Services 2.0, as a client: the course roster
 * behind a launch's `context_memberships_url`, every page of it.
 *
 * It talks to the platform through the same guarded HTTP as grade passback
 * (timeouts, size limits, no redirects, reasons an instructor can read) and
 * with tokens from the same kind of cache, under the NRPS scope.
 */
import { AgsError } from '../grades/errors.js';
import { exchange, failure, jsonBody, nextPage, type HttpAnswer } from '../grades/http.js';
import type { TokenCache } from '../grades/token-cache.js';
import { CLAIM } from '../lti/claims.js';
import type { JsonObject, Platform, RosterMember } from '../store/types.js';
import { isObject } from '../json.js';

export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
export const NRPS_MEDIA = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

export interface NrpsOptions {
  platform: Platform;
  tokens: TokenCache;
  /** Members asked for per page; platforms may send fewer (or ignore it and send all). */
  pageSize?: number;
  /** A roster longer than this many pages is refused rather than fetched forever (a paging loop is a platform bug). */
  maxPages?: number;
  timeoutMs?: number;
}

const WHAT = 'class roster (NRPS)';

/** The launch's NRPS endpoint, or null when the platform offered none. */
export function membershipsUrl(claims: JsonObject): string | null {
  const claim = claims[CLAIM.nrps];
  if (claim === null || typeof claim !== 'object' || Array.isArray(claim)) return null;
  const url = claim.context_memberships_url;
  if (typeof url !== 'string') return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Every member on every page, in the platform's order. Throws an AgsError
 * whose message says what failed in words an instructor can pass on.
 */
export async function fetchMembers(url: string, opts: NrpsOptions): Promise<RosterMember[]> {
  const maxPages = opts.maxPages ?? 500;
  const first = new URL(url);
  if (opts.pageSize !== undefined) first.searchParams.set('limit', String(opts.pageSize));
  const members: RosterMember[] = [];
  const seen = new Set<string>();
  let next: URL | null = first;
  for (let page = 0; next !== null; page++) {
    if (page === maxPages) throw new AgsError('permanent', `${WHAT}: more than ${maxPages} pages; the platform's paging does not end`);
    const answer = await send(next.href, opts);
    if (answer.status < 200 || answer.status > 299) throw failure(answer, WHAT);
    for (const member of parseContainer(jsonBody(answer, WHAT))) {
      // A member repeated across pages (the roster changed while paging) is listed once.
      if (seen.has(member.userId)) continue;
      seen.add(member.userId);
      members.push(member);
    }
    next = nextPage(answer, next);
    if (next !== null && next.origin !== first.origin) {
      // Following it would hand the bearer token to another server.
      throw new AgsError('permanent', `${WHAT}: the next page is on another origin (${next.origin})`);
    }
  }
  return members;
}

/** A 401 means the platform dropped the cached token: it is evicted and the page asked for once more. */
async function send(url: string, opts: NrpsOptions): Promise<HttpAnswer> {
  const call = async () => {
    const token = await opts.tokens.get(opts.platform, [NRPS_SCOPE]);
    const answer = await exchange({
      method: 'GET',
      url,
      headers: { Accept: NRPS_MEDIA, Authorization: `Bearer ${token}` },
      what: WHAT,
      timeoutMs: opts.timeoutMs ?? 10_000,
    });
    return { token, answer };
  };
  const first = await call();
  if (first.answer.status !== 401) return first.answer;
  opts.tokens.evict(opts.platform, [NRPS_SCOPE], first.token);
  return (await call()).answer;
}

function parseContainer(body: unknown): RosterMember[] {
  const members = isObject(body) ? body.members : undefined;
  if (!Array.isArray(members)) throw new AgsError('permanent', `${WHAT}: the answer is not a membership container (no members array)`);
  return members.flatMap((m: unknown) => {
    const member = parseMember(m);
    return member === null ? [] : [member];
  });
}

/** A member without a user id cannot be matched to anything and is skipped; every other field is optional. */
function parseMember(m: unknown): RosterMember | null {
  if (!isObject(m) || typeof m.user_id !== 'string' || m.user_id === '') return null;
  const given = text(m.given_name);
  const family = text(m.family_name);
  const name = text(m.name) ?? ([given, family].filter((p) => p !== null).join(' ') || null);
  return {
    userId: m.user_id,
    name,
    email: text(m.email),
    roles: Array.isArray(m.roles) ? m.roles.filter((r): r is string => typeof r === 'string') : [],
    // NRPS: a member without a status is Active.
    status: m.status === 'Inactive' || m.status === 'Deleted' ? m.status : 'Active',
  };
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

