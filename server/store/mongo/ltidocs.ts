import type { Json, JsonObject, LtiDocRepo } from '../types.js';
import type { LtiDocDoc, Models } from './models.js';

// Field names become document paths; a '.' or '$' would address something else. Patches
// are held to the same rule so both adapters accept the same documents.
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkField(field: string): string {
  if (!FIELD.test(field)) throw new TypeError(`ltijs field name ${JSON.stringify(field)} is not a plain identifier`);
  return field;
}

/**
 * Aggregation $eq rather than a plain filter: a filter would let 'x' match an array
 * containing 'x' and null match a missing field, where the contract wants JSON equality.
 * $literal keeps a value such as "$x" from being read as a field path.
 */
function fieldMatch(field: string, value: Json) {
  if (value !== null && typeof value === 'object') {
    throw new TypeError(`ltijs query field ${field} must be a string, number, boolean or null`);
  }
  return { $eq: [`$doc.${checkField(field)}`, { $literal: value }] };
}

/** Only live documents match, as if the expiry sweep had just run. */
function match(collectionName: string, query: JsonObject) {
  const fields = Object.entries(query).map(([field, value]) => fieldMatch(field, value));
  return {
    collectionName,
    $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }],
    ...(fields.length > 0 ? { $expr: { $and: fields } } : {}),
  };
}

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

export function ltiDocRepo(m: Models): LtiDocRepo {
  return {
    async findLtiDocs(collection, query) {
      const docs = await m.ltiDocs.find(match(collection, query)).sort({ _id: 1 }).lean<LtiDocDoc[]>();
      return docs.map((d) => d.doc);
    },
    async insertLtiDoc(collection, doc, expiresAt) {
      await m.ltiDocs.create({ collectionName: collection, doc, expiresAt: toDate(expiresAt) });
    },
    async replaceLtiDoc(collection, query, doc, expiresAt) {
      const replaced = await m.ltiDocs.updateMany(match(collection, query), { $set: { doc, expiresAt: toDate(expiresAt) } });
      if (replaced.matchedCount === 0) await m.ltiDocs.create({ collectionName: collection, doc, expiresAt: toDate(expiresAt) });
    },
    async modifyLtiDoc(collection, query, patch) {
      const filter = match(collection, query);
      const fields = Object.entries(patch);
      // An empty $set is an error in MongoDB; an empty patch only asks whether a match exists.
      if (fields.length === 0) return (await m.ltiDocs.exists(filter)) !== null;
      const set = Object.fromEntries(fields.map(([field, value]) => [`doc.${checkField(field)}`, value]));
      const modified = await m.ltiDocs.findOneAndUpdate(filter, { $set: set }, { sort: { _id: 1 } }).lean<LtiDocDoc>();
      return modified !== null;
    },
    async deleteLtiDocs(collection, query) {
      return (await m.ltiDocs.deleteMany(match(collection, query))).deletedCount;
    },
    async deleteExpiredLtiDocs(now) {
      return (await m.ltiDocs.deleteMany({ expiresAt: { $lte: new Date(now) } })).deletedCount;
    },
  };
}
