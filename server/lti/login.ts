/**
 * OIDC login initiation (the first leg of every LTI 1.3 launch).
 *
 * The tool, not ltijs, issues the state and nonce so that the launch can prove
 * its nonce is the one issued for that state and accept it only once. The
 * login also chooses how the launch will be bound to this browser (platform
 * storage, or a state cookie after checking that cookies survive in a frame):
 * see browser-binding.ts for the design, platform-storage.ts for the storage flow.
 */
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Platform, Store } from '../store/types.js';
import {
  cookieOptions,
  newState,
  PROBE_COOKIE,
  PROBE_PARAM,
  PROBE_TTL_MS,
  readCookies,
  shouldProbe,
  stateCookieName,
  type Binding,
  type CookiePolicy,
} from './browser-binding.js';
import { LaunchError } from './launch-errors.js';
import { platformOrigin, readStorageTarget, STORAGE_TIMEOUT_MS, type StorageLoginPage } from './platform-storage.js';

export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;

export interface LoginParams {
  iss?: unknown;
  login_hint?: unknown;
  target_link_uri?: unknown;
  lti_message_hint?: unknown;
  client_id?: unknown;
  lti_deployment_id?: unknown;
  lti_storage_target?: unknown;
  [other: string]: unknown;
}

export interface LoginDeps {
  store: Store;
  publicUrl: string;
  /** This endpoint's own URL: the cookie probe and the fallbacks come back to it. */
  loginUrl: string;
  /** The redirect_uri registered with every platform. */
  launchUrl: string;
  cookies: CookiePolicy;
  now: () => number;
}

/** What the browser told us about itself, for the cookie probe. */
export interface BrowserFacts {
  probeWanted: boolean;
  probeCookie: string | undefined;
}

export type LoginOutcome =
  /** Cookie binding: set the state cookie and redirect to the platform. */
  | { kind: 'redirect'; location: string; state: string }
  /** Set the probe cookie and come back to this endpoint to see whether it stuck. */
  | { kind: 'probe'; location: string; probe: string }
  /** Neither cookies nor platform storage in this frame: reopen the login top-level. */
  | { kind: 'new-window'; url: string }
  /** Platform storage binding: the page stores state and nonce, then redirects. */
  | { kind: 'platform-storage'; page: StorageLoginPage };

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function findPlatform(store: Store, iss: string, clientId: string | undefined): Promise<Platform> {
  if (clientId) {
    const p = await store.selectPlatformByIssuer(iss, clientId);
    if (!p) throw new LaunchError('LOGIN_UNKNOWN_PLATFORM', `iss ${iss} client ${clientId}`);
    return p;
  }
  const all = await store.selectPlatformsByIssuer(iss);
  if (all.length === 0) throw new LaunchError('LOGIN_UNKNOWN_PLATFORM', `iss ${iss}`);
  if (all.length > 1) throw new LaunchError('LOGIN_AMBIGUOUS_PLATFORM', `iss ${iss} has ${all.length} registrations`);
  return all[0] as Platform;
}

export function assertUsable(platform: Platform): void {
  if (platform.status === 'pending') throw new LaunchError('PLATFORM_PENDING', platform.id);
  if (platform.status === 'disabled') throw new LaunchError('PLATFORM_DISABLED', platform.id);
}

/** This login again, with the platform's parameters as received, minus `drop`, plus `add`. */
function loginAgain(deps: LoginDeps, params: LoginParams, drop: string[], add: Record<string, string> = {}): string {
  const url = new URL(deps.loginUrl);
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && !drop.includes(k)) url.searchParams.set(k, v);
  for (const [k, v] of Object.entries(add)) url.searchParams.set(k, v);
  return url.toString();
}

export async function initiateLogin(params: LoginParams, deps: LoginDeps, browser: BrowserFacts = { probeWanted: false, probeCookie: undefined }): Promise<LoginOutcome> {
  const iss = text(params.iss);
  const loginHint = text(params.login_hint);
  const target = text(params.target_link_uri);
  if (!iss || !loginHint || !target) {
    throw new LaunchError('LOGIN_MISSING_PARAMS', `iss=${Boolean(iss)} login_hint=${Boolean(loginHint)} target_link_uri=${Boolean(target)}`);
  }
  if (target !== deps.publicUrl && !target.startsWith(`${deps.publicUrl}/`)) throw new LaunchError('LOGIN_BAD_TARGET', target);
  const platform = await findPlatform(deps.store, iss, text(params.client_id));
  assertUsable(platform);
  const storageTarget = readStorageTarget(params.lti_storage_target);

  if (storageTarget) {
    const { state, nonce, authUrl } = await issue('platform-storage');
    return {
      kind: 'platform-storage',
      page: {
        platformOrigin: platformOrigin(platform),
        target: storageTarget,
        state,
        nonce,
        authUrl,
        fallbackUrl: loginAgain(deps, params, ['lti_storage_target', PROBE_PARAM]),
        timeoutMs: STORAGE_TIMEOUT_MS,
      },
    };
  }
  if (browser.probeWanted) {
    const probe = text(params[PROBE_PARAM]);
    if (!probe) {
      const fresh = crypto.randomBytes(16).toString('base64url');
      return { kind: 'probe', probe: fresh, location: loginAgain(deps, params, [PROBE_PARAM], { [PROBE_PARAM]: fresh }) };
    }
    if (browser.probeCookie !== probe) return { kind: 'new-window', url: loginAgain(deps, params, [PROBE_PARAM]) };
  }
  const { state, authUrl } = await issue('cookie');
  return { kind: 'redirect', location: authUrl, state };

  async function issue(binding: Binding): Promise<{ state: string; nonce: string; authUrl: string }> {
    const now = deps.now();
    const state = newState(binding);
    const nonce = crypto.randomBytes(24).toString('base64url');
    await deps.store.insertLoginState({
      state,
      nonce,
      platformId: platform.id,
      targetLinkUri: target as string,
      createdAt: now,
      expiresAt: now + LOGIN_STATE_TTL_MS,
    });
    const auth = new URL(platform.authLoginUrl);
    const query: Record<string, string | undefined> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: deps.launchUrl,
      login_hint: loginHint,
      state,
      nonce,
      lti_message_hint: text(params.lti_message_hint),
    };
    for (const [k, v] of Object.entries(query)) if (v !== undefined) auth.searchParams.set(k, v);
    return { state, nonce, authUrl: auth.toString() };
  }
}

function respond(res: Response, outcome: LoginOutcome, policy: CookiePolicy, hadProbeCookie: boolean): void {
  // Every answer carries a one-time state, nonce or probe: never cache it.
  res.set('Cache-Control', 'no-store');
  switch (outcome.kind) {
    case 'redirect':
      if (hadProbeCookie) res.clearCookie(PROBE_COOKIE, cookieOptions(policy, policy.loginPath));
      res.cookie(stateCookieName(outcome.state), outcome.state, cookieOptions(policy, policy.launchPath, LOGIN_STATE_TTL_MS));
      return res.redirect(302, outcome.location);
    case 'probe':
      res.cookie(PROBE_COOKIE, outcome.probe, cookieOptions(policy, policy.loginPath, PROBE_TTL_MS));
      return res.redirect(302, outcome.location);
    case 'new-window':
      return res.render('lti/new-window', { title: 'Open the activity in a new window', url: outcome.url });
    case 'platform-storage':
      return res.render('lti/storage-login', { title: 'Opening the activity', ...outcome.page });
  }
}

/** GET or POST: platforms may send the login initiation either way. */
export function loginHandler(deps: LoginDeps): RequestHandler {
  return (req: Request, res: Response, next) => {
    const params: LoginParams = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
    const probeCookie = readCookies(req).get(PROBE_COOKIE);
    initiateLogin(params, deps, { probeWanted: shouldProbe(req, deps.cookies), probeCookie })
      .then((outcome) => respond(res, outcome, deps.cookies, probeCookie !== undefined))
      .catch(next);
  };
}
