/**
 * "Who needs help": learners flagged by signals simple enough to explain in
 * one sentence each, so an instructor can check the reason against the
 * learner's story instead of trusting a score. Pure: thresholds and the
 * clock come in, flags with their reasons go out.
 */
import type { CompiledSequence, CompletionReason, LearnerState } from '../engine/index.js';
import type { Completed } from '../engine/state.js';
import { markdownText } from '../delivery/markdown.js';
import { activityTitle } from './attempt-view.js';
import { authoredDescription } from './story.js';
import type { LearnerAttempts } from './attempt-scan.js';
import { days, duration, percent } from './format.js';

export type FlagKind = 'no-gain' | 'stuck' | 'inactive' | 'guard' | 'unmastered';

export interface Flag {
  kind: FlagKind;
  /** Plain words: what was observed, with the numbers. */
  reason: string;
}

export interface SignalPolicy {
  /** How many of the latest answers on one objective's questions the "no gain" signal looks at. */
  noGainAnswers: number;
  /** Less than this rise in mastery over those answers counts as no gain (0.05 = 5 points). */
  minGain: number;
  /** Times the activity on screen has been shown. */
  stuckVisits: number;
  /** Seconds spent on the activity on screen. */
  stuckSeconds: number;
  /** Days without activity after starting, while not finished. */
  inactiveDays: number;
}

export const DEFAULT_SIGNALS: SignalPolicy = { noGainAnswers: 4, minGain: 0.05, stuckVisits: 3, stuckSeconds: 20 * 60, inactiveDays: 7 };

export const FLAG_LABELS: Record<FlagKind, string> = {
  'no-gain': 'Practice not paying off',
  stuck: 'Stuck on one activity',
  inactive: 'Inactive',
  guard: 'Path stopped by the guard',
  unmastered: 'Finished without mastery',
};

export interface SignalInput {
  state: LearnerState | null;
  compiled: CompiledSequence | null;
  attempts: LearnerAttempts | undefined;
  /** The latest time the learner did anything, or null when unknown. */
  lastActive: number | null;
}

export function flagsFor(input: SignalInput, policy: SignalPolicy, now: number): Flag[] {
  const { state, compiled } = input;
  if (state === null) return [];
  const flags: Flag[] = [];
  if (state.completed !== null) {
    // The guard's flag already names what is left unmastered.
    const ended = guardFlag(state, compiled) ?? unmasteredFlag(state, compiled);
    if (ended) flags.push(ended);
    return flags;
  }
  flags.push(...noGainFlags(input, policy));
  const stuck = stuckFlag(state, compiled, policy);
  if (stuck) flags.push(stuck);
  if (input.lastActive !== null && now - input.lastActive >= policy.inactiveDays * 86_400_000) {
    flags.push({ kind: 'inactive', reason: `No activity for ${days(now - input.lastActive)} since starting, and the sequence is not finished.` });
  }
  return flags;
}

function noGainFlags({ state, compiled, attempts }: SignalInput, policy: SignalPolicy): Flag[] {
  if (state === null || attempts === undefined) return [];
  const flags: Flag[] = [];
  for (const [objectiveId, steps] of attempts.recent) {
    const first = steps[0];
    const last = steps.at(-1);
    if (first === undefined || last === undefined || steps.length < policy.noGainAnswers || state.mastered.includes(objectiveId)) continue;
    // Bayesian knowledge tracing credits some learning even for wrong answers, so "no gain" means "barely moved", not "never rose".
    if (last.after - first.before >= policy.minGain) continue;
    const objective = compiled?.objectiveById.get(objectiveId);
    const target = objective === undefined ? '' : `; mastery needs ${percent(objective.threshold)}`;
    flags.push({
      kind: 'no-gain',
      reason: `Their last ${steps.length} answers on “${objective?.title ?? objectiveId}” questions ${movement(first.before, last.after)}${target}.`,
    });
  }
  return flags;
}

/**
 * How mastery moved, in words that fit the rounded numbers: "from 17% to 17%"
 * reads as nonsense, and a fall is not a move an instructor should have to spot.
 */
function movement(before: number, after: number): string {
  const from = percent(before);
  const to = percent(after);
  if (from === to) return `barely moved their mastery, which stays at ${to}`;
  return after < before ? `brought their mastery down from ${from} to ${to}` : `raised their mastery only from ${from} to ${to}`;
}

function stuckFlag(state: LearnerState, compiled: CompiledSequence | null, policy: SignalPolicy): Flag | null {
  const current = state.currentActivity;
  if (current === null || state.pendingChoice !== null) return null;
  const title = activityTitle(compiled, current);
  const visits = Object.hasOwn(state.visits, current) ? (state.visits[current] ?? 0) : 0;
  const seconds = Object.hasOwn(state.timeOnTask.byActivity, current) ? (state.timeOnTask.byActivity[current] ?? 0) : 0;
  if (visits >= policy.stuckVisits) return { kind: 'stuck', reason: `Has been shown “${title}” ${visits} times and is on it again.` };
  if (seconds >= policy.stuckSeconds) return { kind: 'stuck', reason: `Has spent ${duration(seconds)} on “${title}” without moving on.` };
  return null;
}

/**
 * A path can end by a rule (a "let's stop for today") or by its step limit
 * with objectives it required still unmastered. The learner is then told
 * they are done, and often that their teacher will see what to practise
 * next: this is where the teacher does.
 */
function unmasteredFlag(state: LearnerState, compiled: CompiledSequence | null): Flag | null {
  const completed = state.completed;
  if (completed === null || compiled === null) return null;
  const required = compiled.completion.objectives;
  const open = required.filter((id) => !state.mastered.includes(id));
  if (open.length === 0) return null;
  const titles = open.map((id) => `“${compiled.objectiveById.get(id)?.title ?? id}”`);
  const how =
    completed.reason === 'rule'
      ? ruleEnding(completed, compiled)
      : completed.reason === 'maxSteps' && compiled.completion.maxSteps !== null
        ? `the path reached its length of ${compiled.completion.maxSteps} steps`
        : END_SENTENCES[completed.reason];
  return {
    kind: 'unmastered',
    reason: `Finished with ${required.length - open.length} of ${required.length} required objectives mastered: ${how}. Not mastered: ${titles.join(', ')}.`,
  };
}

/** How the path ended, when nothing the designer wrote says more. */
const END_SENTENCES: Record<CompletionReason, string> = {
  rule: 'a rule of the sequence ended the path',
  mastered: 'the path ended when every objective it then required was mastered',
  maxSteps: 'the path reached its planned length',
  guardMaxSteps: 'the path reached the safety limit of steps',
  stalled: 'no rule could choose a next step',
};

/**
 * A rule's ending in the designer's words, never the rule's id (an instructor
 * does not know rule ids): the rule's description as the learner was shown it
 * (`why`), else its description in this version, else the message it gave
 * the learner, else a plain sentence.
 */
function ruleEnding(completed: Completed, compiled: CompiledSequence): string {
  const described = completed.why.trim() || (authoredDescription(compiled, completed.ruleId) ?? '');
  if (described !== '') return `a rule ended the path, telling them “${unstop(described)}”`;
  const message = completed.message === null ? '' : markdownText(completed.message).trim();
  if (message !== '') return `a rule ended the path with the message “${unstop(message)}”`;
  return END_SENTENCES.rule;
}

/** A quoted sentence inside ours: its closing full stop would double ours. */
function unstop(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

function guardFlag(state: LearnerState, compiled: CompiledSequence | null): Flag | null {
  const reason = state.completed?.reason;
  if (reason !== 'stalled' && reason !== 'guardMaxSteps') return null;
  const open = (compiled?.objectives ?? []).filter((o) => !state.mastered.includes(o.id)).map((o) => `“${o.title}”`);
  const unmastered = open.length === 0 ? '' : ` Not mastered: ${open.join(', ')}.`;
  const why =
    reason === 'stalled'
      ? 'The path ended because no rule could choose a next step (the loop guard refused to show the same activities again).'
      : `The path reached the safety limit of ${compiled?.guard.maxSteps ?? 'the maximum'} steps and was stopped.`;
  return { kind: 'guard', reason: `${why}${unmastered}` };
}
