/**
 * Sessions after launch, without cookies.
 *
 * LMSs embed the tool in an iframe where browsers block third-party cookies,
 * so the session is a bearer token the pages carry: in the body (a hidden
 * `_s` field of every form, in-page navigation included, and a <meta> for
 * the studio's script) or the Authorization header of API calls. Never in a
 * URL: URLs end up in proxy logs, histories and copied links. Where the flow
 * needs a GET URL (a redirect after a POST), it carries a page code instead
 * (page-code.ts), which opens the session for two minutes only. Only the
 * token's sha256 is stored.
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { Session, Store, ToolRole } from '../store/types.js';
import { LaunchError } from './launch-errors.js';
import { openPageCode, sealPageCode, type PageCodeKey } from './page-code.js';
import { hasAnyRole } from './roles.js';

export interface SessionDeps {
  store: Store;
  now: () => number;
  /** Opens the `code` of a redirected GET and seals the ones this request redirects with. */
  pageCodes: PageCodeKey;
}

export function newSessionToken(): { token: string; id: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, id: sessionIdFor(token) };
}

export function sessionIdFor(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * The session token of a request: the Authorization header, a form's `_s`,
 * or the `code` of a redirected GET. A token in the query (`s`, as links
 * carried it once) is not read: a URL must never be a lasting credential.
 * Throws SESSION_MISSING for a code that is expired, altered or not a code.
 */
export function readSessionToken(req: Request, pageCodes: PageCodeKey, nowMs: number): string | undefined {
  const auth = req.get('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  const fromBody = (req.body as Record<string, unknown> | undefined)?._s;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  const code = req.query.code;
  if (code === undefined) return undefined;
  const token = typeof code === 'string' ? openPageCode(pageCodes, code, nowMs) : null;
  if (token === null) throw new LaunchError('SESSION_MISSING', 'expired or unreadable page code');
  return token;
}

declare module 'express-serve-static-core' {
  interface Locals {
    session?: Session;
    sessionToken?: string;
    /** A fresh page code for this session, for the URL of a redirect (see pageUrl). */
    newPageCode?: () => string;
  }
}

/**
 * Sessions are written once at launch and never change; they only expire. So
 * every process may keep the ones in use in memory (each page and answer
 * reads one) and only has to check the expiry itself. Bounded by count for the
 * learners active right now, so 10,000 launching once do not stay resident.
 */
const SESSION_CACHE_ENTRIES = 256;
const sessionCaches = new WeakMap<Store, LRUCache<string, Session>>();

async function selectLiveSession(store: Store, id: string, now: number): Promise<Session | null> {
  let cache = sessionCaches.get(store);
  if (!cache) sessionCaches.set(store, (cache = new LRUCache<string, Session>({ max: SESSION_CACHE_ENTRIES })));
  const cached = cache.get(id);
  if (cached) {
    if (cached.expiresAt > now) return cached;
    cache.delete(id);
    return null;
  }
  const session = await store.selectSession(id, now);
  if (session) cache.set(id, session);
  return session;
}

/** Loads the session into res.locals; refuses when missing, expired, or lacking one of `roles`. */
export function requireSession(deps: SessionDeps, roles?: readonly ToolRole[]): RequestHandler {
  const { store, now, pageCodes } = deps;
  return (req, res, next) => {
    (async () => {
      const token = readSessionToken(req, pageCodes, now());
      if (!token) throw new LaunchError('SESSION_MISSING');
      const session = await selectLiveSession(store, sessionIdFor(token), now());
      if (!session) throw new LaunchError('SESSION_MISSING', 'unknown or expired token');
      if (roles && !hasAnyRole(session.roles, roles)) throw new LaunchError('ROLE_FORBIDDEN', session.roles.join(','));
      res.locals.session = session;
      res.locals.sessionToken = token;
      res.locals.newPageCode = () => sealPageCode(pageCodes, token, now());
      // Every page that knows the session holds its token: no cache may keep one.
      res.set('Cache-Control', 'no-store');
    })().then(() => next(), next);
  };
}

/**
 * A tool path that opens this request's session for the next two minutes:
 * the Location of a redirect (POST → 303 → GET). Pages link with forms that
 * post `_s` instead; this URL is only for where a GET must follow.
 */
export function pageUrl(res: Response, path: string, params: Record<string, string> = {}): string {
  const seal = res.locals.newPageCode;
  if (!seal) throw new Error('pageUrl needs a request that passed requireSession');
  const hash = path.indexOf('#');
  const base = hash < 0 ? path : path.slice(0, hash);
  const anchor = hash < 0 ? '' : path.slice(hash);
  return `${base}?${new URLSearchParams({ code: seal(), ...params }).toString()}${anchor}`;
}
