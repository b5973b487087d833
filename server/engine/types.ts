/**
 * TypeScript shapes of an authored sequence, mirroring schemas/sequence.schema.json.
 *
 * The schema is the source of truth; these types describe a document that has
 * passed it (optional fields stay optional: defaults are applied by compile.ts
 * from the schema's own `default` values). tests/engine/schema-sync.test.ts keeps
 * the enumerations here and in the schema identical.
 */

export type Modality = 'text' | 'video' | 'visual' | 'hands-on';

export type QuestionKind = 'singleChoice' | 'multipleChoice' | 'numeric' | 'shortText';
export type ContentKind = 'reading' | 'video' | 'handsOn';
export type ActivityKind = QuestionKind | ContentKind | 'survey' | 'diagnostic';

export interface BktParams {
  prior?: number;
  learn?: number;
  guess?: number;
  slip?: number;
}

export interface Objective {
  id: string;
  title: string;
  description?: string;
  masteryThreshold?: number;
  bkt?: BktParams;
}

export interface Misconception {
  id: string;
  title?: string;
  description?: string;
  feedback: string;
}

interface ActivityBase {
  id: string;
  title: string;
  objectives?: string[];
  modality?: Modality;
  tags?: string[];
}

export interface DefaultFeedback {
  correct?: string;
  incorrect?: string;
}

interface QuestionBase extends ActivityBase {
  prompt: string;
  hints?: string[];
  maxAttempts?: number;
  feedback?: DefaultFeedback;
  explanation?: string;
}

export interface Choice {
  id: string;
  text: string;
  correct?: boolean;
  feedback?: string;
  misconception?: string;
}

export interface SingleChoiceQuestion extends QuestionBase {
  kind: 'singleChoice';
  choices: Choice[];
}

export interface MultipleChoiceQuestion extends QuestionBase {
  kind: 'multipleChoice';
  choices: Choice[];
}

export interface NumericDistractor {
  value: number;
  tolerance?: number;
  feedback?: string;
  misconception?: string;
}

export interface NumericQuestion extends QuestionBase {
  kind: 'numeric';
  answer: number;
  tolerance?: number;
  units?: string;
  distractors?: NumericDistractor[];
  revealDirection?: boolean;
}

export interface TextDistractor {
  text?: string;
  pattern?: string;
  feedback?: string;
  misconception?: string;
}

export interface ShortTextQuestion extends QuestionBase {
  kind: 'shortText';
  acceptedAnswers?: string[];
  caseSensitive?: boolean;
  ignoreWhitespace?: boolean;
  pattern?: string;
  distractors?: TextDistractor[];
}

export type Question = SingleChoiceQuestion | MultipleChoiceQuestion | NumericQuestion | ShortTextQuestion;

export interface Reading extends ActivityBase {
  kind: 'reading';
  body: string;
}

export interface Video extends ActivityBase {
  kind: 'video';
  url?: string;
  embedUrl?: string;
  captionsUrl?: string;
  transcript: string;
  durationSeconds?: number;
}

export interface ChecklistItem {
  id: string;
  text: string;
}

export interface HandsOn extends ActivityBase {
  kind: 'handsOn';
  instructions: string;
  checklist?: ChecklistItem[];
  askConfidence?: boolean;
}

export type SurveyTarget = 'interests' | 'goals' | 'modality';

export interface SurveyOption {
  value: string;
  label: string;
}

export interface SurveyQuestion {
  id: string;
  prompt: string;
  target: SurveyTarget;
  multiple?: boolean;
  options: SurveyOption[];
  /** How "My progress" heads the answers ("Your sector"); the player's words by target without it. */
  answersLabel?: string;
  /** Interests only: "you work in" → "Recommended because you work in Healthcare". */
  reasonPhrase?: string;
}

export interface Survey extends ActivityBase {
  kind: 'survey';
  intro?: string;
  questions: SurveyQuestion[];
}

export interface Diagnostic extends ActivityBase {
  kind: 'diagnostic';
  intro?: string;
  questions: string[];
}

export type Content = Reading | Video | HandsOn;
export type Activity = Question | Content | Survey | Diagnostic;

export type FactName =
  | 'mastery'
  | 'mastered'
  | 'lastResponse'
  | 'attempts'
  | 'streak'
  | 'timeOnTask'
  | 'profile'
  | 'diagnostic'
  | 'visited'
  | 'currentActivity'
  | 'stepCount'
  | 'selfReport';

export type OperatorName =
  | 'equal'
  | 'notEqual'
  | 'lessThan'
  | 'lessThanInclusive'
  | 'greaterThan'
  | 'greaterThanInclusive'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'doesNotContain'
  | 'containsAny';

export type Scalar = string | number | boolean | null;

export interface FactRef {
  fact: FactName;
  path?: string;
}

export type ConditionValue = Scalar | Scalar[] | FactRef;

export interface FactCondition {
  fact: FactName;
  path?: string;
  operator: OperatorName;
  value: ConditionValue;
}

export interface AllCondition {
  all: Condition[];
}

export interface AnyCondition {
  any: Condition[];
}

export interface NotCondition {
  not: Condition;
}

export type Condition = AllCondition | AnyCondition | NotCondition | FactCondition;

export interface GoToAction {
  type: 'goTo';
  activity: string;
}

export type RecommendBy = 'modality' | 'interest';

export interface OfferChoiceAction {
  type: 'offerChoice';
  options: string[];
  recommendBy?: RecommendBy;
  prompt?: string;
}

export interface PickFromPoolAction {
  type: 'pickFromPool';
  objective?: string;
  pool?: string[];
  kinds?: Array<QuestionKind | ContentKind>;
  preferModality?: boolean;
}

export interface ReviewAction {
  type: 'review';
  objective: string;
  preferModality?: boolean;
}

export interface CompleteAction {
  type: 'complete';
  message?: string;
}

/** Any action but showFeedback: what a feedback message leads to. */
export type StepAction = GoToAction | OfferChoiceAction | PickFromPoolAction | ReviewAction | CompleteAction;

export interface ShowFeedbackAction {
  type: 'showFeedback';
  message: string;
  then?: StepAction;
}

export type Action = StepAction | ShowFeedbackAction;
export type ActionType = Action['type'];

export interface ConditionalRule {
  id: string;
  description?: string;
  priority: number;
  default?: false;
  when: Condition;
  then: Action;
}

export interface DefaultRule {
  id: string;
  description?: string;
  default: true;
  then: Action;
}

export type Rule = ConditionalRule | DefaultRule;

export interface Start {
  survey?: string;
  diagnostic?: string;
}

export interface Completion {
  allObjectivesMastered?: boolean;
  objectives?: string[];
  maxSteps?: number;
}

export type GradingMethod = 'meanMastery' | 'shareMastered' | 'questionScore';

export interface Grading {
  method?: GradingMethod;
}

export interface Guard {
  maxSteps?: number;
  maxRevisits?: number;
}

export interface SequenceDoc {
  $schema?: string;
  id: string;
  title: string;
  description?: string;
  locale?: string;
  objectives: Objective[];
  misconceptions?: Misconception[];
  activities: Activity[];
  start?: Start;
  rules: Rule[];
  completion?: Completion;
  grading?: Grading;
  guard?: Guard;
}

export const QUESTION_KINDS: ReadonlySet<ActivityKind> = new Set<ActivityKind>(['singleChoice', 'multipleChoice', 'numeric', 'shortText']);

export function isQuestion(activity: Activity): activity is Question {
  return QUESTION_KINDS.has(activity.kind);
}

export function isContent(activity: Activity): activity is Content {
  return activity.kind === 'reading' || activity.kind === 'video' || activity.kind === 'handsOn';
}

export function isConditionalRule(rule: Rule): rule is ConditionalRule {
  return rule.default !== true;
}
