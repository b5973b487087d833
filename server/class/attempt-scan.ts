/**
 * One streaming pass over a placement's attempts, oldest first, folding them
 * into the few numbers the class view needs per learner and per question.
 * Memory grows with learners × (questions + objectives × window) and the
 * distinct wrong answers kept, never with the number of attempts.
 */
import type { Activity, CompiledSequence } from '../engine/index.js';
import type { Attempt } from '../store/types.js';
import { describeResponse, diagnosticItemResponse, readOutcome, warmUpMisconception } from './attempt-view.js';

export interface LearnerAttempts {
  /** Answers given: each warm-up question answered counts as one, as on the learner's own progress page; a blank is no answer. */
  answers: number;
  lastAt: number | null;
  /**
   * Per objective: the mastery estimate around each of the learner's latest
   * answers to its questions (oldest first, at most `window` of them), to
   * tell whether practice is moving mastery at all.
   */
  recent: Map<string, MasteryStep[]>;
  /** Per objective: answers to its questions, all told. */
  answered: Map<string, number>;
}

export interface MasteryStep {
  before: number;
  after: number;
}

export interface WrongAnswer {
  label: string;
  count: number;
}

export interface QuestionAttempts {
  answers: number;
  correct: number;
  learners: Set<string>;
  /** Learners whose very first answer to this question was right. */
  firstTryCorrect: number;
  /** Distinct wrong answers, up to MAX_DISTINCT_WRONG of them; the rest are counted in otherWrong. */
  wrong: Map<string, WrongAnswer>;
  otherWrong: number;
  misconceptions: Map<string, number>;
  /** Times it was left blank in a warm-up: not an answer, so in none of the counts above. */
  blanks: number;
}

/** Free-text questions can collect a different wrong answer from every learner; past this, only counts are kept. */
export const MAX_DISTINCT_WRONG = 100;

export interface AttemptScan {
  byLearner: Map<string, LearnerAttempts>;
  /** By the key `keyOf` gives: learners on different sequences may meet questions with the same id, and versions may title one differently. */
  byQuestion: Map<string, QuestionAttempts>;
  /** Every answer, each warm-up question answered counted. */
  answers: number;
}

export function questionKey(sequenceId: string, questionId: string): string {
  return `${sequenceId}\u0000${questionId}`;
}

/**
 * `window` is how many recent answers per objective are kept (the "no gain"
 * signal looks at that many). Attempts must arrive oldest first.
 * `keyOf` keys byQuestion: the class view's is activityKeys (a question per
 * sequence, and per title its learners saw).
 */
export async function scanAttempts(
  attempts: AsyncIterable<Attempt>,
  compiledFor: (userId: string) => CompiledSequence | null,
  window: number,
  keyOf: (userId: string, questionId: string) => string = (_userId, questionId) => questionKey('', questionId),
): Promise<AttemptScan> {
  const scan: AttemptScan = { byLearner: new Map(), byQuestion: new Map(), answers: 0 };
  const known = new Map<string, Map<string, number>>();
  for await (const attempt of attempts) {
    const compiled = compiledFor(attempt.userId);
    const learner = learnerOf(scan, attempt.userId);
    const outcome = readOutcome(attempt);
    const answers = outcome.kind === 'diagnostic' ? outcome.items.filter((i) => i.answered).length : 1;
    scan.answers += answers;
    learner.answers += answers;
    learner.lastAt = Math.max(learner.lastAt ?? attempt.createdAt, attempt.createdAt);
    const question = (id: string) => ({ key: keyOf(attempt.userId, id), activity: compiled?.activityById.get(id) });
    if (outcome.kind === 'answer') {
      countAnswer(scan, question(attempt.activityId), attempt.userId, attempt.response, outcome.correct, outcome.misconception);
      // Only a question's first attempt ever moves mastery, but every attempt is practice: each one is a step in the window.
      const estimates = knownOf(known, attempt.userId);
      const changed = new Map(outcome.mastery.map((c) => [c.objectiveId, c] as const));
      for (const id of objectivesOf(compiled, attempt.activityId)) {
        const change = changed.get(id);
        const before = estimates.get(id) ?? change?.before;
        if (change !== undefined) estimates.set(id, change.after);
        learner.answered.set(id, (learner.answered.get(id) ?? 0) + 1);
        if (before === undefined) continue;
        const steps = learner.recent.get(id) ?? [];
        steps.push({ before, after: estimates.get(id) ?? before });
        if (steps.length > window) steps.shift();
        learner.recent.set(id, steps);
      }
    } else if (outcome.kind === 'diagnostic') {
      // The warm-up is an assessment, not practice: its questions count for analytics and set the estimates practice starts from.
      for (const item of outcome.items) {
        // The engine grades a blank as not right (not knowing is what a warm-up measures), but it is no wrong answer to list.
        if (!item.answered) {
          questionOf(scan, question(item.questionId).key).blanks += 1;
          continue;
        }
        const response = diagnosticItemResponse(attempt.response, item.questionId);
        countAnswer(scan, question(item.questionId), attempt.userId, response, item.correct, warmUpMisconception(compiled, item.questionId, response));
      }
      const estimates = knownOf(known, attempt.userId);
      for (const change of outcome.mastery) estimates.set(change.objectiveId, change.after);
    }
  }
  return scan;
}

function learnerOf(scan: AttemptScan, userId: string): LearnerAttempts {
  let learner = scan.byLearner.get(userId);
  if (learner === undefined) scan.byLearner.set(userId, (learner = { answers: 0, lastAt: null, recent: new Map(), answered: new Map() }));
  return learner;
}

/** The latest mastery estimate the attempts have shown, per objective, for one learner. */
function knownOf(known: Map<string, Map<string, number>>, userId: string): Map<string, number> {
  let estimates = known.get(userId);
  if (estimates === undefined) known.set(userId, (estimates = new Map()));
  return estimates;
}

function objectivesOf(compiled: CompiledSequence | null, activityId: string): readonly string[] {
  return compiled?.activityById.get(activityId)?.objectives ?? [];
}

function questionOf(scan: AttemptScan, key: string): QuestionAttempts {
  let q = scan.byQuestion.get(key);
  if (q === undefined) {
    q = { answers: 0, correct: 0, learners: new Set(), firstTryCorrect: 0, wrong: new Map(), otherWrong: 0, misconceptions: new Map(), blanks: 0 };
    scan.byQuestion.set(key, q);
  }
  return q;
}

function countAnswer(
  scan: AttemptScan,
  question: { key: string; activity: Activity | undefined },
  userId: string,
  response: Attempt['response'],
  correct: boolean,
  misconception: string | null,
): void {
  const q = questionOf(scan, question.key);
  q.answers += 1;
  if (correct) q.correct += 1;
  // Attempts arrive oldest first, so a learner's first appearance here is their first try.
  if (!q.learners.has(userId)) {
    q.learners.add(userId);
    if (correct) q.firstTryCorrect += 1;
  }
  if (correct) return;
  const described = describeResponse(question.activity, response);
  const seen = q.wrong.get(described.key);
  if (seen) seen.count += 1;
  else if (q.wrong.size < MAX_DISTINCT_WRONG) q.wrong.set(described.key, { label: described.label, count: 1 });
  else q.otherWrong += 1;
  if (misconception !== null) q.misconceptions.set(misconception, (q.misconceptions.get(misconception) ?? 0) + 1);
}
