import type { JsonObject, LoginState, LoginStateRepo, Session, SessionRepo, ToolRole } from '../types.js';
import type { GroupCommit } from './group-commit.js';
import { fromJson, toJson, withConflict, type Db } from './sql.js';

interface LoginStateRow {
  state: string;
  nonce: string;
  platform_id: string;
  target_link_uri: string;
  created_at: number;
  expires_at: number;
}

interface SessionRow {
  id: string;
  platform_id: string;
  deployment_id: string;
  context_id: string;
  context_title: string | null;
  resource_link_id: string;
  resource_link_title: string | null;
  user_id: string;
  user_name: string | null;
  user_email: string | null;
  roles: string;
  message_type: Session['messageType'];
  claims: string;
  created_at: number;
  expires_at: number;
}

function toLoginState(r: LoginStateRow): LoginState {
  return {
    state: r.state,
    nonce: r.nonce,
    platformId: r.platform_id,
    targetLinkUri: r.target_link_uri,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

function toSession(r: SessionRow): Session {
  return {
    id: r.id,
    platformId: r.platform_id,
    deploymentId: r.deployment_id,
    contextId: r.context_id,
    contextTitle: r.context_title,
    resourceLinkId: r.resource_link_id,
    resourceLinkTitle: r.resource_link_title,
    userId: r.user_id,
    userName: r.user_name,
    userEmail: r.user_email,
    roles: fromJson<ToolRole[]>(r.roles),
    messageType: r.message_type,
    claims: fromJson<JsonObject>(r.claims),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

/*
 * A launch writes a login state, takes it back and opens a session: three
 * commits of its own each, which a class launching together at the start of a
 * lesson paid one by one. They join the answers' group commit instead; each
 * still settles only once durable, and a failing one (a replayed state, a
 * duplicate id) is rolled back alone.
 */
export function loginStateRepo(db: Db, group: GroupCommit): LoginStateRepo {
  const insert = db.prepare<LoginStateRow>(
    `INSERT INTO login_states (state, nonce, platform_id, target_link_uri, created_at, expires_at)
     VALUES (@state, @nonce, @platform_id, @target_link_uri, @created_at, @expires_at)`,
  );
  // One statement reads and deletes, so two launches replaying the same state cannot both get it.
  const take = db.prepare<[string], LoginStateRow>('DELETE FROM login_states WHERE state = ? RETURNING *');
  const removeExpired = db.prepare<[number]>('DELETE FROM login_states WHERE expires_at <= ?');

  return {
    async insertLoginState(s) {
      const row: LoginStateRow = {
        state: s.state,
        nonce: s.nonce,
        platform_id: s.platformId,
        target_link_uri: s.targetLinkUri,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      };
      await group.run(() => withConflict('Login state already exists', () => insert.run(row)));
    },
    async consumeLoginState(state, now) {
      const row = await group.run(() => take.get(state));
      return row && row.expires_at > now ? toLoginState(row) : null;
    },
    async deleteExpiredLoginStates(now) {
      return removeExpired.run(now).changes;
    },
  };
}

export function sessionRepo(db: Db, group: GroupCommit): SessionRepo {
  const insert = db.prepare<SessionRow>(
    `INSERT INTO sessions (id, platform_id, deployment_id, context_id, context_title, resource_link_id, resource_link_title,
       user_id, user_name, user_email, roles, message_type, claims, created_at, expires_at)
     VALUES (@id, @platform_id, @deployment_id, @context_id, @context_title, @resource_link_id, @resource_link_title,
       @user_id, @user_name, @user_email, @roles, @message_type, @claims, @created_at, @expires_at)`,
  );
  const live = db.prepare<[string, number], SessionRow>('SELECT * FROM sessions WHERE id = ? AND expires_at > ?');
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
  const removeExpired = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    async insertSession(s) {
      const row: SessionRow = {
        id: s.id,
        platform_id: s.platformId,
        deployment_id: s.deploymentId,
        context_id: s.contextId,
        context_title: s.contextTitle,
        resource_link_id: s.resourceLinkId,
        resource_link_title: s.resourceLinkTitle,
        user_id: s.userId,
        user_name: s.userName,
        user_email: s.userEmail,
        roles: toJson(s.roles),
        message_type: s.messageType,
        claims: toJson(s.claims),
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      };
      await group.run(() => withConflict('Session already exists', () => insert.run(row)));
    },
    async selectSession(id, now) {
      const row = live.get(id, now);
      return row ? toSession(row) : null;
    },
    async deleteSession(id) {
      remove.run(id);
    },
    async deleteExpiredSessions(now) {
      return removeExpired.run(now).changes;
    },
  };
}
