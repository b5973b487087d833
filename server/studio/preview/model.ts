/** What the preview panel shows of the learner model: estimates against thresholds, and the profile rules read. */
import type { CompiledSequence } from '../../engine/index.js';
import type { PlayerState } from '../../delivery/player-state.js';

export interface ModelView {
  readonly objectives: ReadonlyArray<{ id: string; title: string; percent: number; thresholdPercent: number; mastered: boolean }>;
  readonly profile: { readonly modality: string | null; readonly interests: readonly string[]; readonly goals: readonly string[] };
  readonly step: number;
}

export function modelView(compiled: CompiledSequence, state: PlayerState): ModelView {
  const { engine } = state;
  return {
    objectives: compiled.objectives.map((o) => ({
      id: o.id,
      title: o.title,
      percent: Math.round((engine.mastery[o.id] ?? 0) * 100),
      thresholdPercent: Math.round(o.threshold * 100),
      mastered: engine.mastered.includes(o.id),
    })),
    profile: engine.profile,
    step: engine.stepCount,
  };
}
