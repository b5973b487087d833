/**
 * A learner's actions applied to a PlayerState: pure, so the service can
 * re-apply an action to a fresher state after a write conflict, and the
 * studio can run the same code against a draft without any storage.
 *
 * Every action names the screen its form was rendered for (ScreenRef). An
 * action for a screen that is gone is either a replay of something already
 * done (a double click, a retried POST: `replayed`, nothing changes) or stale
 * (a form from an old tab or the back button: PlayerError 'stale').
 * Answers and the warm-up carry an idempotency key and become attempts; the
 * service recognises their replays by key, since the engine cannot.
 */
import {
  advance,
  isContent,
  isQuestion,
  markDone,
  requestHint,
  submitAnswer,
  submitChoice,
  submitDiagnostic,
  submitSurvey,
  type Activity,
  type Answer,
  type AnswerResult,
  type CompiledSequence,
  type DiagnosticAnswers,
  type DiagnosticResult,
  type DoneReport,
  type HintResult,
  type LearnerState,
  type SurveyAnswers,
} from '../engine/index.js';
import type { Json, JsonObject } from '../store/types.js';
import { EMPTY_MEMO, isOnScreen, memoOf, type PlayerState, type ScreenRef } from './player-state.js';
import { recommendationReason } from './profile-words.js';

export type PlayerAction =
  | { readonly type: 'survey'; readonly at: ScreenRef; readonly answers: SurveyAnswers; readonly seconds?: number }
  | { readonly type: 'diagnostic'; readonly at: ScreenRef; readonly key: string; readonly answers: DiagnosticAnswers; readonly seconds?: number }
  /**
   * `attempts`: how many attempts the visit had when the form was rendered (its `attempts` field).
   * An answer from a form rendered before another tab's answer is out of date; clients that do not
   * send it are not checked.
   */
  | { readonly type: 'answer'; readonly at: ScreenRef; readonly key: string; readonly answer: Answer; readonly attempts?: number; readonly seconds?: number }
  /** Reveal hint number `index` (1-based); asking again for a hint already shown changes nothing. */
  | { readonly type: 'hint'; readonly at: ScreenRef; readonly index: number }
  | { readonly type: 'done'; readonly at: ScreenRef; readonly report: DoneReport }
  | { readonly type: 'choose'; readonly at: ScreenRef; readonly option: string }
  /** Leave a finished question or warm-up for the next step. */
  | { readonly type: 'next'; readonly at: ScreenRef };

export type KeyedAction = Extract<PlayerAction, { key: string }>;

export function isKeyed(action: PlayerAction): action is KeyedAction {
  return action.type === 'answer' || action.type === 'diagnostic';
}

export type Reply =
  | { readonly type: 'answer'; readonly result: AnswerResult }
  | { readonly type: 'diagnostic'; readonly result: DiagnosticResult }
  | { readonly type: 'hint'; readonly result: HintResult }
  | { readonly type: 'moved' };

/** An attempt to record with the commit; the service adds its id and time. */
export interface AttemptDraft {
  readonly idempotencyKey: string;
  readonly activityId: string;
  readonly response: Json;
  readonly correct: boolean | null;
  readonly outcome: JsonObject;
}

export type Applied =
  | { readonly replayed: false; readonly state: PlayerState; readonly attempt: AttemptDraft | null; readonly reply: Reply }
  | { readonly replayed: true };

export type PlayerErrorCode = 'stale' | 'answered-elsewhere' | 'completed' | 'unknown-activity' | 'not-offered' | 'not-finished' | 'bad-hint';

export class PlayerError extends Error {
  override readonly name = 'PlayerError';
  constructor(
    readonly code: PlayerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const REPLAYED: Applied = { replayed: true };

/** The response an attempt records: what the learner sent, normalised so a retry compares equal. */
export function responseOf(action: KeyedAction): Json {
  if (action.type === 'diagnostic') return normaliseAnswers(action.answers);
  return normaliseAnswer(action.answer);
}

function normaliseAnswer(answer: Answer): Json {
  return answer.kind === 'multipleChoice' ? { kind: answer.kind, choiceIds: [...new Set(answer.choiceIds)].sort() } : { ...answer };
}

function normaliseAnswers(answers: DiagnosticAnswers): Json {
  const out: JsonObject = {};
  for (const id of Object.keys(answers).sort()) {
    const answer = answers[id];
    if (answer !== undefined) out[id] = normaliseAnswer(answer);
  }
  return out;
}

export function stale(engine: LearnerState, what: string): PlayerError {
  return engine.completed !== null
    ? new PlayerError('completed', 'You have already finished this sequence.')
    : new PlayerError('stale', `This ${what} is no longer on screen: your path has moved on.`);
}

/**
 * An attempt from a copy of the screen that is out of date: the question or warm-up is still on
 * screen, but another tab (or an older copy of the page) has answered it since this form was
 * rendered. Recording it would make it the next attempt, perhaps the last, with feedback the
 * learner never saw in between. Thrown, so the service first checks whether it is a retry of a
 * submission it recorded (same key), which is answered as the first time.
 */
function answeredElsewhere(what: 'question' | 'warm-up'): PlayerError {
  return what === 'question'
    ? new PlayerError('answered-elsewhere', 'This question was already answered in another tab or window, so this answer was not recorded. Here is the question as it stands now.')
    : new PlayerError('answered-elsewhere', 'The warm-up was already submitted in another tab or window, so these answers were not recorded. Here is its result.');
}

/** Actions that are not attempts recognise their own replays in the engine's history. */
function happened(engine: LearnerState, at: ScreenRef, match: (entry: LearnerState['history'][number]) => boolean): boolean {
  for (let i = engine.history.length - 1; i >= 0; i--) {
    const entry = engine.history[i];
    if (entry === undefined || entry.step < at.step) return false;
    if (entry.step === at.step && match(entry)) return true;
  }
  return false;
}

/**
 * Whether `answers` is what the survey was submitted with. The engine keeps no
 * copy of a survey's answers, only the profile they made, so this reads the
 * survey's own options back out of the profile. Without it a survey sent from
 * a second tab, after the first tab's went through, would pass for a retry and
 * its answers would be dropped without a word; with it, it is stale like any
 * other form for a screen that is gone.
 */
function sameSurvey(compiled: CompiledSequence, engine: LearnerState, activityId: string | null, answers: SurveyAnswers): boolean {
  const survey = activityId === null ? undefined : compiled.activityById.get(activityId);
  if (survey?.kind !== 'survey') return false;
  if (!Object.keys(answers).every((id) => survey.questions.some((q) => q.id === id))) return false;
  const sent = (id: string): string[] => (Object.hasOwn(answers, id) ? [answers[id] ?? []].flat() : []);
  const { profile } = engine;
  for (const target of ['modality', 'interests', 'goals'] as const) {
    const questions = survey.questions.filter((q) => q.target === target);
    const offered = new Set(questions.flatMap((q) => q.options.map((o) => o.value)));
    if (target === 'modality') {
      // As submitSurvey does: a later modality question overrides an earlier one.
      const wanted = questions.reduce<string | null>((m, q) => sent(q.id)[0] ?? m, null);
      const kept = profile.modality !== null && offered.has(profile.modality) ? profile.modality : null;
      if (wanted !== kept) return false;
    } else {
      const wanted = new Set(questions.flatMap((q) => sent(q.id)));
      const kept = new Set(profile[target].filter((v) => offered.has(v)));
      if (wanted.size !== kept.size || [...wanted].some((v) => !kept.has(v))) return false;
    }
  }
  return true;
}

function checkActivity(compiled: CompiledSequence, at: ScreenRef): void {
  if (at.activityId !== null && !compiled.activityById.has(at.activityId)) {
    throw new PlayerError('unknown-activity', `This sequence has no activity '${at.activityId}'.`);
  }
}

/** Moves on to the next step; its why and message replace the memo. */
function moveOn(compiled: CompiledSequence, engine: LearnerState): PlayerState {
  const { state, decision } = advance(compiled, engine);
  return { engine: state, memo: memoOf(decision) };
}

/** The finished question or warm-up on screen, which "Continue" (the 'next' action) leaves; undefined for anything else. */
export function finishedOnScreen(compiled: CompiledSequence, engine: LearnerState): Activity | undefined {
  if (engine.completed !== null || engine.pendingChoice !== null || engine.currentActivity === null || !engine.visit.finished) return undefined;
  const activity = compiled.activityById.get(engine.currentActivity);
  return activity !== undefined && (isQuestion(activity) || activity.kind === 'diagnostic') ? activity : undefined;
}

/**
 * What "Continue" would lead to from a finished screen, null when the screen is not finished.
 * Worked out, never committed: the engine decides purely from the state (its random picks
 * included), so the 'next' action, applied to the same state, commits exactly this.
 */
export function afterContinue(compiled: CompiledSequence, state: PlayerState): PlayerState | null {
  return finishedOnScreen(compiled, state.engine) === undefined ? null : moveOn(compiled, state.engine);
}

export function applyAction(compiled: CompiledSequence, state: PlayerState, action: PlayerAction): Applied {
  checkActivity(compiled, action.at);
  const { engine, memo } = state;
  const here = isOnScreen(engine, action.at);
  const moved = { type: 'moved' } as const;
  switch (action.type) {
    case 'survey': {
      if (!here) {
        if (happened(engine, action.at, (e) => e.type === 'survey' && e.activityId === action.at.activityId) && sameSurvey(compiled, engine, action.at.activityId, action.answers)) return REPLAYED;
        throw stale(engine, 'survey');
      }
      const surveyed = submitSurvey(compiled, engine, action.answers, { seconds: action.seconds });
      return { replayed: false, state: moveOn(compiled, surveyed), attempt: null, reply: moved };
    }
    case 'diagnostic': {
      if (!here) throw stale(engine, 'warm-up');
      // The warm-up has one attempt: once submitted, another copy of its form is out of date.
      if (engine.visit.finished) throw answeredElsewhere('warm-up');
      const { state: next, result } = submitDiagnostic(compiled, engine, action.answers, { seconds: action.seconds });
      const correct = result.items.every((i) => i.correct);
      return {
        replayed: false,
        state: { engine: next, memo: { ...memo, diagnostic: result } },
        attempt: { idempotencyKey: action.key, activityId: result.activityId, response: responseOf(action), correct, outcome: { step: engine.stepCount, result } as unknown as JsonObject },
        reply: { type: 'diagnostic', result },
      };
    }
    case 'answer': {
      if (!here) throw stale(engine, 'question');
      if (action.attempts !== undefined && action.attempts !== engine.visit.attempts) throw answeredElsewhere('question');
      const { state: next, result } = submitAnswer(compiled, engine, action.answer, { seconds: action.seconds });
      return {
        replayed: false,
        state: { engine: next, memo: { ...memo, answer: { response: action.answer, result } } },
        attempt: {
          idempotencyKey: action.key,
          activityId: result.activityId,
          response: responseOf(action),
          correct: result.correct,
          outcome: { step: engine.stepCount, ruleId: memo.ruleId, result } as unknown as JsonObject,
        },
        reply: { type: 'answer', result },
      };
    }
    case 'hint': {
      const index = action.index;
      if (!here) {
        if (happened(engine, action.at, (e) => e.type === 'hint' && e.activityId === action.at.activityId && e.index === index)) return REPLAYED;
        throw stale(engine, 'question');
      }
      if (index <= engine.visit.hintsUsed) return REPLAYED;
      if (index !== engine.visit.hintsUsed + 1) throw new PlayerError('bad-hint', `Hints are shown in order: the next one is hint ${engine.visit.hintsUsed + 1}.`);
      const { state: next, result } = requestHint(compiled, engine);
      return { replayed: false, state: { engine: next, memo }, attempt: null, reply: { type: 'hint', result } };
    }
    case 'done': {
      if (!here) {
        if (happened(engine, action.at, (e) => e.type === 'done' && e.activityId === action.at.activityId)) return REPLAYED;
        throw stale(engine, 'activity');
      }
      return { replayed: false, state: moveOn(compiled, markDone(compiled, engine, action.report)), attempt: null, reply: moved };
    }
    case 'choose': {
      if (!here) {
        if (happened(engine, action.at, (e) => e.type === 'choice' && e.chosen === action.option)) return REPLAYED;
        throw stale(engine, 'choice');
      }
      const choice = engine.pendingChoice;
      if (choice !== null && !choice.options.includes(action.option)) throw new PlayerError('not-offered', `'${action.option}' is not one of the options offered.`);
      const next = submitChoice(compiled, engine, action.option);
      const because = choice !== null && choice.recommended === action.option ? recommendationReason(compiled, choice, engine.profile) : null;
      return {
        replayed: false,
        state: { engine: next, memo: { ...EMPTY_MEMO, ruleId: choice?.ruleId ?? null, why: choice?.why || null, recommendedBecause: because } },
        attempt: null,
        reply: moved,
      };
    }
    case 'next': {
      // A second click on "Continue" arrives after the first moved on: nothing more to do.
      if (!here) {
        if (action.at.step <= engine.stepCount) return REPLAYED;
        throw stale(engine, 'step');
      }
      if (finishedOnScreen(compiled, engine) === undefined) {
        const activity = engine.pendingChoice !== null || engine.currentActivity === null ? undefined : compiled.activityById.get(engine.currentActivity);
        const message =
          engine.pendingChoice !== null ? 'Pick one of the options to continue.' : activity !== undefined && isContent(activity) ? 'Mark this activity as done to continue.' : 'Answer this first: then you can continue.';
        throw new PlayerError('not-finished', message);
      }
      return { replayed: false, state: moveOn(compiled, engine), attempt: null, reply: moved };
    }
  }
}
