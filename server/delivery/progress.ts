/**
 * "My progress": a learner's own standing, as a view model. Mastery per
 * objective (the engine's estimate, shown as a bar and as text), what is next
 * and why the path chose it, and what the learner told the survey.
 * A pure function of the learner's own state: there is nothing to ask for by id.
 */
import { grade, type CompiledSequence } from '../engine/index.js';
import { afterContinue, finishedOnScreen } from './actions.js';
import type { PlayerState } from './player-state.js';
import { profileRows, recommendationReason, surveyLabel, type ProfileRow } from './profile-words.js';

export interface ObjectiveProgress {
  readonly id: string;
  readonly title: string;
  /** 0..1, for the <meter>; percent for the text. */
  readonly value: number;
  readonly percent: number;
  readonly thresholdPercent: number;
  readonly mastered: boolean;
}

export interface ProgressView {
  readonly sequenceTitle: string;
  readonly objectives: readonly ObjectiveProgress[];
  /**
   * What is next and why: the step on screen, or, when that is a finished question or warm-up
   * waiting for Continue, the step Continue leads to (`finished` then names the one on screen).
   * Null once complete.
   */
  readonly now: { readonly title: string; readonly why: string | null; readonly recommendedBecause: string | null; readonly finished: string | null; readonly finishedStop: '' | '.' } | null;
  readonly completed: { readonly why: string; readonly message: string | null } | null;
  readonly profile: { readonly goals: readonly string[]; readonly interests: readonly string[]; readonly modality: string | null };
  /** The same answers a row per survey question, headed as the question asks for them ("Your sector"). */
  readonly told: readonly ProfileRow[];
  /** Null until there is evidence to grade: the page says "no score yet" rather than 0%. */
  readonly scorePercent: number | null;
  readonly progressPercent: number;
  readonly stats: { readonly steps: number; readonly answers: number; readonly correct: number };
}

const percent = (x: number) => Math.round(x * 100);

/** The step on screen in `state` and why it was chosen; null once complete. */
function stepOf(compiled: CompiledSequence, state: PlayerState): Omit<NonNullable<ProgressView['now']>, 'finished' | 'finishedStop'> | null {
  const { engine, memo } = state;
  if (engine.completed !== null) return null;
  const choice = engine.pendingChoice;
  if (choice !== null) {
    return { title: choice.prompt ?? 'Choose your next step', why: choice.why || null, recommendedBecause: recommendationReason(compiled, choice, engine.profile) };
  }
  const activity = engine.currentActivity === null ? undefined : compiled.activityById.get(engine.currentActivity);
  return { title: activity?.title ?? 'Your next step', why: memo.why, recommendedBecause: memo.recommendedBecause };
}

/**
 * What is next: the step on screen while it can be worked on. A finished question or warm-up
 * stays on screen (with its feedback or result) until the learner continues, so what is next is
 * then what Continue leads to, worked out without committing it (afterContinue).
 */
function whatIsNext(compiled: CompiledSequence, state: PlayerState): ProgressView['now'] {
  const finished = finishedOnScreen(compiled, state.engine);
  const after = finished === undefined ? null : afterContinue(compiled, state);
  if (finished === undefined || after === null) {
    const now = stepOf(compiled, state);
    return now === null ? null : { ...now, finished: null, finishedStop: '.' };
  }
  const end = after.engine.completed;
  const next = stepOf(compiled, after) ?? { title: 'The end of this sequence', why: end === null ? null : end.why, recommendedBecause: null };
  return { ...next, finished: finished.title, finishedStop: sentenceStop(finished.title) };
}

/** The full stop after a title in a sentence, none when the title ends one already ("Which sign?"). */
export function sentenceStop(title: string): '' | '.' {
  return /[.?!]$/.test(title.trim()) ? '' : '.';
}

export function presentProgress(compiled: CompiledSequence, state: PlayerState): ProgressView {
  const { engine } = state;
  const report = grade(compiled, engine);
  // A warm-up is one history entry but one answer per question answered; a question left blank was not answered.
  let answers = 0;
  let correct = 0;
  for (const h of engine.history) {
    if (h.type === 'answer') {
      answers++;
      if (h.correct) correct++;
    } else if (h.type === 'diagnostic') {
      answers += h.answered ?? h.total;
      correct += h.correct;
    }
  }
  return {
    sequenceTitle: compiled.doc.title,
    objectives: compiled.objectives.map((o) => {
      const mastered = engine.mastered.includes(o.id);
      // Mastery is sticky: once reached, the bar stays full even if a later slip lowers the estimate.
      const estimate = Object.hasOwn(engine.mastery, o.id) ? (engine.mastery[o.id] ?? 0) : 0;
      const value = mastered ? 1 : Math.min(1, Math.max(0, estimate));
      return { id: o.id, title: o.title, value, percent: percent(value), thresholdPercent: percent(o.threshold), mastered };
    }),
    now: whatIsNext(compiled, state),
    completed: engine.completed === null ? null : { why: engine.completed.why, message: engine.completed.message },
    profile: {
      goals: engine.profile.goals.map((g) => surveyLabel(compiled, 'goals', g)),
      interests: engine.profile.interests.map((i) => surveyLabel(compiled, 'interests', i)),
      modality: engine.profile.modality === null ? null : surveyLabel(compiled, 'modality', engine.profile.modality),
    },
    told: profileRows(compiled, engine.profile),
    scorePercent: report.score === null ? null : percent(report.score),
    progressPercent: percent(report.progress),
    stats: { steps: engine.stepCount, answers, correct },
  };
}
