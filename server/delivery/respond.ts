/**
 * How the player answers: a page for browsers, JSON for API clients and the
 * benchmark. Both carry the same view model, so the page and the API can
 * never disagree about what a learner sees.
 */
import type { LearnerNote } from '../class/notes.js';
import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { pageUrl } from '../lti/session.js';
import type { Session } from '../store/types.js';
import type { MediaCheck } from './media.js';
import type { Opened } from './service.js';
import { presentScreen, type Screen } from './present.js';

/** Where focus goes when the page loads after an action (see the `focus` query parameter). */
export type Focus = 'feedback' | 'hint' | 'error';
const FOCI: readonly Focus[] = ['feedback', 'hint', 'error'];

export function wantsJson(req: Request): boolean {
  const accept = req.headers.accept;
  // The two clients the player has, decided without content negotiation's parsing cost.
  if (accept === undefined || accept.startsWith('text/html')) return false;
  if (accept === 'application/json') return true;
  return req.accepts(['html', 'json']) === 'json';
}

export function readFocus(req: Request): Focus | null {
  const focus = req.query.focus;
  return typeof focus === 'string' && (FOCI as readonly string[]).includes(focus) ? (focus as Focus) : null;
}

/** Where an action's redirect sends the browser: the activity, opened by a page code. */
export function playerUrl(res: Response, focus: Focus | null = null): string {
  return pageUrl(res, PLAYER_BASE, focus ? { focus } : {});
}

export function screenOf(opened: Pick<Opened, 'compiled' | 'state'>, media: MediaCheck): Screen {
  return presentScreen(opened.compiled, opened.state, { newKey: () => crypto.randomUUID(), media });
}

/** Where the player's forms post. The studio's preview can render the same templates against its own handlers. */
export const PLAYER_BASE = '/app';

/** What every player page's frame shows: who, where, and the way back (forms that post the token, see partials/post-link). */
export function frameLocals(session: Session, token: string, opened: Pick<Opened, 'compiled'>, nav: 'activity' | 'progress') {
  return {
    session,
    token,
    nav,
    base: PLAYER_BASE,
    locale: opened.compiled.doc.locale ?? 'en',
    sequenceTitle: opened.compiled.doc.title,
    activityAction: PLAYER_BASE,
    progressAction: `${PLAYER_BASE}/progress`,
  };
}

export interface ScreenPage {
  focus: Focus | null;
  /** Unread notes from the learner's teachers, shown once above the screen. */
  notes?: readonly LearnerNote[] | undefined;
  /** An answer the form could not accept, shown next to it (status 400). */
  formError?: string | undefined;
  /** The form field the error is about ("a.<question id>" in a warm-up), so the page ties the two together. */
  formErrorField?: string | undefined;
  /** What the refused form held, shown again so nothing the learner typed or picked is lost. */
  draft?: Record<string, unknown> | undefined;
  /** Why the screen is shown as it stands instead of what was sent (an answer from another tab's out-of-date copy). */
  notice?: string | undefined;
}

/** The form fields a template may show again: strings, or lists of strings for repeated fields. */
function draftOf(body: Record<string, unknown> | undefined): Record<string, string[]> {
  // No prototype: field names come from the request ("__proto__" is just a name here).
  const draft = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of Object.entries(body ?? {})) {
    const values = [value].flat().filter((v): v is string => typeof v === 'string');
    if (values.length > 0 && name !== '_s' && name !== 'k') draft[name] = values.map((v) => v.slice(0, 2000));
  }
  return draft;
}

export function renderScreen(res: Response, opened: Opened, media: MediaCheck, page: ScreenPage): void {
  const session = res.locals.session as Session;
  const token = res.locals.sessionToken as string;
  const screen = screenOf(opened, media);
  res.render('app/player', { ...frameLocals(session, token, opened, 'activity'), title: screen.title, screen, focus: page.formError ? 'error' : page.focus, formError: page.formError ?? null, formErrorField: page.formErrorField ?? null, draft: draftOf(page.draft), notice: page.notice ?? null, notes: page.notes ?? [] });
}
