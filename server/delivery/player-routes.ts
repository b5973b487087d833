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
import { ANSWERED_ELSEWHERE, notPlaced, toHttpError } from './errors.js';
import { AnswerInputError, parseAnswer, parseChoice, parseDiagnostic, parseDone, parseHint, parseNext, parseSurvey, screenRefIn, type Body } from './input.js';
import { isOnScreen } from './player-state.js';
import type { MediaCheck } from './media.js';
import { presentProgress } from './progress.js';
import { frameLocals, playerUrl, renderScreen, screenOf, wantsJson, type Focus } from './respond.js';
import type { DeliveryService } from './service.js';

type Parse = (compiled: CompiledSequence, body: Body) => PlayerAction;

/** `what` names the screen in the "no longer on screen" message. */
const ACTIONS: ReadonlyArray<{ path: string; parse: Parse; focus: Focus | null; what: string }> = [
  { path: '/survey', parse: parseSurvey, focus: null, what: 'survey' },
  { path: '/diagnostic', parse: parseDiagnostic, focus: 'feedback', what: 'warm-up' },
  { path: '/answer', parse: (compiled, body) => withAttempts(parseAnswer(compiled, body), body), focus: 'feedback', what: 'question' },
  { path: '/hint', parse: (_c, body) => parseHint(body), focus: 'hint', what: 'question' },
  { path: '/choose', parse: (_c, body) => parseChoice(body), focus: null, what: 'choice' },
  { path: '/done', parse: (_c, body) => parseDone(body), focus: null, what: 'activity' },
  { path: '/next', parse: (_c, body) => parseNext(body), focus: null, what: 'step' },
];

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

  for (const { path, parse, focus, what } of ACTIONS) {
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
        if (err instanceof HttpError && err.code === ANSWERED_ELSEWHERE) return showAsItStands(req, res, session, err).catch(next);
        const opened = unreadableForm(err) ? await service.open(session).catch(() => null) : null;
        // Fields are read against the activity the form names: for a form from another screen
        // (an old tab, a tampered field) what they say about an answer is beside the point.
        const ref = screenRefIn(req.body as Body);
        if (opened && ref !== null && !isOnScreen(opened.state.engine, ref)) return next(toHttpError(stale(opened.state.engine, what)));
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
   * An answer from an out-of-date copy of the screen (another tab answered first) was not recorded:
   * the learner gets the screen as it stands (that answer's feedback, the attempts left) with a
   * notice saying why, rather than a page about it; JSON clients get the refusal and the screen.
   */
  async function showAsItStands(req: Request, res: Response, session: Session, err: HttpError): Promise<void> {
    const opened = await service.open(session);
    if (!opened) throw notPlaced();
    res.status(err.status);
    if (wantsJson(req)) {
      const error = { code: err.code, message: err.message, details: err.details, requestId: String(res.locals.requestId ?? '') };
      res.json({ error, revision: opened.record.revision, screen: screenOf(opened, media) });
      return;
    }
    renderScreen(res, opened, media, { focus: null, notice: err.message });
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
