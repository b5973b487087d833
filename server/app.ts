/**
 * createApp builds the Express app from its dependencies without listening,
 * so tests boot exactly what production runs.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Config } from './config.js';
import { adminRoutes } from './admin/routes.js';
import { classRoutes } from './class/routes.js';
import { deliveryRoutes } from './delivery/routes.js';
import type { ScoreHook } from './delivery/score-hook.js';
import { errorHandler, notFound } from './http/errors.js';
import { configureViews } from './http/views.js';
import { contentSecurityPolicy, FrameOrigins } from './http/csp.js';
import { perMinute } from './http/rate-limit.js';
import { redactUrl, type Logger } from './log.js';
import { studioRoutes } from './studio/routes.js';
import type { Lti } from './lti/index.js';
import { isResumablePage, reopenPage, RESUME_PATH, resumeRoute } from './lti/resume.js';
import type { Store } from './store/types.js';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  lti: Lti;
  now: () => number;
  /** The built-in LMS stand-in, mounted only when enabled. */
  devPlatform?: { path: string; router: Router } | undefined;
  /** Told when a learner's score, progress or completion changes; the grade outbox listens here. */
  onScore?: ScoreHook | undefined;
  /** Wakes the grade sender when a score is queued outside the player (the class view's "send again"). */
  grades?: { kick(): void } | undefined;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export function createApp(deps: AppDeps): Express {
  const { config, store, logger, lti, now } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Pages carry a session and say no-store; API replies answer POSTs. An ETag would hash every body for nothing.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  configureViews(app);

  app.use((req, res, next) => {
    const requestId = req.get('x-request-id')?.slice(0, 100) || crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    // The access log is info-level; at warn (as under load) it costs nothing per request.
    if (!logger.isLevelEnabled('info')) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ requestId, method: req.method, url: redactUrl(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });
  // LMSs frame the tool, so framing is governed by CSP frame-ancestors, not X-Frame-Options.
  // Referrer: same-origin, so URLs carrying the session token never reach another site,
  // while the tool's own form posts keep a real Origin header for the CSRF checks.
  app.use(helmet({ frameguard: false, contentSecurityPolicy: false, referrerPolicy: { policy: 'same-origin' } }));
  app.use(contentSecurityPolicy(new FrameOrigins(store, now), deps.devPlatform ? [deps.devPlatform.path] : []));

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => {
    // Ready means the store answers; the SQLite adapter applies its migrations before it opens.
    store.ping().then(
      () => res.json({ status: 'ready', store: store.kind }),
      (err: Error) => res.status(503).json({ status: 'unavailable', store: store.kind, reason: err.message }),
    );
  });
  app.use('/static', express.static(path.join(here, 'public'), { maxAge: '1h' }));
  // Pages link /static/favicon.svg; browsers still ask for /favicon.ico on their own, and a 404 is a console error on every page.
  app.get('/favicon.ico', (_req, res) => void res.status(204).set('cache-control', 'public, max-age=86400').end());

  app.get('/', (_req, res) => {
    res.render('home', { title: 'Adaptive Paths', urls: lti.urls, devPlatformPath: deps.devPlatform?.path ?? null });
  });
  const launchLimit = perMinute(config.launchRateLimit, 'sign-in');
  app.use(['/lti/login', '/lti/launch', RESUME_PATH], launchLimit);
  app.use('/lti', lti.app);
  if (deps.devPlatform) app.use(deps.devPlatform.path, deps.devPlatform.router);

  app.post(RESUME_PATH, ...resumeRoute({ store, now, pageCodes: lti.pageCodes, publicUrl: config.publicUrl }));
  app.use((req, res, next) => {
    // Tells page-code.js (through the page heads) that a reload of this page may resume with the session it holds.
    if (isResumablePage(req.path)) res.locals.resumable = true;
    next();
  });
  // A reload of those pages (their bare address) gets the page that resumes it, not a 401 (see reopenPage).
  app.use(reopenPage());

  app.use('/api/admin', perMinute(config.adminRateLimit, 'admin'), express.json({ limit: '100kb' }), adminRoutes(lti.registry, config.adminToken));
  app.use('/app', express.urlencoded({ extended: false, limit: '100kb' }), deliveryRoutes({ store, now, logger, onScore: deps.onScore, pageCodes: lti.pageCodes }));
  app.use('/class', classRoutes({ store, lti, now, logger, grades: deps.grades }));
  app.use('/studio', studioRoutes({ store, now, logger, lti, publicUrl: config.publicUrl }));

  app.use((_req, _res, next) => next(notFound()));
  app.use(errorHandler(logger));
  return app;
}
