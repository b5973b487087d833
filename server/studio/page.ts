/**
 * GET /studio?s=<session token>: the page shell the studio app (built from
 * studio/ into /static/studio/) boots in. The CSP allows scripts from 'self'
 * only, so nothing is inline: the app reads its session token and API base
 * from <meta> elements. The code editor (Monaco) creates <style> elements, which
 * this page alone admits with a per-response nonce (see http/csp.ts).
 * Learners never reach it (ROLE_FORBIDDEN page).
 */
import { Router } from 'express';
import { allowEditorStyles } from '../http/csp.js';
import type { Store } from '../store/types.js';
import { sessionOf, staffPageSession } from './http/session.js';

export const STUDIO_API_BASE = '/studio/api';

export function pageRoutes(store: Store, now: () => number): Router {
  const r = Router();
  r.get('/', staffPageSession(store, now), (_req, res) => {
    const session = sessionOf(res.locals);
    // The page holds a bearer token: never cache it anywhere.
    res.setHeader('Cache-Control', 'no-store');
    res.render('studio/shell', {
      token: res.locals.sessionToken,
      apiBase: STUDIO_API_BASE,
      cspNonce: allowEditorStyles(res),
      userName: session.userName ?? '',
      contextTitle: session.contextTitle ?? '',
    });
  });
  return r;
}
