import { randomUUID } from 'node:crypto';
import type { Deployment, JsonObject, Platform, PlatformRepo, Registration, RegistrationRepo } from '../types.js';
import { fromJson, toJson, withConflict, withParent, type Db } from './sql.js';

interface PlatformRow {
  id: string;
  issuer: string;
  client_id: string;
  name: string;
  auth_login_url: string;
  auth_token_url: string;
  auth_server: string | null;
  jwks_url: string;
  status: Platform['status'];
  source: Platform['source'];
  created_at: number;
  updated_at: number;
}

interface DeploymentRow {
  platform_id: string;
  deployment_id: string;
  created_at: number;
}

interface RegistrationRow {
  id: string;
  platform_id: string;
  openid_configuration: string;
  tool_configuration: string;
  created_at: number;
}

function toPlatform(r: PlatformRow): Platform {
  return {
    id: r.id,
    issuer: r.issuer,
    clientId: r.client_id,
    name: r.name,
    authLoginUrl: r.auth_login_url,
    authTokenUrl: r.auth_token_url,
    authServer: r.auth_server,
    jwksUrl: r.jwks_url,
    status: r.status,
    source: r.source,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(p: Platform): PlatformRow {
  return {
    id: p.id,
    issuer: p.issuer,
    client_id: p.clientId,
    name: p.name,
    auth_login_url: p.authLoginUrl,
    auth_token_url: p.authTokenUrl,
    auth_server: p.authServer,
    jwks_url: p.jwksUrl,
    status: p.status,
    source: p.source,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

function toDeployment(r: DeploymentRow): Deployment {
  return { platformId: r.platform_id, deploymentId: r.deployment_id, createdAt: r.created_at };
}

function toRegistration(r: RegistrationRow): Registration {
  return {
    id: r.id,
    platformId: r.platform_id,
    openidConfiguration: fromJson<JsonObject>(r.openid_configuration),
    toolConfiguration: fromJson<JsonObject>(r.tool_configuration),
    createdAt: r.created_at,
  };
}

const conflict = (issuer: string, clientId: string) => `A platform with issuer ${issuer} and client id ${clientId} is already registered`;

export function platformRepo(db: Db): PlatformRepo {
  const columns = 'id, issuer, client_id, name, auth_login_url, auth_token_url, auth_server, jwks_url, status, source, created_at, updated_at';
  const values = columns.replace(/(\w+)/g, '@$1');
  const insert = db.prepare<PlatformRow>(`INSERT INTO platforms (${columns}) VALUES (${values})`);
  const update = db.prepare<PlatformRow>(
    `UPDATE platforms SET (${columns}) = (${values}) WHERE id = @id`,
  );
  const byId = db.prepare<[string], PlatformRow>('SELECT * FROM platforms WHERE id = ?');
  const byIssuerClient = db.prepare<[string, string], PlatformRow>('SELECT * FROM platforms WHERE issuer = ? AND client_id = ?');
  const byIssuer = db.prepare<[string], PlatformRow>('SELECT * FROM platforms WHERE issuer = ? ORDER BY created_at, rowid');
  const all = db.prepare<[], PlatformRow>('SELECT * FROM platforms ORDER BY created_at, rowid');
  const remove = db.prepare<[string]>('DELETE FROM platforms WHERE id = ?');

  const insertDeployment = db.prepare<[string, string, number]>(
    'INSERT INTO deployments (platform_id, deployment_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const deployment = db.prepare<[string, string], DeploymentRow>('SELECT * FROM deployments WHERE platform_id = ? AND deployment_id = ?');
  const deployments = db.prepare<[string], DeploymentRow>('SELECT * FROM deployments WHERE platform_id = ? ORDER BY created_at, rowid');
  const removeDeployment = db.prepare<[string, string]>('DELETE FROM deployments WHERE platform_id = ? AND deployment_id = ?');

  // Read-modify-write: the patch is applied in JS so one statement covers any subset of fields.
  const patchPlatform = db.transaction((id: string, patch: Partial<Omit<Platform, 'id' | 'createdAt'>>): Platform | null => {
    const row = byId.get(id);
    if (!row) return null;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: Platform = { ...toPlatform(row), updatedAt: Date.now(), ...defined, id, createdAt: row.created_at };
    withConflict(conflict(next.issuer, next.clientId), () => update.run(toRow(next)));
    return next;
  });

  return {
    async insertPlatform(p) {
      const now = Date.now();
      const platform: Platform = { ...p, id: randomUUID(), createdAt: now, updatedAt: now };
      withConflict(conflict(p.issuer, p.clientId), () => insert.run(toRow(platform)));
      return platform;
    },
    async selectPlatform(id) {
      const row = byId.get(id);
      return row ? toPlatform(row) : null;
    },
    async selectPlatformByIssuer(issuer, clientId) {
      const row = byIssuerClient.get(issuer, clientId);
      return row ? toPlatform(row) : null;
    },
    async selectPlatformsByIssuer(issuer) {
      return byIssuer.all(issuer).map(toPlatform);
    },
    async selectPlatforms() {
      return all.all().map(toPlatform);
    },
    async updatePlatform(id, patch) {
      return patchPlatform.immediate(id, patch);
    },
    async deletePlatform(id) {
      return remove.run(id).changes > 0;
    },
    async insertDeployment(platformId, deploymentId) {
      withParent(`Unknown platform ${platformId}`, () => insertDeployment.run(platformId, deploymentId, Date.now()));
      const row = deployment.get(platformId, deploymentId);
      if (!row) throw new Error(`Deployment ${deploymentId} vanished while being added`);
      return toDeployment(row);
    },
    async selectDeployments(platformId) {
      return deployments.all(platformId).map(toDeployment);
    },
    async selectDeployment(platformId, deploymentId) {
      const row = deployment.get(platformId, deploymentId);
      return row ? toDeployment(row) : null;
    },
    async deleteDeployment(platformId, deploymentId) {
      return removeDeployment.run(platformId, deploymentId).changes > 0;
    },
  };
}

export function registrationRepo(db: Db): RegistrationRepo {
  const insert = db.prepare<RegistrationRow>(
    `INSERT INTO registrations (id, platform_id, openid_configuration, tool_configuration, created_at)
     VALUES (@id, @platform_id, @openid_configuration, @tool_configuration, @created_at)`,
  );
  const byId = db.prepare<[string], RegistrationRow>('SELECT * FROM registrations WHERE id = ?');
  // A platform normally has one registration; if it was re-registered, the newest one is the one under review.
  const byPlatform = db.prepare<[string], RegistrationRow>(
    'SELECT * FROM registrations WHERE platform_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  );

  return {
    async insertRegistration(r) {
      const row: RegistrationRow = {
        id: r.id,
        platform_id: r.platformId,
        openid_configuration: toJson(r.openidConfiguration),
        tool_configuration: toJson(r.toolConfiguration),
        created_at: r.createdAt,
      };
      withParent(`Unknown platform ${r.platformId}`, () =>
        withConflict(`Registration ${r.id} already exists`, () => insert.run(row)),
      );
    },
    async selectRegistration(id) {
      const row = byId.get(id);
      return row ? toRegistration(row) : null;
    },
    async selectRegistrationByPlatform(platformId) {
      const row = byPlatform.get(platformId);
      return row ? toRegistration(row) : null;
    },
  };
}
