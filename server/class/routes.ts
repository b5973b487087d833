/**
 * The educators' view at /class, opened from an instructor's (or content
 * developer's, or administrator's) launch and carrying its session token.
 * Learners get the ROLE_FORBIDDEN page. Every page and action works on the
 * placement of that launch only (scope.ts); ids in the URL name learners of
 * that placement, and anything else is "not found".
 *
 * Pages answer POST (the pages' links are forms that post the token as `_s`)
 * and GET (opened by the page code of an action's redirect); both only read.
 *   POST /class                              overview, who needs help, per activity
 *   POST /class/roster/refresh               fetch the LMS roster (NRPS) now
 *   POST /class/learners/:userId             one learner's story and notes
 *   POST /class/learners/:userId/notes       leave a note for the learner
 *   POST /class/learners/:userId/grade/retry re-queue the learner's latest score
 *   POST /class/export/overview.csv          the overview, one row per learner
 *   POST /class/export/attempts.csv          every attempt, streamed
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { TokenCache, type SigningKeySource } from '../grades/token-cache.js';
import { notFound } from '../http/errors.js';
import type { Logger } from '../log.js';
import type { Lti } from '../lti/index.js';
import { STAFF_ROLES } from '../lti/roles.js';
import { pageUrl, requireSession } from '../lti/session.js';
import type { Session, Store } from '../store/types.js';
import { attemptRows, overviewRows } from './export.js';
import { ExportAborted, safeFilename, UTF8_BOM, writeCsv, type Cell } from './csv.js';
import { DEFAULT_GRADE_COLUMN_POLICY, type GradeColumnPolicy } from './grade-columns.js';
import { RETRY_NOTE_ID, RETRY_OUTCOMES, retryGrade, retryNote, type RetryOutcome } from './grade-sync.js';
import { addNote, NoteInvalid, NOTE_MAX_CHARS } from './notes.js';
import { displayName, STATUS_LABELS } from './overview.js';
import { firstTryChart, masteryChart, reachChart } from './page-charts.js';
import { DEFAULT_ROSTER_POLICY, type RosterPolicy } from './roster.js';
import { learnerRecordScope } from './scope.js';
import { ClassService } from './service.js';
import { DEFAULT_SIGNALS, FLAG_LABELS, type SignalPolicy } from './signals.js';
import { viewHelpers } from './view-helpers.js';

export interface ClassRouteDeps {
  store: Store;
  /** `lti` from createLti: signs the client assertion for the NRPS access token; opens and seals page codes. */
  lti: SigningKeySource & Pick<Lti, 'pageCodes'>;
  now: () => number;
  logger: Logger;
  /** The grade worker, woken after a retry is queued; without it the retry waits for the worker's next poll. */
  grades?: { kick(): void } | undefined;
  roster?: Partial<RosterPolicy>;
  signals?: Partial<SignalPolicy>;
  gradeColumns?: Partial<GradeColumnPolicy>;
}

const NOTICES: Record<string, string> = {
  'roster-refreshed': 'The class list was refreshed from the LMS.',
  'roster-failed': 'The class list could not be refreshed; the reason is shown below.',
  'note-sent': 'Your note was saved. The learner will see it the next time they open this activity.',
};

export function classRoutes(deps: ClassRouteDeps): Router {
  const { store, now, logger } = deps;
  const roster = { ...DEFAULT_ROSTER_POLICY, ...deps.roster };
  const service = new ClassService({
    store,
    now,
    tokens: new TokenCache({ keys: deps.lti, timeoutMs: roster.timeoutMs }),
    roster,
    signals: { ...DEFAULT_SIGNALS, ...deps.signals },
    gradeColumns: { ...DEFAULT_GRADE_COLUMN_POLICY, ...deps.gradeColumns },
  });
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '20kb' }));
  router.use(requireSession({ store, now, pageCodes: deps.lti.pageCodes }, STAFF_ROLES));
  router.use((req, res, next) => {
    res.locals.h = viewHelpers(res.locals.sessionToken as string, now());
    // Only the fixed sentences above can be shown: the query names one, it never supplies text.
    const notice = typeof req.query.notice === 'string' && Object.hasOwn(NOTICES, req.query.notice) ? NOTICES[req.query.notice] : undefined;
    res.locals.notice = notice ?? null;
    // "Send again" is answered in the learner's own grade sync cell (retryNote), next to what it changed.
    const retry = req.query.retry;
    const learner = req.query.learner;
    res.locals.retry = typeof retry === 'string' && (RETRY_OUTCOMES as readonly string[]).includes(retry) && typeof learner === 'string' ? { outcome: retry, userId: learner } : null;
    res.locals.retryNote = retryNote;
    res.locals.FLAG_LABELS = FLAG_LABELS;
    res.locals.STATUS_LABELS = STATUS_LABELS;
    next();
  });

  const session = (res: Response) => res.locals.session as Session;
  const back = (res: Response, path: string, notice: string, anchor = '') => res.redirect(303, pageUrl(res, `${path}${anchor}`, { notice }));
  const learnerPath = (userId: string) => `/class/learners/${encodeURIComponent(userId)}`;
  /** A page: POST from the pages' links, GET from a redirect's page code. Neither changes anything. */
  const pageRoute = (path: string, fn: RequestHandler) => router.route(path).get(fn).post(fn);

  pageRoute('/', handle(async (_req, res) => {
    const page = await service.classPage(session(res));
    if (page === null) return res.status(404).render('class/not-placed', { title: 'Nothing placed here', session: session(res) });
    const charts = { firstTry: firstTryChart(page.activities), reach: reachChart(page.activities, page.overview.rows.length) };
    res.render('class/overview', { title: `Class · ${page.data.sequenceTitle}`, session: session(res), page, charts });
  }));

  router.post('/roster/refresh', handle(async (_req, res) => {
    const snapshot = await service.refreshRoster(session(res));
    back(res, '/class', snapshot.failure === null ? 'roster-refreshed' : 'roster-failed', '#roster');
  }));

  pageRoute('/learners/:userId', handle(async (req, res) => {
    await renderLearner(res, req.params.userId ?? '', 200, { error: null, draft: '' });
  }));

  router.post('/learners/:userId/notes', handle(async (req, res) => {
    const userId = req.params.userId ?? '';
    await requireLearner(res, userId);
    const body = (req.body as Record<string, unknown>).body;
    try {
      await addNote(store, session(res), userId, body, now());
    } catch (err) {
      if (!(err instanceof NoteInvalid)) throw err;
      return renderLearner(res, userId, 400, { error: err.message, draft: typeof body === 'string' ? body.slice(0, NOTE_MAX_CHARS * 2) : '' });
    }
    back(res, learnerPath(userId), 'note-sent', '#notes');
  }));

  router.post('/learners/:userId/grade/retry', handle(async (req, res) => {
    const userId = req.params.userId ?? '';
    await requireLearner(res, userId);
    const result = await retryGrade(store, session(res), userId, now());
    if (result.status === 'queued') deps.grades?.kick();
    const outcome: RetryOutcome = result.status === 'queued' ? 'queued' : result.status === 'no-passback' ? 'no-passback' : 'nothing';
    // Back to the note in the learner's grade sync cell, which says what came of it (not the top of the page, out of
    // view). The note is the #fragment: the browser scrolls to it and focuses it (tabindex="-1"), with or without
    // JavaScript; its scroll-margin and /static/class.js keep the table's header row or the section's heading in view.
    const from = (req.body as Record<string, unknown>).from;
    const to = `${from === 'learner' ? learnerPath(userId) : '/class'}#${RETRY_NOTE_ID}`;
    res.redirect(303, pageUrl(res, to, { retry: outcome, learner: userId }));
  }));

  pageRoute('/export/overview.csv', handle(async (_req, res) => {
    const result = await service.overviewOnly(session(res));
    if (result === null) throw notFound('Nothing is placed in this activity, so there is nothing to export.');
    await sendCsv(res, `class-overview-${result.data.scope.contextId}-${result.data.scope.resourceLinkId}`, overviewRows(result.overview));
  }));

  pageRoute('/export/attempts.csv', handle(async (_req, res) => {
    const data = await service.classData(session(res), 'fresh');
    if (data === null) throw notFound('Nothing is placed in this activity, so there is nothing to export.');
    const names = new Map(data.learners.map((l) => [l.userId, displayName(l)] as const));
    const compiled = new Map(data.learners.map((l) => [l.userId, l.compiled] as const));
    const rows = attemptRows(store.iterateAttempts(learnerRecordScope(data.scope)), {
      name: (userId) => names.get(userId) ?? `Learner ${userId}`,
      compiled: (userId) => compiled.get(userId) ?? null,
    });
    await sendCsv(res, `class-attempts-${data.scope.contextId}-${data.scope.resourceLinkId}`, rows);
  }));

  /** Actions name a learner by id: it must be a learner of this placement (on the roster or with a record here). */
  async function requireLearner(res: Response, userId: string): Promise<void> {
    const data = await service.classData(session(res), 'cached');
    if (data === null || !data.learners.some((l) => l.userId === userId)) throw notFound('This learner is not in this class.');
  }

  async function renderLearner(res: Response, userId: string, status: number, form: { error: string | null; draft: string }): Promise<void> {
    const page = await service.learnerPage(session(res), userId);
    if (page === null) throw notFound('This learner is not in this class.');
    const charts = { mastery: page.story === null ? '' : masteryChart(page.story, page.row.name) };
    res.status(status).render('class/learner', { title: `${page.row.name} · ${page.data.sequenceTitle}`, session: session(res), page, charts, form, noteMax: NOTE_MAX_CHARS });
  }

  /**
   * Streams rows as CSV. The response is chunked (no Content-Length): rows go
   * out as the store's cursor yields them. Once bytes are sent a failure can
   * only cut the download short, so it is logged and the connection closed.
   */
  async function sendCsv(res: Response, name: string, rows: AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>): Promise<void> {
    res.status(200);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${safeFilename(name)}.csv"`);
    res.set('X-Content-Type-Options', 'nosniff');
    res.write(UTF8_BOM);
    try {
      await writeCsv(res, rows);
      res.end();
    } catch (err) {
      if (!(err instanceof ExportAborted)) logger.error({ err, requestId: res.locals.requestId }, 'CSV export failed mid-stream');
      res.destroy();
    }
  }

  return router;
}

/** Async route handlers with their rejections sent to the error handler. */
function handle(fn: (req: Request, res: Response) => Promise<unknown>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).then(() => undefined, next);
  };
}
