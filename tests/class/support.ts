/**
 * Shared pieces of the class-view tests: the real tool with its built-in LMS,
 * learners driven through the player's own HTTP endpoints (so records and
 * attempts are exactly what the player writes), instructor launches, and a
 * CSV reader for the exports.
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import { fileURLToPath } from 'node:url';
import type { Question, SequenceDoc } from '../../server/engine/index.js';
import { sessionIdFor } from '../../server/lti/session.js';
import { classRoutes, type ClassRouteDeps } from '../../server/class/routes.js';
import { errorHandler } from '../../server/http/errors.js';
import { configureViews } from '../../server/http/views.js';
import type { RunningServer } from '../../server/server.js';
import type { Session } from '../../server/store/types.js';
import { readOutcome } from '../../server/class/attempt-view.js';
import type { Attempt } from '../../server/store/types.js';
import { Learner, step, wrongAnswer, type Strategy } from '../delivery/support/learner.js';
import { launchAs } from '../helpers/tool.js';

export const LINKS = { fractions: 'link-fractions-add', compare: 'link-fractions-compare', privacy: 'link-privacy-basics' } as const;
export const MATH_LEARNERS = ['learner-maya', 'learner-liam', 'learner-zanele', 'learner-tomas'] as const;
export const INSTRUCTOR = 'instructor-rivera';

export function sample(name: 'fractions' | 'data-privacy'): SequenceDoc {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../server/content/samples/${name}.json`, import.meta.url)), 'utf8')) as SequenceDoc;
}

export interface Staff {
  token: string;
  session: Session;
  /** Opens a class page as its links do (a form posting the token as `_s`); `accept` defaults to HTML. */
  get(path: string, accept?: string): Promise<Response>;
  /** POST a class form (the token travels in the body, as the pages send it). */
  post(path: string, fields?: Record<string, string>): Promise<Response>;
}

export async function launchStaff(tool: RunningServer, userId = INSTRUCTOR, linkId: string = LINKS.fractions): Promise<Staff> {
  const { token } = await launchAs(tool, userId, linkId);
  const session = await tool.store.selectSession(sessionIdFor(token), Date.now());
  if (session === null) throw new Error(`no session after launching ${userId}`);
  return {
    token,
    session,
    get: (path, accept = 'text/html') => fetch(`${tool.url}${path}`, { method: 'POST', headers: { accept }, redirect: 'manual', body: new URLSearchParams({ _s: token }) }),
    post: (path, fields = {}) => fetch(`${tool.url}${path}`, { method: 'POST', redirect: 'manual', headers: { accept: 'text/html' }, body: new URLSearchParams({ _s: token, ...fields }) }),
  };
}

/** Plays `steps` screens the way `strategy` says, starting wherever the learner is. */
export async function play(learner: Learner, doc: SequenceDoc, steps: number, strategy: Strategy = {}): Promise<void> {
  let screen = await learner.screen();
  for (let i = 0; i < steps && screen.kind !== 'complete'; i++) screen = await step(learner, doc, screen, strategy);
}

/** Answers in stored attempts as a person counts them: a warm-up is one answer per question answered (a blank is none). */
export function answersIn(attempts: readonly Attempt[]): number {
  return attempts.reduce((n, a) => {
    const outcome = readOutcome(a);
    return n + (outcome.kind === 'diagnostic' ? outcome.items.filter((i) => i.answered).length : 1);
  }, 0);
}

/** Always wrong: the learner the "who needs help" signals should find. */
export const struggling: Strategy = { answer: (q: Question) => wrongAnswer(q) };

export { Learner };

/** RFC 4180 reader for the exports (quoted fields, doubled quotes, CRLF), BOM stripped. */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && input[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The rows of a CSV as objects keyed by the header. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Visible text of an HTML fragment, for asserting on sentences rather than markup. */
export function text(html: string): string {
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

/** The table row (`<tr data-user="…">`) of one learner in a page. */
export function rowOf(html: string, userId: string): string {
  const at = html.indexOf(`<tr data-user="${userId}"`);
  if (at < 0) throw new Error(`no row for ${userId} in the page`);
  return html.slice(at, html.indexOf('</tr>', at));
}

/** A section of a page by its id, up to its closing tag. */
export function section(html: string, id: string): string {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) throw new Error(`no #${id} in the page`);
  return html.slice(at, html.indexOf('</section>', at));
}

/** The class routes on an app of their own, for tests that set a policy (roster paging, grade columns) of their own. */
export function classApp(tool: RunningServer, overrides: Partial<ClassRouteDeps> = {}) {
  const app = express();
  configureViews(app);
  app.use('/class', classRoutes({ store: tool.store, lti: tool.lti, now: Date.now, logger: tool.logger, ...overrides }));
  app.use(errorHandler(tool.logger));
  return app;
}
