/**
 * One synthetic learner plays a sequence through the engine's public API,
 * exactly as the player drives it (advance, then answer / submit / mark done /
 * choose, until complete), and the run is reduced to a LearnerOutcome.
 *
 * The engine appends every event to `state.history` and copies the whole
 * state on every call; over thousands of learners that copying dominates. No
 * decision reads the history (it is a record for analytics), so the simulation
 * empties it after each call. tests/studio/simulation.test.ts checks that
 * outcomes are identical with and without this trimming.
 */
import {
  advance,
  DEFAULTS,
  isContent,
  isQuestion,
  markDone,
  startLearner,
  submitAnswer,
  submitChoice,
  submitDiagnostic,
  submitSurvey,
  type Activity,
  type Answer,
  type ChoiceStep,
  type CompiledSequence,
  type Content,
  type Diagnostic,
  type LearnerState,
  type Question,
  type Survey,
  type SurveyAnswers,
  type TraceEntry,
} from '../engine/index.js';
import { correctAnswer, wrongAnswer } from './answers.js';
import { answersCorrectly, contentFactor, knowsAll, practice } from './knowledge.js';
import type { SyntheticLearner } from './population.js';
import type { Ending, LearnerOutcome } from './types.js';

export interface RunOptions {
  /** Keep the engine's history (slower); only tests need it, to prove trimming changes nothing. */
  readonly keepHistory?: boolean;
}

/** Seconds a learner spends, for the timeOnTask facts rules may read. */
const SECONDS = { question: [20, 90], content: [60, 240], survey: [30, 60], diagnostic: [60, 180] } as const;

function seconds(learner: SyntheticLearner, [lo, hi]: readonly [number, number]): number {
  return Math.round(lo + (hi - lo) * learner.random());
}

function pickOne<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}

function surveyAnswers(survey: Survey, learner: SyntheticLearner): SurveyAnswers {
  const answers: Record<string, string | string[]> = {};
  for (const question of survey.questions) {
    const values = question.options.map((o) => o.value);
    if (question.target === 'modality') {
      // Learners say how they like to learn; if the survey does not offer it, they pick something.
      answers[question.id] = values.includes(learner.modality) ? learner.modality : (pickOne(values, learner.random) ?? '');
    } else if (question.multiple === true) {
      const first = pickOne(values, learner.random);
      const second = learner.random() < 0.5 ? pickOne(values, learner.random) : undefined;
      answers[question.id] = [...new Set([first, second].filter((v): v is string => v !== undefined))];
    } else {
      const value = pickOne(values, learner.random);
      if (value !== undefined) answers[question.id] = value;
    }
  }
  return answers;
}

function answerFor(compiled: CompiledSequence, learner: SyntheticLearner, question: Question): Answer {
  const wantsCorrect = answersCorrectly(compiled, learner, question.objectives ?? []);
  const preferred = wantsCorrect ? correctAnswer(question) : wrongAnswer(question, learner.random);
  const fallback = wantsCorrect ? wrongAnswer(question, learner.random) : correctAnswer(question);
  const answer = preferred ?? fallback;
  // The linter guarantees every question has a key, so one of the two always exists.
  if (answer === null) throw new Error(`no answer can be written for question '${question.id}'`);
  return answer;
}

function choose(compiled: CompiledSequence, learner: SyntheticLearner, choice: ChoiceStep): string {
  const own = choice.options.find((id) => compiled.modalityOf.get(id) === learner.modality);
  const target = choice.recommended ?? own ?? null;
  if (target !== null && learner.random() < learner.followsRecommendation) return target;
  return pickOne(choice.options, learner.random) ?? choice.options[0] ?? '';
}

class Run {
  readonly path: string[] = [];
  /** The rule that decided each step of `path`. */
  readonly rules: string[] = [];
  readonly guardRefusals: string[] = [];

  constructor(
    private readonly compiled: CompiledSequence,
    private readonly learner: SyntheticLearner,
    private readonly keepHistory: boolean,
    public state: LearnerState,
  ) {}

  private set(next: LearnerState): void {
    if (!this.keepHistory) next.history = [];
    this.state = next;
  }

  private noteRefusals(trace: readonly TraceEntry[]): void {
    for (const entry of trace) if (entry.outcome === 'guarded') this.guardRefusals.push(entry.ruleId);
  }

  /** Plays until the engine completes the sequence. */
  play(): void {
    const { compiled } = this;
    // Each turn shows an activity or completes, and the guard caps the steps, so this bound is never reached.
    const turns = compiled.guard.maxSteps + 2;
    for (let turn = 0; turn < turns; turn++) {
      const { state, decision } = advance(compiled, this.state);
      this.noteRefusals(decision.trace);
      const step = decision.step.type === 'feedback' ? decision.step.then : decision.step;
      this.set(state);
      if (this.state.completed !== null) return;
      if (this.state.pendingChoice !== null) this.set(submitChoice(compiled, this.state, choose(compiled, this.learner, this.state.pendingChoice)));
      const id = this.state.currentActivity;
      const activity = id === null ? undefined : compiled.activityById.get(id);
      if (activity === undefined) throw new Error('the engine put no activity on screen');
      this.path.push(activity.id);
      this.rules.push(step.ruleId);
      this.work(activity);
    }
    throw new Error(`no completion after ${turns} turns`);
  }

  private work(activity: Activity): void {
    if (activity.kind === 'survey') this.survey(activity);
    else if (activity.kind === 'diagnostic') this.diagnostic(activity);
    else if (isQuestion(activity)) this.question(activity);
    else if (isContent(activity)) this.content(activity);
  }

  private survey(survey: Survey): void {
    this.set(submitSurvey(this.compiled, this.state, surveyAnswers(survey, this.learner), { seconds: seconds(this.learner, SECONDS.survey) }));
  }

  /** A test, not a lesson: answers follow knowledge and nothing is learned. */
  private diagnostic(diagnostic: Diagnostic): void {
    const answers: Record<string, Answer> = {};
    for (const id of diagnostic.questions) {
      const question = this.compiled.activityById.get(id);
      if (question !== undefined && isQuestion(question)) answers[id] = answerFor(this.compiled, this.learner, question);
    }
    this.set(submitDiagnostic(this.compiled, this.state, answers, { seconds: seconds(this.learner, SECONDS.diagnostic) }).state);
  }

  /** Every attempt, right or wrong, is followed by feedback: a learning opportunity. */
  private question(question: Question): void {
    while (!this.state.visit.finished) {
      const answer = answerFor(this.compiled, this.learner, question);
      this.set(submitAnswer(this.compiled, this.state, answer, { seconds: seconds(this.learner, SECONDS.question) }).state);
      practice(this.learner, question.objectives ?? []);
    }
  }

  private content(content: Content): void {
    const objectives = content.objectives ?? [];
    practice(this.learner, objectives, contentFactor(this.learner, this.compiled.modalityOf.get(content.id)));
    const knows = knowsAll(this.learner, objectives);
    const report: { done: boolean; confidence?: number; checked?: string[]; seconds: number } = {
      done: true,
      seconds: seconds(this.learner, SECONDS.content),
    };
    if (content.kind === 'handsOn') {
      report.done = knows || this.learner.random() < 0.7;
      if (content.askConfidence ?? DEFAULTS.askConfidence) {
        report.confidence = knows ? 4 + Math.floor(this.learner.random() * 2) : 1 + Math.floor(this.learner.random() * 3);
      }
      report.checked = (content.checklist ?? []).filter(() => this.learner.random() < (report.done ? 0.9 : 0.4)).map((item) => item.id);
    }
    this.set(markDone(this.compiled, this.state, report));
  }
}

export function runLearner(compiled: CompiledSequence, learner: SyntheticLearner, options: RunOptions = {}): LearnerOutcome {
  const run = new Run(compiled, learner, options.keepHistory === true, startLearner(compiled, { seed: learner.engineSeed }));
  let ending: Ending;
  let errorMessage: string | null = null;
  try {
    run.play();
    ending = run.state.completed?.reason ?? 'error';
  } catch (error) {
    // One learner's failure is a finding about the sequence (or the engine), not a reason to lose the others.
    ending = 'error';
    errorMessage = error instanceof Error ? error.message : String(error);
  }
  const { state } = run;
  return {
    band: learner.band,
    modality: learner.modality,
    ending,
    errorMessage,
    steps: state.stepCount,
    path: run.path,
    rules: run.rules,
    guardRefusals: run.guardRefusals,
    estimates: { ...state.mastery },
    mastered: [...state.mastered],
    known: [...learner.knows].filter(([, known]) => known).map(([id]) => id),
  };
}
