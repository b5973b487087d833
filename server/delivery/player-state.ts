/**
 * What the player keeps per learner: the engine's LearnerState plus the little
 * a screen shows that the engine does not remember (why the step was chosen,
 * a rule's message, the latest answer's feedback, the warm-up's result).
 *
 * Both travel together as the learner record's `state`, committed at once, so
 * a reload or a relaunch days later shows exactly the screen the learner left.
 * Everything here is plain JSON and every function is pure: the studio can
 * hold a PlayerState in memory to preview a draft in the real player.
 */
import { advance, startLearner, type AnswerResult, type CompiledSequence, type Decision, type DiagnosticResult, type LearnerState } from '../engine/index.js';
import type { Answer } from '../engine/index.js';
import type { JsonObject } from '../store/types.js';
import { isObject } from '../json.js';

export interface ScreenMemo {
  /** The rule that put the current step on screen, and its learner-facing reason. */
  readonly ruleId: string | null;
  readonly why: string | null;
  /** A rule's feedback message to show with this step ("Mistakes are how your brain grows…"). */
  readonly message: string | null;
  /** Set when the learner took a choice's recommended option: why it was recommended. */
  readonly recommendedBecause: string | null;
  /** The latest answer in this visit of a question, with what it was. */
  readonly answer: { readonly response: Answer; readonly result: AnswerResult } | null;
  /** The warm-up's result, once submitted. */
  readonly diagnostic: DiagnosticResult | null;
}

export interface PlayerState {
  readonly engine: LearnerState;
  readonly memo: ScreenMemo;
}

export const EMPTY_MEMO: ScreenMemo = { ruleId: null, why: null, message: null, recommendedBecause: null, answer: null, diagnostic: null };

/** The memo of a step just committed by advance: a feedback step's message travels with the step it leads to. */
export function memoOf(decision: Decision): ScreenMemo {
  const step = decision.step;
  const shown = step.type === 'feedback' ? step.then : step;
  return {
    ...EMPTY_MEMO,
    ruleId: shown.ruleId,
    why: shown.why === '' ? null : shown.why,
    message: step.type === 'feedback' ? step.message : null,
  };
}

/** A learner's first state: started and advanced to the first step (usually the survey). */
export function newPlayerState(compiled: CompiledSequence, seed: number): PlayerState {
  const { state, decision } = advance(compiled, startLearner(compiled, { seed }));
  return { engine: state, memo: memoOf(decision) };
}

/**
 * How a PlayerState is stored. The engine's history sits at the top level,
 * where the store's contract lets an adapter keep it apart and append only
 * new entries (LearnerRepo.commitLearner): it is most of a state, and
 * rewriting it on every answer dominated a submission's cost.
 *
 * Format 1 (history inside `engine`) was written before; it is still read,
 * and becomes format 2 on the learner's next commit.
 */
export interface StoredPlayerState {
  readonly format: 2;
  readonly engine: Omit<LearnerState, 'history'>;
  readonly memo: ScreenMemo;
  readonly history: LearnerState['history'];
}

export function toStored(state: PlayerState): JsonObject {
  const { history, ...engine } = state.engine;
  const stored: StoredPlayerState = { format: 2, engine, memo: state.memo, history };
  return stored as unknown as JsonObject;
}

/** Reads a record written by toStored. Anything else is a bug or a foreign writer, never learner input. */
export function fromStored(stored: JsonObject): PlayerState {
  const state = readStored(stored);
  if (state === null) throw new Error('learner record state is not a player state (format 1 or 2)');
  return state;
}

/** fromStored for readers that must survive one unreadable record (the class view): null instead of an error. */
export function readStored(stored: JsonObject): PlayerState | null {
  const { format, engine, memo, history } = stored as Record<string, unknown>;
  if (!isObject(engine) || !isObject(memo)) return null;
  if (format === 2 && Array.isArray(history)) return { engine: { ...engine, history } as unknown as LearnerState, memo: memo as unknown as ScreenMemo };
  if (format === 1 && Array.isArray(engine.history)) return { engine: engine as unknown as LearnerState, memo: memo as unknown as ScreenMemo };
  return null;
}

/** Identifies the screen a form was rendered for; a form for another screen is stale. */
export interface ScreenRef {
  /** The engine's stepCount when the screen was shown. */
  readonly step: number;
  /** The activity on screen, or null for a choice between activities. */
  readonly activityId: string | null;
}

export function currentScreen(engine: LearnerState): ScreenRef {
  return { step: engine.stepCount, activityId: engine.pendingChoice !== null ? null : engine.currentActivity };
}

export function isOnScreen(engine: LearnerState, at: ScreenRef): boolean {
  if (engine.completed !== null) return false;
  const now = currentScreen(engine);
  return now.step === at.step && now.activityId === at.activityId;
}

/** A stable id for the screen, used by the page script to tell an update of this screen from a new one. */
export function screenId(engine: LearnerState): string {
  if (engine.completed !== null) return 'complete';
  const { step, activityId } = currentScreen(engine);
  return activityId === null ? `${step}-choice` : `${step}-${activityId}`;
}
