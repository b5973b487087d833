/**
 * A preview learner's first state. Like the player's newPlayerState, plus what
 * the designer asked to start from: mastery estimates per objective (marked
 * mastered when at or above the objective's threshold, as the engine would)
 * and a profile, which stands for the survey's answers, so the survey is
 * skipped and rules see that profile from the first step.
 */
import { advance, startLearner, type CompiledSequence, type Decision, type Modality } from '../../engine/index.js';
import { badRequest } from '../../http/errors.js';
import { memoOf, type PlayerState } from '../../delivery/player-state.js';

export interface PreviewStart {
  mastery?: Record<string, number>;
  profile?: { interests?: string[]; goals?: string[]; modality?: Modality | null };
}

export function startPreview(compiled: CompiledSequence, seed: number, start: PreviewStart = {}): { state: PlayerState; decision: Decision } {
  const engine = startLearner(compiled, { seed });
  const unknown = Object.keys(start.mastery ?? {}).filter((id) => !compiled.objectiveById.has(id));
  if (unknown.length > 0) {
    throw badRequest(
      'The start names objectives this draft does not have.',
      unknown.map((id) => ({ path: `/start/mastery/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: 'not an objective of the draft' })),
    );
  }
  for (const objective of compiled.objectives) {
    const value = start.mastery?.[objective.id];
    if (value === undefined) continue;
    engine.mastery[objective.id] = value;
    if (value >= objective.threshold) engine.mastered.push(objective.id);
  }
  if (start.profile !== undefined) {
    engine.profile = { interests: [...(start.profile.interests ?? [])], goals: [...(start.profile.goals ?? [])], modality: start.profile.modality ?? null };
    engine.surveyDone = true;
  }
  const { state, decision } = advance(compiled, engine);
  return { state: { engine: state, memo: memoOf(decision) }, decision };
}
