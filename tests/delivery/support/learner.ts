/**
 * A learner driving the player over HTTP the way the page script or an API
 * client does: GET /app for the screen, form-encoded POSTs for actions, JSON
 * answers. Answer keys come from the sample documents, never from the API.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { isQuestion, type Answer, type Question, type SequenceDoc } from '../../../server/engine/index.js';
import type { Screen } from '../../../server/delivery/present.js';
import { sessionIdFor } from '../../../server/lti/session.js';
import type { RunningServer } from '../../../server/server.js';
import type { Attempt, LearnerKey, LearnerRecord } from '../../../server/store/types.js';
import { correctAnswer, wrongAnswer } from '../../engine/support/simulate.js';
import { launchAs } from '../../helpers/tool.js';

export interface Reply {
  status: number;
  json: Record<string, unknown>;
}

export interface ActResult {
  replayed: boolean;
  reply: { type: string; result: Record<string, unknown> } | null;
  revision: number;
  screen: Screen;
}

/** Form fields that carry `answer` for a question (or, with a prefix, a warm-up item). */
export function answerFields(answer: Answer, field?: string): Array<[string, string]> {
  switch (answer.kind) {
    case 'singleChoice':
      return [[field ?? 'choice', answer.choiceId]];
    case 'multipleChoice':
      return answer.choiceIds.map((id) => [field ?? 'choice', id]);
    case 'numeric':
      return [[field ?? 'value', String(answer.value)]];
    case 'shortText':
      return [[field ?? 'text', answer.text]];
  }
}

export class Learner {
  constructor(
    readonly tool: RunningServer,
    public token: string,
    readonly userId: string,
  ) {}

  static async launch(tool: RunningServer, userId = 'learner-maya', linkId = 'link-fractions-add'): Promise<Learner> {
    const { token } = await launchAs(tool, userId, linkId);
    return new Learner(tool, token, userId);
  }

  async relaunch(linkId = 'link-fractions-add'): Promise<void> {
    this.token = (await launchAs(this.tool, this.userId, linkId)).token;
  }

  /** The learner's key in the store, from their session. */
  async key(): Promise<LearnerKey> {
    const session = await this.tool.store.selectSession(sessionIdFor(this.token), Date.now());
    if (!session) throw new Error('session expired');
    return { platformId: session.platformId, contextId: session.contextId, resourceLinkId: session.resourceLinkId, userId: session.userId };
  }

  async record(): Promise<LearnerRecord> {
    const record = await this.tool.store.selectLearner(await this.key());
    if (!record) throw new Error('no learner record');
    return record;
  }

  async attempts(): Promise<Attempt[]> {
    return this.tool.store.selectAttempts(await this.key());
  }

  async screen(): Promise<Screen> {
    const res = await fetch(`${this.tool.url}/app`, { headers: { accept: 'application/json', authorization: `Bearer ${this.token}` } });
    if (res.status !== 200) throw new Error(`GET /app answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { screen: Screen }).screen;
  }

  /** A page as the player's navigation forms open it: POST with the token as `_s`. */
  async page(path = '/app'): Promise<{ status: number; html: string }> {
    const res = await fetch(`${this.tool.url}${path}`, { method: 'POST', headers: { accept: 'text/html' }, body: new URLSearchParams({ _s: this.token }) });
    return { status: res.status, html: await res.text() };
  }

  /** A browser's form post without JavaScript: the token in the body, HTML back (supertest, so redirects are not followed). */
  formPost(path: string, fields: Array<[string, string]>): request.Test {
    return request(this.tool.url)
      .post(`/app${path}`)
      .type('form')
      .set('accept', 'text/html')
      .send(new URLSearchParams([['_s', this.token], ...fields]).toString());
  }

  /** POSTs a player form and returns the JSON answer (whatever its status). */
  async post(path: string, fields: Array<[string, string]>): Promise<Reply> {
    const res = await fetch(`${this.tool.url}/app${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', authorization: `Bearer ${this.token}` },
      body: new URLSearchParams(fields),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  /** Like post, but insists on success. */
  async act(path: string, fields: Array<[string, string]>): Promise<ActResult> {
    const r = await this.post(path, fields);
    if (r.status !== 200) throw new Error(`POST /app${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
    return r.json as unknown as ActResult;
  }
}

export function at(screen: Screen): Array<[string, string]> {
  const fields: Array<[string, string]> = [['step', String(screen.at.step)]];
  if (screen.at.activityId !== null) fields.push(['activity', screen.at.activityId]);
  return fields;
}

export interface Strategy {
  survey?: Record<string, string | string[]>;
  /** The answer to give; default always correct. */
  answer?: (q: Question) => Answer;
  /** Default: the recommended option, else the first. */
  choose?: (screen: Extract<Screen, { kind: 'choice' }>) => string;
  /** Called with every screen the learner sees. */
  see?: (screen: Screen) => void;
}

export function questionOf(doc: SequenceDoc, id: string): Question {
  const q = doc.activities.find((a) => a.id === id);
  if (q === undefined || !isQuestion(q)) throw new Error(`${id} is not a question of ${doc.id}`);
  return q;
}

/** Plays one step from the current screen; returns the screen after it. */
export async function step(learner: Learner, doc: SequenceDoc, screen: Screen, strategy: Strategy = {}): Promise<Screen> {
  const answer = strategy.answer ?? correctAnswer;
  switch (screen.kind) {
    case 'survey': {
      const fields = at(screen);
      for (const [q, v] of Object.entries(strategy.survey ?? {})) for (const value of [v].flat()) fields.push([`q.${q}`, value]);
      return (await learner.act('/survey', fields)).screen;
    }
    case 'diagnostic': {
      if (screen.result !== null) return (await learner.act('/next', at(screen))).screen;
      const fields = [...at(screen), ['k', screen.key] as [string, string]];
      for (const item of screen.items) fields.push(...answerFields(answer(questionOf(doc, item.id)), `a.${item.id}`));
      return (await learner.act('/diagnostic', fields)).screen;
    }
    case 'question': {
      if (screen.finished) return (await learner.act('/next', at(screen))).screen;
      const fields = [...at(screen), ['k', screen.key] as [string, string], ...answerFields(answer(questionOf(doc, screen.question.id)))];
      return (await learner.act('/answer', fields)).screen;
    }
    case 'reading':
    case 'video':
      return (await learner.act('/done', at(screen))).screen;
    case 'handsOn':
      return (await learner.act('/done', [...at(screen), ['done', 'yes'], ['confidence', '4']])).screen;
    case 'choice': {
      const option = strategy.choose?.(screen) ?? screen.options.find((o) => o.recommended)?.id ?? screen.options[0]!.id;
      return (await learner.act('/choose', [...at(screen), ['option', option]])).screen;
    }
    case 'complete':
      return screen;
  }
}

/** Plays until the completion screen; returns every screen seen. */
export async function playToEnd(learner: Learner, doc: SequenceDoc, strategy: Strategy = {}, limit = 200): Promise<Screen[]> {
  const seen: Screen[] = [];
  let screen = await learner.screen();
  for (let i = 0; i < limit; i++) {
    seen.push(screen);
    strategy.see?.(screen);
    if (screen.kind === 'complete') return seen;
    screen = await step(learner, doc, screen, strategy);
  }
  throw new Error(`not complete after ${limit} steps; last screen ${screen.kind} ${screen.id}`);
}

export { correctAnswer, wrongAnswer, randomUUID };

export type QuestionScreen = Extract<Screen, { kind: 'question' }>;

/** Plays (always correctly) until a question (that `where` accepts) is on screen and not yet answered. */
export async function toQuestion(learner: Learner, doc: SequenceDoc, strategy: Strategy = {}, where: (q: QuestionScreen) => boolean = () => true): Promise<QuestionScreen> {
  let screen = await learner.screen();
  for (let i = 0; i < 200; i++) {
    if (screen.kind === 'question' && !screen.finished && where(screen)) return screen;
    if (screen.kind === 'complete') break;
    screen = await step(learner, doc, screen, strategy);
  }
  throw new Error(`no question reached; last screen ${screen.kind}`);
}
