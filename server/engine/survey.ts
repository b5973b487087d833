/**
 * The profile survey: its answers become the `profile` facts. Values are checked
 * against the authored options so rules only ever see values the designer wrote.
 */
import type { CompiledSequence } from './compiled.js';
import { EngineError } from './errors.js';
import { addTime, assertActive, cloneState, type LearnerState } from './state.js';
import type { Modality, Survey, SurveyQuestion } from './types.js';

/** Survey question id → the selected option value(s). Unanswered questions may be left out. */
export type SurveyAnswers = Readonly<Record<string, string | readonly string[]>>;

export interface SurveyOptions {
  readonly seconds?: number;
}

export function submitSurvey(
  compiled: CompiledSequence,
  state: LearnerState,
  answers: SurveyAnswers,
  options: SurveyOptions = {},
): LearnerState {
  assertActive(compiled, state);
  const survey = state.currentActivity === null ? undefined : compiled.activityById.get(state.currentActivity);
  if (survey?.kind !== 'survey') throw new EngineError('wrong-activity', 'the activity on screen is not a survey');
  for (const key of Object.keys(answers)) {
    if (!survey.questions.some((q) => q.id === key)) throw new EngineError('invalid-input', `survey '${survey.id}' has no question '${key}'`);
  }

  const next = cloneState(state);
  for (const question of survey.questions) {
    const values = selected(survey, question, answers);
    if (values.length === 0) continue;
    // The schema restricts a modality question's option values to modalities.
    if (question.target === 'modality') next.profile.modality = values[0] as Modality;
    else {
      const list = next.profile[question.target];
      for (const value of values) if (!list.includes(value)) list.push(value);
    }
  }
  next.surveyDone = true;
  next.visit.finished = true;
  addTime(next, survey.id, options.seconds);
  next.history.push({ type: 'survey', step: next.stepCount, activityId: survey.id });
  return next;
}

function selected(survey: Survey, question: SurveyQuestion, answers: SurveyAnswers): string[] {
  if (!Object.hasOwn(answers, question.id)) return [];
  const raw = answers[question.id];
  const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? [...new Set(raw)] : null;
  if (values === null) throw new EngineError('invalid-input', `survey answer '${question.id}' must be a string or an array of strings`);
  if (values.length > 1 && question.multiple !== true) {
    throw new EngineError('invalid-input', `survey question '${question.id}' takes one answer`);
  }
  for (const value of values) {
    if (!question.options.some((o) => o.value === value)) {
      throw new EngineError('invalid-input', `'${String(value)}' is not an option of survey question '${survey.id}/${question.id}'`);
    }
  }
  return values;
}
