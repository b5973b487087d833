import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Condition, SequenceDoc } from '../../../server/engine/index.js';

export const SAMPLE_NAMES = ['fractions', 'data-privacy'] as const;

export function loadSample(name: (typeof SAMPLE_NAMES)[number]): SequenceDoc {
  const url = new URL(`../../../server/content/samples/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as SequenceDoc;
}

/**
 * What QA published: the fractions sample with a top rule that sends everyone who has read
 * 'read-compare' to "Which is bigger?" ('cmp-q1') and nothing that ever makes it false. The
 * sample has no 'cmp-q1', so the question QA's copy had is added (the help's example question).
 * `when` replaces the rule's condition; `priority` its priority (QA's: 20).
 */
export function fractionsWithCompareLoop(options: { when?: Condition; priority?: number } = {}): SequenceDoc {
  const doc = loadSample('fractions');
  doc.activities.push({
    id: 'cmp-q1',
    kind: 'singleChoice',
    title: 'Which is bigger?',
    prompt: 'Which is bigger: 3/8 or 1/2?',
    objectives: ['compare'],
    choices: [
      { id: 'a', text: '3/8' },
      { id: 'b', text: '1/2', correct: true },
    ],
  });
  doc.rules.push({
    id: 'after-compare-reading',
    priority: options.priority ?? 20,
    when: options.when ?? { fact: 'visited', operator: 'contains', value: 'read-compare' },
    then: { type: 'goTo', activity: 'cmp-q1' },
  });
  return doc;
}
