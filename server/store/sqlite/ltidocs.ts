import type { Json, JsonObject, LtiDocRepo } from '../types.js';
import { fromJson, toJson, type Db } from './sql.js';

type Param = string | number;

interface Match {
  sql: string;
  params: Param[];
}

// Field names become JSON paths; anything beyond an identifier could address a different
// field. Patches are held to the same rule so both adapters accept the same documents.
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkField(field: string): string {
  if (!FIELD.test(field)) throw new TypeError(`ltijs field name ${JSON.stringify(field)} is not a plain identifier`);
  return field;
}

/**
 * One condition per top-level field, JSON-equal rather than SQL-equal: json_extract
 * alone would let true match 1 and the string "{}" match an object, so the JSON type
 * is checked as well.
 */
function fieldMatch(field: string, value: Json): Match {
  const path = `$.${checkField(field)}`;
  if (typeof value === 'string') {
    return { sql: `(json_type(doc, ?) = 'text' AND json_extract(doc, ?) = ?)`, params: [path, path, value] };
  }
  if (typeof value === 'number') {
    return { sql: `(json_type(doc, ?) IN ('integer', 'real') AND json_extract(doc, ?) = ?)`, params: [path, path, value] };
  }
  if (typeof value === 'boolean') return { sql: 'json_type(doc, ?) = ?', params: [path, String(value)] };
  if (value === null) return { sql: `json_type(doc, ?) = 'null'`, params: [path] };
  throw new TypeError(`ltijs query field ${field} must be a string, number, boolean or null`);
}

/** Only live documents match, as if the expiry sweep had just run. */
function match(collection: string, query: JsonObject): Match {
  const fields = Object.entries(query).map(([field, value]) => fieldMatch(field, value));
  return {
    sql: ['collection = ?', '(expires_at IS NULL OR expires_at > ?)', ...fields.map((f) => f.sql)].join(' AND '),
    params: [collection, Date.now(), ...fields.flatMap((f) => f.params)],
  };
}

export function ltiDocRepo(db: Db): LtiDocRepo {
  const insert = db.prepare<[string, string, number | null]>('INSERT INTO lti_docs (collection, doc, expires_at) VALUES (?, ?, ?)');
  const rewrite = db.prepare<[string, number]>('UPDATE lti_docs SET doc = ? WHERE id = ?');
  const removeExpired = db.prepare<[number]>('DELETE FROM lti_docs WHERE expires_at <= ?');

  const replace = db.transaction((collection: string, query: JsonObject, doc: JsonObject, expiresAt: number | null) => {
    const m = match(collection, query);
    const replaced = db.prepare(`UPDATE lti_docs SET doc = ?, expires_at = ? WHERE ${m.sql}`).run(toJson(doc), expiresAt, ...m.params);
    if (replaced.changes === 0) insert.run(collection, toJson(doc), expiresAt);
  });

  // A shallow merge in JS: SQLite's json_patch merges recursively and treats null as delete.
  const modify = db.transaction((collection: string, query: JsonObject, patch: JsonObject): boolean => {
    Object.keys(patch).forEach(checkField);
    const m = match(collection, query);
    const first = db
      .prepare<Param[], { id: number; doc: string }>(`SELECT id, doc FROM lti_docs WHERE ${m.sql} ORDER BY id LIMIT 1`)
      .get(...m.params);
    if (!first) return false;
    rewrite.run(toJson({ ...fromJson<JsonObject>(first.doc), ...patch }), first.id);
    return true;
  });

  return {
    async findLtiDocs(collection, query) {
      const m = match(collection, query);
      return db
        .prepare<Param[], { doc: string }>(`SELECT doc FROM lti_docs WHERE ${m.sql} ORDER BY id`)
        .all(...m.params)
        .map((r) => fromJson<JsonObject>(r.doc));
    },
    async insertLtiDoc(collection, doc, expiresAt) {
      insert.run(collection, toJson(doc), expiresAt);
    },
    async replaceLtiDoc(collection, query, doc, expiresAt) {
      replace.immediate(collection, query, doc, expiresAt);
    },
    async modifyLtiDoc(collection, query, patch) {
      return modify.immediate(collection, query, patch);
    },
    async deleteLtiDocs(collection, query) {
      const m = match(collection, query);
      return db.prepare<Param[]>(`DELETE FROM lti_docs WHERE ${m.sql}`).run(...m.params).changes;
    },
    async deleteExpiredLtiDocs(now) {
      return removeExpired.run(now).changes;
    },
  };
}
