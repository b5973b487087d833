/**
 * Errors the engine throws when it is used wrongly: a sequence that cannot be
 * compiled, or a player call that does not fit the learner's state (answering
 * an activity that is not on screen, choosing an option that was not offered).
 * `code` is stable so the API can map it (e.g. to HTTP 409) without parsing text.
 */
export type EngineErrorCode =
  | 'invalid-sequence'
  | 'sequence-mismatch'
  | 'completed'
  | 'wrong-activity'
  | 'invalid-input'
  | 'no-attempts-left'
  | 'no-hints-left'
  | 'no-pending-choice';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}
