/**
 * Words for the learner's own profile: the labels they picked in the survey
 * ("Watching a video", "Sports"), how each question's answers are headed on
 * "My progress", and why an option was recommended to them.
 *
 * A survey's `interests` are whatever its question asked: what a learner enjoys
 * ("Sports"), or the sector they work in ("Healthcare"). So the words come from
 * the question (`answersLabel`, `reasonPhrase`), and only without them from the
 * target: "You enjoy", "you like".
 */
import schema from '../../schemas/sequence.schema.json' with { type: 'json' };
import type { ChoiceStep, CompiledSequence, Modality, OfferChoiceAction, Profile, SurveyQuestion, SurveyTarget } from '../engine/index.js';

const MODALITY_WORDS: Readonly<Record<Modality, string>> = {
  text: 'reading',
  video: 'video',
  visual: 'pictures and diagrams',
  'hands-on': 'hands-on activities',
};

/** "My progress" heads a question's answers with these when the question has no `answersLabel`. */
export const DEFAULT_ANSWERS_LABEL: Readonly<Record<SurveyTarget, string>> = {
  interests: 'You enjoy',
  goals: 'Your goals',
  modality: 'You learn best by',
};

/** Before an interest's label in a recommendation, when its question has no `reasonPhrase`: the schema's default, as the studio shows it. */
export const DEFAULT_REASON_PHRASE: string = schema.definitions.surveyQuestion.properties.reasonPhrase.default;

export function modalityWord(modality: Modality): string {
  return MODALITY_WORDS[modality];
}

function surveyQuestions(compiled: CompiledSequence): SurveyQuestion[] {
  return compiled.doc.activities.flatMap((a) => (a.kind === 'survey' ? a.questions : []));
}

/** The first survey question offering `value` for `target`, with the option's label. */
function askedBy(compiled: CompiledSequence, target: SurveyTarget, value: string): { question: SurveyQuestion; label: string } | null {
  for (const question of surveyQuestions(compiled)) {
    if (question.target !== target) continue;
    const option = question.options.find((o) => o.value === value);
    if (option) return { question, label: option.label };
  }
  return null;
}

/** The label the survey showed for a profile value, or the value itself when no survey offers it. */
export function surveyLabel(compiled: CompiledSequence, target: SurveyTarget, value: string): string {
  return askedBy(compiled, target, value)?.label ?? value;
}

/** One line of "What you told us": a question's heading and the labels of the answers given to it. */
export interface ProfileRow {
  readonly label: string;
  readonly values: readonly string[];
}

function valuesOf(profile: Profile, target: SurveyTarget): readonly string[] {
  if (target === 'modality') return profile.modality === null ? [] : [profile.modality];
  return profile[target];
}

/**
 * What the learner told the survey, a row per question in the survey's order,
 * headed as the question asks for it ("Your sector: Healthcare, Human
 * resources"). A question left unanswered has a row without values. A profile
 * value no question offers (the sequence changed) joins its target's first row,
 * or a row of its own under the default heading.
 */
export function profileRows(compiled: CompiledSequence, profile: Profile): ProfileRow[] {
  const rows: Array<{ label: string; target: SurveyTarget; values: string[] }> = [];
  const placed = new Set<string>();
  for (const question of surveyQuestions(compiled)) {
    const values: string[] = [];
    for (const value of valuesOf(profile, question.target)) {
      const key = `${question.target}\u0000${value}`;
      const option = question.options.find((o) => o.value === value);
      if (option === undefined || placed.has(key)) continue;
      placed.add(key);
      values.push(option.label);
    }
    rows.push({ label: question.answersLabel ?? DEFAULT_ANSWERS_LABEL[question.target], target: question.target, values });
  }
  for (const target of ['interests', 'goals', 'modality'] as const) {
    const stray = valuesOf(profile, target).filter((value) => !placed.has(`${target}\u0000${value}`));
    if (stray.length === 0) continue;
    const row = rows.find((r) => r.target === target);
    if (row) row.values.push(...stray);
    else rows.push({ label: DEFAULT_ANSWERS_LABEL[target], target, values: [...stray] });
  }
  return rows.map(({ label, values }) => ({ label, values }));
}

function offerOf(compiled: CompiledSequence, ruleId: string): OfferChoiceAction | undefined {
  const rule = compiled.doc.rules.find((r) => r.id === ruleId);
  const action = rule?.then;
  if (action?.type === 'offerChoice') return action;
  if (action?.type === 'showFeedback' && action.then?.type === 'offerChoice') return action.then;
  return undefined;
}

/**
 * "Recommended because you chose video", "… because you like Sports", "… because
 * you work in Healthcare" (the question's `reasonPhrase`), or null when nothing
 * was recommended.
 */
export function recommendationReason(compiled: CompiledSequence, choice: ChoiceStep, profile: Profile): string | null {
  const recommended = choice.recommended;
  if (recommended === null) return null;
  switch (offerOf(compiled, choice.ruleId)?.recommendBy) {
    case 'modality':
      return profile.modality === null ? null : `Recommended because you chose ${modalityWord(profile.modality)}`;
    case 'interest': {
      const tags = compiled.activityById.get(recommended)?.tags ?? [];
      const liked = tags.find((tag) => profile.interests.includes(tag));
      if (liked === undefined) return null;
      const asked = askedBy(compiled, 'interests', liked);
      return `Recommended because ${asked?.question.reasonPhrase ?? DEFAULT_REASON_PHRASE} ${asked?.label ?? liked}`;
    }
    default:
      return null;
  }
}
