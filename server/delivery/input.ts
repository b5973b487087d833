/**
 * Player forms → PlayerActions. Browsers post these forms without JavaScript
 * and API clients post the same fields (application/x-www-form-urlencoded),
 * so this is the one place request bodies are trusted into typed actions.
 * Anything malformed is a 400 naming the field; nothing reaches the engine.
 *
 * Fields: `step` and `activity` name the screen the form was rendered for;
 * `k` is an answer's idempotency key; `choice` / `value` / `text` answer a
 * question; `a.<questionId>` answer warm-up items; `q.<questionId>` answer the
 * survey; `hint`, `option`, `done`, `confidence`, `checked` and `seconds`
 * belong to their own actions.
 */
import { DEFAULTS, isQuestion, type Answer, type CompiledSequence, type DiagnosticAnswers, type Question, type SurveyAnswers } from '../engine/index.js';
import { MAX_TEXT_ANSWER } from '../engine/answers.js';
import { badRequest, HttpError } from '../http/errors.js';
import type { PlayerAction } from './actions.js';
import { readNumber } from './numbers.js';
import type { ScreenRef } from './player-state.js';

export type Body = Record<string, unknown>;

/** A learner's answer the form cannot accept (blank, not a number): shown next to the question, status 400. */
export class AnswerInputError extends HttpError {
  constructor(code: 'ANSWER_REQUIRED' | 'NOT_A_NUMBER' | 'ANSWER_TOO_LONG', message: string, field: string) {
    super(400, code, message, [{ path: `/${field}`, message }]);
  }
}

const KEY = /^[A-Za-z0-9_-]{8,128}$/;
const ID = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const MAX_SECONDS = 24 * 3600;

function one(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`'${field}' must be given once.`, [{ path: `/${field}`, message: 'expected a single value' }]);
  return v;
}

function many(body: Body, field: string): string[] {
  const v = body[field];
  if (v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw badRequest(`'${field}' must be text.`, [{ path: `/${field}`, message: 'expected text' }]);
}

function required(body: Body, field: string): string {
  const v = one(body, field);
  if (v === undefined || v === '') throw badRequest(`'${field}' is required.`, [{ path: `/${field}`, message: 'is required' }]);
  return v;
}

function int(body: Body, field: string, min: number, max: number): number {
  const raw = required(body, field);
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw badRequest(`'${field}' must be a whole number from ${min} to ${max}.`, [{ path: `/${field}`, message: `expected ${min}..${max}` }]);
  return n;
}

function id(body: Body, field: string): string {
  const v = required(body, field);
  if (!ID.test(v)) throw badRequest(`'${field}' is not a valid id.`, [{ path: `/${field}`, message: 'not an id' }]);
  return v;
}

function key(body: Body): string {
  const v = one(body, 'k');
  if (v === undefined || !KEY.test(v)) throw badRequest('Every answer needs a submission key (8–128 letters, digits, _ or -).', [{ path: '/k', message: 'missing or malformed' }]);
  return v;
}

/** Time on task is telemetry from the page script: a bad value is dropped, never an error. */
function seconds(body: Body): number | undefined {
  const raw = body.seconds;
  if (typeof raw !== 'string' || !/^\d{1,6}(\.\d{1,3})?$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= MAX_SECONDS ? n : undefined;
}

function activityAt(body: Body): ScreenRef {
  return { step: int(body, 'step', 0, 1_000_000), activityId: id(body, 'activity') };
}

function choiceAt(body: Body): ScreenRef {
  return { step: int(body, 'step', 0, 1_000_000), activityId: null };
}

/** The answer to `q` in `field` (or, for choices, `field` repeated); null when left blank. `where` names the item in a message; `locale` is the sequence's. */
function answerFor(q: Question, body: Body, field: string, locale: string | undefined, where = ''): Answer | null {
  switch (q.kind) {
    case 'singleChoice': {
      const choiceId = one(body, field);
      return choiceId === undefined || choiceId === '' ? null : { kind: 'singleChoice', choiceId };
    }
    case 'multipleChoice': {
      const choiceIds = many(body, field).filter((c) => c !== '');
      return choiceIds.length === 0 ? null : { kind: 'multipleChoice', choiceIds };
    }
    case 'numeric': {
      const raw = one(body, field);
      if (raw === undefined || raw.trim() === '') return null;
      const reading = readNumber(raw, { locale, units: q.units, answer: { value: q.answer, tolerance: q.tolerance ?? DEFAULTS.numericTolerance } });
      if (!reading.ok) throw new AnswerInputError('NOT_A_NUMBER', `${where}${reading.message}`, field);
      return { kind: 'numeric', value: reading.value };
    }
    case 'shortText': {
      const text = one(body, field);
      if (text === undefined || text.trim() === '') return null;
      // Checked here, not left to the engine, so the learner hears it beside the question in words they can act on.
      if (text.length > MAX_TEXT_ANSWER) throw new AnswerInputError('ANSWER_TOO_LONG', `${where}Your answer is too long: keep it under ${MAX_TEXT_ANSWER.toLocaleString('en-US')} characters.`, field);
      return { kind: 'shortText', text };
    }
  }
}

const BLANK: Readonly<Record<Question['kind'], string>> = {
  singleChoice: 'Choose an answer before submitting.',
  multipleChoice: 'Select at least one answer before submitting.',
  numeric: 'Type a number before submitting.',
  shortText: 'Type an answer before submitting.',
};

const FIELD: Readonly<Record<Question['kind'], string>> = { singleChoice: 'choice', multipleChoice: 'choice', numeric: 'value', shortText: 'text' };

function question(compiled: CompiledSequence, activityId: string): Question {
  const activity = compiled.activityById.get(activityId);
  if (activity === undefined) throw new HttpError(400, 'UNKNOWN_ACTIVITY', `This sequence has no activity '${activityId}'.`, [{ path: '/activity', message: 'not an activity of this sequence' }]);
  if (!isQuestion(activity)) throw badRequest(`'${activityId}' is not a question.`, [{ path: '/activity', message: 'not a question' }]);
  return activity;
}

export function parseAnswer(compiled: CompiledSequence, body: Body): PlayerAction {
  const at = activityAt(body);
  const k = key(body);
  const q = question(compiled, at.activityId ?? '');
  const answer = answerFor(q, body, FIELD[q.kind], compiled.doc.locale);
  if (answer === null) throw new AnswerInputError('ANSWER_REQUIRED', BLANK[q.kind], FIELD[q.kind]);
  return { type: 'answer', at, key: k, answer, seconds: seconds(body) };
}

export function parseDiagnostic(compiled: CompiledSequence, body: Body): PlayerAction {
  const at = activityAt(body);
  const k = key(body);
  const activity = compiled.activityById.get(at.activityId ?? '');
  const answers: Record<string, Answer> = {};
  // Blank items are allowed: the warm-up measures what the learner does not know yet.
  const items = activity?.kind === 'diagnostic' ? activity.questions : [];
  for (const [n, qid] of items.entries()) {
    const q = compiled.activityById.get(qid);
    if (q === undefined || !isQuestion(q)) continue;
    const answer = answerFor(q, body, `a.${qid}`, compiled.doc.locale, `Question ${n + 1} (${q.title}): `);
    if (answer !== null) answers[qid] = answer;
  }
  return { type: 'diagnostic', at, key: k, answers: answers as DiagnosticAnswers, seconds: seconds(body) };
}

export function parseSurvey(compiled: CompiledSequence, body: Body): PlayerAction {
  const at = activityAt(body);
  const activity = compiled.activityById.get(at.activityId ?? '');
  const answers: Record<string, string | string[]> = {};
  for (const q of activity?.kind === 'survey' ? activity.questions : []) {
    const values = many(body, `q.${q.id}`).filter((v) => v !== '');
    if (values.length > 0) answers[q.id] = q.multiple === true ? values : (values[0] as string);
  }
  return { type: 'survey', at, answers: answers as SurveyAnswers, seconds: seconds(body) };
}

export function parseHint(body: Body): PlayerAction {
  return { type: 'hint', at: activityAt(body), index: int(body, 'hint', 1, 100) };
}

export function parseChoice(body: Body): PlayerAction {
  return { type: 'choose', at: choiceAt(body), option: id(body, 'option') };
}

export function parseNext(body: Body): PlayerAction {
  return { type: 'next', at: activityAt(body) };
}

export function parseDone(body: Body): PlayerAction {
  const done = one(body, 'done');
  if (done !== undefined && done !== 'yes' && done !== 'no') throw badRequest("'done' must be yes or no.", [{ path: '/done', message: 'expected yes or no' }]);
  const confidence = one(body, 'confidence');
  const checked = many(body, 'checked');
  return {
    type: 'done',
    at: activityAt(body),
    report: {
      done: done !== 'no',
      ...(confidence === undefined || confidence === '' ? {} : { confidence: int(body, 'confidence', 1, 5) }),
      checked,
      seconds: seconds(body),
    },
  };
}

/** The screen a form says it was rendered for, or null when it does not say so legibly. */
export function screenRefIn(body: Body): ScreenRef | null {
  const step = body.step;
  const activity = body.activity;
  if (typeof step !== 'string' || !/^\d{1,9}$/.test(step)) return null;
  if (activity !== undefined && (typeof activity !== 'string' || !ID.test(activity))) return null;
  return { step: Number(step), activityId: activity ?? null };
}
