/** Bodies of the key rotation endpoints, validated like every admin input. */
import { bodyParser } from '../http/validate.js';

/** Long enough for any sane grace period; a typo of extra digits is refused rather than kept for centuries. */
export const MAX_GRACE_DAYS = 3650;

export const parseRotateInput = bodyParser<{ platformId?: string }>(
  { type: 'object', additionalProperties: false, properties: { platformId: { type: 'string', minLength: 1, maxLength: 255, nullable: true } } },
  'key rotation',
);

export const parseRetireInput = bodyParser<{ olderThanDays: number }>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['olderThanDays'],
    properties: { olderThanDays: { type: 'number', minimum: 0, maximum: MAX_GRACE_DAYS } },
  },
  'key retirement',
);
