/**
 * Small sequences for unit tests: a base document with one activity of each
 * kind and two objectives, whose rules and settings each test replaces.
 */
import { compileSequence, startLearner, type CompiledSequence, type LearnerState, type Rule, type SequenceDoc } from '../../../server/engine/index.js';

export function baseDoc(overrides: Partial<SequenceDoc> = {}): SequenceDoc {
  return {
    id: 'test-seq',
    title: 'Test sequence',
    objectives: [
      { id: 'o1', title: 'Objective one' },
      { id: 'o2', title: 'Objective two' },
    ],
    misconceptions: [
      { id: 'm1', feedback: 'Misconception one feedback.' },
      { id: 'm2', feedback: 'Misconception two feedback.' },
    ],
    activities: [
      { id: 'survey', kind: 'survey', title: 'Survey', questions: [
        { id: 'likes', prompt: 'Likes?', target: 'interests', multiple: true, options: [{ value: 'sports', label: 'Sports' }, { value: 'music', label: 'Music' }] },
        { id: 'goal', prompt: 'Goal?', target: 'goals', options: [{ value: 'pass', label: 'Pass' }, { value: 'master', label: 'Master' }] },
        { id: 'mode', prompt: 'Mode?', target: 'modality', options: [{ value: 'text', label: 'Text' }, { value: 'video', label: 'Video' }, { value: 'visual', label: 'Visual' }, { value: 'hands-on', label: 'Hands-on' }] },
      ] },
      { id: 'diag', kind: 'diagnostic', title: 'Diagnostic', questions: ['q1', 'q3'] },
      {
        id: 'q1', kind: 'singleChoice', title: 'Q1', objectives: ['o1'], prompt: 'Pick A', tags: ['sports'],
        choices: [
          { id: 'a', text: 'A', correct: true, feedback: 'A is right.' },
          { id: 'b', text: 'B', misconception: 'm1', feedback: 'B is tempting.' },
          { id: 'c', text: 'C' },
        ],
        hints: ['Hint one', 'Hint two'],
        maxAttempts: 2,
        feedback: { correct: 'Correct!', incorrect: 'Not quite.' },
        explanation: 'Because A.',
      },
      {
        id: 'q2', kind: 'multipleChoice', title: 'Q2', objectives: ['o1'], prompt: 'Pick A and B', tags: ['music'],
        choices: [
          { id: 'a', text: 'A', correct: true },
          { id: 'b', text: 'B', correct: true },
          { id: 'c', text: 'C', misconception: 'm2', feedback: 'C is not.' },
          { id: 'd', text: 'D', misconception: 'm1' },
        ],
        maxAttempts: 3,
      },
      {
        id: 'q3', kind: 'numeric', title: 'Q3', objectives: ['o2'], prompt: '0.1 + 0.2?', answer: 0.3, tolerance: 0,
        units: 'units', distractors: [{ value: 0.12, tolerance: 0.005, misconception: 'm2', feedback: 'You concatenated.' }],
        feedback: { incorrect: 'Try again.' },
      },
      {
        id: 'q4', kind: 'shortText', title: 'Q4', objectives: ['o2'], prompt: 'Capital of France?',
        acceptedAnswers: ['Paris'], pattern: 'paris,? france', distractors: [{ text: 'Lyon', misconception: 'm1' }, { pattern: 'mar.*', feedback: 'Marseille is a port.' }],
      },
      { id: 'r1', kind: 'reading', title: 'Reading', objectives: ['o1'], body: 'Read me.' },
      { id: 'v1', kind: 'video', title: 'Video', objectives: ['o1'], url: '/static/media/v1.mp4', transcript: 'Transcript.' },
      { id: 'h1', kind: 'handsOn', title: 'Hands-on', objectives: ['o2'], instructions: 'Do it.', checklist: [{ id: 'step1', text: 'Step 1' }] },
      { id: 'r2', kind: 'reading', title: 'Visual', objectives: ['o2'], modality: 'visual', body: 'Look.' },
    ],
    rules: [{ id: 'fallback', default: true, then: { type: 'complete' } }],
    ...overrides,
  };
}

export function withRules(rules: Rule[], overrides: Partial<SequenceDoc> = {}): SequenceDoc {
  return baseDoc({ rules, ...overrides });
}

export function setup(doc: SequenceDoc, seed = 1): { compiled: CompiledSequence; state: LearnerState } {
  const compiled = compileSequence(doc);
  return { compiled, state: startLearner(compiled, { seed }) };
}

/** A state with the given fields replaced, for fact and action tests. */
export function stateWith(compiled: CompiledSequence, patch: Partial<LearnerState>, seed = 1): LearnerState {
  return { ...startLearner(compiled, { seed }), ...patch };
}
