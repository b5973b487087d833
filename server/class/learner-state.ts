/**
 * Reads the engine's LearnerState out of a learner record (the player's
 * stored state, see delivery/player-state.ts). Defensive, because one
 * unreadable record must cost its own row's details, never the whole class
 * page.
 */
import { readStored } from '../delivery/player-state.js';
import { isObject } from '../json.js';
import type { LearnerState } from '../engine/index.js';
import type { JsonObject } from '../store/types.js';

export function engineState(stored: JsonObject): LearnerState | null {
  const e = readStored(stored)?.engine as Record<string, unknown> | undefined;
  if (e === undefined) return null;
  const shaped =
    e.version === 1 &&
    typeof e.stepCount === 'number' &&
    Array.isArray(e.history) &&
    Array.isArray(e.mastered) &&
    isObject(e.mastery) &&
    isObject(e.visits) &&
    isObject(e.timeOnTask) &&
    isObject((e.timeOnTask as Record<string, unknown>).byActivity);
  return shaped ? (e as unknown as LearnerState) : null;
}
