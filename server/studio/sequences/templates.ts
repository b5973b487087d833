/**
 * Starting points for a new sequence: a small blank one that already passes
 * validation (so a designer starts from green and learns the shape by
 * example) and the two sample sequences.
 */
import dataPrivacy from '../../content/samples/data-privacy.json' with { type: 'json' };
import fractions from '../../content/samples/fractions.json' with { type: 'json' };
import type { JsonObject } from '../../store/types.js';

export const TEMPLATE_NAMES = ['blank', 'fractions', 'data-privacy'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

const BLANK: JsonObject = {
  id: 'blank',
  title: 'Untitled sequence',
  description: 'Who this sequence is for and what they will be able to do afterwards.',
  objectives: [{ id: 'objective-1', title: 'First objective', description: 'A skill a learner can show, e.g. "adds fractions with unlike denominators".' }],
  activities: [
    {
      id: 'introduction',
      kind: 'reading',
      title: 'Introduction',
      body: 'Introduce the topic here. **Markdown** works.',
      objectives: ['objective-1'],
    },
    // Five questions, one of each kind and a second choice: only a question's first answer is
    // evidence, and at the default threshold it takes five for a learner who misses one to
    // still reach mastery (the lint's mastery-no-margin check).
    {
      id: 'first-check',
      kind: 'singleChoice',
      title: 'First check',
      prompt: 'Ask something that shows whether the learner has the skill.',
      objectives: ['objective-1'],
      choices: [
        { id: 'right', text: 'The correct answer', correct: true },
        { id: 'tempting', text: 'A tempting wrong answer', feedback: 'Explain why this is tempting but wrong.' },
      ],
      hints: ['A nudge in the right direction that does not give the answer away.'],
    },
    {
      id: 'second-check',
      kind: 'multipleChoice',
      title: 'Second check',
      prompt: 'Ask a question with more than one right answer. Select all that apply.',
      objectives: ['objective-1'],
      choices: [
        { id: 'right', text: 'A correct answer', correct: true },
        { id: 'also-right', text: 'Another correct answer', correct: true },
        { id: 'tempting', text: 'A tempting wrong answer', feedback: 'Explain why this is tempting but wrong.' },
      ],
    },
    {
      id: 'third-check',
      kind: 'numeric',
      title: 'Third check',
      prompt: 'Ask for a number the learner works out.',
      objectives: ['objective-1'],
      answer: 42,
      tolerance: 0,
      explanation: 'Show how the number is worked out; it appears once the question is over.',
    },
    {
      id: 'fourth-check',
      kind: 'shortText',
      title: 'Fourth check',
      prompt: 'Ask for a word or a short phrase.',
      objectives: ['objective-1'],
      acceptedAnswers: ['the expected answer', 'another accepted spelling'],
    },
    {
      id: 'fifth-check',
      kind: 'singleChoice',
      title: 'Fifth check',
      prompt: 'Ask about the same skill in another situation.',
      objectives: ['objective-1'],
      choices: [
        { id: 'right', text: 'The correct answer', correct: true },
        { id: 'tempting', text: 'A tempting wrong answer', feedback: 'Explain why this is tempting but wrong.' },
      ],
    },
  ],
  rules: [
    {
      id: 'start-with-introduction',
      description: 'Everyone reads the introduction first.',
      priority: 10,
      when: { fact: 'visited', operator: 'doesNotContain', value: 'introduction' },
      then: { type: 'goTo', activity: 'introduction' },
    },
    {
      id: 'practise',
      description: 'Then practise with its questions until the objective is mastered.',
      priority: 5,
      when: { fact: 'mastered', operator: 'doesNotContain', value: 'objective-1' },
      // A pool picks questions not yet answered, so each is asked once; `review` would serve seen ones again.
      then: { type: 'pickFromPool', objective: 'objective-1', kinds: ['singleChoice', 'multipleChoice', 'numeric', 'shortText'] },
    },
    // Without it a learner who has not mastered the objective when the questions run out
    // would be left with no step (stalled); this ends the path and says so.
    {
      id: 'finished-all',
      description: 'Every question on this objective has been answered.',
      default: true,
      then: { type: 'complete', message: 'You have answered every question here. Look at My progress to see what to go over again.' },
    },
  ],
};

/** Samples name their schema by a path relative to the repository; a stored draft has no such place. */
function withoutSchemaPath(doc: JsonObject): JsonObject {
  const { $schema: _ignored, ...rest } = doc;
  return rest;
}

const TEMPLATES: Readonly<Record<TemplateName, JsonObject>> = {
  blank: BLANK,
  fractions: withoutSchemaPath(fractions as unknown as JsonObject),
  'data-privacy': withoutSchemaPath(dataPrivacy as unknown as JsonObject),
};

/** A fresh copy the caller may change. */
export function templateDraft(name: TemplateName): JsonObject {
  return structuredClone(TEMPLATES[name]);
}
