/**
 * Reading a number the way a maths teacher reads a pupil's answer: decimals,
 * fractions, mixed numbers, thousands separators, a unit after the number.
 * Anything that could be read two ways is refused with a message the pupil
 * can act on, never guessed: a silent misreading marks a right answer wrong
 * (or "1 2" right), and a refusal costs no attempt.
 *
 * Which of "." and "," is the decimal mark comes from the sequence's locale:
 * the prompts, and the numbers in them, are written in that language, and the
 * schema documents the locale as the one used for numbers. (The LTI launch's
 * own locale is the LMS's interface language, which may differ.)
 */

import { foldTyped } from '../engine/answers.js';
import { otherUnit, unitSpellings, withUnits } from './units.js';

export type NumberProblem =
  | 'not-a-number'
  | 'spaced-digits'
  | 'fraction-form'
  | 'zero-denominator'
  | 'mixed-improper'
  | 'ambiguous-separator'
  | 'misplaced-separator'
  | 'extra-words'
  | 'other-unit';

export type NumberReading =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly problem: NumberProblem; readonly message: string };

export interface NumberContext {
  /** BCP 47 tag of the sequence (default `en`). */
  readonly locale?: string | undefined;
  /** The question's units ("hours"): typed after the number, in any spelling units.ts allows for them ("h", "hrs"), they are ignored. */
  readonly units?: string | undefined;
  /**
   * The question's answer and tolerance, read only to suit a refusal's
   * examples to the question (a whole number where the answer is one) and
   * to keep every example wrong, so that none gives the answer away.
   */
  readonly answer?: { readonly value: number; readonly tolerance: number } | undefined;
}

interface Marks {
  readonly decimal: '.' | ',';
  /** The locale's thousands mark when it is one of "." and ","; spaces and apostrophes group in every locale. */
  readonly group: '.' | ',' | null;
}

const marksByLocale = new Map<string, Marks>();

function marksFor(locale: string): Marks {
  let marks = marksByLocale.get(locale);
  if (marks !== undefined) return marks;
  let decimal: string | undefined = '.';
  let group: string | undefined = ',';
  try {
    const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
    decimal = parts.find((p) => p.type === 'decimal')?.value;
    group = parts.find((p) => p.type === 'group')?.value;
  } catch {
    // A tag Intl rejects (the schema's pattern lets a few through): English conventions.
  }
  const d = decimal === ',' ? ',' : '.';
  marks = { decimal: d, group: (group === '.' || group === ',') && group !== d ? group : null };
  // Locales come from authored sequences, so there are few; the bound only guards against surprises.
  if (marksByLocale.size > 200) marksByLocale.clear();
  marksByLocale.set(locale, marks);
  return marks;
}

/**
 * foldTyped's one spelling, as text answers get it too (full-width digits,
 * "½", "−2"), with spaces collapsed and none around a slash or after a sign.
 */
function normalise(text: string): string {
  return foldTyped(text)
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/ ?\/ ?/g, '/')
    .replace(/^([+-]) /, '$1');
}

/**
 * A full stop ending the answer ends a sentence ("0.25.", "3/4.", "72 hours.",
 * "42 hrs."): it is not part of the number, which is read without it. One
 * only, after the digit, letter or sign that ends the answer (the space is
 * normalise's, after a "¾"), so "12..", "1.2.3." and a lone "." are read as
 * typed, and refused.
 */
function withoutFullStop(text: string): string {
  return text.replace(/(?<=[^\s.,]) ?\.$/u, '');
}

function stripUnit(text: string, units: string | undefined): string {
  if (units === undefined) return text;
  const lower = text.toLowerCase();
  for (const form of unitSpellings(normalise(units).toLowerCase())) {
    const head = lower.slice(0, lower.length - form.length);
    // "5 km" must not lose its "m" to a question in metres.
    if (lower.endsWith(form) && /[\d ]$/.test(head) && head.trim() !== '') return head.trim();
  }
  return text;
}

class Refusal {
  constructor(readonly problem: NumberProblem) {}
}

const WHOLE = /^\d+$/;

function readFraction(sign: number, body: string): number | Refusal {
  const mixed = /^(\d+) (0|[1-9]\d*)\/(\d+)$/.exec(body);
  const simple = /^(\d+)\/(\d+)$/.exec(body);
  if (mixed) {
    const [whole, top, bottom] = [Number(mixed[1]), Number(mixed[2]), Number(mixed[3])];
    if (bottom === 0) return new Refusal('zero-denominator');
    // "2 5/4" is not how anyone writes 3 1/4; the pupil should see why.
    if (top >= bottom) return new Refusal('mixed-improper');
    return sign * (whole + top / bottom);
  }
  if (simple) {
    const bottom = Number(simple[2]);
    return bottom === 0 ? new Refusal('zero-denominator') : (sign * Number(simple[1])) / bottom;
  }
  return new Refusal('fraction-form');
}

/**
 * Digits with "." and ",", spaces and apostrophes. The locale says which of
 * "." and "," is the decimal mark; the other is its thousands mark, read as
 * one only where it is followed by groups of exactly three digits ("1,000" in
 * English, "1.000" in German). Where it cannot be a thousands mark ("0,75",
 * "1.5" in German) it can only be a decimal mark, as learners have always been
 * allowed to type. Spaces and apostrophes group thousands in every locale (SI,
 * French, Swiss) and never mark decimals.
 */
function readDecimal(sign: number, body: string, marks: Marks): number | Refusal {
  if (!/^[\d.,' ]+$/.test(body) || !/\d/.test(body)) return new Refusal('not-a-number');
  const count = (c: string) => body.split(c).length - 1;
  const dots = count('.');
  const commas = count(',');
  let decimal: '.' | ',' | null = null;
  let group: '.' | ',' | null = null;
  if (dots > 0 && commas > 0) {
    // Both: the last is the decimal mark, and it must be the locale's ("1.234,5" in English is not one number).
    const last = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    if (last !== marks.decimal || count(last) > 1) return new Refusal('misplaced-separator');
    decimal = last;
    group = last === '.' ? ',' : '.';
  } else if (dots + commas > 0) {
    const mark = dots > 0 ? '.' : ',';
    const [head = '', ...tails] = body.split(mark);
    const threeDigitTail = tails.length === 1 && /^\d{3}$/.test(tails[0]!);
    if (mark === marks.decimal) {
      if (tails.length > 1) return new Refusal('misplaced-separator');
      decimal = mark;
    } else if (tails.length > 1) {
      if (mark !== marks.group) return new Refusal('misplaced-separator');
      group = mark;
    } else if (threeDigitTail && !WHOLE.test(head)) {
      // "1 000,000": two kinds of thousands marks, or a decimal after a grouped number? Not ours to guess.
      return new Refusal('ambiguous-separator');
    } else if (threeDigitTail && /^[1-9]\d{0,2}$/.test(head)) {
      // "1.000" in French: a thousand to some, one to others.
      if (mark !== marks.group) return new Refusal('ambiguous-separator');
      group = mark;
    } else {
      decimal = mark;
    }
  }
  const at = decimal === null ? -1 : body.indexOf(decimal);
  const whole = at < 0 ? body : body.slice(0, at);
  const fraction = at < 0 ? '' : body.slice(at + 1);
  if (!/^\d*$/.test(fraction)) return new Refusal(/^[\d ]*$/.test(fraction) ? 'spaced-digits' : 'misplaced-separator');
  if (whole === '' && fraction === '') return new Refusal('not-a-number');
  if (!/^\d*$/.test(whole)) {
    const separators = new Set(whole.replace(/\d/g, ''));
    const [g] = separators;
    const allowed = g === ' ' || g === "'" || (g !== undefined && g === group);
    const grouped = separators.size === 1 && allowed && new RegExp(`^[1-9]\\d{0,2}(?:\\${g}\\d{3})+$`).test(whole);
    if (!grouped) return new Refusal(g === ' ' && separators.size === 1 ? 'spaced-digits' : 'misplaced-separator');
  }
  const value = Number(`${whole.replace(/\D/g, '') || '0'}.${fraction || '0'}`);
  return Number.isFinite(value) ? sign * value : new Refusal('not-a-number');
}

function readBare(text: string, marks: Marks): number | Refusal {
  const signed = /^([+-]?)(.*)$/.exec(text)!;
  const sign = signed[1] === '-' ? -1 : 1;
  const body = signed[2]!;
  if (body.includes('/')) return readFraction(sign, body);
  return readDecimal(sign, body, marks);
}

const MAX_INPUT = 200;

/** "0.75", "0,75", "3/4", "2 1/4", "-1 ½", "1,000", "42 hours": what learners type for a number. */
export function readNumber(raw: string, context: NumberContext = {}): NumberReading {
  const marks = marksFor(context.locale ?? 'en');
  const shown = raw.trim().slice(0, 40);
  const refuse = (problem: NumberProblem, detail = ''): NumberReading => ({ ok: false, problem, message: explain(problem, shown, marks, context, detail) });
  if (raw.length > MAX_INPUT) return refuse('not-a-number');
  const normal = withoutFullStop(normalise(raw));
  const text = stripUnit(normal, context.units);
  const read = readBare(text, marks);
  if (!(read instanceof Refusal)) return { ok: true, value: Object.is(read, -0) ? 0 : read };
  // "3 days" in a question in hours: dropping the unit, as extra-words advises, would give a wrong answer.
  // Read before stripUnit, which takes the "hour" off "30 kilometres per hour" in a question in hours.
  const other = context.units?.trim() ? otherUnit(normal.toLowerCase(), normalise(context.units).toLowerCase()) : null;
  if (other !== null && !(readBare(other.head, marks) instanceof Refusal)) return refuse('other-unit', other.name);
  // "42 minutes", "12 apples": a number followed by words. Say what to type instead.
  const worded = /^([^\p{L}]*\d[^\p{L}]*?) ?(\p{L}[\p{L}\p{M}. ]*)$/u.exec(text);
  if (worded) {
    const head = readBare(worded[1]!, marks);
    return head instanceof Refusal ? refuse(head.problem) : refuse('extra-words', worded[1]!);
  }
  return refuse(read.problem);
}

/** The number, or null when readNumber would refuse it. */
export function parseNumber(raw: string, context: NumberContext = {}): number | null {
  const reading = readNumber(raw, context);
  return reading.ok ? reading.value : null;
}

/** True when typing `value` would be marked wrong (the engine's test, within tolerance), or the answer is not known. */
function notTheAnswer(value: number, answer: NumberContext['answer']): boolean {
  return answer === undefined || Math.abs(value - answer.value) > answer.tolerance + 1e-9 * Math.max(1, Math.abs(answer.value));
}

// Candidates, in order of preference, for a learner to copy; the last ones are far away for a wide tolerance.
const WHOLE_EXAMPLES = [12, 30, 5, 250];
const FRACTION_EXAMPLES: ReadonlyArray<readonly [number, string]> = [[0.75, '3/4'], [0.25, '1/4'], [0.6, '3/5'], [12.5, '12 1/2']];
/** Fractions, as [top, bottom]. */
const SIMPLE_FRACTIONS: ReadonlyArray<readonly [number, number]> = [[3, 4], [1, 4], [3, 5], [25, 2]];
/** Mixed numbers, as [whole, top, bottom]: shown whole and, for mixed-improper, their fraction alone too. */
const MIXED_NUMBERS: ReadonlyArray<readonly [number, number, number]> = [[2, 1, 4], [1, 1, 2], [3, 2, 5], [12, 1, 2]];
/** Big whole numbers, for the messages about thousands marks: after "1.000" in French (ambiguous), and after "1.2.3" (misplaced). */
const THOUSANDS = [1000, 2500, 40000, 1000000];
const MILLIONS = [1000000, 2500000, 40000, 1000];

/**
 * How a number is typed, as the examples in a refusal show it: each one suits
 * the question and is never its answer, compared by value (3/4 is 0.75, and so
 * is 6/8), within the answer's tolerance. Undefined where every candidate
 * would be right: the message then goes without an example rather than give
 * the answer.
 */
interface Examples {
  /** For "not a number": what to copy, each form spelled out; empty when every candidate would be right. */
  readonly forms: readonly string[];
  /** A decimal in the locale's marks, for the messages about marks. */
  readonly decimal: string | undefined;
  /** A whole number. */
  readonly whole: string | undefined;
  /** A fraction with a whole number on each side of the slash. */
  readonly fraction: string | undefined;
  /** A mixed number and its fraction, neither of them the answer. */
  readonly mixed: { readonly number: string; readonly fraction: string } | undefined;
  /** A big whole number, with no separator and with the locale's thousands mark, one for each message about marks. */
  readonly thousands: string | undefined;
  readonly millions: { readonly plain: string; readonly grouped: string } | undefined;
}

function groupDigits(value: number, marks: Marks): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, marks.group ?? ' ');
}

function examplesFor(marks: Marks, context: NumberContext): Examples {
  const { answer } = context;
  const wrong = (...values: number[]) => values.every((value) => notTheAnswer(value, answer));
  const pair = FRACTION_EXAMPLES.find(([value]) => wrong(value));
  const decimal = pair === undefined ? undefined : String(pair[0]).replace('.', marks.decimal);
  const whole = WHOLE_EXAMPLES.find((value) => wrong(value));
  const fraction = SIMPLE_FRACTIONS.find(([top, bottom]) => wrong(top / bottom));
  const mixed = MIXED_NUMBERS.find(([w, top, bottom]) => wrong(w + top / bottom, top / bottom));
  const thousands = THOUSANDS.find((value) => wrong(value));
  const millions = MILLIONS.find((value) => wrong(value));
  const shared = {
    decimal,
    whole: whole === undefined ? undefined : String(whole),
    fraction: fraction === undefined ? undefined : `${fraction[0]}/${fraction[1]}`,
    mixed: mixed === undefined ? undefined : { number: `${mixed[0]} ${mixed[1]}/${mixed[2]}`, fraction: `${mixed[1]}/${mixed[2]}` },
    thousands: thousands === undefined ? undefined : String(thousands),
    millions: millions === undefined ? undefined : { plain: String(millions), grouped: groupDigits(millions, marks) },
  };
  // The number alone is taken, and so is the number with the unit in the author's spelling: show both.
  const andWithUnit = (forms: readonly string[]) => {
    const last = forms.at(-1);
    return last === undefined || !context.units?.trim() ? forms : [...forms, withUnits(last, context.units)];
  };
  // A whole answer is asked for with a whole number: a fraction would only suggest it may not be one.
  if (answer !== undefined && Number.isInteger(answer.value)) {
    return { ...shared, forms: whole === undefined ? [] : andWithUnit([String(whole)]) };
  }
  return { ...shared, forms: pair === undefined || decimal === undefined ? [] : andWithUnit([decimal, pair[1]]) };
}

/** ", like 12", or nothing when no example is safe to show. */
function like(example: string | undefined): string {
  return example === undefined ? '' : `, like ${example}`;
}

/** "a, b or c". */
function either(forms: readonly string[]): string {
  return forms.length < 2 ? forms.join('') : `${forms.slice(0, -1).join(', ')} or ${forms.at(-1)}`;
}

/**
 * Every message names what to type instead, with an example a ten-year-old can
 * copy. `detail` is the number before the words for extra-words, the unit typed
 * for other-unit.
 */
function explain(problem: NumberProblem, shown: string, marks: Marks, context: NumberContext, detail: string): string {
  const examples = examplesFor(marks, context);
  const units = context.units;
  const decimalWord = marks.decimal === ',' ? 'a comma' : 'a point';
  const groupWord = marks.group === ',' ? 'a comma' : marks.group === '.' ? 'a point' : 'a space';
  switch (problem) {
    case 'not-a-number':
      return examples.forms.length === 0 ? `“${shown}” is not a number. Type it in digits.` : `“${shown}” is not a number. Type digits, like ${either(examples.forms)}.`;
    case 'spaced-digits': {
      // The learner's digits joined are what they most likely meant, unless that would be right: then it is an answer, not an example.
      const joined = shown.replace(/\s+/g, '');
      const read = /^[+-]?[\d.,]{1,12}$/.test(joined) ? readBare(joined, marks) : null;
      const own = typeof read === 'number' && notTheAnswer(read, context.answer) ? joined : undefined;
      return `“${shown}” has a space between digits. Type one number with no space${like(own ?? examples.whole)}, or a mixed number with one space${like(examples.mixed?.number)}.`;
    }
    case 'fraction-form':
      return `“${shown}” is not a fraction we can read. Write a whole number on each side of the slash${like(examples.fraction)}, or a mixed number with a space${like(examples.mixed?.number)}.`;
    case 'zero-denominator':
      return `A fraction can't have 0 on the bottom. Check the number after the slash in “${shown}”.`;
    case 'mixed-improper': {
      const { mixed } = examples;
      return `In a mixed number the fraction must be less than 1${mixed === undefined ? '' : `, like the ${mixed.fraction} in ${mixed.number}`}. Check “${shown}”.`;
    }
    case 'ambiguous-separator':
      return `“${shown}” could mean two different numbers. Type whole numbers with no separator${like(examples.thousands)}, and use ${decimalWord} for decimals${like(examples.decimal)}.`;
    case 'misplaced-separator':
      return `The dots or commas in “${shown}” are in the wrong places. Type big numbers with no separator${like(examples.millions?.plain)}, or with ${groupWord} every three digits${like(examples.millions?.grouped)}. Use ${decimalWord} for decimals${like(examples.decimal)}.`;
    case 'extra-words':
      // The learner's own number, not an example: they typed it.
      return units?.trim()
        ? `This answer is in ${units.trim()}. Type just the number, like ${detail.trim()}, or the number and the unit, like ${withUnits(detail.trim(), units)}.`
        : `Type just the number, like ${detail.trim()}, with no words after it.`;
    case 'other-unit':
      // No example: any number shown beside the learner's would invite them to keep it and skip the conversion.
      return `Give your answer in ${units?.trim() ?? ''}: “${shown}” is in ${detail}.`;
  }
}
