/**
 * Platform registration: the one service behind the admin CLI, the admin API
 * and Dynamic Registration, so all three store the same thing (the platform,
 * its deployments, and the key pair ltijs signs Advantage calls with), and
 * the rotation of those key pairs (tool-keys.ts) for the CLI and admin API.
 */
import type { Deployment, NewPlatform, Platform, PlatformSource, PlatformStatus, Store } from '../store/types.js';
import type { LtiProvider } from './provider.js';
import type { KeyRotation, ToolKey } from './tool-keys.js';

export interface PlatformInput {
  issuer: string;
  clientId: string;
  name: string;
  authLoginUrl: string;
  authTokenUrl: string;
  authServer?: string | null;
  jwksUrl: string;
  deploymentIds: string[];
}

export type PlatformView = Platform & { deploymentIds: string[] };

/** A tool key pair, with the platform it belongs to (null: left by a registration that no longer exists). */
export type ToolKeyView = ToolKey & { platformId: string | null };
export type KeyRotationView = KeyRotation & { platformId: string };

const DAY_MS = 24 * 3600 * 1000;

/** Keys are filed by issuer and client id in ltijs; the registration with the same pair owns them. */
const withOwner = (platforms: Platform[]) => (k: ToolKey): ToolKeyView => ({
  ...k,
  platformId: platforms.find((p) => p.issuer === k.issuer && p.clientId === k.clientId)?.id ?? null,
});

export class PlatformRegistry {
  constructor(
    private readonly store: Store,
    private readonly keys: Pick<LtiProvider, 'ensureToolKeys' | 'removeToolKeys' | 'toolKeys'>,
  ) {}

  private async view(p: Platform): Promise<PlatformView> {
    const deployments = await this.store.selectDeployments(p.id);
    return { ...p, deploymentIds: deployments.map((d: Deployment) => d.deploymentId) };
  }

  /** Throws StoreConflictError when the issuer + client id is already registered. */
  async add(input: PlatformInput, source: PlatformSource, status: PlatformStatus = 'active'): Promise<PlatformView> {
    const record: NewPlatform = {
      issuer: input.issuer,
      clientId: input.clientId,
      name: input.name,
      authLoginUrl: input.authLoginUrl,
      authTokenUrl: input.authTokenUrl,
      authServer: input.authServer ?? null,
      jwksUrl: input.jwksUrl,
      status,
      source,
    };
    const platform = await this.store.insertPlatform(record);
    try {
      for (const d of input.deploymentIds) await this.store.insertDeployment(platform.id, d);
      await this.keys.ensureToolKeys(platform);
    } catch (err) {
      // Leave nothing half-registered: a platform without keys cannot use AGS.
      await this.store.deletePlatform(platform.id);
      throw err;
    }
    return this.view(platform);
  }

  async list(): Promise<PlatformView[]> {
    return Promise.all((await this.store.selectPlatforms()).map((p) => this.view(p)));
  }

  async get(id: string): Promise<PlatformView | null> {
    const p = await this.store.selectPlatform(id);
    return p ? this.view(p) : null;
  }

  async setStatus(id: string, status: PlatformStatus): Promise<PlatformView | null> {
    const p = await this.store.updatePlatform(id, { status });
    return p ? this.view(p) : null;
  }

  async remove(id: string): Promise<boolean> {
    const p = await this.store.selectPlatform(id);
    if (!p) return false;
    await this.keys.removeToolKeys(p);
    return this.store.deletePlatform(id);
  }

  async addDeployment(id: string, deploymentId: string): Promise<PlatformView | null> {
    const p = await this.store.selectPlatform(id);
    if (!p) return null;
    await this.store.insertDeployment(id, deploymentId);
    return this.view(p);
  }

  async removeDeployment(id: string, deploymentId: string): Promise<boolean> {
    return this.store.deleteDeployment(id, deploymentId);
  }

  /** Every tool key pair, or those of one platform (null when it does not exist). */
  async listKeys(platformId?: string): Promise<ToolKeyView[] | null> {
    const platforms = await this.store.selectPlatforms();
    if (platformId !== undefined && !platforms.some((p) => p.id === platformId)) return null;
    const keys = (await this.keys.toolKeys.list()).map(withOwner(platforms));
    return platformId === undefined ? keys : keys.filter((k) => k.platformId === platformId);
  }

  /** A new signing pair for one platform, or for every platform; null when the platform does not exist. */
  async rotateKeys(platformId?: string): Promise<KeyRotationView[] | null> {
    const platforms = platformId === undefined ? await this.store.selectPlatforms() : [await this.store.selectPlatform(platformId)];
    if (platforms.some((p) => p === null)) return null;
    const rotations: KeyRotationView[] = [];
    for (const p of platforms as Platform[]) {
      await this.keys.ensureToolKeys(p);
      rotations.push({ ...(await this.keys.toolKeys.rotate(p.issuer, p.clientId)), platformId: p.id });
    }
    return rotations;
  }

  /** Deletes key pairs superseded at least `olderThanDays` ago; the current ones are never touched. */
  async retireKeys(olderThanDays: number): Promise<ToolKeyView[]> {
    const retired = await this.keys.toolKeys.retire(olderThanDays * DAY_MS);
    return retired.map(withOwner(await this.store.selectPlatforms()));
  }
}
