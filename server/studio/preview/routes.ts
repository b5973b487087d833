/**
 * The preview player: a draft played in the learner's real player (the same
 * pure actions, view model and templates as /app), with a panel that shows
 * which rule decided each step and what every other rule did.
 *
 *   GET  /studio/preview/:id?code=&focus=  the screen, with the panel (the studio frames this URL; actions redirect to it)
 *   POST /studio/preview/:id               the same, from the player's "Activity" form (`_s`)
 *   POST /studio/preview/:id/progress      "My progress", as the learner sees it
 *   POST /studio/preview/:id/<action>      survey, diagnostic, answer, hint, choose, done, next
 *
 * State is the in-memory Preview (store.ts), never a learner record. Forms
 * post here because the player's templates post to `base`.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { applyAction, type PlayerAction } from '../../delivery/actions.js';
import { toHttpError } from '../../delivery/errors.js';
import { AnswerInputError, parseAnswer, parseChoice, parseDiagnostic, parseDone, parseHint, parseNext, parseSurvey, type Body } from '../../delivery/input.js';
import { mediaChecker, type MediaCheck } from '../../delivery/media.js';
import { presentProgress } from '../../delivery/progress.js';
import { screenOf, type Focus } from '../../delivery/respond.js';
import type { CompiledSequence } from '../../engine/index.js';
import { HttpError, notFound } from '../../http/errors.js';
import { pageUrl, type SessionDeps } from '../../lti/session.js';
import { handler } from '../http/handler.js';
import { sessionOf, staffPageSession } from '../http/session.js';
import { modelView } from './model.js';
import type { Preview, PreviewStore } from './store.js';
import { decisionBehind, traceStep } from './trace.js';

export const PREVIEW_PATH = '/studio/preview';

const previewPath = (id: string) => `${PREVIEW_PATH}/${encodeURIComponent(id)}`;

/** The preview's page, opened by a page code: the URL the studio frames and actions redirect to. */
export function previewUrl(res: Response, id: string, focus: Focus | null = null): string {
  return pageUrl(res, previewPath(id), focus ? { focus } : {});
}

type Parse = (compiled: CompiledSequence, body: Body) => PlayerAction;

/** The player's actions, with where focus goes after each (as in delivery/player-routes.ts). */
const ACTIONS: Readonly<Record<string, { parse: Parse; focus: Focus | null }>> = {
  survey: { parse: parseSurvey, focus: null },
  diagnostic: { parse: parseDiagnostic, focus: 'feedback' },
  answer: { parse: parseAnswer, focus: 'feedback' },
  hint: { parse: (_c, body) => parseHint(body), focus: 'hint' },
  choose: { parse: (_c, body) => parseChoice(body), focus: null },
  done: { parse: (_c, body) => parseDone(body), focus: null },
  next: { parse: (_c, body) => parseNext(body), focus: null },
};

const FOCI: readonly Focus[] = ['feedback', 'hint', 'error'];

/**
 * What a refused form held, for the templates to show again (their `draft`
 * local): each field's string values, as the player's renderScreen passes it.
 */
function refusedForm(body: Body | undefined): Record<string, string[]> {
  // No prototype: field names come from the request.
  const draft = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of Object.entries(body ?? {})) {
    const values = [value].flat().filter((v): v is string => typeof v === 'string');
    if (values.length > 0 && name !== '_s' && name !== 'k') draft[name] = values.map((v) => v.slice(0, 2000));
  }
  return draft;
}

const previewGone = () =>
  new HttpError(404, 'PREVIEW_NOT_FOUND', 'This preview has expired or was opened by another session. Open a new preview from the studio.', [], {
    forLearner: 'Previews last an hour after their last use.',
  });

export interface PreviewRouteDeps {
  sessions: SessionDeps;
  previews: PreviewStore;
  media?: MediaCheck;
}

export function previewRoutes(deps: PreviewRouteDeps): Router {
  const { previews } = deps;
  const media = deps.media ?? mediaChecker();
  const r = Router();
  const session = staffPageSession(deps.sessions);

  function find(req: Request, res: Response): Preview {
    const preview = previews.get(String(req.params.id), sessionOf(res.locals).id);
    if (!preview) throw previewGone();
    return preview;
  }

  /** What the player's frame (partials/top) needs, pointed at this preview. */
  function frame(res: Response, preview: Preview, nav: 'activity' | 'progress') {
    const s = sessionOf(res.locals);
    const token = res.locals.sessionToken as string;
    const { doc } = preview.compiled;
    return {
      session: { ...s, resourceLinkTitle: `Preview: ${doc.title}`, userName: `${s.userName ?? 'You'} (preview)` },
      token,
      nav,
      base: previewPath(preview.id),
      locale: doc.locale ?? 'en',
      sequenceTitle: doc.title,
      activityAction: previewPath(preview.id),
      progressAction: `${previewPath(preview.id)}/progress`,
    };
  }

  function renderScreen(res: Response, preview: Preview, focus: Focus | null, refused: { error: string; field: string | undefined; body: Body } | null): void {
    const screen = screenOf(preview, media);
    res.render('studio/preview', {
      ...frame(res, preview, 'activity'),
      title: screen.title,
      screen,
      focus,
      formError: refused?.error ?? null,
      formErrorField: refused?.field ?? null,
      draft: refusedForm(refused?.body),
      steps: preview.steps,
      model: modelView(preview.compiled, preview.state),
    });
  }

  // Pages: GET from the studio's frame or a redirect (page code), POST from the player's navigation forms.
  const screenPage: RequestHandler = handler(async (req, res) => {
    const focus = typeof req.query.focus === 'string' && (FOCI as readonly string[]).includes(req.query.focus) ? (req.query.focus as Focus) : null;
    renderScreen(res, find(req, res), focus, null);
  });
  const progressPage: RequestHandler = handler(async (req, res) => {
    const preview = find(req, res);
    res.render('app/progress', { ...frame(res, preview, 'progress'), title: 'My progress', progress: presentProgress(preview.compiled, preview.state) });
  });
  r.route('/:id').get(session, screenPage).post(session, screenPage);
  // Before '/:id/:action', which would take "progress" for an action.
  r.route('/:id/progress').get(session, progressPage).post(session, progressPage);

  r.post(
    '/:id/:action',
    session,
    handler(async (req, res) => {
      const entry = Object.hasOwn(ACTIONS, String(req.params.action)) ? ACTIONS[String(req.params.action)] : undefined;
      if (!entry) throw notFound('The preview has no such action.');
      const preview = find(req, res);
      const { compiled } = preview;
      const before = preview.state;
      let action: PlayerAction;
      try {
        action = entry.parse(compiled, (req.body ?? {}) as Body);
      } catch (err) {
        // As in the player: a blank or unreadable answer is shown next to the question.
        if (!(err instanceof AnswerInputError)) throw err;
        res.status(400);
        renderScreen(res, preview, 'error', { error: err.message, field: err.details[0]?.path.slice(1), body: (req.body ?? {}) as Body });
        return;
      }
      const key = 'key' in action ? action.key : null;
      if (key === null || !preview.usedKeys.has(key)) {
        let applied;
        try {
          applied = applyAction(compiled, before, action);
        } catch (err) {
          throw toHttpError(err);
        }
        if (!applied.replayed) {
          const decision = decisionBehind(compiled, before, action);
          preview.state = applied.state;
          if (key !== null) preview.usedKeys.add(key);
          if (decision !== null) previews.record(preview, traceStep(compiled, applied.state, decision));
        }
      }
      res.redirect(303, previewUrl(res, preview.id, entry.focus));
    }),
  );
  return r;
}
