/**
 * The tool's own words for a wrong answer that nothing authored explains, so
 * that every answer gets feedback. They describe the learner's situation, never
 * the answer: which choices are right, or what the accepted text is, stays
 * hidden until the explanation. Anything the author wrote for the question
 * (`feedback.incorrect`) replaces them; answers.ts decides when.
 */
import type { ShortTextQuestion } from './types.js';

export const GENERIC = {
  singleChoice: 'That choice is not right.',
  numeric: 'That number is not right.',
  tooHigh: 'Your answer is too high.',
  tooLow: 'Your answer is too low.',
  textNotRecognized: 'That answer was not recognized.',
  // A distractor matched but says nothing: "not recognized" would be untrue.
  textNotRight: 'That answer is not right.',
  hint: 'You can ask for a hint.',
} as const;

/**
 * Where a multiple-choice selection stands. Counts only, never which choice:
 * naming the missing one would give the answer away.
 */
export function choiceSituation(rightPicked: number, rightTotal: number, wrongPicked: number): string {
  if (rightPicked === 0 && wrongPicked === 0) return 'You did not select anything: select every answer that is right.';
  if (rightPicked === 0) return 'None of your choices is right.';
  const missing = rightPicked < rightTotal;
  if (wrongPicked > 0 && missing) return 'One or more of your choices is not right, and you found some of the right answers but not all of them.';
  if (wrongPicked > 0) return 'One or more of your choices is not right.';
  return 'You found some of the right answers, but not all of them.';
}

export interface ExpectedShape {
  /** Completes "Answer with …". */
  readonly description: string;
  readonly fits: (trimmed: string) => boolean;
}

const COUNT_WORDS = ['', 'one word', 'two words', 'three words', 'four words', 'five words'];

const SHAPES: readonly ExpectedShape[] = [
  { description: 'a single symbol', fits: (t) => /^[^\p{L}\p{N}\s]$/u.test(t) },
  { description: 'a number', fits: (t) => /^[-+−]?\d+(?:[.,]\d+)?$/u.test(t) },
  { description: 'a fraction written like a/b', fits: (t) => /^[-+−]?\d+ ?\/ ?\d+$/u.test(t) },
  ...COUNT_WORDS.slice(1).map((description, i) => ({
    description,
    fits: (t: string) => t.split(' ').length === i + 1 && /^[\p{L}'’-]+(?: [\p{L}'’-]+)*$/u.test(t),
  })),
];

/**
 * What kind of answer the question takes, read from its accepted answers when
 * they all share one kind. A pattern may accept other kinds, so it says nothing.
 */
export function expectedShape(question: ShortTextQuestion): ExpectedShape | null {
  const accepted = (question.acceptedAnswers ?? []).map((a) => a.normalize('NFC').trim().replace(/\s+/g, ' '));
  if (question.pattern !== undefined || accepted.length === 0) return null;
  return SHAPES.find((shape) => accepted.every(shape.fits)) ?? null;
}

export function notRecognized(shape: ExpectedShape | null, trimmed: string): string {
  return shape === null || shape.fits(trimmed) ? GENERIC.textNotRecognized : `${GENERIC.textNotRecognized} Answer with ${shape.description}.`;
}
