/**
 * Grading one answer to one question: correctness, the misconception it
 * reveals and the feedback to show. Pure; respond.ts turns it into state.
 *
 * Feedback order: what is specific to the answer (the choice's or distractor's
 * own text), then the feedback of each misconception it reveals. The question's
 * default correct/incorrect text is used only when nothing specific applies,
 * so a learner never reads "Correct!" next to a sharper explanation.
 *
 * A wrong answer always gets something: when the author wrote nothing that
 * applies, the tool's own words (fallback-feedback.ts) say where the learner
 * stands. The question's `feedback.incorrect` replaces them, because the author
 * knows the question better than a generic sentence does.
 */
import { DEFAULTS } from './defaults.js';
import { EngineError } from './errors.js';
import { choiceSituation, expectedShape, GENERIC, notRecognized, type ExpectedShape } from './fallback-feedback.js';
import type {
  Choice,
  Misconception,
  MultipleChoiceQuestion,
  NumericQuestion,
  Question,
  ShortTextQuestion,
  SingleChoiceQuestion,
} from './types.js';

export type Answer =
  | { readonly kind: 'singleChoice'; readonly choiceId: string }
  | { readonly kind: 'multipleChoice'; readonly choiceIds: readonly string[] }
  | { readonly kind: 'numeric'; readonly value: number }
  | { readonly kind: 'shortText'; readonly text: string };

export interface FeedbackMessage {
  /** 'generic': the tool's own words, for a wrong answer the author wrote nothing about. */
  readonly source: 'choice' | 'distractor' | 'misconception' | 'default' | 'generic';
  readonly message: string;
  /** Set for source 'misconception'. */
  readonly misconception?: string;
}

export interface GradedAnswer {
  readonly correct: boolean;
  /** Selected choices (choice questions), else empty. */
  readonly choiceIds: readonly string[];
  /** The first misconception the answer reveals. */
  readonly misconception: string | null;
  readonly feedback: readonly FeedbackMessage[];
  /** Wrong, and nothing authored speaks to it: the tool's own words are all the learner has. */
  readonly unexplained: boolean;
}

/** Longer answers are refused before any pattern runs on them. */
export const MAX_TEXT_ANSWER = 2000;

interface TextDistractorMatcher {
  /** `forms`: the answer as typed and folded (see gradeText), for the distractor's pattern. */
  readonly matches: (normalized: string, forms: readonly string[]) => boolean;
  readonly feedback: string | undefined;
  readonly misconception: string | undefined;
}

export interface TextMatcher {
  readonly normalize: (text: string) => string;
  readonly accepted: ReadonlySet<string>;
  readonly pattern: RegExp | null;
  readonly distractors: readonly TextDistractorMatcher[];
  /** What kind of answer is expected, told when an answer is not recognized. */
  readonly shape: ExpectedShape | null;
}

const VULGAR: Readonly<Record<string, string>> = {
  '¼': '1/4', '½': '1/2', '¾': '3/4', '⅐': '1/7', '⅑': '1/9', '⅒': '1/10', '⅓': '1/3', '⅔': '2/3', '⅕': '1/5',
  '⅖': '2/5', '⅗': '3/5', '⅘': '4/5', '⅙': '1/6', '⅚': '5/6', '⅛': '1/8', '⅜': '3/8', '⅝': '5/8', '⅞': '7/8', '↉': '0/3',
};
const VULGAR_RE = new RegExp(`[${Object.keys(VULGAR).join('')}]`, 'gu');
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';
const TYPESET_FRACTION = new RegExp(`([${SUPERSCRIPT}]+)\\s*[/⁄∕]\\s*([${SUBSCRIPT}]+)`, 'gu');

/**
 * One spelling for what keyboards, phones and word processors produce, the
 * same for number and text answers: NFKC, so full-width "３" and "＜" are "3"
 * and "<"; the fraction slash as "/", dashes and the minus sign as "-", curly
 * apostrophes as "'". Every fraction is set apart by a space first, because
 * NFKC alone turns "2½" into "21⁄2" (ten and a half) and "2¹⁄₄" into "21/4".
 * A superscript or subscript left over is kept visible, as "^2" and "_2", so
 * "x²" is not "x2" and "5²" is refused as a number rather than read as 52.
 * Spaces are left for the caller to collapse and trim.
 */
export function foldTyped(text: string): string {
  return text
    .replace(VULGAR_RE, (c) => ` ${VULGAR[c]} `)
    .replace(TYPESET_FRACTION, (_, n: string, d: string) => ` ${[...n].map((c) => SUPERSCRIPT.indexOf(c)).join('')}/${[...d].map((c) => SUBSCRIPT.indexOf(c)).join('')} `)
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/gu, (c) => `^${SUPERSCRIPT.indexOf(c)}`)
    .replace(/[₀₁₂₃₄₅₆₇₈₉]/gu, (c) => `_${SUBSCRIPT.indexOf(c)}`)
    .normalize('NFKC')
    .replace(/[⁄∕]/gu, '/')
    .replace(/[‐‑‒–−]/gu, '-')
    .replace(/[’ʼ]/gu, "'");
}

/** As typed: trimmed, inner whitespace collapsed, NFC. What the author's patterns were written against. */
function trim(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Folded as numbers are (foldTyped), trimmed, inner whitespace collapsed: what accepted answers are compared as. */
function fold(text: string): string {
  return foldTyped(text).trim().replace(/\s+/g, ' ');
}

/** Full-match semantics: designers write the answer, not a search. Throws SyntaxError on a bad pattern. */
export function fullMatch(pattern: string, caseSensitive: boolean): RegExp {
  return new RegExp(`^(?:${pattern})$`, caseSensitive ? 'u' : 'iu');
}

export function compileTextMatcher(question: ShortTextQuestion): TextMatcher {
  const caseSensitive = question.caseSensitive ?? DEFAULTS.caseSensitive;
  const ignoreWhitespace = question.ignoreWhitespace ?? DEFAULTS.ignoreWhitespace;
  // Folded first, so the question's rules apply to what was meant: "Ｐａｒｉｓ" is "Paris", and still not "paris" where case counts.
  const normalize = (text: string): string => {
    const folded = fold(text);
    const spaced = ignoreWhitespace ? folded.replace(/ /g, '') : folded;
    return caseSensitive ? spaced : spaced.toLowerCase();
  };
  return {
    normalize,
    accepted: new Set((question.acceptedAnswers ?? []).map(normalize)),
    pattern: question.pattern === undefined ? null : fullMatch(question.pattern, caseSensitive),
    distractors: (question.distractors ?? []).map((d) => {
      const text = d.text === undefined ? null : normalize(d.text);
      const pattern = d.pattern === undefined ? null : fullMatch(d.pattern, caseSensitive);
      return {
        matches: (normalized: string, forms: readonly string[]) => normalized === text || (pattern !== null && forms.some((f) => pattern.test(f))),
        feedback: d.feedback,
        misconception: d.misconception,
      };
    }),
    shape: expectedShape(question),
  };
}

export interface GradingContext {
  readonly textMatchers: ReadonlyMap<string, TextMatcher>;
  readonly misconceptionById: ReadonlyMap<string, Misconception>;
}

export function gradeAnswer(question: Question, answer: Answer, ctx: GradingContext): GradedAnswer {
  // Each case narrows both sides; falling through means the kinds differ.
  switch (answer.kind) {
    case 'singleChoice':
      if (question.kind === 'singleChoice') return gradeSingle(question, answer.choiceId, ctx);
      break;
    case 'multipleChoice':
      if (question.kind === 'multipleChoice') return gradeMultiple(question, answer.choiceIds, ctx);
      break;
    case 'numeric':
      if (question.kind === 'numeric') return gradeNumeric(question, answer.value, ctx);
      break;
    case 'shortText':
      if (question.kind === 'shortText') return gradeText(question, answer.text, ctx);
      break;
  }
  throw new EngineError('invalid-input', `question '${question.id}' expects a ${question.kind} answer, got ${String(answer.kind)}`);
}

/** The tool's words for a wrong answer; `summary` leads even when authored feedback explains the answer. */
interface Fallback {
  readonly text: string;
  readonly summary?: boolean;
}

class FeedbackBuilder {
  private readonly items: FeedbackMessage[] = [];
  private readonly misconceptions: string[] = [];
  private readonly notes: FeedbackMessage[] = [];
  /** Something authored says why this answer is wrong. */
  private explained = false;

  constructor(private readonly ctx: GradingContext) {}

  /** `explains: false` for text about a right choice inside a wrong selection: true, but not why the answer is wrong. */
  specific(source: 'choice' | 'distractor', message: string | undefined, explains = true): void {
    if (message === undefined) return;
    this.items.push({ source, message });
    if (explains) this.explained = true;
  }

  misconception(id: string | undefined): void {
    if (id === undefined || this.misconceptions.includes(id)) return;
    this.misconceptions.push(id);
    const known = this.ctx.misconceptionById.get(id);
    if (known !== undefined) {
      this.items.push({ source: 'misconception', message: known.feedback, misconception: id });
      this.explained = true;
    }
  }

  /** Built-in text the author asked for (numeric direction): shown last, whatever else applies. */
  note(message: string): void {
    this.notes.push({ source: 'generic', message });
  }

  finish(question: Question, correct: boolean, choiceIds: readonly string[], fallback: Fallback | null = null): GradedAnswer {
    const feedback = [...this.items];
    const authored = correct ? question.feedback?.correct : question.feedback?.incorrect;
    const unexplained = !correct && !this.explained && authored === undefined;
    // A right answer gets the author's word on it unless something more specific says it all:
    // a single choice's own feedback does; in multiple choice, notes on some of the choices
    // picked are asides about those, so the author's word on the whole selection comes first.
    // A wrong answer gets it only when nothing more specific explained the mistake.
    if (correct && authored !== undefined && (feedback.length === 0 || question.kind === 'multipleChoice')) feedback.unshift({ source: 'default', message: authored });
    else if (!correct && !this.explained && authored !== undefined) feedback.push({ source: 'default', message: authored });
    if (!correct && authored === undefined && fallback !== null) {
      if (fallback.summary === true) feedback.unshift({ source: 'generic', message: fallback.text });
      else if (!this.explained) feedback.push({ source: 'generic', message: fallback.text });
    }
    feedback.push(...this.notes);
    return { correct, choiceIds, misconception: this.misconceptions[0] ?? null, feedback, unexplained };
  }
}

function findChoice(question: SingleChoiceQuestion | MultipleChoiceQuestion, id: unknown): Choice {
  const choice = question.choices.find((c) => c.id === id);
  if (choice === undefined) throw new EngineError('invalid-input', `question '${question.id}' has no choice '${String(id)}'`);
  return choice;
}

function gradeSingle(question: SingleChoiceQuestion, choiceId: string, ctx: GradingContext): GradedAnswer {
  const choice = findChoice(question, choiceId);
  const feedback = new FeedbackBuilder(ctx);
  feedback.specific('choice', choice.feedback);
  feedback.misconception(choice.misconception);
  return feedback.finish(question, choice.correct === true, [choice.id], { text: GENERIC.singleChoice });
}

/** Correct only when the selection is exactly the set of correct choices. */
function gradeMultiple(question: MultipleChoiceQuestion, choiceIds: readonly string[], ctx: GradingContext): GradedAnswer {
  if (!Array.isArray(choiceIds)) throw new EngineError('invalid-input', 'choiceIds must be an array');
  // Display order, duplicates dropped: the recorded answer does not depend on click order.
  const selected = question.choices.filter((c) => choiceIds.includes(c.id));
  for (const id of choiceIds) findChoice(question, id);
  const correctCount = question.choices.filter((c) => c.correct === true).length;
  const rightPicked = selected.filter((c) => c.correct === true).length;
  const correct = selected.length === correctCount && rightPicked === correctCount;
  const feedback = new FeedbackBuilder(ctx);
  for (const choice of selected) feedback.specific('choice', choice.feedback, choice.correct !== true);
  for (const choice of selected) feedback.misconception(choice.misconception);
  // Per-choice feedback explains the choices made, never the ones missed: the summary always leads.
  const situation = choiceSituation(rightPicked, correctCount, selected.length - rightPicked);
  return feedback.finish(question, correct, selected.map((c) => c.id), { text: situation, summary: true });
}

/** Within tolerance, plus a relative 1e-9 so that binary rounding (0.1 + 0.2) never fails an exact answer. */
function near(value: number, target: number, tolerance: number): boolean {
  return Math.abs(value - target) <= tolerance + 1e-9 * Math.max(1, Math.abs(target));
}

function gradeNumeric(question: NumericQuestion, value: number, ctx: GradingContext): GradedAnswer {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new EngineError('invalid-input', `question '${question.id}' expects a finite number`);
  }
  const correct = near(value, question.answer, question.tolerance ?? DEFAULTS.numericTolerance);
  const feedback = new FeedbackBuilder(ctx);
  // Off unless the author allows it: on some questions the direction turns the next attempts into a search.
  const direction = !correct && (question.revealDirection ?? DEFAULTS.revealDirection);
  if (!correct) {
    const distractor = question.distractors?.find((d) => near(value, d.value, d.tolerance ?? DEFAULTS.numericTolerance));
    feedback.specific('distractor', distractor?.feedback);
    feedback.misconception(distractor?.misconception);
    if (direction) feedback.note(value > question.answer ? GENERIC.tooHigh : GENERIC.tooLow);
  }
  return feedback.finish(question, correct, [], direction ? null : { text: GENERIC.numeric });
}

function gradeText(question: ShortTextQuestion, text: string, ctx: GradingContext): GradedAnswer {
  if (typeof text !== 'string') throw new EngineError('invalid-input', `question '${question.id}' expects text`);
  if (text.length > MAX_TEXT_ANSWER) throw new EngineError('invalid-input', `answers are limited to ${MAX_TEXT_ANSWER} characters`);
  const matcher = ctx.textMatchers.get(question.id);
  if (matcher === undefined) throw new EngineError('invalid-sequence', `question '${question.id}' was not compiled`);
  const trimmed = trim(text);
  const folded = fold(text);
  // Patterns were written against answers as typed ("x²"), and see the folded answer too ("０.５" for "0?[.,]50*").
  // Folding may lengthen a text (NFKC spells some characters out): past the limit, patterns see it as typed only.
  const forms = folded === trimmed || folded.length > MAX_TEXT_ANSWER ? [trimmed] : [trimmed, folded];
  const normalized = matcher.normalize(text);
  // Learners end a word answer as a sentence ("Pseudonymisation."): without the closing
  // punctuation it is still their answer. Tried second, so an answer that is punctuation matches as typed.
  const bare = (t: string) => t.replace(/(?<=[\p{L}\p{N}])[.!?…]+$/u, '');
  const matchesAccepted = (t: string) => matcher.accepted.has(matcher.normalize(t)) || (matcher.pattern !== null && matcher.pattern.test(t));
  const correct = forms.some((t) => matchesAccepted(t)) || forms.some((t) => bare(t) !== t && matchesAccepted(bare(t)));
  const feedback = new FeedbackBuilder(ctx);
  const distractor = correct ? undefined : matcher.distractors.find((d) => d.matches(normalized, forms));
  feedback.specific('distractor', distractor?.feedback);
  feedback.misconception(distractor?.misconception);
  const fallback = correct ? null : { text: distractor === undefined ? notRecognized(matcher.shape, folded) : GENERIC.textNotRight };
  return feedback.finish(question, correct, [], fallback);
}
