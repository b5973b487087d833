/**
 * Default values of optional authored fields, read from the JSON Schema itself.
 *
 * The studio shows the schema's `default`s while the designer types; reading the
 * same numbers here means the engine can never disagree with what the editor
 * promised. Importing the JSON is a module import, not file or network access,
 * so the engine stays pure and bundles for the studio's preview.
 */
import schema from '../../schemas/sequence.schema.json' with { type: 'json' };
import type { GradingMethod } from './types.js';

const d = schema.definitions;

export const DEFAULTS = {
  bkt: {
    prior: d.bktParams.properties.prior.default,
    learn: d.bktParams.properties.learn.default,
    guess: d.bktParams.properties.guess.default,
    slip: d.bktParams.properties.slip.default,
  },
  masteryThreshold: d.objective.properties.masteryThreshold.default,
  maxAttempts: d.maxAttempts.default,
  numericTolerance: d.numeric.properties.tolerance.default,
  revealDirection: d.numeric.properties.revealDirection.default,
  caseSensitive: d.shortText.properties.caseSensitive.default,
  ignoreWhitespace: d.shortText.properties.ignoreWhitespace.default,
  askConfidence: d.handsOn.properties.askConfidence.default,
  preferModality: d.preferModality.default,
  allObjectivesMastered: d.completion.properties.allObjectivesMastered.default,
  gradingMethod: d.grading.properties.method.default as GradingMethod,
  guardMaxSteps: d.guard.properties.maxSteps.default,
  guardMaxRevisits: d.guard.properties.maxRevisits.default,
} as const;
