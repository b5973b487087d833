/**
 * LTI Dynamic Registration, tool side: the "paste a URL" flow of Moodle and
 * Canvas. The LMS opens our registration URL with its OpenID configuration
 * URL and a one-time token; we read its configuration, register ourselves as
 * a client, and keep the answer as a platform that an administrator approves
 * (unless AUTO_APPROVE_REGISTRATIONS is set).
 */
import crypto from 'node:crypto';
import { HttpError } from '../http/errors.js';
import type { JsonObject, Store } from '../store/types.js';
import { StoreConflictError } from '../store/types.js';
import type { PlatformRegistry, PlatformView } from './registration.js';
import { clientRegistration, type ToolUrls } from './tool-config.js';

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

export interface DynRegDeps {
  store: Store;
  registry: PlatformRegistry;
  urls: ToolUrls;
  autoApprove: boolean;
  /** Plain http is accepted only outside production (the dev platform runs on http). */
  allowHttp: boolean;
  now: () => number;
  fetch?: typeof fetch;
}

function fail(status: number, code: string, message: string, forAdmin: string): HttpError {
  return new HttpError(status, code, message, [], { forAdmin, forLearner: 'Registration is done by an LMS administrator; show them this page.' });
}

function checkUrl(raw: unknown, allowHttp: boolean, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw fail(400, 'DYNREG_BAD_URL', `The ${what} is not a valid URL.`, `Received: ${String(raw).slice(0, 200)}`);
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw fail(400, 'DYNREG_BAD_URL', `The ${what} must use https.`, `Received: ${url.href}`);
  }
  return url;
}

async function fetchJson(f: typeof fetch, url: string, init: RequestInit, what: string): Promise<JsonObject> {
  let res: Response;
  try {
    res = await f(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw fail(502, 'DYNREG_UNREACHABLE', `The LMS did not answer when the tool fetched its ${what}.`, `${url}: ${(err as Error).message}`);
  }
  const body = await res.text();
  if (!res.ok) throw fail(502, 'DYNREG_REJECTED', `The LMS refused the ${what} request (HTTP ${res.status}).`, body.slice(0, 500));
  try {
    return JSON.parse(body) as JsonObject;
  } catch {
    throw fail(502, 'DYNREG_BAD_RESPONSE', `The LMS answered the ${what} request with something that is not JSON.`, body.slice(0, 500));
  }
}

function requireString(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') {
    throw fail(502, 'DYNREG_BAD_RESPONSE', 'The LMS configuration is incomplete.', `"${key}" is missing from the platform's OpenID configuration.`);
  }
  return v;
}

export async function registerDynamically(
  params: { openidConfiguration?: unknown; registrationToken?: unknown },
  deps: DynRegDeps,
): Promise<PlatformView> {
  const f = deps.fetch ?? fetch;
  if (!params.openidConfiguration) {
    throw fail(400, 'DYNREG_MISSING_CONFIG', 'This address is opened by an LMS during Dynamic Registration, not directly.', 'The openid_configuration query parameter is missing. Paste this URL into your LMS\'s "register tool by URL" field instead.');
  }
  const configUrl = checkUrl(params.openidConfiguration, deps.allowHttp, 'OpenID configuration address');
  const config = await fetchJson(f, configUrl.href, { headers: { accept: 'application/json' } }, 'OpenID configuration');
  const issuer = requireString(config, 'issuer');
  // The spec requires the configuration to live under the issuer, so a forged URL cannot claim another LMS's issuer.
  if (!configUrl.href.startsWith(issuer)) {
    throw fail(400, 'DYNREG_ISSUER_MISMATCH', 'The LMS configuration names an issuer it is not hosted under.', `issuer ${issuer} vs ${configUrl.href}`);
  }
  const registrationEndpoint = checkUrl(requireString(config, 'registration_endpoint'), deps.allowHttp, 'registration endpoint');
  const token = typeof params.registrationToken === 'string' && params.registrationToken ? params.registrationToken : undefined;
  const answer = await fetchJson(
    f,
    registrationEndpoint.href,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(clientRegistration(deps.urls)),
    },
    'registration',
  );
  const clientId = requireString(answer, 'client_id');
  const toolConfig = (answer[TOOL_CONFIG] ?? {}) as JsonObject;
  const deploymentId = typeof toolConfig.deployment_id === 'string' ? toolConfig.deployment_id : undefined;
  const platformConfig = (config[PLATFORM_CONFIG] ?? {}) as JsonObject;
  const family = typeof platformConfig.product_family_code === 'string' ? platformConfig.product_family_code : 'LMS';

  let platform: PlatformView;
  try {
    platform = await deps.registry.add(
      {
        issuer,
        clientId,
        name: `${family} (${new URL(issuer).host})`,
        authLoginUrl: requireString(config, 'authorization_endpoint'),
        authTokenUrl: requireString(config, 'token_endpoint'),
        authServer: typeof config.authorization_server === 'string' ? config.authorization_server : null,
        jwksUrl: requireString(config, 'jwks_uri'),
        deploymentIds: deploymentId ? [deploymentId] : [],
      },
      'dynamic',
      deps.autoApprove ? 'active' : 'pending',
    );
  } catch (err) {
    if (err instanceof StoreConflictError) {
      throw fail(409, 'DYNREG_ALREADY_REGISTERED', 'This LMS client is already registered with the tool.', `issuer ${issuer}, client_id ${clientId}`);
    }
    throw err;
  }
  await deps.store.insertRegistration({
    id: crypto.randomUUID(),
    platformId: platform.id,
    openidConfiguration: config,
    toolConfiguration: answer,
    createdAt: deps.now(),
  });
  return platform;
}
