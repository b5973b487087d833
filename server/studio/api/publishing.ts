/** Routes of publishing, published versions and their comparison (see ../routes.ts for the contract). */
import { Router } from 'express';
import type { Publishing } from '../sequences/publishing.js';
import { handler } from '../http/handler.js';
import { sessionOf } from '../http/session.js';
import { parseDiffSide, parsePublish, parseVersion } from './bodies.js';

export function publishingRoutes(publishing: Publishing): Router {
  const r = Router();

  r.get(
    '/sequences/:id/publish-check',
    handler(async (req, res) => {
      res.json(await publishing.check(sessionOf(res.locals).platformId, String(req.params.id)));
    }),
  );

  r.post(
    '/sequences/:id/publish',
    handler(async (req, res) => {
      res.status(201).json(await publishing.publish(sessionOf(res.locals).platformId, String(req.params.id), parsePublish(req.body)));
    }),
  );

  r.get(
    '/sequences/:id/versions/:version',
    handler(async (req, res) => {
      const version = parseVersion(req.params.version, 'version');
      res.json(await publishing.version(sessionOf(res.locals).platformId, String(req.params.id), version));
    }),
  );

  r.get(
    '/sequences/:id/diff',
    handler(async (req, res) => {
      const from = parseDiffSide(req.query.from, 'from');
      const to = parseDiffSide(req.query.to, 'to');
      res.json({ changes: await publishing.diff(sessionOf(res.locals).platformId, String(req.params.id), from, to) });
    }),
  );

  return r;
}
