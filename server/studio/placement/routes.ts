/**
 * The Deep Linking placement page, where an LMS's "add external tool" lands
 * staff (via /app, see delivery/routes.ts):
 *
 *   GET  /studio/place?code=   published sequences of this platform, searchable;
 *                              one to pick, or several if the LMS accepts several
 *                              (the redirect from /app, with a page code)
 *   POST /studio/place/search  the same page, searched for `q` (`_s` in the body)
 *   POST /studio/place         the choice (or `cancel`) → a page that posts the
 *                              signed LtiDeepLinkingResponse to the LMS
 *   GET  /studio/place/autopost.js
 *   GET  /studio/place/filter.js  the search as one types (the Search button works without it)
 *
 * A request that does not accept LTI resource links is refused with a page
 * that says so and offers to return to the LMS with that message.
 */
import { Router, type Request, type Response } from 'express';
import { badRequest, HttpError } from '../../http/errors.js';
import { FrameOrigins, policy, sessionFrameOrigins } from '../../http/csp.js';
import { acceptsResourceLinks, resourceLinkItem, signDeepLinkingResponse } from '../../lti/deep-linking.js';
import { deepLinkingSettings, type DeepLinkingSettings } from '../../lti/deep-linking-settings.js';
import type { Lti } from '../../lti/index.js';
import type { SessionDeps } from '../../lti/session.js';
import type { JsonObject, Session } from '../../store/types.js';
import { handler } from '../http/handler.js';
import { sessionOf, staffPageSession } from '../http/session.js';
import { AUTOPOST_FORM_ID, AUTOPOST_SCRIPT } from './autopost.js';
import { placeableSequences } from './catalog.js';
import { FILTER_SCRIPT } from './filter.js';
import { PLACEMENT_PATH } from './urls.js';

export interface PlacementDeps {
  sessions: SessionDeps;
  lti: Pick<Lti, 'toolSigningKey' | 'urls'>;
  frameOrigins: FrameOrigins;
}

const NOT_ACCEPTED = 'Your LMS asked for a kind of content this tool does not provide: it adds adaptive sequences as LTI resource links, which this request does not accept.';

function chosenIds(body: Record<string, unknown>): string[] {
  const raw = body.sequenceId;
  const ids = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
  return [...new Set(ids)];
}

function originOf(url: string): string {
  return new URL(url).origin;
}

export function placementRoutes(deps: PlacementDeps): Router {
  const { store, now } = deps.sessions;
  const { lti } = deps;
  const r = Router();
  const session = staffPageSession(deps.sessions);

  r.get('/autopost.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(AUTOPOST_SCRIPT);
  });
  r.get('/filter.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(FILTER_SCRIPT);
  });

  async function renderPage(res: Response, q: string): Promise<void> {
    const s = sessionOf(res.locals);
    const settings = deepLinkingSettings(s);
    if (!acceptsResourceLinks(settings)) {
      res.status(422).render('studio/place-refused', { title: 'This content cannot be added here', message: NOT_ACCEPTED, token: res.locals.sessionToken, acceptTypes: settings.acceptTypes });
      return;
    }
    res.render('studio/place', {
      title: settings.title ?? 'Add an adaptive sequence',
      token: res.locals.sessionToken,
      action: PLACEMENT_PATH,
      searchAction: `${PLACEMENT_PATH}/search`,
      q,
      sequences: await placeableSequences(store, s.platformId, q),
      multiple: settings.acceptMultiple,
      contextTitle: s.contextTitle,
      filterScriptUrl: `${PLACEMENT_PATH}/filter.js`,
    });
  }
  const query = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : '');

  r.get('/', session, handler(async (req, res) => renderPage(res, query(req.query.q))));
  // The search posts, so the token travels in the body rather than in the search's URL.
  r.post('/search', session, handler(async (req: Request, res) => renderPage(res, query((req.body as Record<string, unknown> | undefined)?.q))));

  /** Signs the response and renders the page that carries it to the LMS. */
  async function respond(res: Response, s: Session, settings: DeepLinkingSettings, items: JsonObject[], messages: { message?: string; errorMessage?: string }) {
    const platform = await store.selectPlatform(s.platformId);
    if (!platform) throw new HttpError(400, 'PLATFORM_REMOVED', 'Your LMS is no longer registered with this tool.');
    const jwt = await signDeepLinkingResponse({ platform, deploymentId: s.deploymentId, key: await lti.toolSigningKey(platform), settings, items, ...messages, nowMs: now() });
    // The form posts to the LMS's return URL, which (on Canvas) is on the school's domain rather
    // than a registered platform origin, so this page's form-action names it explicitly. The URL
    // comes from the platform's signed id_token.
    const byPlatform = await deps.frameOrigins.load();
    res.setHeader('Content-Security-Policy', policy(sessionFrameOrigins(s, byPlatform), [originOf(settings.returnUrl)]));
    res.render('studio/place-return', { title: 'Returning to your course', formId: AUTOPOST_FORM_ID, returnUrl: settings.returnUrl, jwt, items, scriptUrl: `${PLACEMENT_PATH}/autopost.js` });
  }

  r.post(
    '/',
    session,
    handler(async (req, res) => {
      const s = sessionOf(res.locals);
      const settings = deepLinkingSettings(s);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.cancel !== undefined) {
        const refused = !acceptsResourceLinks(settings);
        await respond(res, s, settings, [], refused ? { errorMessage: NOT_ACCEPTED } : { message: 'Nothing was added.' });
        return;
      }
      if (!acceptsResourceLinks(settings)) throw new HttpError(422, 'DEEP_LINK_TYPE_NOT_ACCEPTED', NOT_ACCEPTED);
      const ids = chosenIds(body);
      if (ids.length === 0) throw badRequest('Choose a sequence to add.', [{ path: '/sequenceId', message: 'is required' }]);
      if (ids.length > 1 && !settings.acceptMultiple) {
        throw badRequest('Your LMS accepts one item here; choose one sequence.', [{ path: '/sequenceId', message: `${ids.length} chosen, at most 1 accepted` }]);
      }
      const placeable = new Map((await placeableSequences(store, s.platformId)).map((p) => [p.id, p]));
      const chosen = ids.map((id) => placeable.get(id));
      const missing = ids.filter((_id, i) => chosen[i] === undefined);
      if (missing.length > 0) {
        throw badRequest(
          'That sequence does not exist for your institution or has no published version.',
          missing.map((id) => ({ path: '/sequenceId', message: `'${id}' is not a published sequence` })),
        );
      }
      const sequences = chosen.filter((p) => p !== undefined);
      const items = sequences.map((p) => resourceLinkItem(p, lti.urls.launch, settings));
      await respond(res, s, settings, items, { message: sequences.length === 1 ? `Added ${sequences[0]?.title}.` : `Added ${sequences.length} sequences.` });
    }),
  );
  return r;
}
