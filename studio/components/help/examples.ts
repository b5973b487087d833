/**
 * The runnable examples of the help page. Each is a handful of rules and a
 * learner, played against one small sequence (BASE) by the real engine's
 * `decide`, so what the help shows is what learners get.
 */
import type { Draft } from '../../lib/api.js';

export interface Example {
  readonly id: string;
  readonly title: string;
  /** What the example shows, in a sentence or two. */
  readonly lesson: string;
  readonly rules: readonly unknown[];
  /** Parts of the learner state to set (mastery, profile, lastResponse, visited, …). */
  readonly learner: Record<string, unknown>;
}

/** The sequence every example runs in: two objectives, a few activities of each kind. */
export const BASE: Draft = {
  id: 'rule-help-example',
  title: 'Rule help example',
  objectives: [
    { id: 'add', title: 'Adding fractions' },
    { id: 'compare', title: 'Comparing fractions' },
  ],
  misconceptions: [{ id: 'add-across', title: 'Adds tops and bottoms', feedback: 'The denominator names the size of the pieces: make them the same size first, then add.' }],
  activities: [
    { id: 'q-add', kind: 'numeric', title: 'Add 1/2 + 1/4', prompt: 'What is 1/2 + 1/4 as a decimal?', answer: 0.75, tolerance: 0.001, objectives: ['add'], distractors: [{ value: 0.333, tolerance: 0.01, misconception: 'add-across' }] },
    { id: 'q-add-2', kind: 'numeric', title: 'Add 1/3 + 1/6', prompt: 'What is 1/3 + 1/6 as a decimal?', answer: 0.5, tolerance: 0.001, objectives: ['add'] },
    { id: 'read-add', kind: 'reading', title: 'Reading: common denominators', body: 'To add fractions, rewrite them over a **common denominator**.', objectives: ['add'] },
    { id: 'video-add', kind: 'video', title: 'Video: adding fractions', url: '/static/media/example.mp4', transcript: 'We cut both shapes into pieces of the same size…', objectives: ['add'] },
    {
      id: 'q-compare',
      kind: 'singleChoice',
      title: 'Which is bigger?',
      prompt: 'Which is bigger: 3/8 or 1/2?',
      objectives: ['compare'],
      choices: [
        { id: 'a', text: '3/8' },
        { id: 'b', text: '1/2', correct: true },
      ],
    },
  ],
  rules: [],
};

export const EXAMPLES: readonly Example[] = [
  {
    id: 'priority',
    title: 'The highest priority that holds decides',
    lesson: 'Both conditions hold, so the rule with priority 100 wins: the learner who added the denominators reads about common denominators before practising more.',
    rules: [
      { id: 'fix-add-across', priority: 100, description: 'You added the denominators; here is why that does not work.', when: { fact: 'lastResponse', path: 'misconception', operator: 'equal', value: 'add-across' }, then: { type: 'goTo', activity: 'read-add' } },
      { id: 'practise-add', priority: 10, when: { fact: 'mastered', operator: 'doesNotContain', value: 'add' }, then: { type: 'pickFromPool', objective: 'add', kinds: ['numeric'] } },
      { id: 'done', default: true, then: { type: 'complete' } },
    ],
    learner: { lastResponse: { activityId: 'q-add', correct: false, choiceIds: [], misconception: 'add-across', attemptNumber: 1, hintsUsed: 0 } },
  },
  {
    id: 'choice',
    title: 'Offer a choice, recommended by preference',
    lesson: 'offerChoice lets the learner pick; recommendBy "modality" highlights the option matching the survey answer (here: video).',
    rules: [
      {
        id: 'how-to-learn',
        priority: 50,
        when: { fact: 'mastery', path: 'add', operator: 'lessThan', value: 0.5 },
        then: { type: 'offerChoice', prompt: 'How would you like to learn this?', options: ['read-add', 'video-add'], recommendBy: 'modality' },
      },
      { id: 'done', default: true, then: { type: 'complete' } },
    ],
    learner: { mastery: { add: 0.3 }, profile: { interests: [], goals: [], modality: 'video' } },
  },
  {
    id: 'feedback',
    title: 'A message, then the next rule decides',
    lesson: 'showFeedback without "then" keeps its message and lets the next matching rule choose the step; the learner sees both.',
    rules: [
      { id: 'encourage', priority: 200, when: { fact: 'streak', path: 'incorrect', operator: 'greaterThanInclusive', value: 2 }, then: { type: 'showFeedback', message: 'Mistakes are how we learn. Let us look at it another way.' } },
      { id: 'review-add', priority: 100, when: { fact: 'lastResponse', path: 'correct', operator: 'equal', value: false }, then: { type: 'review', objective: 'add', preferModality: true } },
      { id: 'done', default: true, then: { type: 'complete' } },
    ],
    learner: {
      streak: { correct: 0, incorrect: 2 },
      lastResponse: { activityId: 'q-add', correct: false, choiceIds: [], misconception: null, attemptNumber: 2, hintsUsed: 1 },
      profile: { interests: [], goals: [], modality: 'text' },
      visited: ['q-add'],
    },
  },
  {
    id: 'default',
    title: 'When nothing else holds: the default rule',
    lesson: 'No condition holds for this learner, so the default rule (no "when", no "priority") decides. Every sequence needs exactly one.',
    rules: [
      { id: 'struggling', priority: 50, when: { fact: 'streak', path: 'incorrect', operator: 'greaterThanInclusive', value: 3 }, then: { type: 'goTo', activity: 'read-add' } },
      { id: 'keep-going', default: true, description: 'Next: comparing fractions.', then: { type: 'goTo', activity: 'q-compare' } },
    ],
    learner: { streak: { correct: 2, incorrect: 0 } },
  },
  {
    id: 'fact-vs-fact',
    title: 'Compare two facts, combine conditions',
    lesson: '"all" needs every condition, "any" one of them; a value can be another fact ({"fact": …}) instead of a constant.',
    rules: [
      {
        id: 'compare-lags',
        priority: 60,
        when: {
          all: [
            { fact: 'mastery', path: 'compare', operator: 'lessThan', value: { fact: 'mastery', path: 'add' } },
            { any: [{ fact: 'stepCount', operator: 'greaterThanInclusive', value: 3 }, { fact: 'visited', path: 'q-add', operator: 'equal', value: true }] },
          ],
        },
        then: { type: 'goTo', activity: 'q-compare' },
      },
      { id: 'done', default: true, then: { type: 'complete' } },
    ],
    learner: { mastery: { add: 0.8, compare: 0.3 }, stepCount: 4 },
  },
];
