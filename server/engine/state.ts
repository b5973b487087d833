/**
 * The learner state: everything the engine knows about one learner in one
 * sequence, as plain JSON so the store can persist it verbatim and the same
 * state always yields the same decision.
 *
 * Records are keyed by authored ids. Ids may collide with Object.prototype
 * names ("constructor" is a valid id), so reads go through `own`.
 */
import type { CompiledSequence } from './compiled.js';
import { EngineError } from './errors.js';
import type { ChoiceStep, CompletionReason } from './steps.js';
import type { Modality } from './types.js';

export interface LastResponse {
  readonly activityId: string;
  readonly correct: boolean;
  readonly choiceIds: readonly string[];
  readonly misconception: string | null;
  /** Attempt number within the visit in which it was given (1-based). */
  readonly attemptNumber: number;
  readonly hintsUsed: number;
}

export interface SelfReport {
  readonly activityId: string;
  readonly done: boolean;
  /** 1 (not at all) to 5 (very), or null when not asked or not given. */
  readonly confidence: number | null;
}

export interface Profile {
  interests: string[];
  goals: string[];
  modality: Modality | null;
}

/** The visit of the activity on screen: attempts and hints reset on each visit. */
export interface Visit {
  attempts: number;
  hintsUsed: number;
  /** Answered correctly, out of attempts, or marked done. */
  finished: boolean;
}

export type HistoryEntry =
  | { readonly type: 'enter'; readonly step: number; readonly activityId: string; readonly ruleId: string }
  | {
      readonly type: 'answer';
      readonly step: number;
      readonly activityId: string;
      readonly correct: boolean;
      readonly attempt: number;
      readonly hintsUsed: number;
      readonly misconception: string | null;
    }
  | { readonly type: 'hint'; readonly step: number; readonly activityId: string; readonly index: number }
  | { readonly type: 'choice'; readonly step: number; readonly chosen: string; readonly recommended: string | null }
  | { readonly type: 'survey'; readonly step: number; readonly activityId: string }
  | {
      readonly type: 'diagnostic';
      readonly step: number;
      readonly activityId: string;
      readonly correct: number;
      readonly total: number;
      /** Questions not left blank; absent in entries recorded before it was kept. */
      readonly answered?: number;
    }
  | {
      readonly type: 'done';
      readonly step: number;
      readonly activityId: string;
      readonly done: boolean;
      readonly confidence: number | null;
      readonly checked: readonly string[];
    }
  | { readonly type: 'complete'; readonly step: number; readonly ruleId: string; readonly reason: CompletionReason };

export interface Completed {
  readonly ruleId: string;
  readonly reason: CompletionReason;
  readonly why: string;
  readonly message: string | null;
}

export interface LearnerState {
  readonly version: 1;
  readonly sequenceId: string;
  rng: { seed: number; counter: number };
  /** Activities shown so far. */
  stepCount: number;
  /** The activity on screen, or the one just left while the next is decided. */
  currentActivity: string | null;
  visit: Visit;
  /** A choice offered and not yet taken; decide returns it until it is. */
  pendingChoice: ChoiceStep | null;
  /** Activity ids in order of first visit. */
  visited: string[];
  /** Times each activity was shown. */
  visits: Record<string, number>;
  /** Times each activity was shown since the last mastery change (the loop guard's counter). */
  revisits: Record<string, number>;
  /** Attempts at each question, across visits. */
  attempts: Record<string, number>;
  /** Mastery estimate per objective. */
  mastery: Record<string, number>;
  /** Objectives that reached their threshold, in the order they did; never shrinks. */
  mastered: string[];
  profile: Profile;
  surveyDone: boolean;
  /** Diagnostic score per objective; null until a diagnostic is submitted. */
  diagnostic: Record<string, number> | null;
  lastResponse: LastResponse | null;
  selfReport: SelfReport | null;
  streak: { correct: number; incorrect: number };
  /** Seconds, as reported by the player. */
  timeOnTask: { total: number; byActivity: Record<string, number> };
  /** Question credit for `questionScore` grading. */
  credit: Record<string, number>;
  /**
   * Where `meanMastery` counts each objective's gain from, when the warm-up put
   * the estimate below the prior (see grading.ts). Optional: states stored
   * before it existed lack it, and then the prior is the baseline.
   */
  baseline?: Record<string, number>;
  history: HistoryEntry[];
  completed: Completed | null;
}

export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export interface StartOptions {
  /** 32-bit seed for pool picks; derive it with seedFrom(learnerId + sequenceId) for stable paths. */
  seed: number;
}

/** A new learner: nothing shown yet, every objective at its prior. */
export function startLearner(compiled: CompiledSequence, options: StartOptions): LearnerState {
  const mastery: Record<string, number> = {};
  for (const objective of compiled.objectives) mastery[objective.id] = compiled.model.initial(objective);
  return {
    version: 1,
    sequenceId: compiled.id,
    rng: { seed: options.seed >>> 0, counter: 0 },
    stepCount: 0,
    currentActivity: null,
    visit: { attempts: 0, hintsUsed: 0, finished: false },
    pendingChoice: null,
    visited: [],
    visits: {},
    revisits: {},
    attempts: {},
    mastery,
    mastered: [],
    profile: { interests: [], goals: [], modality: null },
    surveyDone: false,
    diagnostic: null,
    lastResponse: null,
    selfReport: null,
    streak: { correct: 0, incorrect: 0 },
    timeOnTask: { total: 0, byActivity: {} },
    credit: {},
    baseline: {},
    history: [],
    completed: null,
  };
}

/** Transitions return new states; callers keep the old one untouched. */
export function cloneState(state: LearnerState): LearnerState {
  // Field by field rather than structuredClone: every answer clones, and the
  // readonly parts (history entries, the last response, a pending choice,
  // completion) can be shared, while everything a transition mutates is copied.
  return {
    ...state,
    rng: { ...state.rng },
    visit: { ...state.visit },
    visited: [...state.visited],
    visits: { ...state.visits },
    revisits: { ...state.revisits },
    attempts: { ...state.attempts },
    mastery: { ...state.mastery },
    mastered: [...state.mastered],
    profile: { interests: [...state.profile.interests], goals: [...state.profile.goals], modality: state.profile.modality },
    diagnostic: state.diagnostic && { ...state.diagnostic },
    streak: { ...state.streak },
    timeOnTask: { total: state.timeOnTask.total, byActivity: { ...state.timeOnTask.byActivity } },
    credit: { ...state.credit },
    baseline: { ...state.baseline },
    history: [...state.history],
  };
}

/** Shows an activity: the one place a step is counted and a visit begins. */
export function enterActivity(state: LearnerState, activityId: string, ruleId: string): void {
  state.stepCount += 1;
  state.currentActivity = activityId;
  state.pendingChoice = null;
  state.visit = { attempts: 0, hintsUsed: 0, finished: false };
  const visits = own(state.visits, activityId) ?? 0;
  if (visits === 0) state.visited.push(activityId);
  state.visits[activityId] = visits + 1;
  state.revisits[activityId] = (own(state.revisits, activityId) ?? 0) + 1;
  state.history.push({ type: 'enter', step: state.stepCount, activityId, ruleId });
}

/** Player calls other than decide require a state of this sequence that has not completed. */
export function assertActive(compiled: CompiledSequence, state: LearnerState): void {
  if (state.sequenceId !== compiled.id) {
    throw new EngineError('sequence-mismatch', `learner state belongs to sequence '${state.sequenceId}', not '${compiled.id}'`);
  }
  if (state.completed !== null) throw new EngineError('completed', 'the sequence is already complete');
}

/** Adds the seconds the player measured on an activity. */
export function addTime(state: LearnerState, activityId: string, seconds: number | undefined): void {
  if (seconds === undefined) return;
  if (!Number.isFinite(seconds) || seconds < 0) throw new EngineError('invalid-input', `seconds must be a finite number ≥ 0, got ${seconds}`);
  state.timeOnTask.total += seconds;
  state.timeOnTask.byActivity[activityId] = (own(state.timeOnTask.byActivity, activityId) ?? 0) + seconds;
}
