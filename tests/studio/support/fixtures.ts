/**
 * Small sequence documents for studio tests, each built to show one thing.
 */
import type { SequenceDoc } from '../../../server/engine/index.js';

/**
 * Valid, with one warning that says why it is a dead end: its one question
 * cannot bring `o1` to mastery (mastery-out-of-reach), so learners are sent to
 * the reading until the loop guard refuses it and the path stalls there. The
 * publish check's trial run says so too (simulated-loop, simulated-stalls).
 */
export function deadEndDoc(id = 'dead-end'): SequenceDoc {
  return {
    id,
    title: 'Dead end',
    objectives: [{ id: 'o1', title: 'One' }],
    activities: [
      {
        id: 'q1',
        kind: 'singleChoice',
        title: 'Q1',
        prompt: 'Pick a',
        objectives: ['o1'],
        choices: [
          { id: 'a', text: 'A', correct: true },
          { id: 'b', text: 'B' },
        ],
      },
      { id: 'intro', kind: 'reading', title: 'Intro', body: 'Read me', objectives: ['o1'] },
    ],
    rules: [
      { id: 'first-question', priority: 10, when: { fact: 'visited', operator: 'doesNotContain', value: 'q1' }, then: { type: 'goTo', activity: 'q1' } },
      { id: 'keep-reading', default: true, then: { type: 'goTo', activity: 'intro' } },
    ],
  };
}

/** Valid, with deadEndDoc's warning and one more: a question that exercises no objective. */
export function warningDoc(id = 'with-warning'): SequenceDoc {
  const doc = deadEndDoc(id);
  doc.activities.push({
    id: 'aside',
    kind: 'numeric',
    title: 'Aside',
    prompt: '1 + 1?',
    answer: 2,
  });
  doc.rules.unshift({ id: 'aside-once', priority: 20, when: { fact: 'visited', operator: 'doesNotContain', value: 'aside' }, then: { type: 'goTo', activity: 'aside' } });
  return doc;
}

/** Fails validation: the default rule goes to an activity that does not exist. */
export function errorDoc(id = 'with-error'): SequenceDoc {
  const doc = deadEndDoc(id);
  doc.rules[1] = { id: 'keep-reading', default: true, then: { type: 'goTo', activity: 'nowhere' } };
  return doc;
}
