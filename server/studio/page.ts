/**
 * POST /studio (`_s`, the landing page's "Open the studio" form; GET with a
 * page code works too): the page shell the studio app (built from studio/
 * into /static/studio/) boots in. The CSP allows scripts from 'self' only, so
 * nothing is inline: the app reads its session token and API base from <meta>
 * elements. The code editor (Monaco) creates <style> elements, which this page
 * alone admits with a per-response nonce (see http/csp.ts).
 * Learners never reach it (ROLE_FORBIDDEN page).
 */
import { Router, type RequestHandler } from 'express';
import { allowEditorStyles } from '../http/csp.js';
import type { SessionDeps } from '../lti/session.js';
import { sessionOf, staffPageSession } from './http/session.js';

export const STUDIO_API_BASE = '/studio/api';

export function pageRoutes(sessions: SessionDeps): Router {
  const r = Router();
  const shell: RequestHandler = (_req, res) => {
    const session = sessionOf(res.locals);
    res.render('studio/shell', {
      token: res.locals.sessionToken,
      apiBase: STUDIO_API_BASE,
      cspNonce: allowEditorStyles(res),
      userName: session.userName ?? '',
      contextTitle: session.contextTitle ?? '',
    });
  };
  r.post('/', staffPageSession(sessions), shell);
  r.get('/', staffPageSession(sessions), shell);
  return r;
}
