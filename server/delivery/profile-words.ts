/**
 * Words for the learner's own profile: the labels they picked in the survey
 * ("Watching a video", "Sports"), and why an option was recommended to them.
 */
import type { ChoiceStep, CompiledSequence, Modality, OfferChoiceAction, Profile, SurveyTarget } from '../engine/index.js';

const MODALITY_WORDS: Readonly<Record<Modality, string>> = {
  text: 'reading',
  video: 'video',
  visual: 'pictures and diagrams',
  'hands-on': 'hands-on activities',
};

export function modalityWord(modality: Modality): string {
  return MODALITY_WORDS[modality];
}

/** The label the survey showed for a profile value, or the value itself when no survey offers it. */
export function surveyLabel(compiled: CompiledSequence, target: SurveyTarget, value: string): string {
  for (const activity of compiled.doc.activities) {
    if (activity.kind !== 'survey') continue;
    for (const question of activity.questions) {
      if (question.target !== target) continue;
      const option = question.options.find((o) => o.value === value);
      if (option) return option.label;
    }
  }
  return value;
}

function offerOf(compiled: CompiledSequence, ruleId: string): OfferChoiceAction | undefined {
  const rule = compiled.doc.rules.find((r) => r.id === ruleId);
  const action = rule?.then;
  if (action?.type === 'offerChoice') return action;
  if (action?.type === 'showFeedback' && action.then?.type === 'offerChoice') return action.then;
  return undefined;
}

/** "Recommended because you chose video" / "… because you like Sports", or null when nothing was recommended. */
export function recommendationReason(compiled: CompiledSequence, choice: ChoiceStep, profile: Profile): string | null {
  const recommended = choice.recommended;
  if (recommended === null) return null;
  switch (offerOf(compiled, choice.ruleId)?.recommendBy) {
    case 'modality':
      return profile.modality === null ? null : `Recommended because you chose ${modalityWord(profile.modality)}`;
    case 'interest': {
      const tags = compiled.activityById.get(recommended)?.tags ?? [];
      const liked = tags.find((tag) => profile.interests.includes(tag));
      return liked === undefined ? null : `Recommended because you like ${surveyLabel(compiled, 'interests', liked)}`;
    }
    default:
      return null;
  }
}
