/**
 * Every studio request body and parameter, validated at the edge (ajv via
 * server/http/validate.ts): a malformed request is a 400 listing the offending
 * paths, never a 500 further in.
 *
 * The schemas are written as plain JSON Schema and typed by the interface next
 * to them: ajv's JSONSchemaType cannot express "any JSON object" (a draft),
 * which is what most of these bodies carry.
 */
import type { JSONSchemaType } from 'ajv';
import { badRequest, HttpError } from '../../http/errors.js';
import { bodyParser } from '../../http/validate.js';
import { DEFAULT_LEARNERS, DEFAULT_SEED, MAX_LEARNERS, MODALITIES } from '../../simulation/index.js';
import type { JsonObject } from '../../store/types.js';
import { MAX_TITLE, type CreateInput, type SaveInput } from '../sequences/drafts.js';
import type { PreviewStart } from '../preview/start.js';
import type { DiffSide, PublishOptions } from '../sequences/publishing.js';
import { TEMPLATE_NAMES } from '../sequences/templates.js';

function parser<T>(schema: object, what: string): (body: unknown) => T {
  return bodyParser(schema as JSONSchemaType<T>, what);
}

const title = { type: 'string', minLength: 1, maxLength: MAX_TITLE, pattern: '\\S' } as const;
/**
 * A save's title is the draft's, and a draft saves whatever its problems (the
 * schema lists a long title as one); the record keeps it cut to MAX_TITLE.
 */
const savedTitle = { type: 'string', minLength: 1, pattern: '\\S' } as const;
const anyObject = { type: 'object' } as const;
const sequenceId = { type: 'string', minLength: 1, maxLength: 100 } as const;

const parseCreateShape = parser<CreateInput>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['title'],
    properties: { title, template: { type: 'string', enum: TEMPLATE_NAMES }, duplicateOf: sequenceId, draft: anyObject },
  },
  'new sequence',
);

export function parseCreate(body: unknown): CreateInput {
  const input = parseCreateShape(body);
  const given = (['template', 'duplicateOf', 'draft'] as const).filter((k) => input[k] !== undefined);
  if (given.length > 1) {
    throw badRequest(
      'Start a sequence from one source: a template, a sequence to duplicate, or an imported draft.',
      given.map((k) => ({ path: `/${k}`, message: `cannot be combined with ${given.filter((g) => g !== k).join(' and ')}` })),
    );
  }
  return input;
}

export const parseSave = parser<SaveInput>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'draft', 'baseUpdatedAt'],
    properties: { title: savedTitle, draft: anyObject, baseUpdatedAt: { type: 'integer', minimum: 0 } },
  },
  'save',
);

export const parsePublish = parser<PublishOptions>(
  { type: 'object', additionalProperties: false, properties: { confirmWarnings: { type: 'boolean' }, baseUpdatedAt: { type: 'integer', minimum: 0 } } },
  'publish request',
);

/** `draft` may be any JSON: reporting that it is not a sequence is the linter's job. */
export const parseLint = parser<{ draft: unknown; sequenceId?: string }>(
  { type: 'object', additionalProperties: false, required: ['draft'], properties: { draft: {}, sequenceId } },
  'lint request',
);

export interface SimulateInput {
  draft: JsonObject;
  learners: number;
  seed: number;
}

const parseSimulateShape = parser<{ draft: JsonObject; learners?: number; seed?: number }>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['draft'],
    properties: {
      draft: anyObject,
      learners: { type: 'integer', minimum: 1, maximum: MAX_LEARNERS },
      seed: { type: 'integer', minimum: 0, maximum: 0xffffffff },
    },
  },
  'simulation request',
);

export function parseSimulate(body: unknown): SimulateInput {
  const { draft, learners, seed } = parseSimulateShape(body);
  return { draft, learners: learners ?? DEFAULT_LEARNERS, seed: seed ?? DEFAULT_SEED };
}

/** A version number in a path or query: a positive integer, else 400 naming the parameter. */
export function parseVersion(value: unknown, name: string): number {
  if (typeof value === 'string' && /^[1-9][0-9]{0,8}$/.test(value)) return Number(value);
  throw new HttpError(400, 'BAD_REQUEST', `'${name}' must be a version number (1, 2, ...).`, [{ path: `/${name}`, message: 'must be a positive integer' }]);
}

export function parseDiffSide(value: unknown, name: string): DiffSide {
  return value === 'draft' ? 'draft' : parseVersion(value, name);
}

export function parseQuery(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 200) : '';
}

/** A yes/no query parameter: absent is false; anything but 'true' or 'false' is a 400 rather than a silent no. */
export function parseFlag(value: unknown, name: string): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new HttpError(400, 'BAD_REQUEST', `'${name}' must be true or false.`, [{ path: `/${name}`, message: 'must be true or false' }]);
}

export interface PreviewInput {
  draft: JsonObject;
  start?: PreviewStart;
}

const labels = { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 100 } } as const;

export const parsePreview = parser<PreviewInput>(
  {
    type: 'object',
    additionalProperties: false,
    required: ['draft'],
    properties: {
      draft: anyObject,
      start: {
        type: 'object',
        additionalProperties: false,
        properties: {
          mastery: { type: 'object', maxProperties: 200, additionalProperties: { type: 'number', minimum: 0, maximum: 1 } },
          profile: {
            type: 'object',
            additionalProperties: false,
            properties: { interests: labels, goals: labels, modality: { enum: [...MODALITIES, null] } },
          },
        },
      },
    },
  },
  'preview request',
);
