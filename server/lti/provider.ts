/**
 * ltijs, configured for this tool. The only module that imports ltijs.
 *
 * ltijs drives the launch: it persists the id and context tokens, dispatches
 * resource-link and deep-linking messages, publishes the tool's JWKS and keeps
 * the per-platform key pairs its Advantage services sign with. What it does not
 * do well is replaced, in front of it, through its `serverAddon` hook:
 *  - the OIDC login (ltijs uses a random nonce it never checks) is ours, see login.ts;
 *  - the id_token is validated by validate.ts before ltijs sees it. ltijs's own
 *    validator (Auth.validateToken) fetches the platform JWKS on every launch,
 *    allows no clock skew and needs a state cookie, so it is swapped for one
 *    that returns what validate.ts already verified for that exact token.
 * Pinned to ltijs 5.9.9 (package.json) because of that swap.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import ltijs, { type LtijsProvider } from 'ltijs';
import LtijsAuth from 'ltijs/dist/Utils/Auth.js';
import type { Platform, Store } from '../store/types.js';
import { LtijsStorePlugin } from './ltijs-plugin.js';
import { LaunchError } from './launch-errors.js';
import { ToolKeys } from './tool-keys.js';

/** Claims validate.ts verified, keyed by the exact token string, consumed by ltijs in the same request. */
const preVerified = new Map<string, Record<string, unknown>>();

LtijsAuth.validateToken = async (token: string) => {
  const claims = preVerified.get(token);
  if (!claims) throw new Error('TOKEN_NOT_PREVALIDATED');
  preVerified.delete(token);
  return claims;
};

export const LTI_ROUTES = { login: '/login', launch: '/launch', keys: '/keys', register: '/register' } as const;

export interface ProviderOptions {
  encryptionKey: string;
  store: Store;
  mongodbUri: string | undefined;
  now: () => number;
  /** Registers the tool's own routes on the ltijs app before ltijs's session validator. */
  addRoutes(app: Express): void;
  onLaunch(req: Request, res: Response): Promise<void>;
  onInvalid(req: Request, res: Response, next: NextFunction): void;
}

export interface LtiProvider {
  app: Express;
  /** Hands ltijs the claims validate.ts verified for this token. */
  admitVerified(token: string, claims: Record<string, unknown>, platform: Platform, res: Response): Promise<void>;
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
    // No ltijs cookies: the tool issues its own cookie-less session after launch.
    ltiaas: true,
    // Token age is checked by validate.ts with a clock-skew allowance.
    tokenMaxAge: false,
    cors: false,
    serverAddon: opts.addRoutes,
  });
  const run = (req: Request, res: Response, next: NextFunction) => opts.onLaunch(req, res).catch(next);
  provider.onConnect((_token, req, res, next) => run(req, res, next));
  provider.onDeepLinking((_token, req, res, next) => run(req, res, next));
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
    async admitVerified(token, claims, platform, res) {
      const registered = await provider.getPlatform(platform.issuer, platform.clientId);
      if (!registered) throw new LaunchError('LOGIN_UNKNOWN_PLATFORM', 'ltijs has no keys for this platform');
      preVerified.set(token, { ...claims, clientId: platform.clientId, platformId: await registered.platformKid() });
      res.on('close', () => preVerified.delete(token));
    },
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
