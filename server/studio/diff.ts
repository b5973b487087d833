/**
 * What changed between two sequence documents, as a list of changes at JSON
 * Pointers, for the studio's "compare versions" view.
 *
 *   { path, op: 'add' | 'remove' | 'replace', before?, after? }
 *
 * Objects are compared key by key. Arrays are aligned with a longest common
 * subsequence, so inserting an activity at the top reports one `add`, not a
 * `replace` of every activity below it:
 *  - arrays whose items all carry unique `id`s (objectives, activities, rules,
 *    choices...) are aligned by id: an item kept in place is compared field by
 *    field; an item that moved is reported as removed where it was and added
 *    where it is now (order is meaningful: choices are shown in it);
 *  - other arrays are aligned by value, and a removed item facing an added one
 *    at the same place is reported as a `replace`.
 * Paths of `remove` point into the `from` document; paths of `add` and
 * `replace` point into the `to` document (where the item now is).
 */
import { pointer } from '../content/issues.js';
import type { Json } from '../store/types.js';

export type ChangeOp = 'add' | 'remove' | 'replace';

export interface Change {
  readonly path: string;
  readonly op: ChangeOp;
  readonly before?: Json;
  readonly after?: Json;
}

type JsonRecord = { [key: string]: Json };

const isRecord = (v: Json): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted, so equal values have equal text whatever their key order. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k] as Json)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Equal as JSON: the same values, whatever the order of object keys. */
export function sameJson(a: Json, b: Json): boolean {
  return equal(a, b);
}

function equal(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonical(a) === canonical(b);
}

export function diffJson(before: Json, after: Json, path = ''): Change[] {
  if (equal(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, path);
  if (isRecord(before) && isRecord(after)) return diffObjects(before, after, path);
  return [{ path, op: 'replace', before, after }];
}

function diffObjects(before: JsonRecord, after: JsonRecord, path: string): Change[] {
  const changes: Change[] = [];
  for (const key of Object.keys(before)) {
    const at = pointer(path, key);
    if (!Object.hasOwn(after, key)) changes.push({ path: at, op: 'remove', before: before[key] as Json });
    else changes.push(...diffJson(before[key] as Json, after[key] as Json, at));
  }
  for (const key of Object.keys(after)) {
    if (!Object.hasOwn(before, key)) changes.push({ path: pointer(path, key), op: 'add', after: after[key] as Json });
  }
  return changes;
}

/** Item keys: `id` when every item of both arrays has a unique string id, else the canonical value. */
function itemKeys(before: readonly Json[], after: readonly Json[]): { keys: [string[], string[]]; byId: boolean } {
  const ids = (items: readonly Json[]): string[] | null => {
    const out: string[] = [];
    for (const item of items) {
      const id = isRecord(item) ? item.id : undefined;
      if (typeof id !== 'string') return null;
      out.push(id);
    }
    return new Set(out).size === out.length ? out : null;
  };
  const a = ids(before);
  const b = ids(after);
  if (a !== null && b !== null) return { keys: [a, b], byId: true };
  return { keys: [before.map(canonical), after.map(canonical)], byId: false };
}

type Step = { kind: 'keep'; i: number; j: number } | { kind: 'remove'; i: number } | { kind: 'add'; j: number };

/** Edit script from the LCS table; sequences in a document are small (hundreds of items at most). */
function align(a: readonly string[], b: readonly string[]): Step[] {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i] as Uint32Array;
    const below = table[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) steps.push({ kind: 'keep', i: i++, j: j++ });
    else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) steps.push({ kind: 'remove', i: i++ });
    else steps.push({ kind: 'add', j: j++ });
  }
  while (i < n) steps.push({ kind: 'remove', i: i++ });
  while (j < m) steps.push({ kind: 'add', j: j++ });
  return steps;
}

function diffArrays(before: readonly Json[], after: readonly Json[], path: string): Change[] {
  const { keys, byId } = itemKeys(before, after);
  const changes: Change[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flushGap = () => {
    // Value arrays: a removal facing an addition is an edit of that item.
    const paired = byId ? 0 : Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) {
      const j = added[k] as number;
      changes.push(...diffJson(before[removed[k] as number] as Json, after[j] as Json, pointer(path, j)));
    }
    for (const i of removed.slice(paired)) changes.push({ path: pointer(path, i), op: 'remove', before: before[i] as Json });
    for (const j of added.slice(paired)) changes.push({ path: pointer(path, j), op: 'add', after: after[j] as Json });
    removed = [];
    added = [];
  };
  for (const step of align(keys[0], keys[1])) {
    if (step.kind === 'remove') removed.push(step.i);
    else if (step.kind === 'add') added.push(step.j);
    else {
      flushGap();
      changes.push(...diffJson(before[step.i] as Json, after[step.j] as Json, pointer(path, step.j)));
    }
  }
  flushGap();
  return changes;
}
