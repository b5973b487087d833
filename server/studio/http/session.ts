/**
 * Who may use the studio: a launched session with an instructor, content
 * developer or administrator role, checked on every request.
 *
 * The API takes the token from the Authorization header only, never from the
 * URL or the body: tokens in URLs end up in histories and proxy logs, and the
 * header is what makes cross-site requests unable to act (see origin.ts).
 * Pages (the shell, the placement page) are navigations and carry it as `s`.
 */
import type { RequestHandler } from 'express';
import { LaunchError } from '../../lti/launch-errors.js';
import { requireSession } from '../../lti/session.js';
import { STAFF_ROLES } from '../../lti/roles.js';
import type { Session, Store } from '../../store/types.js';

export function staffApiSession(store: Store, now: () => number): RequestHandler {
  const check = requireSession(store, now, STAFF_ROLES);
  return (req, res, next) => {
    if (!req.get('authorization')?.startsWith('Bearer ')) return next(new LaunchError('SESSION_MISSING', 'no bearer token'));
    check(req, res, next);
  };
}

export function staffPageSession(store: Store, now: () => number): RequestHandler {
  return requireSession(store, now, STAFF_ROLES);
}

/** The session a preceding requireSession loaded. */
export function sessionOf(locals: { session?: Session }): Session {
  if (!locals.session) throw new Error('route mounted without a session check');
  return locals.session;
}
