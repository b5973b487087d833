/**
 * Facts: the typed questions a rule may ask about the learner state.
 *
 * FACTS is the catalog (shared with the linter and mirrored by the schema's
 * `factName` enum); compileFact turns one (fact, path) pair into a closure that
 * reads the state directly, so evaluating a condition never parses a path.
 */
import { EngineError } from './errors.js';
import { own, type LearnerState } from './state.js';
import type { FactName } from './types.js';

/** What a fact yields, so the linter can check operators and constant values. */
export type ValueKind =
  | 'number'
  | 'boolean'
  | 'activityId'
  | 'activityIds'
  | 'objectiveIds'
  | 'choiceIds'
  | 'misconceptionId'
  | 'interests'
  | 'goals'
  | 'modality';

export type PathSpec =
  /** No path allowed. */
  | { readonly kind: 'none'; readonly value: ValueKind }
  /** Path is an objective or activity id; `whole` is the value without a path (absent: path required). */
  | { readonly kind: 'objective' | 'activity'; readonly each: ValueKind; readonly whole?: ValueKind }
  /** Path names a field; required. */
  | { readonly kind: 'field'; readonly fields: Readonly<Record<string, ValueKind>> };

export interface FactSpec {
  readonly path: PathSpec;
  /** May be null (before the first answer, the diagnostic, ...). */
  readonly nullable: boolean;
}

export const FACTS: Readonly<Record<FactName, FactSpec>> = {
  mastery: { path: { kind: 'objective', each: 'number' }, nullable: false },
  mastered: { path: { kind: 'objective', each: 'boolean', whole: 'objectiveIds' }, nullable: false },
  lastResponse: {
    path: {
      kind: 'field',
      fields: {
        correct: 'boolean',
        choiceIds: 'choiceIds',
        misconception: 'misconceptionId',
        activityId: 'activityId',
        attemptNumber: 'number',
        hintsUsed: 'number',
      },
    },
    nullable: true,
  },
  attempts: { path: { kind: 'activity', each: 'number' }, nullable: false },
  streak: { path: { kind: 'field', fields: { correct: 'number', incorrect: 'number' } }, nullable: false },
  timeOnTask: { path: { kind: 'activity', each: 'number', whole: 'number' }, nullable: false },
  profile: { path: { kind: 'field', fields: { interests: 'interests', goals: 'goals', modality: 'modality' } }, nullable: true },
  diagnostic: { path: { kind: 'objective', each: 'number' }, nullable: true },
  visited: { path: { kind: 'activity', each: 'boolean', whole: 'activityIds' }, nullable: false },
  currentActivity: { path: { kind: 'none', value: 'activityId' }, nullable: true },
  stepCount: { path: { kind: 'none', value: 'number' }, nullable: false },
  selfReport: { path: { kind: 'field', fields: { done: 'boolean', confidence: 'number', activityId: 'activityId' } }, nullable: true },
};

export const FACT_NAMES = Object.keys(FACTS) as FactName[];

export function isFactName(name: string): name is FactName {
  return Object.hasOwn(FACTS, name);
}

/** The kind of value (fact, path) yields, or a reason it is not a valid pair. */
export function factValueKind(fact: FactName, path: string | undefined): { kind: ValueKind } | { error: string } {
  const spec = FACTS[fact].path;
  switch (spec.kind) {
    case 'none':
      return path === undefined ? { kind: spec.value } : { error: `fact '${fact}' takes no path` };
    case 'objective':
    case 'activity':
      if (path !== undefined) return { kind: spec.each };
      return spec.whole !== undefined ? { kind: spec.whole } : { error: `fact '${fact}' needs a path: an ${spec.kind} id` };
    case 'field': {
      const fields = Object.keys(spec.fields);
      if (path === undefined) return { error: `fact '${fact}' needs a path: one of ${fields.join(', ')}` };
      const kind = own(spec.fields, path);
      return kind !== undefined ? { kind } : { error: `fact '${fact}' has no field '${path}'; use one of ${fields.join(', ')}` };
    }
  }
}

export type FactResolver = (state: LearnerState) => unknown;

/**
 * A closure reading (fact, path) from a state. The path is validated here and
 * never looked at again; unknown objective/activity ids are the linter's job
 * (they read as 0/false/null, like any id without data yet).
 */
export function compileFact(fact: FactName, path: string | undefined): FactResolver {
  if (!isFactName(fact)) throw new EngineError('invalid-sequence', `unknown fact '${String(fact)}'`);
  const checked = factValueKind(fact, path);
  if ('error' in checked) throw new EngineError('invalid-sequence', checked.error);
  // Facts whose path is required were just checked to have one.
  const key = path ?? '';
  switch (fact) {
    case 'mastery':
      return (s) => own(s.mastery, key) ?? null;
    case 'mastered':
      return path === undefined ? (s) => s.mastered : (s) => s.mastered.includes(key);
    case 'lastResponse':
      return fieldOf(key, (s) => s.lastResponse);
    case 'attempts':
      return (s) => own(s.attempts, key) ?? 0;
    case 'streak':
      return path === 'correct' ? (s) => s.streak.correct : (s) => s.streak.incorrect;
    case 'timeOnTask':
      return path === undefined ? (s) => s.timeOnTask.total : (s) => own(s.timeOnTask.byActivity, key) ?? 0;
    case 'profile':
      return fieldOf(key, (s) => s.profile);
    case 'diagnostic':
      return (s) => (s.diagnostic === null ? null : (own(s.diagnostic, key) ?? null));
    case 'visited':
      return path === undefined ? (s) => s.visited : (s) => (own(s.visits, key) ?? 0) > 0;
    case 'currentActivity':
      return (s) => s.currentActivity;
    case 'stepCount':
      return (s) => s.stepCount;
    case 'selfReport':
      return fieldOf(key, (s) => s.selfReport);
  }
}

function fieldOf<T extends object>(field: string, read: (s: LearnerState) => T | null): FactResolver {
  return (s) => {
    const record = read(s);
    return record === null ? null : (record as Record<string, unknown>)[field];
  };
}
