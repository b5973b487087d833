/**
 * LTI Dynamic Registration, platform side. An administrator gives the URL of
 * a tool's registration page; the platform opens it with its OpenID
 * configuration URL and a one-time registration token; the tool reads the
 * configuration and POSTs its client registration to `/register`, which
 * creates a client and a deployment for it.
 */
import express, { type Router } from 'express';
import type { ToolClient } from './clients.js';
import type { PlatformContext } from './context.js';
import { ExpiringMap } from './expiring.js';
import { asObject, httpUrl, InvalidField, optionalString, requiredString, stringArray, stringRecord, type JsonObject } from './fields.js';
import { html, sendPage, sendProblemPage } from './html.js';
import { ApiError, param, route } from './http.js';
import { randomToken } from './ids.js';
import { SERVICE_SCOPES, TOOL_CONFIGURATION } from './lti.js';

/** The administrator completes the tool's registration page within this time. */
const REGISTRATION_TOKEN_TTL_MS = 60 * 60_000;

export class RegistrationTokens {
  readonly #tokens = new ExpiringMap<true>(REGISTRATION_TOKEN_TTL_MS);

  create(): string {
    const token = randomToken(32);
    this.#tokens.set(token, true);
    return token;
  }

  isValid(token: string): boolean {
    return this.#tokens.has(token);
  }

  /** Spent by a successful registration only, so a tool can correct a refused request within the same flow. */
  spend(token: string): void {
    this.#tokens.take(token);
  }
}

/** A bad redirect_uri has its own RFC 7591 error code. */
class InvalidRedirectUri extends InvalidField {}

/** The URL's host must be the tool's declared domain (with or without port), as the LTI spec suggests checking. */
function onDomain(url: URL, domain: string, what: string): string {
  if (url.host !== domain && url.hostname !== domain) throw new InvalidField(`${what} ${url.href} is not on the tool's domain ${domain}`);
  return url.href;
}

interface Registration {
  client: ToolClient;
  response: JsonObject;
}

/** Validates a registration request and builds the client it registers; throws InvalidField naming the problem. */
function parseRegistration(body: unknown): Registration {
  const request = asObject(body, 'The registration');
  const toolConfig = asObject(request[TOOL_CONFIGURATION], TOOL_CONFIGURATION);
  const domain = requiredString(toolConfig, 'domain');
  let redirectUris: string[];
  try {
    redirectUris = stringArray(request, 'redirect_uris').map((u) => onDomain(httpUrl(u, 'redirect_uris'), domain, 'redirect_uri'));
  } catch (error) {
    throw error instanceof InvalidField ? new InvalidRedirectUri(error.message) : error;
  }
  if (redirectUris.length === 0) throw new InvalidRedirectUri('redirect_uris must list at least one URL');
  if ((optionalString(request, 'application_type') ?? 'web') !== 'web') throw new InvalidField('application_type must be web');
  if (!stringArray(request, 'response_types').includes('id_token')) throw new InvalidField('response_types must include id_token');
  const grantTypes = stringArray(request, 'grant_types');
  if (!grantTypes.includes('implicit') || !grantTypes.includes('client_credentials')) throw new InvalidField('grant_types must include implicit and client_credentials');
  if (request.token_endpoint_auth_method !== 'private_key_jwt') throw new InvalidField('token_endpoint_auth_method must be private_key_jwt');
  const launchUrl = onDomain(httpUrl(toolConfig.target_link_uri, 'target_link_uri'), domain, 'target_link_uri');
  const messages = toolConfig.messages ?? [];
  if (!Array.isArray(messages)) throw new InvalidField('messages must be an array');
  const deepLinking = messages.map((m) => asObject(m, 'each message')).find((m) => m.type === 'LtiDeepLinkingRequest');
  const deepLinkTarget = deepLinking === undefined ? null : optionalString(deepLinking, 'target_link_uri');
  const requestedScopes = (optionalString(request, 'scope') ?? '').split(' ');
  const client: ToolClient = {
    clientId: `tool-${randomToken(12)}`,
    name: optionalString(request, 'client_name') ?? 'Unnamed tool',
    deploymentId: `deployment-${randomToken(9)}`,
    loginUrl: httpUrl(request.initiate_login_uri, 'initiate_login_uri').href,
    redirectUris,
    launchUrl,
    deepLinkUrl:
      deepLinking === undefined ? null : deepLinkTarget === null ? launchUrl : onDomain(httpUrl(deepLinkTarget, 'the deep-linking target_link_uri'), domain, 'the deep-linking target_link_uri'),
    jwksUrl: httpUrl(request.jwks_uri, 'jwks_uri').href,
    scopes: SERVICE_SCOPES.filter((s) => requestedScopes.includes(s)),
    customParameters: stringRecord(toolConfig, 'custom_parameters'),
    source: 'dynamic',
    registeredAt: new Date().toISOString(),
  };
  const response: JsonObject = {
    ...request,
    client_id: client.clientId,
    redirect_uris: client.redirectUris,
    scope: client.scopes.join(' '),
    [TOOL_CONFIGURATION]: { ...toolConfig, deployment_id: client.deploymentId },
  };
  return { client, response };
}

/** RFC 7591 §3.2.2 errors for a refused registration. */
function register(body: unknown): Registration {
  try {
    return parseRegistration(body);
  } catch (error) {
    if (error instanceof InvalidRedirectUri) throw new ApiError(400, 'invalid_redirect_uri', error.message);
    if (error instanceof InvalidField) throw new ApiError(400, 'invalid_client_metadata', error.message);
    throw error;
  }
}

export function registrationRoutes(ctx: PlatformContext): Router {
  const { urls, clients, registrationTokens } = ctx;
  const router = express.Router();

  router.post(
    '/register',
    express.json(),
    route((req, res) => {
      const match = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '');
      const token = match?.[1];
      if (token === undefined || !registrationTokens.isValid(token)) {
        throw new ApiError(401, 'invalid_token', 'A valid, unused registration token is required as a Bearer token.', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      }
      if (!req.is('application/json')) throw new ApiError(415, 'invalid_client_metadata', 'The registration must be sent as application/json.');
      const { client, response } = register(req.body);
      registrationTokens.spend(token);
      clients.add(client);
      res.status(201).set('Cache-Control', 'no-store').json(response);
    }),
  );

  // The administrator's side: open the tool's registration page inside the
  // platform, and return to the platform when the tool posts the LTI close message.
  router.get('/register/start', (req, res) => {
    let toolUrl: URL;
    try {
      toolUrl = httpUrl(param(req.query, 'url'), 'The registration URL');
    } catch (error) {
      if (error instanceof InvalidField) return sendProblemPage(res, urls.home, 400, 'Cannot register the tool', `${error.message}.`);
      throw error;
    }
    toolUrl.searchParams.set('openid_configuration', urls.openidConfigurationUrl);
    toolUrl.searchParams.set('registration_token', registrationTokens.create());
    sendPage(res, {
      title: 'Register a tool',
      homeUrl: urls.home,
      frameOrigins: [toolUrl.origin],
      main: html`<h1>Register a tool</h1>
<p>The tool’s registration page is shown below. When it finishes, you return to the courses page. <a href="${urls.home}">Cancel</a></p>
<iframe class="tool" id="registration" title="Tool registration" src="${toolUrl.href}" data-origin="${toolUrl.origin}" data-home="${urls.home}"></iframe>`,
      script: `const frame = document.getElementById('registration');
window.addEventListener('message', (event) => {
  if (event.origin === frame.dataset.origin && event.data && event.data.subject === 'org.imsglobal.lti.close') window.location.assign(frame.dataset.home);
});`,
    });
  });

  return router;
}
