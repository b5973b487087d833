/**
 * POST /preview {draft, start?}: compiles the draft (it must have no errors:
 * 422 with its issues otherwise), starts an in-memory preview learner and
 * answers 201 {url} of the preview player page (/studio/preview/:id?code=…,
 * a page code the studio opens in its frame at once: it lasts two minutes).
 * See ../preview/ for the page and why nothing is recorded.
 */
import crypto from 'node:crypto';
import { Router } from 'express';
import { validateSequence } from '../../content/validate.js';
import { compileSequence } from '../../engine/index.js';
import { issuesRefusal } from '../http/errors.js';
import { handler } from '../http/handler.js';
import { sessionOf } from '../http/session.js';
import { previewUrl } from '../preview/routes.js';
import { startPreview } from '../preview/start.js';
import type { PreviewStore } from '../preview/store.js';
import { traceStep } from '../preview/trace.js';
import { parsePreview } from './bodies.js';

export function previewApiRoutes(previews: PreviewStore): Router {
  const r = Router();
  r.post(
    '/preview',
    handler(async (req, res) => {
      const { draft, start } = parsePreview(req.body);
      const checked = validateSequence(draft);
      if (!checked.ok) throw issuesRefusal(422, 'PREVIEW_BLOCKED', 'The draft has errors, so it cannot be played; fix them first.', checked.issues);
      const compiled = compileSequence(checked.sequence);
      const session = sessionOf(res.locals);
      // A fresh seed per preview, as per learner: pool picks differ between previews, as between learners.
      const seed = crypto.randomBytes(4).readUInt32LE(0);
      const { state, decision } = startPreview(compiled, seed, start);
      const preview = previews.create(session.id, compiled, state, traceStep(compiled, state, decision));
      res.status(201).json({ url: previewUrl(res, preview.id) });
    }),
  );
  return r;
}
