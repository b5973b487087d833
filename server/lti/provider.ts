/**
 * ltijs, configured for this tool. The only module that imports ltijs.
 *
 * ltijs serves the tool's JWKS, keeps the per-platform key pairs the tool
 * signs with (and their rotation, tool-keys.ts), and runs dynamic registration.
 * The login and the launch are the tool's own routes, registered in front of
 * ltijs through its `serverAddon` hook, so ltijs never sees a launch:
 *  - ltijs's login uses a random nonce it never checks (ours: login.ts);
 *  - ltijs's launch validator fetches the platform JWKS on every launch, allows
 *    no clock skew and needs a state cookie (ours: validate.ts, launch.ts);
 *  - ltijs's launch pass then stored an id-token and a context-token document
 *    nobody reads and signed an `ltik` nobody uses, a quarter of a launch's CPU.
 * Pinned to ltijs 5.9.9 (package.json): tool-keys.ts reads its key documents.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import ltijs, { type LtijsProvider } from 'ltijs';
import type { Platform, Store } from '../store/types.js';
import { LtijsStorePlugin } from './ltijs-plugin.js';
import { ToolKeys } from './tool-keys.js';

export const LTI_ROUTES = { login: '/login', launch: '/launch', keys: '/keys', register: '/register' } as const;

export interface ProviderOptions {
  encryptionKey: string;
  store: Store;
  mongodbUri: string | undefined;
  now: () => number;
  /** Registers the tool's own routes (login and launch among them) on the ltijs app before ltijs's session validator. */
  addRoutes(app: Express): void;
  /** What a request ltijs's session validator refuses turns into. */
  onInvalid(req: Request, res: Response, next: NextFunction): void;
}

export interface LtiProvider {
  app: Express;
  /** Creates (once) the key pair ltijs signs Advantage requests to this platform with. */
  ensureToolKeys(platform: Platform): Promise<void>;
  /** Forgets the platform in ltijs, with every key pair it ever had. */
  removeToolKeys(platform: Platform): Promise<void>;
  /** Listing, rotation and retirement of those key pairs. */
  toolKeys: ToolKeys;
  /** The key the tool signs with towards this platform (client assertions, deep-linking responses). */
  toolSigningKey(platform: Platform): Promise<ToolSigningKey>;
  close(): Promise<void>;
}

export interface ToolSigningKey {
  kid: string;
  /** PKCS#1 PEM, as ltijs stores it. */
  privateKeyPem: string;
}

export async function createProvider(opts: ProviderOptions): Promise<LtiProvider> {
  // ltijs exports a singleton; a fresh instance per app lets tests run several apps in one process.
  const ProviderClass = ltijs.Provider.constructor as new () => LtijsProvider;
  const provider = new ProviderClass();
  const database = opts.mongodbUri ? { url: opts.mongodbUri } : { plugin: new LtijsStorePlugin(opts.store) };
  provider.setup(opts.encryptionKey, database, {
    appRoute: LTI_ROUTES.launch,
    loginRoute: LTI_ROUTES.login,
    keysetRoute: LTI_ROUTES.keys,
    dynRegRoute: LTI_ROUTES.register,
    // No ltijs cookies on whatever reaches its validator; launches never do (see above).
    ltiaas: true,
    cors: false,
    serverAddon: opts.addRoutes,
  });
  provider.onInvalidToken(opts.onInvalid);
  provider.onSessionTimeout(opts.onInvalid);
  // deploy() would also install a SIGINT handler that exits the process; the
  // app owns shutdown, so only the database half of deploy() is run.
  await provider.Database.setup();

  async function ensureToolKeys(platform: Platform): Promise<void> {
    if (await provider.getPlatform(platform.issuer, platform.clientId)) return;
    await provider.registerPlatform({
      url: platform.issuer,
      name: platform.name,
      clientId: platform.clientId,
      authenticationEndpoint: platform.authLoginUrl,
      accesstokenEndpoint: platform.authTokenUrl,
      authorizationServer: platform.authServer ?? platform.authTokenUrl,
      authConfig: { method: 'JWK_SET', key: platform.jwksUrl },
    });
  }

  const toolKeys = new ToolKeys(provider.Database, opts.encryptionKey, opts.now);

  return {
    app: provider.app,
    ensureToolKeys,
    toolKeys,
    async toolSigningKey(platform) {
      await ensureToolKeys(platform);
      const registered = await provider.getPlatform(platform.issuer, platform.clientId);
      if (!registered) throw new Error(`ltijs has no key for platform ${platform.id}`);
      return { kid: await registered.platformKid(), privateKeyPem: await registered.platformPrivateKey() };
    },
    async removeToolKeys(platform) {
      await provider.deletePlatform(platform.issuer, platform.clientId);
      // ltijs deletes the current pair only; rotated-out ones are ours to remove.
      await toolKeys.removeAll(platform.issuer, platform.clientId);
    },
    async close() {
      await provider.Database.Close();
    },
  };
}
