/**
 * The LTI area: login, launch, keys, registration and configuration documents,
 * served by the ltijs app mounted at /lti. The rest of the tool sees only the
 * session a launch creates and the PlatformRegistry.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import type { Config } from '../config.js';
import { errorHandler } from '../http/errors.js';
import { configureViews } from '../http/views.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';
import { registerDynamically } from './dynamic-registration.js';
import { JwksCache } from './jwks-cache.js';
import { completeLaunch, launchGuard, type LaunchDeps } from './launch.js';
import { LaunchError } from './launch-errors.js';
import { cookiePolicy } from './browser-binding.js';
import { loginHandler } from './login.js';
import { pageCodeKey, type PageCodeKey } from './page-code.js';
import { createProvider, LTI_ROUTES, type LtiProvider } from './provider.js';
import { PlatformRegistry } from './registration.js';
import { canvasDeveloperKey, toolConfigurationDocument, toolUrls, type ToolUrls } from './tool-config.js';

export interface LtiDeps {
  config: Config;
  store: Store;
  logger: Logger;
  encryptionKey: string;
  now: () => number;
  /** Overridable in tests to count or fail the platform JWKS fetches. */
  jwks?: JwksCache;
}

export interface Lti {
  app: Express;
  registry: PlatformRegistry;
  /** Signs the tool's messages to a platform (AGS/NRPS client assertions, deep-linking responses). */
  toolSigningKey: LtiProvider['toolSigningKey'];
  urls: ToolUrls;
  /** Seals and opens the page codes that redirects carry instead of the session token (page-code.ts). */
  pageCodes: PageCodeKey;
  close(): Promise<void>;
}

export const LANDING_PATH = '/app';

export async function createLti(deps: LtiDeps): Promise<Lti> {
  const { config, store, now } = deps;
  const urls = toolUrls(config.publicUrl);
  const cookies = cookiePolicy(urls);
  const pageCodes = pageCodeKey(deps.encryptionKey);
  const launchDeps: LaunchDeps = {
    store,
    keys: deps.jwks ?? new JwksCache(),
    now,
    clockSkewSeconds: config.clockSkewSeconds,
    sessionTtlSeconds: config.sessionTtlSeconds,
    landingPath: LANDING_PATH,
    pageCodes,
    launchUrl: urls.launch,
    toolOrigin: new URL(config.publicUrl).origin,
    cookies,
    logger: deps.logger,
  };
  let provider: LtiProvider | undefined;
  let registry: PlatformRegistry | undefined;
  const getProvider = () => provider as LtiProvider;

  const addRoutes = (app: Express) => {
    app.all(LTI_ROUTES.login, loginHandler({ store, publicUrl: config.publicUrl, loginUrl: urls.login, launchUrl: urls.launch, cookies, now }));
    app.post(LTI_ROUTES.launch, launchGuard(launchDeps), completeLaunch(launchDeps));
    app.get(LTI_ROUTES.register, (req: Request, res: Response, next: NextFunction) => {
      registerDynamically(
        { openidConfiguration: req.query.openid_configuration, registrationToken: req.query.registration_token },
        { store, registry: registry as PlatformRegistry, urls, autoApprove: config.autoApproveRegistrations, allowHttp: config.mode !== 'production', now },
      )
        .then((platform) => res.render('lti/registered', { title: 'Tool registered', platform }))
        .catch(next);
    });
    app.get('/config.json', (_req: Request, res: Response) => res.json(toolConfigurationDocument(urls)));
    app.get('/canvas.json', (_req: Request, res: Response) => res.json(canvasDeveloperKey(urls)));
  };

  provider = await createProvider({
    encryptionKey: deps.encryptionKey,
    store,
    mongodbUri: config.mongodbUri,
    now,
    addRoutes,
    onInvalid: (_req, res, next) => {
      const details = (res.locals.err as { details?: { message?: string } } | undefined)?.details;
      next(new LaunchError('LAUNCH_NO_ID_TOKEN', details?.message ?? 'ltijs refused the request'));
    },
  });
  configureViews(provider.app);
  provider.app.use(errorHandler(deps.logger));
  registry = new PlatformRegistry(store, provider);

  return {
    app: provider.app,
    registry,
    toolSigningKey: (platform) => getProvider().toolSigningKey(platform),
    urls,
    pageCodes,
    close: () => getProvider().close(),
  };
}
