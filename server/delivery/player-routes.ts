/**
 * The learner's player over HTTP. Every action is a plain form POST that
 * answers 303 → GET /app (so reloads never resubmit and the page works
 * without JavaScript), or JSON with the new screen when the client asks for
 * JSON. Only the learner's own record is ever read: the session decides whose
 * it is, and no route takes a learner, course or record id.
 *
 *   POST /survey      q.<id>…                    submit the profile survey
 *   POST /diagnostic  k, a.<id>…                 submit the warm-up
 *   POST /answer      k, attempts, choice | value | text   answer the question on screen
 *   POST /hint        hint                       reveal the next hint
 *   POST /choose      option                     take one of the offered activities
 *   POST /done        done, confidence, checked  finish a reading, video or hands-on task
 *   POST /next                                   leave a finished question or warm-up
 *   POST /progress                               "My progress" (also GET, opened by a page code)
 * Every action also carries `step` and (except /choose) `activity`: the screen it was rendered for.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { CompiledSequence } from '../engine/index.js';
import type { Session } from '../store/types.js';
import { badRequest, HttpError } from '../http/errors.js';
import { stale, type PlayerAction } from './actions.js';
import { ANSWERED_ELSEWHERE, notPlaced, SCREEN_CHANGED, toHttpError } from './errors.js';
import { AnswerInputError, parseAnswer, parseChoice, parseDiagnostic, parseDone, parseHint, parseNext, parseSurvey, screenRefIn, type Body } from './input.js';
import { isOnScreen } from './player-state.js';
import type { MediaCheck } from './media.js';
import { presentProgress } from './progress.js';
import { frameLocals, playerUrl, renderScreen, screenOf, wantsJson, type Focus } from './respond.js';
import type { DeliveryService } from './service.js';

type Parse = (compiled: CompiledSequence, body: Body) => PlayerAction;

/**
 * `what` names the screen in the "no longer on screen" message (JSON clients); `movedOn` is the
 * notice over the current screen a browser gets instead, saying what became of what it sent.
 */
const ACTIONS: ReadonlyArray<{ path: string; parse: Parse; focus: Focus | null; what: string; movedOn: string }> = [
  { path: '/survey', parse: parseSurvey, focus: null, what: 'survey', movedOn: movedOn('so these answers were not recorded') },
  { path: '/diagnostic', parse: parseDiagnostic, focus: 'feedback', what: 'warm-up', movedOn: movedOn('so these answers were not recorded') },
  { path: '/answer', parse: (compiled, body) => withAttempts(parseAnswer(compiled, body), body), focus: 'feedback', what: 'question', movedOn: movedOn('so this answer was not recorded') },
  { path: '/hint', parse: (_c, body) => parseHint(body), focus: 'hint', what: 'question', movedOn: movedOn('so no hint was shown') },
  { path: '/choose', parse: (_c, body) => parseChoice(body), focus: null, what: 'choice', movedOn: movedOn('so this choice was not recorded') },
  { path: '/done', parse: (_c, body) => parseDone(body), focus: null, what: 'activity', movedOn: movedOn('so nothing was recorded') },
  { path: '/next', parse: (_c, body) => parseNext(body), focus: null, what: 'step', movedOn: movedOn(null) },
];

/** The notice for a form whose screen is gone: the path moved on elsewhere, and here is where the learner is now. */
function movedOn(outcome: string | null): string {
  return `Your path moved on in another tab or window${outcome === null ? '' : `, ${outcome}`}. Here is where you are now.`;
}

/**
 * The answer form's `attempts`: how many attempts the visit had when it was rendered, so that an
 * answer from a copy of the question another tab has answered since is recognised (actions.ts).
 * Absent (an API client that does not send it) is not checked.
 */
function withAttempts(action: PlayerAction, body: Body): PlayerAction {
  const raw = body.attempts;
  if (raw === undefined || action.type !== 'answer') return action;
  if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw)) throw badRequest("'attempts' must be a whole number.", [{ path: '/attempts', message: 'expected a whole number' }]);
  return { ...action, attempts: Number(raw) };
}

/** Refusals that come from reading a form's fields, before the action meets the learner's state. */
function unreadableForm(err: unknown): boolean {
  return err instanceof AnswerInputError || (err instanceof HttpError && err.code === 'BAD_REQUEST');
}

export function playerRoutes(service: DeliveryService, media: MediaCheck, learnerOnly: RequestHandler): Router {
  const router = express.Router();

  for (const { path, parse, focus, what, movedOn: notice } of ACTIONS) {
    router.post(path, learnerOnly, async (req: Request, res: Response, next: NextFunction) => {
      const session = res.locals.session as Session;
      try {
        const acted = await service.act(session, (compiled) => parse(compiled, req.body as Body));
        if (wantsJson(req)) {
          res.json({ replayed: acted.replayed, reply: acted.reply, revision: acted.record.revision, screen: screenOf(acted, media) });
        } else {
          res.redirect(303, playerUrl(res, focus));
        }
      } catch (err) {
        if (err instanceof HttpError && err.code === ANSWERED_ELSEWHERE) return showAsItStands(req, res, session, err, err.message).catch(next);
        if (err instanceof HttpError && err.code === SCREEN_CHANGED) return showAsItStands(req, res, session, err, notice).catch(next);
        const opened = unreadableForm(err) ? await service.open(session).catch(() => null) : null;
        // Fields are read against the activity the form names: for a form from another screen
        // (an old tab, a tampered field) what they say about an answer is beside the point.
        const ref = screenRefIn(req.body as Body);
        if (opened && ref !== null && !isOnScreen(opened.state.engine, ref)) {
          const refused = toHttpError(stale(opened.state.engine, what));
          if (refused instanceof HttpError && refused.code === SCREEN_CHANGED) return showAsItStands(req, res, session, refused, notice).catch(next);
          return next(refused);
        }
        // A blank or unreadable answer is the learner's to fix on the same screen, not an error page.
        if (opened && err instanceof AnswerInputError && !wantsJson(req)) {
          res.status(400);
          renderScreen(res, opened, media, { focus: 'error', formError: err.message, formErrorField: err.details[0]?.path.slice(1), draft: req.body as Body });
          return;
        }
        next(err);
      }
    });
  }

  /**
   * A form from an out-of-date copy of the screen was not acted on: another tab answered the same
   * question first (ANSWERED_ELSEWHERE), or the path has moved on past its screen altogether
   * (SCREEN_CHANGED: another tab, the back button). The learner gets the screen as it stands (that
   * answer's feedback and the attempts left, or wherever the path now is) with `notice` saying why,
   * rather than a page about it; JSON clients get the refusal (same status and code) and the screen.
   */
  async function showAsItStands(req: Request, res: Response, session: Session, err: HttpError, notice: string): Promise<void> {
    const opened = await service.open(session);
    if (!opened) throw notPlaced();
    res.status(err.status);
    if (wantsJson(req)) {
      const error = { code: err.code, message: err.message, details: err.details, requestId: String(res.locals.requestId ?? '') };
      res.json({ error, revision: opened.record.revision, screen: screenOf(opened, media) });
      return;
    }
    renderScreen(res, opened, media, { focus: null, notice });
  }

  const progressPage: RequestHandler = async (req, res, next) => {
    try {
      const session = res.locals.session as Session;
      const opened = await service.open(session);
      if (!opened) throw notPlaced();
      const progress = presentProgress(opened.compiled, opened.state);
      if (wantsJson(req)) {
        res.json({ progress });
        return;
      }
      res.render('app/progress', { ...frameLocals(session, res.locals.sessionToken as string, opened, 'progress'), title: 'My progress', progress });
    } catch (err) {
      next(err);
    }
  };
  // Read-only, so a reload that resubmits the navigation form's post is harmless.
  router.post('/progress', learnerOnly, progressPage);
  router.get('/progress', learnerOnly, progressPage);
  return router;
}
