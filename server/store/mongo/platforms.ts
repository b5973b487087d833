import { randomUUID } from 'node:crypto';
import type { Deployment, JsonObject, Platform, PlatformRepo, Registration, RegistrationRepo } from '../types.js';
import type { Models, RegistrationDoc } from './models.js';
import { conflictOnDuplicate, fromJson, toJson, type Atomic } from './shared.js';

const PATCHABLE = [
  'issuer',
  'clientId',
  'name',
  'authLoginUrl',
  'authTokenUrl',
  'authServer',
  'jwksUrl',
  'status',
  'source',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof Platform>;

function toPlatform(d: Platform): Platform {
  return {
    id: d.id,
    issuer: d.issuer,
    clientId: d.clientId,
    name: d.name,
    authLoginUrl: d.authLoginUrl,
    authTokenUrl: d.authTokenUrl,
    authServer: d.authServer,
    jwksUrl: d.jwksUrl,
    status: d.status,
    source: d.source,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

function toDeployment(d: Deployment): Deployment {
  return { platformId: d.platformId, deploymentId: d.deploymentId, createdAt: d.createdAt };
}

function toRegistration(d: RegistrationDoc): Registration {
  return {
    id: d.id,
    platformId: d.platformId,
    openidConfiguration: fromJson<JsonObject>(d.openidConfiguration),
    toolConfiguration: fromJson<JsonObject>(d.toolConfiguration),
    createdAt: d.createdAt,
  };
}

const conflict = (issuer: string, clientId: string) => `A platform with issuer ${issuer} and client id ${clientId} is already registered`;

/** MongoDB has no foreign keys; children of a missing platform are refused here, as SQLite does. */
async function requirePlatform(m: Models, platformId: string): Promise<void> {
  if (!(await m.platforms.exists({ id: platformId }))) throw new Error(`Unknown platform ${platformId}`);
}

export function platformRepo(m: Models, atomic: Atomic): PlatformRepo {
  return {
    async insertPlatform(p) {
      const now = Date.now();
      const platform: Platform = { ...p, id: randomUUID(), createdAt: now, updatedAt: now };
      await conflictOnDuplicate(conflict(p.issuer, p.clientId), () => m.platforms.create(platform));
      return platform;
    },
    async selectPlatform(id) {
      const d = await m.platforms.findOne({ id }).lean<Platform>();
      return d ? toPlatform(d) : null;
    },
    async selectPlatformByIssuer(issuer, clientId) {
      const d = await m.platforms.findOne({ issuer, clientId }).lean<Platform>();
      return d ? toPlatform(d) : null;
    },
    async selectPlatformsByIssuer(issuer) {
      return (await m.platforms.find({ issuer }).sort({ createdAt: 1, _id: 1 }).lean<Platform[]>()).map(toPlatform);
    },
    async selectPlatforms() {
      return (await m.platforms.find().sort({ createdAt: 1, _id: 1 }).lean<Platform[]>()).map(toPlatform);
    },
    async updatePlatform(id, patch) {
      const set: Partial<Platform> = { updatedAt: Date.now() };
      for (const field of PATCHABLE) {
        if (patch[field] !== undefined) Object.assign(set, { [field]: patch[field] });
      }
      const d = await conflictOnDuplicate('Another platform already has this issuer and client id', () =>
        m.platforms.findOneAndUpdate({ id }, { $set: set }, { new: true }).lean<Platform>(),
      );
      return d ? toPlatform(d) : null;
    },
    async deletePlatform(id) {
      return atomic(async (session) => {
        const removed = await m.platforms.deleteOne({ id }, { session });
        if (removed.deletedCount === 0) return false;
        await m.deployments.deleteMany({ platformId: id }, { session });
        await m.registrations.deleteMany({ platformId: id }, { session });
        return true;
      });
    },
    async insertDeployment(platformId, deploymentId) {
      await requirePlatform(m, platformId);
      // An upsert that only sets fields on insert: adding a known deployment returns it unchanged.
      const d = await m.deployments
        .findOneAndUpdate({ platformId, deploymentId }, { $setOnInsert: { createdAt: Date.now() } }, { upsert: true, new: true })
        .lean<Deployment>();
      if (!d) throw new Error(`Deployment ${deploymentId} vanished while being added`);
      return toDeployment(d);
    },
    async selectDeployments(platformId) {
      return (await m.deployments.find({ platformId }).sort({ createdAt: 1, _id: 1 }).lean<Deployment[]>()).map(toDeployment);
    },
    async selectDeployment(platformId, deploymentId) {
      const d = await m.deployments.findOne({ platformId, deploymentId }).lean<Deployment>();
      return d ? toDeployment(d) : null;
    },
    async deleteDeployment(platformId, deploymentId) {
      return (await m.deployments.deleteOne({ platformId, deploymentId })).deletedCount > 0;
    },
  };
}

export function registrationRepo(m: Models): RegistrationRepo {
  return {
    async insertRegistration(r) {
      await requirePlatform(m, r.platformId);
      const doc: RegistrationDoc = {
        id: r.id,
        platformId: r.platformId,
        openidConfiguration: toJson(r.openidConfiguration),
        toolConfiguration: toJson(r.toolConfiguration),
        createdAt: r.createdAt,
      };
      await conflictOnDuplicate(`Registration ${r.id} already exists`, () => m.registrations.create(doc));
    },
    async selectRegistration(id) {
      const d = await m.registrations.findOne({ id }).lean<RegistrationDoc>();
      return d ? toRegistration(d) : null;
    },
    async selectRegistrationByPlatform(platformId) {
      // The newest registration is the one under review if a platform registered again.
      const d = await m.registrations.findOne({ platformId }).sort({ createdAt: -1, _id: -1 }).lean<RegistrationDoc>();
      return d ? toRegistration(d) : null;
    },
  };
}
