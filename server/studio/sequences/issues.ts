/**
 * The one check that gates publishing, also behind the lint endpoint and the
 * issues a save returns, so the studio never shows "clean" for a draft that
 * publishing would refuse: the content validator and linter, plus the rule
 * that a sequence's document carries the sequence's own id (learner records,
 * LMS custom parameters and analytics all name the sequence by that id).
 */
import { pointer, type Issue } from '../../content/issues.js';
import { validateSequence } from '../../content/validate.js';

export const SEQUENCE_ID_CODE = 'sequence-id';

export function draftIssues(draft: unknown, sequenceId?: string): Issue[] {
  const issues = [...validateSequence(draft).issues];
  const id = (draft as { id?: unknown } | null)?.id;
  if (sequenceId !== undefined && typeof id === 'string' && id !== sequenceId) {
    issues.unshift({
      severity: 'error',
      path: pointer('', 'id'),
      code: SEQUENCE_ID_CODE,
      message: `the document's id must be '${sequenceId}', the id of this sequence; it was '${id}'`,
    });
  }
  return issues;
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
export const hasWarnings = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'warning');
