/**
 * The one check that gates publishing, also behind the lint endpoint and the
 * issues a save returns, so the studio never shows "clean" for a draft that
 * publishing would refuse: the content validator and linter, plus the rule
 * that a sequence's document carries the sequence's own id (learner records,
 * LMS custom parameters and analytics all name the sequence by that id).
 *
 * Publishing adds warnings of its own (publishIssues): the blank template's
 * example text left in the draft (template-text.ts), and a trial run of
 * simulated learners (server/simulation/checks.ts) reports loops and dead ends
 * the lint cannot see in the rules one by one. Too slow to run on every
 * keystroke's lint, quick enough once per publish; warnings only, so they never
 * turn a draft the lint passes into one publishing refuses outright.
 */
import { pointer, type Issue } from '../../content/issues.js';
import { validateSequence } from '../../content/validate.js';
import type { SequenceDoc } from '../../engine/index.js';
import { simulationIssues } from '../../simulation/checks.js';
import { templateTextIssues } from './template-text.js';

export const SEQUENCE_ID_CODE = 'sequence-id';

function checkDraft(draft: unknown, sequenceId?: string): { issues: Issue[]; sequence: SequenceDoc | null } {
  const checked = validateSequence(draft);
  const issues = [...checked.issues];
  const id = (draft as { id?: unknown } | null)?.id;
  if (sequenceId !== undefined && typeof id === 'string' && id !== sequenceId) {
    issues.unshift({
      severity: 'error',
      path: pointer('', 'id'),
      code: SEQUENCE_ID_CODE,
      message: `the document's id must be '${sequenceId}', the id of this sequence; it was '${id}'`,
    });
  }
  return { issues, sequence: hasErrors(issues) ? null : checked.sequence };
}

export function draftIssues(draft: unknown, sequenceId?: string): Issue[] {
  return checkDraft(draft, sequenceId).issues;
}

/** draftIssues, and for a draft without errors the blank template's text still in it and the trial run's warnings after them. */
export function publishIssues(draft: unknown, sequenceId: string): Issue[] {
  const { issues, sequence } = checkDraft(draft, sequenceId);
  return sequence === null ? issues : [...issues, ...templateTextIssues(draft), ...simulationIssues(sequence)];
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
export const hasWarnings = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'warning');
