/**
 * The screen a learner sees, as a view model: a pure function of the compiled
 * sequence and the PlayerState. Templates render it and the JSON API returns
 * it, so it carries only what a learner may see: prompts, choices and
 * feedback, and which answer is right only once a question is over and was
 * missed (FeedbackView.correctAnswer), never an answer key while it can be answered.
 *
 * Authored text arrives here as Markdown and leaves as sanitized HTML (fields
 * ending in `Html`); every other string is plain text the template escapes.
 */
import {
  DEFAULTS,
  grade,
  isQuestion,
  type Activity,
  type Answer,
  type CompiledSequence,
  type CompletionReason,
  type Diagnostic,
  type DiagnosticResult,
  type HandsOn,
  type Question,
  type Survey,
  type Video,
} from '../engine/index.js';
import { correctAnswerOf, type CorrectAnswerView } from './correct-answer.js';
import { markdownBlock, markdownInline } from './markdown.js';
import { withMissingImages, type MediaCheck } from './media.js';
import { currentScreen, screenId, type PlayerState, type ScreenRef } from './player-state.js';
import { recommendationReason } from './profile-words.js';

export type { CorrectAnswerView };

export interface ChoiceView {
  readonly id: string;
  readonly html: string;
}

export interface QuestionView {
  readonly id: string;
  readonly kind: Question['kind'];
  readonly title: string;
  readonly promptHtml: string;
  readonly choices: readonly ChoiceView[];
  readonly units: string | null;
  /** What the learner answered last in this visit, to show it again. */
  readonly response: Answer | null;
}

export interface FeedbackView {
  readonly correct: boolean;
  readonly headline: string;
  readonly messagesHtml: readonly string[];
  readonly explanationHtml: string | null;
  readonly attemptsLeft: number;
  readonly final: boolean;
  /** Null while attempts remain, after a right answer, and for a text question only a pattern accepts (nothing to show but a regular expression). */
  readonly correctAnswer: CorrectAnswerView | null;
}

export interface VideoView {
  /** Null when the file is missing or not playable here: the transcript stands in. */
  readonly src: string | null;
  readonly embedSrc: string | null;
  readonly captionsSrc: string | null;
  readonly unavailable: boolean;
  readonly transcriptHtml: string;
  /** "34 s", "about 3 min": a short clip said to be "about 1 min" misleads. */
  readonly length: string | null;
}

/** One warm-up question in its result: a missed one explains itself with what was authored for it. */
export interface DiagnosticItemView {
  readonly id: string;
  readonly title: string;
  readonly correct: boolean;
  /** False when left blank; null in results recorded before this was kept. */
  readonly answered: boolean | null;
  readonly promptHtml: string;
  /** The authored feedback for the answer given; empty when correct. */
  readonly feedbackHtml: readonly string[];
  /** The question's worked explanation; null when correct or none is authored. */
  readonly explanationHtml: string | null;
  /** The right answer when missed or left blank, as a question out of attempts gives it; choice ids are those of the item in the screen's `items`. */
  readonly correctAnswer: CorrectAnswerView | null;
}

export interface OptionView {
  readonly id: string;
  readonly title: string;
  readonly kindLabel: string;
  readonly recommended: boolean;
  readonly reason: string | null;
}

interface ScreenBase {
  readonly id: string;
  readonly at: ScreenRef;
  readonly title: string;
  readonly why: string | null;
  readonly messageHtml: string | null;
  readonly recommendedBecause: string | null;
  readonly progress: { readonly step: number; readonly mastered: number; readonly objectives: number };
}

export type Screen = ScreenBase &
  (
    | { readonly kind: 'survey'; readonly introHtml: string | null; readonly questions: ReadonlyArray<{ id: string; prompt: string; multiple: boolean; options: ReadonlyArray<{ value: string; label: string }> }> }
    | {
        readonly kind: 'diagnostic';
        readonly key: string;
        readonly introHtml: string | null;
        readonly items: readonly QuestionView[];
        readonly result: { readonly correct: number; readonly total: number; readonly items: readonly DiagnosticItemView[] } | null;
      }
    | {
        readonly kind: 'question';
        readonly key: string;
        readonly question: QuestionView;
        readonly attempts: { readonly made: number; readonly max: number };
        readonly hints: { readonly shownHtml: readonly string[]; readonly total: number; readonly next: number | null };
        readonly feedback: FeedbackView | null;
        readonly finished: boolean;
      }
    | { readonly kind: 'reading'; readonly bodyHtml: string }
    | { readonly kind: 'video'; readonly video: VideoView }
    | { readonly kind: 'handsOn'; readonly instructionsHtml: string; readonly checklist: ReadonlyArray<{ id: string; text: string }>; readonly askConfidence: boolean }
    | { readonly kind: 'choice'; readonly prompt: string; readonly options: readonly OptionView[] }
    | { readonly kind: 'complete'; readonly reason: CompletionReason; readonly scorePercent: number | null }
  );

export interface PresentOptions {
  /** A fresh idempotency key for the attempt this screen may submit. */
  readonly newKey: () => string;
  readonly media: MediaCheck;
}

const percent = (x: number) => Math.round(x * 100);

/** Authored Markdown as HTML, local pictures that are not installed replaced by a note. */
function block(text: string, media: MediaCheck): string {
  return withMissingImages(markdownBlock(text), media);
}

function questionView(q: Question, response: Answer | null, media: MediaCheck): QuestionView {
  const choices = q.kind === 'singleChoice' || q.kind === 'multipleChoice' ? q.choices.map((c) => ({ id: c.id, html: markdownInline(c.text) })) : [];
  return { id: q.id, kind: q.kind, title: q.title, promptHtml: block(q.prompt, media), choices, units: q.kind === 'numeric' ? (q.units ?? null) : null, response };
}

export function kindLabel(activity: Activity, compiled: CompiledSequence): string {
  if (isQuestion(activity)) return 'Practice question';
  switch (compiled.modalityOf.get(activity.id)) {
    case 'video':
      return 'Video';
    case 'visual':
      return 'Pictures and diagrams';
    case 'hands-on':
      return 'Hands-on';
    default:
      return activity.kind === 'handsOn' ? 'Hands-on' : activity.kind === 'video' ? 'Video' : 'Reading';
  }
}

function videoView(v: Video, media: MediaCheck): VideoView {
  const src = v.url !== undefined && media(v.url) ? v.url : null;
  const embedSrc = src === null && v.embedUrl !== undefined && media(v.embedUrl) ? v.embedUrl : null;
  const captionsSrc = src !== null && v.captionsUrl !== undefined && media(v.captionsUrl) ? v.captionsUrl : null;
  return {
    src,
    embedSrc,
    captionsSrc,
    unavailable: src === null && embedSrc === null,
    transcriptHtml: block(v.transcript, media),
    length: v.durationSeconds === undefined ? null : videoLength(v.durationSeconds),
  };
}

function videoLength(seconds: number): string {
  return seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `about ${Math.round(seconds / 60)} min`;
}

function surveyScreen(s: Survey, media: MediaCheck) {
  return {
    kind: 'survey' as const,
    introHtml: s.intro === undefined ? null : block(s.intro, media),
    questions: s.questions.map((q) => ({ id: q.id, prompt: q.prompt, multiple: q.multiple === true, options: q.options })),
  };
}

/**
 * The warm-up is over once submitted, so a missed question may now show the
 * feedback its author wrote for the answer given, its explanation and the
 * right answer, as a question on the path does once it is over. (Items
 * recorded before the feedback was kept, `answered` undefined, show no feedback.)
 */
function diagnosticItemView(item: DiagnosticResult['items'][number], compiled: CompiledSequence, media: MediaCheck): DiagnosticItemView {
  const q = compiled.activityById.get(item.questionId);
  const question = q !== undefined && isQuestion(q) ? q : undefined;
  const missed = !item.correct;
  return {
    id: item.questionId,
    title: q?.title ?? item.questionId,
    correct: item.correct,
    answered: typeof item.answered === 'boolean' ? item.answered : null,
    promptHtml: question === undefined ? '' : block(question.prompt, media),
    feedbackHtml: missed && Array.isArray(item.feedback) ? item.feedback.map((f) => block(f.message, media)) : [],
    explanationHtml: missed && question?.explanation !== undefined ? block(question.explanation, media) : null,
    correctAnswer: missed && question !== undefined ? correctAnswerOf(question, compiled.doc.locale) : null,
  };
}

function diagnosticScreen(d: Diagnostic, compiled: CompiledSequence, state: PlayerState, options: PresentOptions) {
  const items = d.questions.flatMap((id) => {
    const q = compiled.activityById.get(id);
    return q !== undefined && isQuestion(q) ? [questionView(q, null, options.media)] : [];
  });
  const done = state.memo.diagnostic;
  const result =
    state.engine.visit.finished && done !== null
      ? {
          correct: done.items.filter((i) => i.correct).length,
          total: done.items.length,
          items: done.items.map((i) => diagnosticItemView(i, compiled, options.media)),
        }
      : null;
  return { kind: 'diagnostic' as const, key: options.newKey(), introHtml: d.intro === undefined ? null : block(d.intro, options.media), items, result };
}

function questionScreen(q: Question, compiled: CompiledSequence, state: PlayerState, options: PresentOptions) {
  const { engine, memo } = state;
  const last = memo.answer !== null && memo.answer.result.activityId === q.id && engine.visit.attempts > 0 ? memo.answer : null;
  const hints = q.hints ?? [];
  const used = engine.visit.hintsUsed;
  const result = last?.result;
  const feedback: FeedbackView | null =
    result === undefined
      ? null
      : {
          correct: result.correct,
          headline: result.correct ? 'Correct!' : result.final ? 'Not quite' : 'Not quite: try again',
          messagesHtml: result.feedback.map((f) => block(f.message, options.media)),
          explanationHtml: result.explanation === null ? null : block(result.explanation, options.media),
          attemptsLeft: result.attemptsLeft,
          final: result.final,
          correctAnswer: result.final && !result.correct ? correctAnswerOf(q, compiled.doc.locale) : null,
        };
  return {
    kind: 'question' as const,
    key: options.newKey(),
    question: questionView(q, last?.response ?? null, options.media),
    attempts: { made: engine.visit.attempts, max: q.maxAttempts ?? DEFAULTS.maxAttempts },
    hints: { shownHtml: hints.slice(0, used).map((h) => block(h, options.media)), total: hints.length, next: used < hints.length && !engine.visit.finished ? used + 1 : null },
    feedback,
    finished: engine.visit.finished,
  };
}

function handsOnScreen(h: HandsOn, media: MediaCheck) {
  return {
    kind: 'handsOn' as const,
    instructionsHtml: block(h.instructions, media),
    checklist: h.checklist ?? [],
    askConfidence: h.askConfidence ?? DEFAULTS.askConfidence,
  };
}

function activityScreen(activity: Activity, compiled: CompiledSequence, state: PlayerState, options: PresentOptions) {
  switch (activity.kind) {
    case 'survey':
      return surveyScreen(activity, options.media);
    case 'diagnostic':
      return diagnosticScreen(activity, compiled, state, options);
    case 'reading':
      return { kind: 'reading' as const, bodyHtml: block(activity.body, options.media) };
    case 'video':
      return { kind: 'video' as const, video: videoView(activity, options.media) };
    case 'handsOn':
      return handsOnScreen(activity, options.media);
    default:
      return questionScreen(activity, compiled, state, options);
  }
}

export function presentScreen(compiled: CompiledSequence, state: PlayerState, options: PresentOptions): Screen {
  const { engine, memo } = state;
  const report = grade(compiled, engine);
  const base = {
    id: screenId(engine),
    at: currentScreen(engine),
    why: memo.why,
    messageHtml: memo.message === null ? null : block(memo.message, options.media),
    recommendedBecause: memo.recommendedBecause,
    progress: { step: engine.stepCount, mastered: report.masteredCount, objectives: report.objectiveCount },
  };
  if (engine.completed !== null) {
    const { why, message, reason } = engine.completed;
    return {
      ...base,
      title: 'You have finished',
      why,
      messageHtml: message === null ? base.messageHtml : block(message, options.media),
      kind: 'complete',
      reason,
      scorePercent: report.score === null ? null : percent(report.score),
    };
  }
  const choice = engine.pendingChoice;
  if (choice !== null) {
    const reason = recommendationReason(compiled, choice, engine.profile);
    const offered = choice.options.flatMap((id) => {
      const activity = compiled.activityById.get(id);
      if (activity === undefined) return [];
      const recommended = choice.recommended === id;
      return [{ id, title: activity.title, kindLabel: kindLabel(activity, compiled), recommended, reason: recommended ? reason : null }];
    });
    return { ...base, title: choice.prompt ?? 'Choose your next step', why: choice.why || null, kind: 'choice', prompt: choice.prompt ?? 'Choose your next step', options: offered };
  }
  const activity = engine.currentActivity === null ? undefined : compiled.activityById.get(engine.currentActivity);
  if (activity === undefined) throw new Error(`learner state shows no activity (current: ${String(engine.currentActivity)})`);
  return { ...base, title: activity.title, ...activityScreen(activity, compiled, state, options) };
}
