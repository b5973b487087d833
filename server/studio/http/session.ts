/**
 * Who may use the studio: a launched session with an instructor, content
 * developer or administrator role, checked on every request.
 *
 * The API takes the token from the Authorization header only, never from the
 * URL or the body: tokens in URLs end up in histories and proxy logs, and the
 * header is what makes cross-site requests unable to act (see server/http/same-origin.ts).
 * Pages (the shell, the placement page, the preview) are navigations: a form
 * posts the token as `_s`, or a redirect's URL carries a two-minute page code.
 */
import type { RequestHandler } from 'express';
import { LaunchError } from '../../lti/launch-errors.js';
import { requireSession, type SessionDeps } from '../../lti/session.js';
import { STAFF_ROLES } from '../../lti/roles.js';
import type { Session } from '../../store/types.js';

export function staffApiSession(deps: SessionDeps): RequestHandler {
  const check = requireSession(deps, STAFF_ROLES);
  return (req, res, next) => {
    if (!req.get('authorization')?.startsWith('Bearer ')) return next(new LaunchError('SESSION_MISSING', 'no bearer token'));
    check(req, res, next);
  };
}

export function staffPageSession(deps: SessionDeps): RequestHandler {
  return requireSession(deps, STAFF_ROLES);
}

/** The session a preceding requireSession loaded. */
export function sessionOf(locals: { session?: Session }): Session {
  if (!locals.session) throw new Error('route mounted without a session check');
  return locals.session;
}
