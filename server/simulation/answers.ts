/**
 * Concrete answers a synthetic learner submits, so the engine grades them the
 * way it grades a person: wrong answers favour the authored distractors, which
 * is what makes misconception rules fire in a simulation.
 *
 * Either function returns null when no such answer can be written down: a
 * shortText question with only a `pattern` has no known correct string, and a
 * choice question whose every choice is correct has no wrong one.
 */
import { DEFAULTS, type Answer, type Question } from '../engine/index.js';

/** What a learner types when they do not know and no distractor applies. */
const BLANK_GUESS = 'I do not know';

function pickOne<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}

export function correctAnswer(question: Question): Answer | null {
  switch (question.kind) {
    case 'singleChoice': {
      const choice = question.choices.find((c) => c.correct === true);
      return choice === undefined ? null : { kind: 'singleChoice', choiceId: choice.id };
    }
    case 'multipleChoice':
      return { kind: 'multipleChoice', choiceIds: question.choices.filter((c) => c.correct === true).map((c) => c.id) };
    case 'numeric':
      return { kind: 'numeric', value: question.answer };
    case 'shortText': {
      const text = question.acceptedAnswers?.[0];
      return text === undefined ? null : { kind: 'shortText', text };
    }
  }
}

export function wrongAnswer(question: Question, random: () => number): Answer | null {
  switch (question.kind) {
    case 'singleChoice': {
      const choice = pickOne(
        question.choices.filter((c) => c.correct !== true),
        random,
      );
      return choice === undefined ? null : { kind: 'singleChoice', choiceId: choice.id };
    }
    case 'multipleChoice': {
      // The key with one choice toggled: a near miss, as real wrong answers mostly are.
      const toggled = pickOne(question.choices, random);
      const ids = question.choices.filter((c) => (c === toggled ? c.correct !== true : c.correct === true)).map((c) => c.id);
      if (ids.length > 0) return { kind: 'multipleChoice', choiceIds: ids };
      const wrong = pickOne(
        question.choices.filter((c) => c.correct !== true),
        random,
      );
      return wrong === undefined ? null : { kind: 'multipleChoice', choiceIds: [wrong.id] };
    }
    case 'numeric': {
      const distractor = random() < 0.5 ? pickOne(question.distractors ?? [], random) : undefined;
      if (distractor !== undefined) return { kind: 'numeric', value: distractor.value };
      const tolerance = question.tolerance ?? DEFAULTS.numericTolerance;
      return { kind: 'numeric', value: question.answer + 2 * tolerance + (Math.abs(question.answer) + 1) * 10 };
    }
    case 'shortText': {
      const texts = (question.distractors ?? []).flatMap((d) => (d.text === undefined ? [] : [d.text]));
      const text = random() < 0.5 ? pickOne(texts, random) : undefined;
      return { kind: 'shortText', text: text ?? BLANK_GUESS };
    }
  }
}

/** Whether simulated learners can answer the question correctly at all (see the module comment). */
export function answerable(question: Question): boolean {
  return correctAnswer(question) !== null;
}
