/**
 * POST /resume: reopens a page whose page code has expired, for a session
 * that is still alive.
 *
 * A reload asks for the page's address, which holds no credential (the code
 * went into the history entry's state and dies after two minutes), so the
 * server answers the "session has ended" page (reopenPage, below, with 200:
 * nothing was sent that could be refused). /static/page-code.js keeps the
 * session token in that history entry's state as well, and on that page posts
 * it here with the address it was reloading; the answer is a 303 to that same
 * page with a fresh code. The token travels in the body only, as everywhere.
 *
 * Only the tool's own pages may post (a cross-site form posting an attacker's
 * token would sign the victim into the attacker's session), and only back to
 * a page of the tool that opens with a code (no open redirect).
 */
import express, { type RequestHandler } from 'express';
import { badRequest, renderErrorPage } from '../http/errors.js';
import { fromOwnPages } from '../http/same-origin.js';
import { LaunchError } from './launch-errors.js';
import { pageUrl, requireSession, type SessionDeps } from './session.js';

export const RESUME_PATH = '/resume';

/** The pages that answer GET with a page code and show the same thing again: a reload of them can resume. */
const RESUMABLE_PAGES: readonly RegExp[] = [
  /^\/app\/?$/,
  /^\/app\/progress\/?$/,
  /^\/class\/?$/,
  /^\/class\/learners\/[^/]+\/?$/,
  /^\/studio\/?$/,
  /^\/studio\/place\/?$/,
  /^\/studio\/preview\/[^/]+\/?$/,
];

/** Far above any real address of these pages; refuses junk before parsing it. */
const MAX_TO_CHARS = 2048;

export function isResumablePage(pathname: string): boolean {
  return RESUMABLE_PAGES.some((page) => page.test(pathname));
}

export interface ResumeTarget {
  /** The path and its #fragment, for pageUrl. */
  path: string;
  /** The query, without any credential. */
  params: Record<string, string>;
}

/** Where a resume may go: a resumable page of this origin, as a path; null for anything else. */
export function resumeTarget(to: unknown, toolOrigin: string): ResumeTarget | null {
  // "//host" and "/\host" are other hosts to a browser; only a plain absolute path is ours.
  if (typeof to !== 'string' || to.length > MAX_TO_CHARS || !/^\/(?![/\\])/.test(to)) return null;
  let url: URL;
  try {
    url = new URL(to, toolOrigin);
  } catch {
    return null;
  }
  if (url.origin !== toolOrigin || !isResumablePage(url.pathname)) return null;
  // The fresh code is the only credential the address will hold.
  url.searchParams.delete('code');
  url.searchParams.delete('s');
  return { path: `${url.pathname}${url.hash}`, params: Object.fromEntries(url.searchParams) };
}

/**
 * A reload of a resumable page asks for its bare address: page-code.js moved
 * the code into the history entry, and a reload sends nothing else. Refused
 * with 401, every such reload showed a failed request in the browser console
 * before page-code.js resumed it. So a browser navigation to one of these
 * pages that carries no credential at all (no code, no token in the URL, no
 * Authorization) gets the same readable page with 200: nothing sent was
 * refused, and that page is where page-code.js posts the history entry's
 * token to /resume or, holding none, where the guidance stands. It opens
 * nothing and shows nothing of the session. Everything else is unchanged: a
 * request that does carry something goes on to requireSession (an expired or
 * altered code, a token in the URL: 401), so does a request that is not a
 * navigation (an API client, a script: 401), and /resume answers a session
 * that has really ended with the "session has ended" page and 401.
 */
export function reopenPage(): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isResumablePage(req.path)) return next();
    // Sec-Fetch-Mode is set by the browser itself, never by page script: "navigate" is a page load, a reload among them.
    if (req.get('sec-fetch-mode') !== 'navigate' || req.get('authorization') !== undefined) return next();
    if (req.query.code !== undefined || req.query.s !== undefined) return next();
    res.set('Cache-Control', 'no-store');
    res.status(200);
    renderErrorPage(res, new LaunchError('SESSION_MISSING', 'a navigation with no credential: a reload resumes from its history entry'));
  };
}

export function resumeRoute(deps: SessionDeps & { publicUrl: string }): RequestHandler[] {
  const toolOrigin = new URL(deps.publicUrl).origin;
  const target = (res: express.Response) => res.locals.resumeTarget as ResumeTarget;
  return [
    fromOwnPages(deps.publicUrl),
    express.urlencoded({ extended: false, limit: '8kb' }),
    (req, res, next) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const to = resumeTarget(body.to, toolOrigin);
      if (to === null) return next(badRequest('Only a page of this tool can be reopened.', [{ path: '/to', message: 'not a page of this tool' }]));
      // The body's token only: a code would be a reload that needs no resume.
      if (typeof body._s !== 'string' || body._s === '') return next(new LaunchError('SESSION_MISSING', 'resume without a token'));
      res.locals.resumeTarget = to;
      next();
    },
    requireSession(deps),
    (_req, res) => res.redirect(303, pageUrl(res, target(res).path, target(res).params)),
  ];
}
