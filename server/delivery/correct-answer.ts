/**
 * The right answer to a question, for a learner who missed it and can no
 * longer answer it: a question out of attempts, a submitted warm-up. One
 * function for every screen that shows it, so each says it the same way.
 */
import type { Question } from '../engine/index.js';
import { withUnits } from './units.js';

/**
 * The choices to mark (ids of the question's choices, which the screen
 * carries), or the number (with its units) or text to show.
 */
export type CorrectAnswerView = { readonly kind: 'choices'; readonly choiceIds: readonly string[] } | { readonly kind: 'text'; readonly text: string };

/** A number as the sequence's language writes it, so it reads like the prompt and the parser takes it back. */
function formatNumber(value: number, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 10 }).format(value);
  } catch {
    return new Intl.NumberFormat('en', { maximumFractionDigits: 10 }).format(value);
  }
}

/** Null for a text question only a pattern accepts: there is nothing to show but a regular expression. `locale` is the sequence's. */
export function correctAnswerOf(q: Question, locale: string | undefined): CorrectAnswerView | null {
  switch (q.kind) {
    case 'singleChoice':
    case 'multipleChoice':
      return { kind: 'choices', choiceIds: q.choices.filter((c) => c.correct === true).map((c) => c.id) };
    case 'numeric':
      return { kind: 'text', text: withUnits(formatNumber(q.answer, locale ?? 'en'), q.units) };
    case 'shortText': {
      const first = q.acceptedAnswers?.[0];
      return first === undefined ? null : { kind: 'text', text: first };
    }
  }
}
