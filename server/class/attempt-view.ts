/**
 * What an attempt recorded, read back for people: the player stores the
 * engine's result in `outcome` (`{ step, ruleId, result }`) and the learner's
 * answer in `response`. Both are read defensively: analytics must survive a
 * record written by an older player, and show "unknown" rather than crash.
 */
import { markdownText } from '../delivery/markdown.js';
import { gradeAnswer, isQuestion, type Activity, type Answer, type CompiledSequence, type MasteryChange } from '../engine/index.js';
import type { Attempt, Json } from '../store/types.js';

export interface AnswerOutcome {
  kind: 'answer';
  /** Feedback messages as authored (Markdown). */
  step: number | null;
  /** The rule that put the question on screen. */
  ruleId: string | null;
  correct: boolean;
  attemptNumber: number | null;
  feedback: string[];
  misconception: string | null;
  mastery: MasteryChange[];
}

export interface DiagnosticOutcome {
  kind: 'diagnostic';
  step: number | null;
  /** `answered` is false for a question left blank, which the engine grades as not right but the learner did not answer. */
  items: Array<{ questionId: string; correct: boolean; answered: boolean }>;
  mastery: MasteryChange[];
}

export type Outcome = AnswerOutcome | DiagnosticOutcome | { kind: 'unknown'; step: number | null };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function readOutcome(attempt: Pick<Attempt, 'outcome' | 'correct' | 'response'>): Outcome {
  const { outcome } = attempt;
  const step = num(outcome.step);
  const result = outcome.result;
  if (!isObj(result)) return { kind: 'unknown', step };
  const mastery = readMastery(result.mastery);
  if (Array.isArray(result.items)) {
    const items = result.items.flatMap((i: unknown) => {
      if (!isObj(i) || typeof i.questionId !== 'string' || typeof i.correct !== 'boolean') return [];
      // Results recorded before `answered` was kept: a blank question has no answer in the response.
      const answered = typeof i.answered === 'boolean' ? i.answered : isObj(attempt.response) && Object.hasOwn(attempt.response, i.questionId);
      return [{ questionId: i.questionId, correct: i.correct, answered }];
    });
    return { kind: 'diagnostic', step, items, mastery };
  }
  const correct = typeof result.correct === 'boolean' ? result.correct : attempt.correct;
  if (correct === null) return { kind: 'unknown', step };
  const feedback = Array.isArray(result.feedback) ? result.feedback.flatMap((f: unknown) => (isObj(f) && typeof f.message === 'string' ? [f.message] : [])) : [];
  return { kind: 'answer', step, ruleId: str(outcome.ruleId), correct, attemptNumber: num(result.attemptNumber), feedback, misconception: str(result.misconception), mastery };
}

function readMastery(v: unknown): MasteryChange[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((c: unknown) => {
    if (!isObj(c) || typeof c.objectiveId !== 'string') return [];
    const before = num(c.before);
    const after = num(c.after);
    return before === null || after === null ? [] : [{ objectiveId: c.objectiveId, before, after, mastered: c.mastered === true }];
  });
}

export interface DescribedResponse {
  /** Equal for answers a person would call the same (case and spacing of typed text ignored). */
  key: string;
  /** For pages: typed text in quotes, so a blank or a space is visible. */
  label: string;
  /** For exports: the answer as given (choice texts, the number, the typed text). */
  text: string;
}

/** A learner's answer in words: the text of the chosen choices, the number with its units, the typed text. */
export function describeResponse(activity: Activity | undefined, response: Json): DescribedResponse {
  if (isObj(response)) {
    const question = activity !== undefined && isQuestion(activity) ? activity : undefined;
    // Choice texts are authored Markdown; people read them without the markup.
    const choiceText = (id: string) => {
      const authored = question && 'choices' in question ? question.choices.find((c) => c.id === id)?.text : undefined;
      return authored === undefined ? id : markdownText(authored);
    };
    if (typeof response.choiceId === 'string') {
      const text = choiceText(response.choiceId);
      return { key: `c:${response.choiceId}`, label: text, text };
    }
    if (Array.isArray(response.choiceIds)) {
      const ids = response.choiceIds.filter((c): c is string => typeof c === 'string').sort();
      const text = ids.map(choiceText).join(' + ');
      return { key: `m:${ids.join(',')}`, label: ids.length === 0 ? '(nothing selected)' : text, text };
    }
    if (typeof response.value === 'number') {
      const units = question?.kind === 'numeric' && question.units ? ` ${question.units}` : '';
      return { key: `n:${response.value}`, label: `${response.value}${units}`, text: String(response.value) };
    }
    if (typeof response.text === 'string') {
      const typed = response.text.trim().replace(/\s+/g, ' ');
      return { key: `t:${typed.toLowerCase()}`, label: typed === '' ? '(blank)' : `“${typed}”`, text: response.text };
    }
  }
  const raw = JSON.stringify(response) ?? 'null';
  return { key: `j:${raw}`, label: raw.length > 80 ? `${raw.slice(0, 79)}…` : raw, text: raw };
}

/** An activity's title in the learner's own version, else its id (an activity removed since). */
export function activityTitle(compiled: CompiledSequence | null, activityId: string): string {
  return compiled?.activityById.get(activityId)?.title ?? activityId;
}

/** The diagnostic's response holds one answer per question, keyed by question id. */
export function diagnosticItemResponse(response: Json, questionId: string): Json {
  return isObj(response) && Object.hasOwn(response, questionId) ? (response[questionId] as Json) : null;
}

/**
 * The misconception a warm-up answer reveals. The warm-up's recorded result
 * keeps only right or wrong per question, so the answer is graded again
 * against the learner's own (immutable) version, as the player graded it.
 */
export function warmUpMisconception(compiled: CompiledSequence | null, questionId: string, response: Json): string | null {
  const question = compiled?.activityById.get(questionId);
  if (compiled === null || question === undefined || !isQuestion(question) || !isObj(response) || response.kind !== question.kind) return null;
  try {
    return gradeAnswer(question, response as unknown as Answer, compiled).misconception;
  } catch {
    // An answer the version cannot grade (a choice since removed) reveals nothing.
    return null;
  }
}
