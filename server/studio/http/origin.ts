/**
 * CSRF defence for the studio.
 *
 * Primary: the API authenticates with `Authorization: Bearer <session token>`.
 * Browsers never attach that header by themselves (unlike cookies), so a page
 * on another site cannot make a request that acts as the designer without
 * knowing the token.
 *
 * Second layer: a state-changing request whose `Origin` header is present and
 * is not the tool's own origin is refused. Browsers send Origin on every
 * cross-origin request and on same-origin POST/PUT/DELETE, so requests from
 * the studio's pages always carry ours; requests without Origin come from
 * non-browser clients (scripts, tests), which cannot be forged by a web page.
 * This layer matters most for the placement page, whose form posts the token
 * in the body: a cross-site form post is refused even if the token were
 * known. 'null' (sandboxed frames, file://) is present and not ours: refused,
 * unless the browser's own `Sec-Fetch-Site: same-origin` vouches for the request
 * (a page whose Referrer-Policy is no-referrer makes Chromium send `Origin: null`
 * on its own form posts).
 */
import type { RequestHandler } from 'express';
import { HttpError } from '../../http/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOriginWrites(publicUrl: string): RequestHandler {
  const ours = new URL(publicUrl).origin;
  return (req, _res, next) => {
    const origin = req.get('origin');
    if (SAFE_METHODS.has(req.method) || origin === undefined || origin === ours) return next();
    // Fetch metadata is set by the browser and cannot be forged by page script.
    if (origin === 'null' && req.get('sec-fetch-site') === 'same-origin') return next();
    next(new HttpError(403, 'CROSS_ORIGIN_REQUEST', `Requests that change data must come from the tool's own pages (${ours}), not from ${origin}.`));
  };
}
