/** Narrowing for JSON that arrives untyped: stored states, platforms' answers. */

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
