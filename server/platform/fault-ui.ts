/**
 * The course page's controls for the score endpoint's faults, so a person can
 * see what the tool does when the LMS refuses or fails grades (the class
 * view's "Failed" state and its "Send again", the queued retries) without
 * writing a test. Tests get the same faults through DevPlatform.faults.
 */
import express, { type Request, type Router } from 'express';
import { isDeepStrictEqual } from 'node:util';
import type { PlatformContext } from './context.js';
import type { Fault, PendingFault } from './faults.js';
import { html, sendProblemPage, type Html } from './html.js';
import { param } from './http.js';

/** What the form offers: the failures a tool must tell apart, permanent (4xx) and worth retrying (5xx, 429). */
export const SCORE_FAULTS: Readonly<Record<string, { label: string; fault: Fault }>> = {
  'refuse-400': { label: 'Refuse: 400 Bad Request', fault: { type: 'refuse', status: 400 } },
  'refuse-403': { label: 'Refuse: 403 Forbidden', fault: { type: 'refuse', status: 403 } },
  'error-500': { label: 'Fail: 500 Internal Server Error', fault: { type: 'error', status: 500 } },
  'rate-limit': { label: 'Throttle: 429, Retry-After 30 s', fault: { type: 'rate-limit', retryAfterSeconds: 30 } },
};

/** Enough to try a flow by hand; more is "until switched off". */
const MAX_TIMES = 1000;

export const FAULTS_ANCHOR = 'faults';
/**
 * Where "Apply" and "Switch off" come back to: the card's status line, which
 * says what is now in force. As the redirect's #fragment it is scrolled to and
 * focused (tabindex="-1"), so keyboard and screen-reader users land on the
 * result, read out, rather than at the top of a reloaded page.
 */
export const FAULTS_STATUS = 'score-fault-status';

function summary(pending: PendingFault | undefined): string {
  if (pending === undefined) return 'The score endpoint accepts scores normally.';
  const { fault, remaining } = pending;
  const what =
    fault.type === 'refuse' ? `refuses scores with ${fault.status}` :
    fault.type === 'error' ? `fails with ${fault.status ?? 500}` :
    fault.type === 'rate-limit' ? `throttles with 429 (Retry-After ${fault.retryAfterSeconds} s)` :
    fault.type === 'slow' ? `holds each score for ${fault.delayMs} ms` :
    'drops the connection';
  return `The score endpoint ${what} ${remaining === null ? 'until switched off' : `for the next ${remaining === 1 ? 'score' : `${remaining} scores`}`}.`;
}

export function faultsSection(ctx: PlatformContext): Html {
  const pending = ctx.faults.pending('scores');
  // The form opens on the fault in force, so the status line and the control agree and "Apply" keeps what is on.
  const active = pending === undefined ? undefined : Object.keys(SCORE_FAULTS).find((key) => isDeepStrictEqual(SCORE_FAULTS[key]?.fault, pending.fault));
  return html`<section class="card" id="${FAULTS_ANCHOR}" aria-labelledby="faults-title">
<h2 id="faults-title">Grade passback faults</h2>
<p class="muted">Make this LMS refuse or fail the scores tools send, to see how a tool reports and retries them. Applies to every course and tool.
A refusal (4xx) is final: a tool should not retry it by itself, only when someone asks. A failure (5xx) or throttling (429) is temporary: a tool should retry.</p>
<p class="status" role="status" id="${FAULTS_STATUS}" tabindex="-1" data-testid="score-fault">${summary(pending)} <span class="muted">(${ctx.faults.calls('scores')} score requests received so far)</span></p>
<form method="post" action="${ctx.urls.issuer}/faults" class="actions">
<input type="hidden" name="target" value="scores">
<label for="score-fault">Score endpoint</label>
<select id="score-fault" name="fault">${Object.entries(SCORE_FAULTS).map(([value, { label }]) => html`<option value="${value}"${value === active ? html` selected` : ''}>${label}</option>`)}</select>
<label for="score-fault-times">Scores affected</label>
<input type="number" id="score-fault-times" name="times" min="1" max="${MAX_TIMES}" placeholder="all" aria-describedby="score-fault-times-help">
<button type="submit">Apply</button>
<span id="score-fault-times-help" class="muted">Leave the number empty to affect every score until switched off.</span>
</form>
${pending === undefined
  ? ''
  : html`<form method="post" action="${ctx.urls.issuer}/faults" class="actions">
<input type="hidden" name="target" value="scores">
<input type="hidden" name="fault" value="off">
<button type="submit" class="secondary">Switch off</button>
</form>`}
</section>`;
}

/** A form post from another site must not switch an LMS's faults; scripts without Origin (tests, curl) may. */
function crossSite(req: Request, origin: string): boolean {
  const from = req.get('origin');
  return from !== undefined && from !== origin;
}

export function faultRoutes(ctx: PlatformContext): Router {
  const { urls, faults } = ctx;
  const router = express.Router();

  router.post('/faults', express.urlencoded({ extended: false, limit: '1kb' }), (req, res) => {
    if (crossSite(req, urls.origin)) return sendProblemPage(res, urls.home, 403, 'Not from this LMS', 'Faults are switched from this LMS’s own course page.');
    if (param(req.body, 'target') !== 'scores') return sendProblemPage(res, urls.home, 400, 'Unknown fault target', 'Only the score endpoint’s faults can be switched here.');
    const choice = param(req.body, 'fault') ?? '';
    if (choice === 'off') {
      faults.clear('scores');
    } else {
      const fault = SCORE_FAULTS[choice]?.fault;
      if (fault === undefined) return sendProblemPage(res, urls.home, 400, 'Unknown fault', `Choose one of: ${Object.keys(SCORE_FAULTS).join(', ')}, or off.`);
      const times = param(req.body, 'times');
      if (times !== undefined && !(/^\d{1,4}$/.test(times) && Number(times) >= 1 && Number(times) <= MAX_TIMES)) {
        return sendProblemPage(res, urls.home, 400, 'Invalid count', `The number of scores must be a whole number from 1 to ${MAX_TIMES}, or empty.`);
      }
      faults.inject('scores', fault, times === undefined ? {} : { times: Number(times) });
    }
    // Post/redirect/get: reloading the course page must not switch the fault again. Back to the card's result.
    res.redirect(303, `${urls.home}#${FAULTS_STATUS}`);
  });

  return router;
}
