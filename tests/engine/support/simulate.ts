/**
 * A scripted learner that plays a sequence through the public API, the way
 * the player will: answer, mark done, choose, advance until complete.
 */
import {
  advance,
  isContent,
  isQuestion,
  markDone,
  submitAnswer,
  submitChoice,
  submitDiagnostic,
  submitSurvey,
  type Answer,
  type CompiledSequence,
  type Decision,
  type LearnerState,
  type Question,
  type SurveyAnswers,
} from '../../../server/engine/index.js';

export function correctAnswer(question: Question): Answer {
  switch (question.kind) {
    case 'singleChoice': {
      const choice = question.choices.find((c) => c.correct === true);
      if (choice === undefined) throw new Error(`no correct choice in ${question.id}`);
      return { kind: 'singleChoice', choiceId: choice.id };
    }
    case 'multipleChoice':
      return { kind: 'multipleChoice', choiceIds: question.choices.filter((c) => c.correct === true).map((c) => c.id) };
    case 'numeric':
      return { kind: 'numeric', value: question.answer };
    case 'shortText': {
      const [text] = question.acceptedAnswers ?? [];
      if (text === undefined) throw new Error(`no accepted answer in ${question.id}`);
      return { kind: 'shortText', text };
    }
  }
}

/** A wrong answer: the first incorrect choice, or a value far from the key. */
export function wrongAnswer(question: Question): Answer {
  switch (question.kind) {
    case 'singleChoice': {
      const choice = question.choices.find((c) => c.correct !== true);
      if (choice === undefined) throw new Error(`no wrong choice in ${question.id}`);
      return { kind: 'singleChoice', choiceId: choice.id };
    }
    case 'multipleChoice':
      return { kind: 'multipleChoice', choiceIds: question.choices.filter((c) => c.correct !== true).map((c) => c.id) };
    case 'numeric':
      return { kind: 'numeric', value: question.answer + 1000 };
    case 'shortText':
      return { kind: 'shortText', text: 'zzz-not-an-answer' };
  }
}

export interface Script {
  survey?: SurveyAnswers;
  /** Decides each question's answer; default: always correct. */
  answer?: (question: Question, state: LearnerState) => Answer;
  /** Picks among a choice's options; default: the recommended one, else the first. */
  choose?: (options: readonly string[], recommended: string | null) => string;
  confidence?: number;
  maxSteps?: number;
  /** Called with every state the learner passes through. */
  observe?: (state: LearnerState) => void;
}

export interface Run {
  state: LearnerState;
  decisions: Decision[];
  /** Activity ids in the order they were shown. */
  path: string[];
}

export function play(compiled: CompiledSequence, start: LearnerState, script: Script = {}): Run {
  const answer = script.answer ?? ((q) => correctAnswer(q));
  const choose = script.choose ?? ((options, recommended) => recommended ?? options[0] ?? '');
  const observe = script.observe ?? (() => undefined);
  let state = start;
  const move = (next: LearnerState): void => {
    state = next;
    observe(state);
  };
  const decisions: Decision[] = [];
  const path: string[] = [];
  for (let i = 0; i < (script.maxSteps ?? 1000); i++) {
    const advanced = advance(compiled, state);
    decisions.push(advanced.decision);
    move(advanced.state);
    if (state.completed !== null) return { state, decisions, path };
    if (state.pendingChoice !== null) {
      const { options, recommended } = state.pendingChoice;
      move(submitChoice(compiled, state, choose(options, recommended)));
    }
    const id = state.currentActivity;
    const activity = id === null ? undefined : compiled.activityById.get(id);
    if (activity === undefined) throw new Error('nothing on screen after advance');
    path.push(activity.id);
    if (activity.kind === 'survey') move(submitSurvey(compiled, state, script.survey ?? {}));
    else if (activity.kind === 'diagnostic') {
      const answers: Record<string, Answer> = {};
      for (const qid of activity.questions) {
        const q = compiled.activityById.get(qid);
        if (q !== undefined && isQuestion(q)) answers[qid] = answer(q, state);
      }
      move(submitDiagnostic(compiled, state, answers).state);
    } else if (isQuestion(activity)) {
      while (!state.visit.finished) move(submitAnswer(compiled, state, answer(activity, state), { seconds: 30 }).state);
    } else if (isContent(activity)) {
      const confidence = activity.kind === 'handsOn' ? (script.confidence ?? 4) : undefined;
      move(markDone(compiled, state, { confidence, seconds: 60 }));
    }
  }
  throw new Error('the learner never finished');
}
