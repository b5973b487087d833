/**
 * The adaptive engine's public API. Pure TypeScript: no I/O, no clock, no
 * globals, so it runs the same in the server, the studio preview and tests.
 *
 * Lifecycle of one learner (every call returns a new state; persist it as JSON):
 *
 *   const compiled = compileSequence(doc);               // once per sequence version
 *   let state = startLearner(compiled, { seed: seedFrom(`${userId}:${doc.id}`) });
 *   ({ state } = advance(compiled, state));               // → survey (if start.survey)
 *   state = submitSurvey(compiled, state, { 'how-you-learn': 'video', likes: ['sports'] });
 *   ({ state } = advance(compiled, state));               // → diagnostic (if start.diagnostic)
 *   ({ state } = submitDiagnostic(compiled, state, { q1: { kind: 'numeric', value: 0.5 } }));
 *   let { state: s, decision } = advance(compiled, state); // → the rules take over
 *   // decision.step.type: 'activity' → render it; then, by kind:
 *   //   question → requestHint / submitAnswer until result.final, then advance
 *   //   content  → markDone, then advance
 *   // 'choice' → submitChoice(compiled, s, optionId) puts the chosen activity on screen
 *   // 'feedback' → show decision.step.message; the state already holds its `then`
 *   // 'complete' → grade(compiled, s) gives score and progress for the LMS
 *
 * decide(compiled, state) is the pure preview of advance: the same decision with
 * its rule trace, without committing it.
 */
export { compileSequence, compileObjective, type CompileOptions } from './compile.js';
export type { CompiledSequence, CompiledObjective, CompiledRule } from './compiled.js';
export { decide, START_SURVEY_RULE, START_DIAGNOSTIC_RULE, COMPLETION_MASTERED_RULE, COMPLETION_MAX_STEPS_RULE } from './decide.js';
export { advance, submitChoice } from './advance.js';
export { submitAnswer, requestHint, type AnswerResult, type AnswerOptions, type HintResult } from './respond.js';
export { submitSurvey, type SurveyAnswers, type SurveyOptions } from './survey.js';
export { submitDiagnostic, type DiagnosticAnswers, type DiagnosticResult, type DiagnosticItem, type DiagnosticOptions } from './diagnostic.js';
export { markDone, type DoneReport } from './content.js';
export { grade, type GradeReport } from './grading.js';
export { startLearner, type StartOptions, type LearnerState, type LastResponse, type SelfReport, type Profile, type HistoryEntry } from './state.js';
export { seedFrom, mulberry32 } from './rng.js';
export { EngineError, type EngineErrorCode } from './errors.js';
export { GUARD_MAX_STEPS_RULE, GUARD_STALLED_RULE } from './guard.js';
export { bkt } from './bkt.js';
export { settleLevel, type LearnerModel, type Evidence } from './learner-model.js';
export type { Answer, FeedbackMessage } from './answers.js';
export type { MasteryChange } from './mastery.js';
export type * from './steps.js';
export type * from './types.js';
export { isQuestion, isContent, isConditionalRule } from './types.js';
export { DEFAULTS } from './defaults.js';
export { isFactRef } from './conditions.js';
export { activityModality } from './modality.js';
export { fullMatch, gradeAnswer } from './answers.js';
export { FACTS, FACT_NAMES, factValueKind, isFactName, type FactSpec, type PathSpec, type ValueKind } from './facts.js';
export { OPERATORS, OPERATOR_NAMES, isOperatorName, type OperatorSpec, type Shape } from './operators.js';
