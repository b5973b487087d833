/**
 * CSRF check for a form post that only the tool's own pages ever send.
 *
 * Stricter than the studio's check (studio/http/origin.ts), which lets clients
 * without an Origin through for its API: browsers send Origin on every POST,
 * and `Sec-Fetch-Site`, which page script cannot set, so a post that has
 * neither did not come from one of our pages and is refused. A page whose
 * Referrer-Policy is no-referrer makes Chromium send `Origin: null` on its own
 * posts; then Sec-Fetch-Site alone vouches for it.
 */
import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

export function fromOwnPages(publicUrl: string): RequestHandler {
  const ours = new URL(publicUrl).origin;
  return (req, _res, next) => {
    const origin = req.get('origin');
    const site = req.get('sec-fetch-site');
    const vouched = site === 'same-origin' && (origin === undefined || origin === 'null');
    if ((site === undefined || site === 'same-origin') && (origin === ours || vouched)) return next();
    next(new HttpError(403, 'CROSS_ORIGIN_REQUEST', `This request must come from the tool's own pages (${ours}).`));
  };
}
