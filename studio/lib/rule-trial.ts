/**
 * Runs rules against one learner with the real engine (bundled from
 * server/engine, which is pure), for the help page's "Try it": the same
 * compileSequence and decide the player uses, so the trace shown is the truth.
 */
import { compileSequence, decide, startLearner, type Decision, type LearnerState, type SequenceDoc } from '../../server/engine/index.js';
import type { Draft } from './api.js';
import { isRecord } from './describe.js';

export interface Trial {
  readonly decision: Decision;
  readonly state: LearnerState;
}

/** Learner-state fields an example may set; anything else is a typo worth reporting. */
const SETTABLE = new Set(['mastery', 'mastered', 'profile', 'lastResponse', 'streak', 'stepCount', 'currentActivity', 'diagnostic', 'selfReport', 'timeOnTask', 'attempts', 'visited']);

export class TrialError extends Error {
  override name = 'TrialError';
}

export function runTrial(base: Draft, rules: unknown, learner: unknown): Trial {
  if (!Array.isArray(rules)) throw new TrialError('"rules" must be an array of rules.');
  if (!isRecord(learner)) throw new TrialError('"learner" must be an object (e.g. {"mastery": {"add": 0.4}}).');
  const unknown = Object.keys(learner).filter((k) => !SETTABLE.has(k));
  if (unknown.length) throw new TrialError(`The learner cannot set ${unknown.map((k) => `"${k}"`).join(', ')}; use ${[...SETTABLE].join(', ')}.`);

  const doc = { ...base, rules } as unknown as SequenceDoc;
  let compiled;
  try {
    compiled = compileSequence(doc);
  } catch (error) {
    throw new TrialError(`These rules do not compile: ${(error as Error).message}`);
  }
  const state = startLearner(compiled, { seed: 1 });
  const set = learner as Partial<Record<string, unknown>>;
  if (isRecord(set.mastery)) {
    for (const [id, value] of Object.entries(set.mastery)) if (typeof value === 'number') state.mastery[id] = value;
  }
  if (Array.isArray(set.mastered)) state.mastered = set.mastered.filter((v): v is string => typeof v === 'string');
  else state.mastered = compiled.objectives.filter((o) => (state.mastery[o.id] ?? 0) >= o.threshold).map((o) => o.id);
  if (Array.isArray(set.visited)) {
    for (const id of set.visited) {
      if (typeof id !== 'string') continue;
      if (!state.visited.includes(id)) state.visited.push(id);
      state.visits[id] = Math.max(1, state.visits[id] ?? 0);
    }
  }
  for (const key of ['profile', 'lastResponse', 'streak', 'stepCount', 'currentActivity', 'diagnostic', 'selfReport', 'timeOnTask', 'attempts'] as const) {
    if (key in set) (state as unknown as Record<string, unknown>)[key] = structuredClone(set[key]);
  }
  return { decision: decide(compiled, state), state };
}
