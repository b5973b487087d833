/**
 * Reads the engine's LearnerState out of a learner record. The record's
 * `state` is the player's (`{ format: 1, engine, memo }`); this view only
 * reads it, defensively, because one unreadable record must cost its own
 * row's details, never the whole class page.
 */
import type { LearnerState } from '../engine/index.js';
import type { JsonObject } from '../store/types.js';

export function engineState(stored: JsonObject): LearnerState | null {
  if (stored.format !== 1) return null;
  const engine = stored.engine;
  if (engine === null || typeof engine !== 'object' || Array.isArray(engine)) return null;
  const e = engine as Record<string, unknown>;
  const shaped =
    e.version === 1 &&
    typeof e.stepCount === 'number' &&
    Array.isArray(e.history) &&
    Array.isArray(e.mastered) &&
    isObject(e.mastery) &&
    isObject(e.visits) &&
    isObject(e.timeOnTask) &&
    isObject((e.timeOnTask as Record<string, unknown>).byActivity);
  return shaped ? (engine as unknown as LearnerState) : null;
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
