/**
 * The authoring studio, server side, mounted at /studio.
 *
 * Pages (navigations: POST with the session token as `_s`, or GET with a
 * redirect's two-minute page code as `code`; staff roles only, learners get
 * the ROLE_FORBIDDEN page):
 *   POST /studio                    the studio app's page shell
 *   GET  /studio/place?code=        Deep Linking: choose published sequences (placement/)
 *   GET  /studio/preview/:id?code=  a draft in the real player, with the rule panel (preview/)
 *
 * JSON API under /studio/api. Every call: `Authorization: Bearer <session
 * token>`, staff roles checked, data scoped to the session's platform (another
 * platform's ids answer 404), bodies ≤ 1 MB validated (400 with
 * details[].path; 413 when larger), errors as {error:{code,message,details}}.
 *   GET    /sequences?q=                    → {sequences:[{id,title,updatedAt,latestVersion}]}
 *   GET    /sequences?q=&archived=true      → {sequences:[{id,title,updatedAt,latestVersion,archivedAt}]}
 *                                             (the archived ones only, most recently archived first)
 *   POST   /sequences {title, template?|duplicateOf?|draft?}
 *                                           → 201 {sequence:{id,title,draft,createdAt,updatedAt}}
 *   GET    /sequences/:id                   → {sequence, versions:[{version,publishedAt}]}
 *   PUT    /sequences/:id {title, draft, baseUpdatedAt}
 *                                           → {sequence, issues}; 409 {current} if saved since
 *   GET    /sequences/:id/usage             → {published, places:[{contextId,resourceLinkId,contextTitle,resourceLinkTitle,placed,learners,label}]}
 *   DELETE /sequences/:id[?archive=true]    → 204 (never published: deleted) | 200 {archived:true, places}
 *                                             (published: archived, versions kept); 409 SEQUENCE_IN_USE {places}
 *                                             when placed or with learners and archive=true is absent
 *   POST   /sequences/:id/restore           → {sequence:{id,title,updatedAt,latestVersion}} (archived: back in
 *                                             the library and the lists to place from; not archived: unchanged)
 *   POST   /lint {draft, sequenceId?}       → {issues}
 *   GET    /sequences/:id/publish-check     → {outcome: ready|needs-confirmation|blocked|nothing-changed,
 *                                              issues, updatedAt, latestVersion}: what publishing would do; a draft
 *                                              without errors also gets a trial run's warnings (simulated-*)
 *   POST   /sequences/:id/publish {confirmWarnings?, baseUpdatedAt?}
 *                                           → 201 {version,publishedAt}; 422/409 {issues};
 *                                             409 NOTHING_CHANGED {latestVersion} when the draft equals it;
 *                                             409 DRAFT_CHANGED {current:{updatedAt}} when baseUpdatedAt is not the draft's
 *   GET    /sequences/:id/versions/:v       → {version, publishedAt, content}
 *   GET    /sequences/:id/diff?from=&to=    → {changes:[{path,op,before?,after?}]} (from/to: n or 'draft')
 *   POST   /simulate {draft, learners?, seed?} → NDJSON progress lines, then the result
 *   POST   /preview {draft, start?: {mastery?, profile?}} → 201 {url} (with a page code: open it within two minutes)
 *
 * Additions to the agreed contract (all optional for clients):
 *  - `createdAt` on sequences, `publishedAt` next to `version` in publish and
 *    version answers; `current: {title, updatedAt}` in a 409 save conflict.
 *  - the new draft's `title` is set to the sequence title at creation, as its `id` is.
 *  - a draft whose `id` differs from its sequence's id has an error issue
 *    (code `sequence-id`) in PUT's issues and blocks publishing; POST /lint
 *    reports it too when given the optional `sequenceId`, and then gives
 *    exactly the publish gate's errors. Publishing (and its check) adds
 *    warnings from a trial run of 100 simulated learners (codes
 *    simulated-loop, simulated-stalls, simulated-step-cap; see
 *    server/simulation/checks.ts), too slow for the lint run while typing.
 *  - POST /simulate answers 422 {issues} when the draft has errors (it cannot
 *    run), 429 when too many simulations run; a failure after streaming began
 *    is a last line {"type":"error","error":{code,message}}.
 *  - POST /preview answers 201 (the preview is created) and 422 {issues} when
 *    the draft has errors; a `start.profile` stands for the survey's answers,
 *    so the preview skips the survey.
 *  - diff: `from` may also be 'draft'; `remove` paths index the `from`
 *    document, `add`/`replace` paths the `to` document (see diff.ts).
 */
import express, { Router } from 'express';
import { notFound } from '../http/errors.js';
import { FrameOrigins } from '../http/csp.js';
import type { Logger } from '../log.js';
import type { Lti } from '../lti/index.js';
import type { Store } from '../store/types.js';
import { previewApiRoutes } from './api/preview.js';
import { publishingRoutes } from './api/publishing.js';
import { sequenceRoutes } from './api/sequences.js';
import { simulateRoutes } from './api/simulate.js';
import { apiErrorHandler } from './http/errors.js';
import { sameOriginWrites } from '../http/same-origin.js';
import { staffApiSession } from './http/session.js';
import { pageRoutes } from './page.js';
import { placementRoutes } from './placement/routes.js';
import { previewRoutes } from './preview/routes.js';
import { PreviewStore } from './preview/store.js';
import { Drafts } from './sequences/drafts.js';
import { Publishing } from './sequences/publishing.js';
import { SimulationRunner } from './simulation/runner.js';

export interface StudioDeps {
  store: Store;
  now: () => number;
  logger: Logger;
  lti: Pick<Lti, 'toolSigningKey' | 'urls' | 'pageCodes'>;
  /** The tool's public URL: its origin is the only one allowed to change data. */
  publicUrl: string;
  /** Overridable in tests (concurrency, time limit). */
  simulations?: SimulationRunner;
  /** Overridable in tests (time to live, caps). */
  previews?: PreviewStore;
}

export const STUDIO_BODY_LIMIT = '1mb';

export function studioRoutes(deps: StudioDeps): Router {
  const { store, now, logger } = deps;
  const sessions = { store, now, pageCodes: deps.lti.pageCodes };
  const writes = sameOriginWrites(deps.publicUrl);
  const previews = deps.previews ?? new PreviewStore(now);
  const pageForms = express.urlencoded({ extended: false, limit: '100kb' });

  const api = Router();
  api.use(writes, staffApiSession(sessions), express.json({ limit: STUDIO_BODY_LIMIT }));
  api.use(sequenceRoutes(new Drafts(store), store, now));
  api.use(publishingRoutes(new Publishing(store)));
  api.use(simulateRoutes(deps.simulations ?? new SimulationRunner(), logger));
  api.use(previewApiRoutes(previews));
  api.use((_req, _res, next) => next(notFound('There is no such studio API endpoint.')));
  api.use(apiErrorHandler(logger));

  const studio = Router();
  studio.use('/api', api);
  studio.use('/place', writes, pageForms, placementRoutes({ sessions, lti: deps.lti, frameOrigins: new FrameOrigins(store, now) }));
  studio.use('/preview', writes, pageForms, previewRoutes({ sessions, previews }));
  studio.use(writes, pageForms, pageRoutes(sessions));
  return studio;
}
