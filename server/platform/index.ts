/**
 * A built-in LTI 1.3 platform: an LMS stand-in that speaks the real protocol
 * (OIDC launches, deep linking, AGS, NRPS, dynamic registration) so the tool
 * can be tried with `npm start` without an LMS, and so integration and browser
 * tests can drive launches over real HTTP. It is a platform, not a mock of the
 * tool: it knows nothing about the tool beyond what LTI says.
 *
 * All state except the signing keys is in memory and starts from the sample
 * school in sample-data.ts on every start.
 *
 * Routes, relative to the issuer:
 *   GET  /                                   course overview UI (links, deep linking, gradebook, faults, people, tools)
 *   POST /faults {target=scores, fault, times?}  switches the score endpoint's fault from the UI (fault=off clears it)
 *   GET  /view?user&link | ?user&course&client  a launch shown inside the LMS page (iframe), with
 *                                            platform storage unless storage=off
 *   GET  /storage?client                     the platform storage frame (postMessage put/get_data)
 *   GET  /.well-known/openid-configuration   OpenID + LTI platform configuration
 *   GET  /jwks                               public signing keys
 *   GET  /launch?user&link[&lti_storage_target]  starts a resource link launch (302 to the tool's login)
 *   GET  /deeplink/start?user&course[&client][&lti_storage_target]  starts a deep-linking request
 *   GET|POST /auth                           OIDC authorization endpoint (form_post id_token)
 *   POST /token                              client_credentials + JWT client assertion
 *   GET|POST /api/courses/:courseId/lineitems            AGS line item container
 *   GET|PUT|DELETE /api/courses/:courseId/lineitems/:id  AGS line item
 *   POST /api/courses/:courseId/lineitems/:id/scores     AGS score publish
 *   GET  /api/courses/:courseId/lineitems/:id/results    AGS results (?user_id, limit, page)
 *   GET  /api/courses/:courseId/memberships              NRPS (?role, rlid, limit, page)
 *   POST /deeplink/return                    LtiDeepLinkingResponse (form field JWT)
 *   GET  /register/start?url                 "Register a tool by URL" (frames the tool's registration page)
 *   POST /register                           dynamic registration endpoint (Bearer registration token)
 */
import { createHash } from 'node:crypto';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { AccessTokens } from './access-tokens.js';
import { agsRoutes } from './ags.js';
import { idTokenClaimsBuilder, type IdTokenClaimsRequest } from './claims.js';
import { ClientRegistry, type ToolClient } from './clients.js';
import type { PlatformContext } from './context.js';
import { deepLinkingRoutes, DeepLinkSessions } from './deeplinking.js';
import { Directory, type Course, type PlatformUser, type ResourceLink } from './directory.js';
import { discoveryRoutes } from './discovery.js';
import { faultRoutes } from './fault-ui.js';
import { Faults, type FaultControls } from './faults.js';
import { Gradebook, type GradebookView } from './gradebook.js';
import { ApiError, sendError } from './http.js';
import { KeyRing, type SigningHeader } from './keys.js';
import { SERVICE_SCOPES } from './lti.js';
import { nrpsRoutes } from './nrps.js';
import { oidcRoutes } from './oidc.js';
import { registrationRoutes, RegistrationTokens } from './registration.js';
import { sampleData } from './sample-data.js';
import { storageRoutes } from './storage.js';
import { tokenRoutes } from './token.js';
import { uiRoutes } from './ui.js';
import { platformUrls } from './urls.js';

export { SAMPLE } from './sample-data.js';
export { PLATFORM_STORAGE_FRAME } from './storage.js';
export type { Fault, FaultControls, FaultTarget, PendingFault } from './faults.js';
export type { GradebookView, LineItem, ScoreRecord } from './gradebook.js';
export type { ToolClient } from './clients.js';
export type { Course, PlatformUser, ResourceLink } from './directory.js';
export type { IdTokenClaimsRequest } from './claims.js';
export type { SigningAlg, SigningHeader } from './keys.js';

export interface DevPlatformOptions {
  /** e.g. 'http://127.0.0.1:3000/platform'; also the URL where `router` must be mounted. */
  issuer: string;
  /** Persists the RSA keys as JSON here (directories are created); null keeps them in memory, for tests. */
  keyFile: string | null;
  /** The tool pre-registered with this platform. */
  tool: {
    clientId: string;
    deploymentId: string;
    /** The tool's OIDC login initiation URL. */
    loginUrl: string;
    /** redirect_uri and default target_link_uri of resource link launches. */
    launchUrl: string;
    /** target_link_uri of deep-linking requests (may equal launchUrl); also an accepted redirect_uri. */
    deepLinkUrl: string;
    /** Verifies the tool's client assertions and deep-linking responses. */
    jwksUrl: string;
    /** Shown in the UI; defaults to "Adaptive learning tool". */
    name?: string;
  };
  /** Accept scores above scoreMaximum (extra credit). Default false: such scores are refused with 400. */
  allowExtraCredit?: boolean;
  /** Synthetic learners learner-0001… enrolled in the math course besides the sample ones. */
  extraLearners?: number;
}

/** Read access to the platform's people, courses and resource links (including those deep linking created). */
export interface DirectoryView {
  users(): PlatformUser[];
  user(id: string): PlatformUser | undefined;
  courses(): Course[];
  course(id: string): Course | undefined;
  links(courseId?: string): ResourceLink[];
  link(id: string): ResourceLink | undefined;
}

export interface ClientsView {
  list(): ToolClient[];
  get(clientId: string): ToolClient | undefined;
}

export interface DevPlatform {
  /** Mount with `app.use(new URL(platform.issuer).pathname, platform.router)`. */
  router: Router;
  issuer: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  openidConfigurationUrl: string;
  registrationUrl: string;
  deepLinkReturnUrl: string;
  /** The platform UI (course overview). */
  homeUrl: string;
  /**
   * Signs arbitrary claims with the platform's active key, for tests of bad
   * payloads. Nothing is added to `payload`. `header.kid`: omitted = active
   * kid, null = no kid, string = sent as is; `header.alg` defaults to RS256
   * (`none` yields an unsigned token).
   */
  signJwt(payload: object, header?: SigningHeader): Promise<string>;
  /**
   * The claims of a normal launch id_token, unsigned, for tests to tweak and
   * pass to signJwt. A deep-linking request opens a pending request whose
   * `data` the deep-linking return endpoint will accept once.
   * Throws on an unknown user, link, course or client, or a user outside the course.
   */
  idTokenClaims(request: IdTokenClaimsRequest): Record<string, unknown>;
  /**
   * A URL that starts a real launch: it redirects to the link's tool's login
   * initiation URL, offering platform storage in `storageTarget` when given
   * (as the /view page does with its storage frame).
   */
  launchStartUrl(userId: string, linkId: string, storageTarget?: string): string;
  /** A URL that starts a real deep-linking request in the course (clientId defaults to the pre-registered tool). */
  deepLinkStartUrl(userId: string, courseId: string, clientId?: string, storageTarget?: string): string;
  /** Line items and every score received, for assertions. */
  gradebook: GradebookView;
  /** People, courses and resource links, for assertions and to find links created by deep linking. */
  directory: DirectoryView;
  /** A new key becomes the signing key; earlier keys stay in the JWKS (and in keyFile). */
  rotateKey(): Promise<void>;
  /** The kid id_tokens are currently signed with. */
  activeKid(): string;
  /** Make the token or score endpoint fail on purpose. */
  faults: FaultControls;
  /** Registered tool clients: the pre-registered one and dynamically registered ones. */
  clients: ClientsView;
  /** A one-time bearer token for POST /register, as the "Register a tool by URL" flow mints. */
  createRegistrationToken(): string;
}

function absoluteHttpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`createDevPlatform: ${name} must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`createDevPlatform: ${name} must be http or https, got "${value}"`);
  return url.href;
}

export async function createDevPlatform(options: DevPlatformOptions): Promise<DevPlatform> {
  const issuerUrl = new URL(absoluteHttpUrl(options.issuer, 'issuer'));
  // The issuer is compared byte for byte by tools, so it must be a plain base URL.
  if (issuerUrl.search !== '' || issuerUrl.hash !== '') throw new Error('createDevPlatform: issuer must not have a query or fragment');
  const urls = platformUrls(options.issuer);
  const { tool } = options;
  const launchUrl = absoluteHttpUrl(tool.launchUrl, 'tool.launchUrl');
  const deepLinkUrl = absoluteHttpUrl(tool.deepLinkUrl, 'tool.deepLinkUrl');
  const preregistered: ToolClient = {
    clientId: tool.clientId,
    name: tool.name ?? 'Adaptive learning tool',
    deploymentId: tool.deploymentId,
    loginUrl: absoluteHttpUrl(tool.loginUrl, 'tool.loginUrl'),
    redirectUris: [...new Set([launchUrl, deepLinkUrl])],
    launchUrl,
    deepLinkUrl,
    jwksUrl: absoluteHttpUrl(tool.jwksUrl, 'tool.jwksUrl'),
    scopes: SERVICE_SCOPES,
    customParameters: {},
    source: 'preregistered',
    registeredAt: new Date().toISOString(),
  };

  const clients = new ClientRegistry();
  clients.add(preregistered);
  const sample = sampleData(preregistered.clientId, options.extraLearners ?? 0);
  const directory = new Directory(sample.users, sample.courses, sample.links);
  const gradebook = new Gradebook();
  for (const item of sample.lineItems) {
    const link = directory.link(item.linkId);
    if (link === undefined) throw new Error(`Sample line item names unknown link ${item.linkId}`);
    gradebook.createLineItem(link.courseId, link.clientId, {
      label: item.label,
      scoreMaximum: item.scoreMaximum,
      resourceLinkId: link.id,
      resourceId: null,
      tag: item.tag ?? null,
      startDateTime: null,
      endDateTime: null,
      gradesReleased: null,
    });
  }
  const identity = {
    guid: createHash('sha256').update(urls.issuer).digest('hex').slice(0, 32),
    name: 'Development LMS stand-in',
    productFamilyCode: 'adaptive-lti-dev-platform',
    version: '1.0',
  };
  const deepLinks = new DeepLinkSessions();
  const ctx: PlatformContext = {
    urls,
    identity,
    keys: await KeyRing.open(options.keyFile),
    directory,
    clients,
    gradebook,
    tokens: new AccessTokens(),
    faults: new Faults(),
    deepLinks,
    registrationTokens: new RegistrationTokens(),
    idTokenClaims: idTokenClaimsBuilder({ urls, identity, directory, clients, gradebook, deepLinks, preregisteredClientId: preregistered.clientId }),
    preregisteredClientId: preregistered.clientId,
    allowExtraCredit: options.allowExtraCredit ?? false,
  };

  const router = express.Router();
  for (const routes of [discoveryRoutes, oidcRoutes, tokenRoutes, agsRoutes, nrpsRoutes, deepLinkingRoutes, registrationRoutes, storageRoutes, faultRoutes, uiRoutes]) {
    router.use(routes(ctx));
  }
  router.use(bodyErrors);

  return {
    router,
    issuer: urls.issuer,
    authUrl: urls.authUrl,
    tokenUrl: urls.tokenUrl,
    jwksUrl: urls.jwksUrl,
    openidConfigurationUrl: urls.openidConfigurationUrl,
    registrationUrl: urls.registrationUrl,
    deepLinkReturnUrl: urls.deepLinkReturnUrl,
    homeUrl: urls.home,
    signJwt: (payload, header) => ctx.keys.sign(payload, header),
    idTokenClaims: (request) => ctx.idTokenClaims(request),
    launchStartUrl: (userId, linkId, storageTarget) => urls.launchStart(userId, linkId, storageTarget),
    deepLinkStartUrl: (userId, courseId, clientId = preregistered.clientId, storageTarget) => urls.deepLinkStart(userId, courseId, clientId, storageTarget),
    gradebook,
    directory,
    rotateKey: () => ctx.keys.rotate(),
    activeKid: () => ctx.keys.activeKid,
    faults: ctx.faults,
    clients,
    createRegistrationToken: () => ctx.registrationTokens.create(),
  };
}

/** Malformed or oversized bodies are the client's fault: answer 400/413 in the protocol's error shape instead of the host app's 500. */
const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = (error as { status?: unknown; type?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500 && typeof (error as { type?: unknown }).type === 'string') {
    sendError(res, new ApiError(status, 'invalid_request', `The request body could not be read: ${(error as Error).message}`));
    return;
  }
  next(error);
};
