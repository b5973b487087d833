/**
 * Learner-facing refusals. The engine and the player state machine throw
 * errors with stable codes; this maps them to HTTP statuses and sentences a
 * learner can act on. Conflicts with the learner's own progress are 409 (the
 * request was fine, the screen it came from is gone); malformed input is 400.
 */
import { EngineError } from '../engine/index.js';
import { HttpError } from '../http/errors.js';
import { PlayerError } from './actions.js';

const BACK = 'Go back to your activity to continue where you are.';

/** An attempt from an out-of-date copy of the screen (another tab): nothing recorded. */
export const ANSWERED_ELSEWHERE = 'ANSWERED_ELSEWHERE';

/** A form for a screen that is gone (another tab, the back button, a tampered field): nothing recorded. */
export const SCREEN_CHANGED = 'SCREEN_CHANGED';

function conflict(code: string, message: string): HttpError {
  return new HttpError(409, code, message, [], { forLearner: BACK });
}

export function toHttpError(err: unknown): unknown {
  if (err instanceof PlayerError) {
    switch (err.code) {
      case 'stale':
        // The player answers this one with the screen as it stands too (player-routes.ts); JSON gets it as a refusal.
        return conflict(SCREEN_CHANGED, err.message);
      case 'answered-elsewhere':
        // The player answers this one with the screen as it stands (player-routes.ts), not a problem page.
        return new HttpError(409, ANSWERED_ELSEWHERE, err.message);
      case 'completed':
        return conflict('SEQUENCE_COMPLETED', err.message);
      case 'not-finished':
        return conflict('NOT_FINISHED', err.message);
      case 'unknown-activity':
        return new HttpError(400, 'UNKNOWN_ACTIVITY', err.message, [{ path: '/activity', message: 'not an activity of this sequence' }]);
      case 'not-offered':
        return new HttpError(400, 'NOT_OFFERED', err.message, [{ path: '/option', message: 'not one of the options offered' }]);
      case 'bad-hint':
        return conflict('HINT_OUT_OF_ORDER', err.message);
    }
  }
  if (err instanceof EngineError) {
    switch (err.code) {
      case 'invalid-input':
        return new HttpError(400, 'INVALID_ANSWER', 'That answer does not fit this question.', [{ path: '/answer', message: err.message }]);
      case 'wrong-activity':
      case 'no-pending-choice':
        return conflict(SCREEN_CHANGED, 'This question is no longer on screen: your path has moved on.');
      case 'completed':
        return conflict('SEQUENCE_COMPLETED', 'You have already finished this sequence.');
      case 'no-attempts-left':
        return conflict('NO_ATTEMPTS_LEFT', 'You have used every attempt at this question. Continue to the next step.');
      case 'no-hints-left':
        return conflict('NO_HINTS_LEFT', 'There are no more hints for this question.');
      case 'invalid-sequence':
      case 'sequence-mismatch':
        // The stored state or the content is broken: ours to fix, not the learner's.
        return err;
    }
  }
  return err;
}

export function keyReused(): HttpError {
  return new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'This submission key was already used for a different answer; nothing was recorded.', [
    { path: '/k', message: 'already used for a different answer' },
  ]);
}

export function busy(): HttpError {
  return new HttpError(503, 'LEARNER_BUSY', 'Too many changes to your progress arrived at once. Please try again.');
}

export function notPlaced(): HttpError {
  return new HttpError(404, 'NOT_PLACED', 'No learning sequence has been placed in this activity yet.', [], {
    forLearner: 'Your instructor has not finished setting up this activity yet. Please check back later, or let them know.',
  });
}

export function notPublished(): HttpError {
  return new HttpError(409, 'NOT_PUBLISHED', 'The learning sequence of this activity has not been published yet.', [], {
    forLearner: 'Please check back later or let your teacher know.',
  });
}
