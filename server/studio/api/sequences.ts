/** Routes of the designers' working copies and the lint check (see ../routes.ts for the contract). */
import { Router } from 'express';
import type { ContentRepo } from '../../store/types.js';
import type { Drafts } from '../sequences/drafts.js';
import { removeSequence, restoreSequence, sequenceUsage } from '../sequences/removal.js';
import { draftIssues } from '../sequences/issues.js';
import { handler } from '../http/handler.js';
import { sessionOf } from '../http/session.js';
import { parseCreate, parseFlag, parseLint, parseQuery, parseSave } from './bodies.js';

export function sequenceRoutes(drafts: Drafts, store: ContentRepo, now: () => number): Router {
  const r = Router();

  r.get(
    '/sequences',
    handler(async (req, res) => {
      const platformId = sessionOf(res.locals).platformId;
      const q = parseQuery(req.query.q);
      res.json({ sequences: parseFlag(req.query.archived, 'archived') ? await drafts.listArchived(platformId, q) : await drafts.list(platformId, q) });
    }),
  );

  r.post(
    '/sequences',
    handler(async (req, res) => {
      const input = parseCreate(req.body);
      res.status(201).json({ sequence: await drafts.create(sessionOf(res.locals).platformId, input) });
    }),
  );

  r.get(
    '/sequences/:id',
    handler(async (req, res) => {
      res.json(await drafts.get(sessionOf(res.locals).platformId, String(req.params.id)));
    }),
  );

  r.put(
    '/sequences/:id',
    handler(async (req, res) => {
      const input = parseSave(req.body);
      res.json(await drafts.save(sessionOf(res.locals).platformId, String(req.params.id), input));
    }),
  );

  r.get(
    '/sequences/:id/usage',
    handler(async (req, res) => {
      res.json(await sequenceUsage(store, sessionOf(res.locals).platformId, String(req.params.id)));
    }),
  );

  r.delete(
    '/sequences/:id',
    handler(async (req, res) => {
      const removal = await removeSequence(store, sessionOf(res.locals).platformId, String(req.params.id), req.query.archive === 'true', now());
      if (removal.outcome === 'deleted') res.status(204).end();
      else res.json({ archived: true, places: removal.places });
    }),
  );

  r.post(
    '/sequences/:id/restore',
    handler(async (req, res) => {
      res.json({ sequence: await restoreSequence(store, sessionOf(res.locals).platformId, String(req.params.id)) });
    }),
  );

  // Pure: needs a session (who may author) but no stored sequence.
  r.post(
    '/lint',
    handler(async (req, res) => {
      const { draft, sequenceId } = parseLint(req.body);
      res.json({ issues: draftIssues(draft, sequenceId) });
    }),
  );

  return r;
}
