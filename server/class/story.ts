/**
 * One learner's story: their path step by step (what was shown and which
 * rule chose it, what they answered and the feedback they saw, hints,
 * choices, the end) and their mastery over time.
 *
 * The engine's history gives the order and the rules; the attempts give the
 * answers, feedback, mastery changes and times. They are joined on the step
 * and the activity: each answer in the history produced exactly one attempt.
 */
import {
  COMPLETION_MASTERED_RULE,
  COMPLETION_MAX_STEPS_RULE,
  GUARD_MAX_STEPS_RULE,
  GUARD_STALLED_RULE,
  START_DIAGNOSTIC_RULE,
  START_SURVEY_RULE,
  type CompiledSequence,
  type HistoryEntry,
  type LearnerState,
} from '../engine/index.js';
import { markdownText } from '../delivery/markdown.js';
import type { Attempt } from '../store/types.js';
import { activityTitle, describeResponse, readOutcome, type AnswerOutcome, type DiagnosticOutcome } from './attempt-view.js';

export type StoryKind = 'shown' | 'answer' | 'hint' | 'choice' | 'survey' | 'warm-up' | 'done' | 'end';

export interface MasteryMove {
  objectiveId: string;
  objective: string;
  before: number;
  after: number;
  mastered: boolean;
}

export interface StoryEvent {
  step: number;
  /** When it happened, for events that recorded a time (answers and warm-ups). */
  at: number | null;
  kind: StoryKind;
  headline: string;
  /** The rule that chose this step, with its description. */
  rule: { id: string; description: string } | null;
  correct: boolean | null;
  /** Feedback the learner was shown, as plain text (the authored Markdown's words). */
  feedback: string[];
  details: string[];
  mastery: MasteryMove[];
}

export interface MasteryPoint {
  step: number;
  value: number;
}

export interface MasterySeries {
  objectiveId: string;
  title: string;
  threshold: number;
  points: MasteryPoint[];
}

export interface Story {
  events: StoryEvent[];
  series: MasterySeries[];
  /** Steps taken so far: the x axis of the mastery chart. */
  steps: number;
}

const ENGINE_RULES: Record<string, string> = {
  [START_SURVEY_RULE]: 'The sequence starts with its survey.',
  [START_DIAGNOSTIC_RULE]: 'The sequence starts with its warm-up.',
  [COMPLETION_MASTERED_RULE]: 'Every required objective was mastered.',
  [COMPLETION_MAX_STEPS_RULE]: 'The sequence’s step limit was reached.',
  [GUARD_MAX_STEPS_RULE]: 'The loop guard’s safety limit of steps was reached.',
  [GUARD_STALLED_RULE]: 'No rule could choose a next step: the loop guard refused to repeat activities again.',
};

const END_WORDS: Record<string, string> = {
  rule: 'a rule ended the sequence',
  mastered: 'every required objective mastered',
  maxSteps: 'the sequence’s step limit reached',
  guardMaxSteps: 'stopped by the loop guard’s step limit',
  stalled: 'stopped: no rule could choose a next step',
};

/**
 * A rule as an instructor can read it: its description. The id is data (the
 * attempts export has it, the page keeps it in an attribute), never the words:
 * an instructor does not know rule ids.
 */
export function describeRule(compiled: CompiledSequence | null, ruleId: string): { id: string; description: string } {
  const engine = ENGINE_RULES[ruleId];
  if (engine !== undefined) return { id: ruleId, description: engine };
  const description = authoredDescription(compiled, ruleId);
  if (description !== null) return { id: ruleId, description };
  const authored = compiled?.doc.rules.some((r) => r.id === ruleId) ?? false;
  return { id: ruleId, description: authored ? 'A rule the designer gave no description.' : 'A rule that is no longer in this version of the sequence.' };
}

/** What the designer wrote about an authored rule, or null when the rule has no description or is not in this version. */
export function authoredDescription(compiled: CompiledSequence | null, ruleId: string): string | null {
  const description = compiled?.doc.rules.find((r) => r.id === ruleId)?.description?.trim();
  return description ? description : null;
}

export function buildStory(state: LearnerState, compiled: CompiledSequence | null, attempts: readonly Attempt[]): Story {
  const pending = new Map<string, Attempt[]>();
  for (const a of attempts) {
    const key = `${readOutcome(a).step ?? ''}\u0000${a.activityId}`;
    const list = pending.get(key) ?? [];
    list.push(a);
    pending.set(key, list);
  }
  const take = (step: number, activityId: string): Attempt | undefined => pending.get(`${step}\u0000${activityId}`)?.shift();
  const titleOf = (id: string) => compiled?.objectiveById.get(id)?.title ?? id;

  const events = state.history.map((h) => event(h, compiled, take, titleOf));
  return { events, series: masterySeries(state, compiled, events), steps: state.stepCount };
}

type Take = (step: number, activityId: string) => Attempt | undefined;

function base(h: HistoryEntry, kind: StoryKind, headline: string): StoryEvent {
  return { step: h.step, at: null, kind, headline, rule: null, correct: null, feedback: [], details: [], mastery: [] };
}

function event(h: HistoryEntry, compiled: CompiledSequence | null, take: Take, titleOf: (id: string) => string): StoryEvent {
  const title = (id: string) => `“${activityTitle(compiled, id)}”`;
  switch (h.type) {
    case 'enter':
      return { ...base(h, 'shown', `Shown ${title(h.activityId)}`), rule: describeRule(compiled, h.ruleId) };
    case 'answer': {
      const e = base(h, 'answer', `Answered ${title(h.activityId)} (attempt ${h.attempt})`);
      e.correct = h.correct;
      if (h.hintsUsed > 0) e.details.push(`after ${h.hintsUsed} ${h.hintsUsed === 1 ? 'hint' : 'hints'}`);
      if (h.misconception !== null) e.details.push(`misconception: ${compiled?.misconceptionById.get(h.misconception)?.title ?? h.misconception}`);
      const attempt = take(h.step, h.activityId);
      if (attempt === undefined) return e;
      const outcome = readOutcome(attempt);
      e.at = attempt.createdAt;
      e.details.unshift(`answer: ${describeResponse(compiled?.activityById.get(h.activityId), attempt.response).label}`);
      if (outcome.kind === 'answer') addAnswerOutcome(e, outcome, titleOf);
      return e;
    }
    case 'hint':
      return base(h, 'hint', `Asked for hint ${h.index} on ${title(h.activityId)}`);
    case 'choice': {
      const e = base(h, 'choice', `Chose ${title(h.chosen)}`);
      if (h.recommended !== null) e.details.push(h.recommended === h.chosen ? 'the recommended option' : `recommended was ${title(h.recommended)}`);
      return e;
    }
    case 'survey':
      return base(h, 'survey', `Answered the survey ${title(h.activityId)}`);
    case 'diagnostic': {
      const e = base(h, 'warm-up', `Warm-up ${title(h.activityId)}: ${h.correct} of ${h.total} right`);
      const attempt = take(h.step, h.activityId);
      if (attempt === undefined) return e;
      const outcome = readOutcome(attempt);
      e.at = attempt.createdAt;
      if (outcome.kind === 'diagnostic') addDiagnosticOutcome(e, outcome, compiled, titleOf);
      return e;
    }
    case 'done': {
      const e = base(h, 'done', `${h.done ? 'Finished' : 'Could not finish'} ${title(h.activityId)}`);
      if (h.confidence !== null) e.details.push(`confidence ${h.confidence} of 5`);
      return e;
    }
    case 'complete':
      return { ...base(h, 'end', `Sequence ended: ${END_WORDS[h.reason] ?? h.reason}`), rule: describeRule(compiled, h.ruleId) };
  }
}

function addAnswerOutcome(e: StoryEvent, outcome: AnswerOutcome, titleOf: (id: string) => string): void {
  e.correct = outcome.correct;
  e.feedback = outcome.feedback.map(markdownText);
  e.mastery = outcome.mastery.map((m) => ({ objectiveId: m.objectiveId, objective: titleOf(m.objectiveId), before: m.before, after: m.after, mastered: m.mastered }));
}

function addDiagnosticOutcome(e: StoryEvent, outcome: DiagnosticOutcome, compiled: CompiledSequence | null, titleOf: (id: string) => string): void {
  // As the learner's result said it: a blank is "left blank", not a wrong answer.
  for (const item of outcome.items) e.details.push(`${activityTitle(compiled, item.questionId)}: ${!item.answered ? 'left blank' : item.correct ? 'right' : 'wrong'}`);
  e.mastery = outcome.mastery.map((m) => ({ objectiveId: m.objectiveId, objective: titleOf(m.objectiveId), before: m.before, after: m.after, mastered: m.mastered }));
}

/**
 * Mastery per objective over the steps: the prior at step 0, then every
 * recorded change at its step, and the current estimate at the last step
 * (so a line reaches "now" even when the last change was long ago).
 */
function masterySeries(state: LearnerState, compiled: CompiledSequence | null, events: StoryEvent[]): MasterySeries[] {
  if (compiled === null) return [];
  return compiled.objectives.map((o) => {
    const points: MasteryPoint[] = [{ step: 0, value: compiled.model.initial(o) }];
    for (const e of events) {
      for (const m of e.mastery) if (m.objectiveId === o.id) points.push({ step: e.step, value: m.after });
    }
    const now = Object.hasOwn(state.mastery, o.id) ? (state.mastery[o.id] ?? 0) : (points.at(-1)?.value ?? 0);
    if (state.stepCount > (points.at(-1)?.step ?? 0)) points.push({ step: state.stepCount, value: now });
    return { objectiveId: o.id, title: o.title, threshold: o.threshold, points };
  });
}
