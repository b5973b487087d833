/**
 * Readers for JSON bodies sent by tools (line items, scores, deep-linking
 * content items, registrations). Each names the offending field in its error,
 * because "400 Bad Request" alone sends a tool developer hunting.
 */
export class InvalidField extends Error {
  override readonly name = 'InvalidField';
}

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidField(`${what} must be a JSON object`);
  return value as JsonObject;
}

export function requiredString(obj: JsonObject, key: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidField(`${key} is required and must be a non-empty string`);
  return value;
}

export function optionalString(obj: JsonObject, key: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new InvalidField(`${key} must be a string`);
  return value;
}

export function optionalBoolean(obj: JsonObject, key: string): boolean | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') throw new InvalidField(`${key} must be true or false`);
  return value;
}

/** A finite number, > 0 when `positive`, else >= 0. */
export function optionalNumber(obj: JsonObject, key: string, rule: 'positive' | 'non-negative'): number | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (rule === 'positive' && value === 0)) {
    throw new InvalidField(`${key} must be a ${rule === 'positive' ? 'number greater than 0' : 'number of 0 or more'}`);
  }
  return value;
}

export function requiredPositiveNumber(obj: JsonObject, key: string): number {
  const value = optionalNumber(obj, key, 'positive');
  if (value === null) throw new InvalidField(`${key} is required`);
  return value;
}

export function oneOf<T extends string>(obj: JsonObject, key: string, allowed: readonly T[]): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidField(`${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

// ISO 8601 date-time with an explicit offset: without one, two clocks cannot be compared.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function optionalTimestamp(obj: JsonObject, key: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidField(`${key} must be an ISO 8601 date-time with a time zone, like 2025-01-31T12:00:00.000Z`);
  }
  return value;
}

export function requiredTimestamp(obj: JsonObject, key: string): string {
  const value = optionalTimestamp(obj, key);
  if (value === null) throw new InvalidField(`${key} is required`);
  return value;
}

/** Custom parameters: LTI only allows string values. */
export function stringRecord(obj: JsonObject, key: string): Record<string, string> {
  const value = obj[key];
  if (value === undefined || value === null) return {};
  const record = asObject(value, key);
  for (const [name, v] of Object.entries(record)) {
    if (typeof v !== 'string') throw new InvalidField(`${key}.${name} must be a string`);
  }
  return record as Record<string, string>;
}

export function stringArray(obj: JsonObject, key: string): string[] {
  const value = obj[key];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new InvalidField(`${key} must be an array of strings`);
  return value as string[];
}

/** An absolute http(s) URL. Plain http is allowed because development tools run on 127.0.0.1. */
export function httpUrl(value: unknown, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new InvalidField(`${what} must be an absolute URL`);
  }
  if (typeof value !== 'string' || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new InvalidField(`${what} must be an http or https URL`);
  if (url.hash !== '') throw new InvalidField(`${what} must not have a fragment`);
  return url;
}
