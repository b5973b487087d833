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

/** Loads the session into res.locals; refuses when missing, expired, or lacking one of `roles`. */
export function requireSession(store: Store, now: () => number, roles?: readonly ToolRole[]): RequestHandler {
  return (req, res, next) => {
    const token = readSessionToken(req);
    if (!token) return next(new LaunchError('SESSION_MISSING'));
    store
      .selectSession(sessionIdFor(token), now())
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
