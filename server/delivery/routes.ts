/**
 * Where a launched browser lands. Learners get their path (the player);
 * staff get the activity's placement, and can place or replace a published
 * sequence; a link with nothing placed gets a friendly page.
 */
import { takeUnreadNotes } from '../class/notes.js';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { badRequest, HttpError } from '../http/errors.js';
import type { Logger } from '../log.js';
import type { PageCodeKey } from '../lti/page-code.js';
import { pageUrl, requireSession } from '../lti/session.js';
import { hasAnyRole, STAFF_ROLES } from '../lti/roles.js';
import type { Session, Store, ToolRole } from '../store/types.js';
import { PLACEMENT_PATH } from '../studio/placement/urls.js';
import { mediaChecker, type MediaCheck } from './media.js';
import { findPlacement, placeChoices, placedSequence, placementOf } from './placement.js';
import { playerRoutes } from './player-routes.js';
import { PLAYER_BASE, playerUrl, readFocus, renderScreen, screenOf, wantsJson } from './respond.js';
import type { ScoreHook } from './score-hook.js';
import { DeliveryService } from './service.js';

const ROLE_LABELS: Record<ToolRole, string> = {
  learner: 'a learner',
  instructor: 'an instructor',
  contentDeveloper: 'a content developer',
  admin: 'an administrator',
};

export interface DeliveryRouteDeps {
  store: Store;
  now: () => number;
  /** Opens the page code a launch lands with; seals the ones the player redirects with. */
  pageCodes: PageCodeKey;
  logger?: Logger | undefined;
  /** Called when a learner's score, progress or completion changes (see score-hook.ts). */
  onScore?: ScoreHook | undefined;
  media?: MediaCheck;
}

export function deliveryRoutes(deps: DeliveryRouteDeps): Router {
  const { store, now } = deps;
  const sessions = { store, now, pageCodes: deps.pageCodes };
  const service = new DeliveryService(deps);
  const media = deps.media ?? mediaChecker();
  const router = express.Router();

  // The landing page and the activity: GET from a launch's or an action's redirect (page code),
  // POST from the pages' navigation forms (token in the body). Read-only either way.
  const landing: RequestHandler = async (req, res, next) => {
    try {
      const s = res.locals.session as Session;
      const token = res.locals.sessionToken as string;
      // Deep Linking ("add external tool") launches choose content on the studio's placement page.
      if (s.messageType === 'LtiDeepLinkingRequest') return res.redirect(303, pageUrl(res, PLACEMENT_PATH));
      if (hasAnyRole(s.roles, STAFF_ROLES)) {
        const placement = await findPlacement(store, s);
        // Archived sequences are left out of the library, not out of the links they are placed on: learners still start them.
        const placed = placement ? await placedSequence(store, s.platformId, placement.sequenceId) : null;
        const sequences = await placeChoices(store, s.platformId, placed);
        res.render('app/landing', { title: placed?.title ?? 'Welcome', session: s, token, roleLabel: ROLE_LABELS[s.roles[0] ?? 'learner'], placed, placedId: placement?.sequenceId ?? null, sequences });
        return;
      }
      const opened = await service.open(s);
      if (!opened) {
        res.render('app/no-placement', { title: 'Nothing here yet', session: s, isStaff: false, sequences: [], token });
        return;
      }
      if (wantsJson(req)) {
        res.json({ revision: opened.record.revision, screen: screenOf(opened, media) });
        return;
      }
      // Notes are taken (and marked read) only when a page shows them, never by the JSON API.
      renderScreen(res, opened, media, { focus: readFocus(req), notes: await takeUnreadNotes(store, s, now()) });
    } catch (err) {
      next(err);
    }
  };
  router.get('/', requireSession(sessions), landing);
  router.post('/', requireSession(sessions), landing);

  router.post('/place', requireSession(sessions, STAFF_ROLES), async (req, res, next) => {
    try {
      const s = res.locals.session as Session;
      const sequenceId = (req.body as Record<string, unknown>).sequenceId;
      if (typeof sequenceId !== 'string' || !sequenceId) throw badRequest('Choose a sequence to place.', [{ path: '/sequenceId', message: 'required' }]);
      const placement = await findPlacement(store, s);
      const choices = await placeChoices(store, s.platformId, placement ? await placedSequence(store, s.platformId, placement.sequenceId) : null);
      if (!choices.some((p) => p.id === sequenceId)) {
        throw badRequest('That sequence does not exist for your institution or has no published version.', [{ path: '/sequenceId', message: 'not a published sequence' }]);
      }
      await store.upsertPlacement(placementOf(s, sequenceId));
      res.redirect(303, playerUrl(res));
    } catch (err) {
      next(err);
    }
  });

  router.use(playerRoutes(service, media, requireSession(sessions, ['learner'])));
  router.use(problemPage(deps.logger));
  return router;
}

/**
 * What a learner reads when a form is refused: plain words for the refusals
 * whose own message is written for developers and API clients (field names,
 * ids). The others (a stale screen, a blank answer, no attempts left) are
 * already written for the learner and keep their message.
 */
const UNREADABLE = 'This page could not send your work: it may be an older copy of your activity.';
const LEARNER_WORDS: Readonly<Record<string, string>> = {
  BAD_REQUEST: UNREADABLE,
  UNKNOWN_ACTIVITY: UNREADABLE,
  NOT_OFFERED: 'That option is not one of the ones offered here.',
  IDEMPOTENCY_KEY_REUSED: 'This answer came from an older copy of the question, so it was not recorded.',
};

/**
 * A learner's refused action (a stale form, an answer that does not fit) gets
 * a page with the way back to their activity: inside an LMS frame there is no
 * other way back but relaunching. Everything else, including a page that
 * cannot be shown at all, goes to the app's handler.
 */
function problemPage(logger: Logger | undefined): ErrorRequestHandler {
  return (err, req, res, next) => {
    const token = res.locals.sessionToken;
    const refusedAction = req.method === 'POST' && err instanceof HttpError && err.status < 500;
    if (!refusedAction || !token || !res.locals.session || wantsJson(req) || res.headersSent) return next(err);
    // The details (which field, why) are for whoever reads the log with the request id, not the page.
    logger?.info({ requestId: res.locals.requestId, code: err.code, status: err.status, details: err.details }, err.message);
    res.status(err.status).render('app/problem', {
      title: err.status === 409 ? 'Your path has moved on' : 'That did not work',
      code: err.code,
      message: LEARNER_WORDS[err.code] ?? err.message,
      nextStep: err.guidance.forLearner ?? 'Go back to your activity and try again.',
      token,
      activityAction: PLAYER_BASE,
      requestId: String(res.locals.requestId ?? ''),
    });
  };
}
