/**
 * validateSequence: the one entry point the studio and the API use to check a
 * document. JSON Schema first (ajv, draft-07, compiled once at module load),
 * then the semantic lint: on the whole document when the shape is right, else
 * on whatever parts it can read, so one round shows every problem. Schema errors are
 * rewritten into sentences with JSON Pointers that point at the offending
 * value (for an unknown property: at the property itself).
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import schema from '../../schemas/sequence.schema.json' with { type: 'json' };
import type { SequenceDoc } from '../engine/index.js';
import { pointer, type Issue } from './issues.js';
import { suggest } from './lint-context.js';
import { isObject } from '../json.js';
import { lintMalformed, lintSequence } from './lint.js';

// strictRequired and strictTypes are off: the schema's if/then branches require and narrow
// properties that the enclosing schema declares, which is the point of the pattern.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, strictTypes: false });
// Editor-only annotations (Monaco shows them); ajv must accept them as keywords.
ajv.addVocabulary(['enumDescriptions']);
addFormatsPlugin.default(ajv, ['uri-reference']);
const checkSchema = ajv.compile<SequenceDoc>(schema);

export const SEQUENCE_SCHEMA_ID = schema.$id;

export type ValidationResult =
  | { readonly ok: true; readonly sequence: SequenceDoc; readonly issues: readonly Issue[] }
  | { readonly ok: false; readonly sequence: null; readonly issues: readonly Issue[] };

/** ok when there is no error; warnings may remain. */
export function validateSequence(input: unknown): ValidationResult {
  if (!checkSchema(input)) {
    const schema = schemaIssues(checkSchema.errors ?? []);
    const lint = isObject(input) ? lintMalformed(input).filter((issue) => !saidBySchema(issue, schema)) : [];
    return { ok: false, sequence: null, issues: [...schema, ...lint] };
  }
  const issues = lintSequence(input);
  return issues.some((i) => i.severity === 'error') ? { ok: false, sequence: null, issues } : { ok: true, sequence: input, issues };
}

/**
 * A lint issue about a value the schema already refused (an enum's typo
 * reported twice, once as "must be one of" and once as "unknown ..."). A missing
 * property's error points at its parent, which says nothing about the values in it.
 */
function saidBySchema(issue: Issue, schema: readonly Issue[]): boolean {
  return schema.some((s) => s.code !== 'schema.required' && (issue.path === s.path || issue.path.startsWith(`${s.path}/`)));
}

const ID_PATTERN = schema.definitions.id.pattern;

function schemaIssues(errors: readonly ErrorObject[]): Issue[] {
  const skipped = branchErrors(errors);
  const seen = new Set<string>();
  const issues: Issue[] = [];
  errors.forEach((error, index) => {
    // `if` only says that a `then` failed, which has its own, better error.
    if (error.keyword === 'if' || skipped.has(index)) return;
    const issue = humanize(error);
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  });
  return issues;
}

/**
 * Indexes of errors from the branches of a failed anyOf: ajv reports them just
 * before the anyOf error, at or below its location. The anyOf's own message
 * says what was expected; the branches' would list every alternative's complaint.
 */
function branchErrors(errors: readonly ErrorObject[]): Set<number> {
  const skipped = new Set<number>();
  errors.forEach((error, index) => {
    if (error.keyword !== 'anyOf') return;
    const base = error.instancePath;
    for (let j = index - 1; j >= 0; j--) {
      const path = errors[j]?.instancePath ?? '';
      if (path !== base && !path.startsWith(`${base}/`)) break;
      skipped.add(j);
    }
  });
  return skipped;
}

function humanize(error: ErrorObject): Issue {
  const path = error.instancePath;
  const issue = (message: string, at = path): Issue => ({ severity: 'error', path: at, message, code: `schema.${error.keyword}` });
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return issue(`missing required property '${String(params.missingProperty)}'`);
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return issue(`unknown property '${property}'${suggest(property, allowed)}`, pointer(path, property));
    }
    case 'false schema':
      return issue(`property '${path.split('/').pop() ?? ''}' is not allowed here`);
    case 'enum':
      return issue(`must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${enumSuggestion(error)}`);
    case 'const':
      return issue(`must be ${JSON.stringify(params.allowedValue)}`);
    case 'type':
      return issue(`must be ${article(String(params.type))}`);
    case 'pattern':
      return error.schemaPath.includes('/definitions/id/')
        ? issue(`${JSON.stringify(error.data)} is not a valid id: start with a letter, then letters, digits, '_', '.' or '-' (${ID_PATTERN})`)
        : issue(`must match the pattern ${String(params.pattern)}`);
    case 'anyOf':
      return issue(alternativesMessage(error));
    case 'uniqueItems':
      return issue(`items ${String(params.j)} and ${String(params.i)} are the same; each may appear once`);
    case 'format':
      return issue(`must be a valid ${String(params.format)} (e.g. /static/media/clip.mp4)`);
    default:
      return issue(error.message ?? 'is invalid');
  }
}

function enumSuggestion(error: ErrorObject): string {
  return typeof error.data === 'string' ? suggest(error.data, (error.params as { allowedValues: unknown[] }).allowedValues.map(String)) : '';
}

function article(type: string): string {
  return type
    .split(',')
    .map((t) => (t === 'array' || t === 'object' || t === 'integer' ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`))
    .join(' or ');
}

/** The only anyOf in the schema is a condition's value. */
function alternativesMessage(error: ErrorObject): string {
  return error.instancePath.endsWith('/value')
    ? 'must be a string, number, boolean, null, an array of those, or a fact reference { "fact": ..., "path"?: ... }'
    : 'does not match any of the allowed forms';
}
