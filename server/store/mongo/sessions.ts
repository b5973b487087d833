import type { JsonObject, LoginState, LoginStateRepo, Session, SessionRepo } from '../types.js';
import type { LoginStateDoc, Models, SessionDoc } from './models.js';
import { conflictOnDuplicate, fromJson, toJson } from './shared.js';

function toLoginState(d: LoginStateDoc): LoginState {
  return {
    state: d.state,
    nonce: d.nonce,
    platformId: d.platformId,
    targetLinkUri: d.targetLinkUri,
    createdAt: d.createdAt,
    expiresAt: d.expiresAt.getTime(),
  };
}

function toSession(d: SessionDoc): Session {
  return {
    id: d.id,
    platformId: d.platformId,
    deploymentId: d.deploymentId,
    contextId: d.contextId,
    contextTitle: d.contextTitle,
    resourceLinkId: d.resourceLinkId,
    resourceLinkTitle: d.resourceLinkTitle,
    userId: d.userId,
    userName: d.userName,
    userEmail: d.userEmail,
    roles: [...d.roles],
    messageType: d.messageType,
    claims: fromJson<JsonObject>(d.claims),
    createdAt: d.createdAt,
    expiresAt: d.expiresAt.getTime(),
  };
}

export function loginStateRepo(m: Models): LoginStateRepo {
  return {
    async insertLoginState(s) {
      await conflictOnDuplicate('Login state already exists', () => m.loginStates.create({ ...s, expiresAt: new Date(s.expiresAt) }));
    },
    async consumeLoginState(state, now) {
      // findOneAndDelete reads and removes in one operation: a replayed launch finds nothing.
      const d = await m.loginStates.findOneAndDelete({ state }).lean<LoginStateDoc>();
      return d && d.expiresAt.getTime() > now ? toLoginState(d) : null;
    },
    async deleteExpiredLoginStates(now) {
      return (await m.loginStates.deleteMany({ expiresAt: { $lte: new Date(now) } })).deletedCount;
    },
  };
}

export function sessionRepo(m: Models): SessionRepo {
  return {
    async insertSession(s) {
      const doc: SessionDoc = { ...s, claims: toJson(s.claims), expiresAt: new Date(s.expiresAt) };
      await conflictOnDuplicate('Session already exists', () => m.sessions.create(doc));
    },
    async selectSession(id, now) {
      // The TTL monitor runs only every minute, so expiry is checked here too.
      const d = await m.sessions.findOne({ id, expiresAt: { $gt: new Date(now) } }).lean<SessionDoc>();
      return d ? toSession(d) : null;
    },
    async deleteSession(id) {
      await m.sessions.deleteOne({ id });
    },
    async deleteExpiredSessions(now) {
      return (await m.sessions.deleteMany({ expiresAt: { $lte: new Date(now) } })).deletedCount;
    },
  };
}
