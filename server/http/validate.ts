/**
 * Input parsed at the edge: every JSON body goes through an ajv schema, and a
 * failure becomes a 400 listing each offending path, never a 500 later on.
 */
import { Ajv, type ErrorObject, type JSONSchemaType } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { badRequest, type ErrorDetail } from './errors.js';

// ajv-formats is CommonJS with a default export that TypeScript sees as the module.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = addFormats(new Ajv({ allErrors: true, strict: true, coerceTypes: false }));

function describe(e: ErrorObject): ErrorDetail {
  if (e.keyword === 'required') return { path: `${e.instancePath}/${String(e.params.missingProperty)}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') return { path: `${e.instancePath}/${String(e.params.additionalProperty)}`, message: 'is not an accepted field' };
  return { path: e.instancePath || '/', message: e.message ?? 'is invalid' };
}

export function bodyParser<T>(schema: JSONSchemaType<T>, what: string): (body: unknown) => T {
  const validate = ajv.compile(schema);
  return (body) => {
    if (validate(body)) return body;
    throw badRequest(`The ${what} is invalid; see the listed fields.`, (validate.errors ?? []).map(describe));
  };
}
