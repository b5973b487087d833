/**
 * Answering the question on screen and asking for its hints.
 *
 * Attempts are counted per visit (maxAttempts applies each time the question is
 * shown) and in total (the `attempts` fact). Only the first attempt ever at a
 * question is evidence for the learner model: later attempts follow feedback
 * and hints, so they say more about the feedback than about prior mastery.
 * Hints revealed before that first attempt weaken its evidence (see bkt.ts).
 */
import { gradeAnswer, type Answer, type FeedbackMessage } from './answers.js';
import type { CompiledSequence } from './compiled.js';
import { DEFAULTS } from './defaults.js';
import { EngineError } from './errors.js';
import { GENERIC } from './fallback-feedback.js';
import { applyEvidence, type MasteryChange } from './mastery.js';
import { addTime, assertActive, cloneState, own, type LearnerState } from './state.js';
import { isQuestion, type Question } from './types.js';

export interface AnswerResult {
  readonly activityId: string;
  readonly correct: boolean;
  /** 1-based, within this visit. */
  readonly attemptNumber: number;
  readonly attemptsLeft: number;
  /** Correct or out of attempts: the player should now call advance. */
  readonly final: boolean;
  readonly feedback: readonly FeedbackMessage[];
  readonly misconception: string | null;
  readonly hintsLeft: number;
  /** The worked solution, revealed once the question is final. */
  readonly explanation: string | null;
  /** Empty unless this was the first attempt ever, the only one the learner model sees. */
  readonly mastery: readonly MasteryChange[];
}

export interface AnswerOptions {
  /** Seconds spent on this attempt, as the player measured. */
  readonly seconds?: number;
}

function currentQuestion(compiled: CompiledSequence, state: LearnerState): Question {
  assertActive(compiled, state);
  const activity = state.currentActivity === null ? undefined : compiled.activityById.get(state.currentActivity);
  if (activity === undefined || !isQuestion(activity)) {
    throw new EngineError('wrong-activity', 'the activity on screen is not a question');
  }
  return activity;
}

export function submitAnswer(
  compiled: CompiledSequence,
  state: LearnerState,
  answer: Answer,
  options: AnswerOptions = {},
): { state: LearnerState; result: AnswerResult } {
  const question = currentQuestion(compiled, state);
  const maxAttempts = question.maxAttempts ?? DEFAULTS.maxAttempts;
  if (state.visit.finished) throw new EngineError('no-attempts-left', `question '${question.id}' is over for this visit`);
  const graded = gradeAnswer(question, answer, compiled);

  const next = cloneState(state);
  const previousAttempts = own(next.attempts, question.id) ?? 0;
  const totalAttempts = previousAttempts + 1;
  next.attempts[question.id] = totalAttempts;
  next.visit.attempts += 1;
  const attemptNumber = next.visit.attempts;
  const hintsUsed = next.visit.hintsUsed;
  const mastery =
    previousAttempts === 0
      ? applyEvidence(compiled, next, question.objectives ?? [], { correct: graded.correct, hintsUsed, learning: true })
      : [];

  const attemptsLeft = graded.correct ? 0 : Math.max(0, maxAttempts - attemptNumber);
  const final = graded.correct || attemptsLeft === 0;
  next.visit.finished = final;
  next.lastResponse = {
    activityId: question.id,
    correct: graded.correct,
    choiceIds: graded.choiceIds,
    misconception: graded.misconception,
    attemptNumber,
    hintsUsed,
  };
  next.streak = graded.correct ? { correct: next.streak.correct + 1, incorrect: 0 } : { correct: 0, incorrect: next.streak.incorrect + 1 };
  if (final) recordCredit(next, question.id, graded.correct, totalAttempts);
  addTime(next, question.id, options.seconds);
  next.history.push({
    type: 'answer',
    step: next.stepCount,
    activityId: question.id,
    correct: graded.correct,
    attempt: attemptNumber,
    hintsUsed,
    misconception: graded.misconception,
  });

  const hints = question.hints ?? [];
  const hintsLeft = Math.max(0, hints.length - hintsUsed);
  // Only beside the tool's own words: an author's explanation is better help than a pointer to the hint.
  const feedback = graded.unexplained && !final && hintsLeft > 0 ? [...graded.feedback, { source: 'generic' as const, message: GENERIC.hint }] : graded.feedback;
  return {
    state: next,
    result: {
      activityId: question.id,
      correct: graded.correct,
      attemptNumber,
      attemptsLeft,
      final,
      feedback,
      misconception: graded.misconception,
      hintsLeft,
      explanation: final ? (question.explanation ?? null) : null,
      mastery,
    },
  };
}

/** questionScore credit: 1 at the first attempt, halved per extra attempt, 0 if never right; the best visit counts. */
function recordCredit(state: LearnerState, questionId: string, correct: boolean, totalAttempts: number): void {
  const earned = correct ? 0.5 ** (totalAttempts - 1) : 0;
  state.credit[questionId] = Math.max(own(state.credit, questionId) ?? 0, earned);
}

export interface HintResult {
  readonly hint: string;
  /** 1-based position of this hint. */
  readonly index: number;
  readonly hintsLeft: number;
}

/** Reveals the next hint of the question on screen. */
export function requestHint(compiled: CompiledSequence, state: LearnerState): { state: LearnerState; result: HintResult } {
  const question = currentQuestion(compiled, state);
  const hints = question.hints ?? [];
  const hint = hints[state.visit.hintsUsed];
  if (hint === undefined) throw new EngineError('no-hints-left', `question '${question.id}' has no more hints`);
  const next = cloneState(state);
  next.visit.hintsUsed += 1;
  next.history.push({ type: 'hint', step: next.stepCount, activityId: question.id, index: next.visit.hintsUsed });
  return { state: next, result: { hint, index: next.visit.hintsUsed, hintsLeft: hints.length - next.visit.hintsUsed } };
}
