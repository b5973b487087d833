/**
 * The diagnostic: its questions are answered together, once, before the path.
 *
 * Each answer is evidence for the learner model without the learning step (a
 * test does not teach), and each objective gets a score, the share of its
 * questions answered correctly, which rules read as the `diagnostic` fact.
 * A question left blank counts as incorrect: not knowing is what it measures.
 * Diagnostic answers are not attempts: the same question met later on the path
 * is still a first attempt. Its questions do count as seen (`visited`), so
 * pools prefer questions the learner has not met yet. It is not graded: a
 * wrong answer lowers the estimate but not the grade (grading.ts).
 */
import { gradeAnswer, type Answer, type FeedbackMessage } from './answers.js';
import type { CompiledSequence } from './compiled.js';
import { EngineError } from './errors.js';
import { lowerBaselines } from './grading.js';
import { applyEvidence, type MasteryChange } from './mastery.js';
import { addTime, assertActive, cloneState, own, type LearnerState } from './state.js';
import { isQuestion } from './types.js';

/** Question id → answer. */
export type DiagnosticAnswers = Readonly<Record<string, Answer>>;

export interface DiagnosticResult {
  readonly activityId: string;
  /** Per objective: share of its diagnostic questions answered correctly. */
  readonly scores: Readonly<Record<string, number>>;
  readonly items: readonly DiagnosticItem[];
  readonly mastery: readonly MasteryChange[];
}

export interface DiagnosticItem {
  readonly questionId: string;
  readonly correct: boolean;
  /** False when the learner left the question blank. */
  readonly answered: boolean;
  /** The authored feedback for the answer given (choice, distractor, misconception), so the result can explain a miss. */
  readonly feedback: readonly FeedbackMessage[];
}

export interface DiagnosticOptions {
  readonly seconds?: number;
}

function markSeen(state: LearnerState, questionId: string): void {
  const visits = own(state.visits, questionId) ?? 0;
  if (visits === 0) state.visited.push(questionId);
  state.visits[questionId] = visits + 1;
}

export function submitDiagnostic(
  compiled: CompiledSequence,
  state: LearnerState,
  answers: DiagnosticAnswers,
  options: DiagnosticOptions = {},
): { state: LearnerState; result: DiagnosticResult } {
  assertActive(compiled, state);
  const diagnostic = state.currentActivity === null ? undefined : compiled.activityById.get(state.currentActivity);
  if (diagnostic?.kind !== 'diagnostic') throw new EngineError('wrong-activity', 'the activity on screen is not a diagnostic');
  if (state.visit.finished) throw new EngineError('no-attempts-left', `diagnostic '${diagnostic.id}' was already submitted`);
  for (const key of Object.keys(answers)) {
    if (!diagnostic.questions.includes(key)) throw new EngineError('invalid-input', `diagnostic '${diagnostic.id}' has no question '${key}'`);
  }

  const next = cloneState(state);
  const tally = new Map<string, { correct: number; total: number }>();
  const items: DiagnosticItem[] = [];
  const mastery: MasteryChange[] = [];
  for (const questionId of diagnostic.questions) {
    const question = compiled.activityById.get(questionId);
    if (question === undefined || !isQuestion(question)) continue;
    const answer = Object.hasOwn(answers, questionId) ? answers[questionId] : undefined;
    const graded = answer === undefined ? null : gradeAnswer(question, answer, compiled);
    const correct = graded?.correct ?? false;
    items.push({ questionId, correct, answered: graded !== null, feedback: graded?.feedback ?? [] });
    markSeen(next, questionId);
    const objectives = question.objectives ?? [];
    mastery.push(...applyEvidence(compiled, next, objectives, { correct, hintsUsed: 0, learning: false }));
    for (const objectiveId of objectives) {
      const entry = tally.get(objectiveId) ?? { correct: 0, total: 0 };
      entry.total += 1;
      if (correct) entry.correct += 1;
      tally.set(objectiveId, entry);
    }
  }

  lowerBaselines(compiled, next, tally.keys());
  const scores: Record<string, number> = { ...next.diagnostic };
  for (const [objectiveId, { correct, total }] of tally) scores[objectiveId] = correct / total;
  next.diagnostic = scores;
  next.visit.finished = true;
  addTime(next, diagnostic.id, options.seconds);
  const correctCount = items.filter((i) => i.correct).length;
  const answeredCount = items.filter((i) => i.answered).length;
  next.history.push({ type: 'diagnostic', step: next.stepCount, activityId: diagnostic.id, correct: correctCount, total: items.length, answered: answeredCount });
  return { state: next, result: { activityId: diagnostic.id, scores, items, mastery } };
}
