import type { JSONSchemaType } from 'ajv';
import { bodyParser } from '../http/validate.js';
import type { PlatformInput } from '../lti/registration.js';

const url = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2048 } as const;
const id = { type: 'string', minLength: 1, maxLength: 255 } as const;

const platformSchema: JSONSchemaType<PlatformInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['issuer', 'clientId', 'name', 'authLoginUrl', 'authTokenUrl', 'jwksUrl', 'deploymentIds'],
  properties: {
    issuer: url,
    clientId: id,
    name: { type: 'string', minLength: 1, maxLength: 200 },
    authLoginUrl: url,
    authTokenUrl: url,
    authServer: { ...url, nullable: true },
    jwksUrl: url,
    deploymentIds: { type: 'array', items: id, maxItems: 100, uniqueItems: true },
  },
};

export const parsePlatformInput = bodyParser(platformSchema, 'platform registration');

export const parseDeploymentInput = bodyParser<{ deploymentId: string }>(
  { type: 'object', additionalProperties: false, required: ['deploymentId'], properties: { deploymentId: id } },
  'deployment',
);
