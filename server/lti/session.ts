/**
 * Sessions after launch, without cookies.
 *
 * LMSs embed the tool in an iframe where browsers block third-party cookies,
 * so the session is a bearer token the pages carry (hidden form field,
 * Authorization header, or `s` query parameter on links). Only its sha256 is
 * stored, the logger redacts it from URLs, and Referrer-Policy keeps it out of
 * Referer headers.
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import type { Session, Store, ToolRole } from '../store/types.js';
import { LaunchError } from './launch-errors.js';
import { hasAnyRole } from './roles.js';

export function newSessionToken(): { token: string; id: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, id: sessionIdFor(token) };
}

export function sessionIdFor(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function readSessionToken(req: Request): string | undefined {
  const auth = req.get('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  const fromBody = (req.body as Record<string, unknown> | undefined)?._s;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  const fromQuery = req.query.s;
  return typeof fromQuery === 'string' && fromQuery ? fromQuery : undefined;
}

declare module 'express-serve-static-core' {
  interface Locals {
    session?: Session;
    sessionToken?: string;
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
export function requireSession(store: Store, now: () => number, roles?: readonly ToolRole[]): RequestHandler {
  return (req, res, next) => {
    const token = readSessionToken(req);
    if (!token) return next(new LaunchError('SESSION_MISSING'));
    selectLiveSession(store, sessionIdFor(token), now())
      .then((session) => {
        if (!session) return next(new LaunchError('SESSION_MISSING', 'unknown or expired token'));
        if (roles && !hasAnyRole(session.roles, roles)) return next(new LaunchError('ROLE_FORBIDDEN', session.roles.join(',')));
        res.locals.session = session;
        res.locals.sessionToken = token;
        next();
      })
      .catch(next);
  };
}
