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
      description: 'Then practise until the objective is mastered.',
      default: true,
      then: { type: 'review', objective: 'objective-1' },
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
