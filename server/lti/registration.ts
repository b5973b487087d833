/**
 * Platform registration: the one service behind the admin CLI, the admin API
 * and Dynamic Registration, so all three store the same thing (the platform,
 * its deployments, and the key pair ltijs signs Advantage calls with).
 */
import type { Deployment, NewPlatform, Platform, PlatformSource, PlatformStatus, Store } from '../store/types.js';
import type { LtiProvider } from './provider.js';

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

export class PlatformRegistry {
  constructor(
    private readonly store: Store,
    private readonly keys: Pick<LtiProvider, 'ensureToolKeys' | 'removeToolKeys'>,
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
}
