/**
 * CSRF checks on the Origin of requests that change data. Browsers send Origin
 * on every cross-origin request and on same-origin POST/PUT/DELETE, and
 * `Sec-Fetch-Site`, which page script cannot set. A page whose Referrer-Policy
 * is no-referrer makes Chromium send `Origin: null` on its own form posts;
 * then Sec-Fetch-Site alone vouches for it.
 */
import type { Request, RequestHandler } from 'express';
import { HttpError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function vouchedSameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  return req.get('sec-fetch-site') === 'same-origin' && (origin === undefined || origin === 'null');
}

/**
 * The studio's second layer. Its API authenticates with a bearer token that
 * browsers never attach by themselves, so a request without Origin comes from
 * a non-browser client (a script, a test), which a web page cannot forge; one
 * from another origin is refused. This matters most for the placement page,
 * whose form posts the token in the body.
 */
export function sameOriginWrites(publicUrl: string): RequestHandler {
  const ours = new URL(publicUrl).origin;
  return (req, _res, next) => {
    const origin = req.get('origin');
    if (SAFE_METHODS.has(req.method) || origin === undefined || origin === ours || vouchedSameOrigin(req)) return next();
    next(new HttpError(403, 'CROSS_ORIGIN_REQUEST', `Requests that change data must come from the tool's own pages (${ours}), not from ${origin}.`));
  };
}

/**
 * For a form post that only the tool's own pages ever send (POST /resume):
 * a post with neither Origin nor Sec-Fetch-Site did not come from one of our
 * pages, so unlike the studio's check, a missing Origin is refused too.
 */
export function fromOwnPages(publicUrl: string): RequestHandler {
  const ours = new URL(publicUrl).origin;
  return (req, _res, next) => {
    const site = req.get('sec-fetch-site');
    if ((site === undefined || site === 'same-origin') && (req.get('origin') === ours || vouchedSameOrigin(req))) return next();
    next(new HttpError(403, 'CROSS_ORIGIN_REQUEST', `This request must come from the tool's own pages (${ours}).`));
  };
}
