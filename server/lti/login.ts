/**
 * OIDC login initiation (the first leg of every LTI 1.3 launch).
 *
 * The tool, not ltijs, issues the state and nonce so that the launch can prove
 * its nonce is the one issued for that state and accept it only once.
 */
import crypto from 'node:crypto';
import type { Platform, Store } from '../store/types.js';
import { LaunchError } from './launch-errors.js';

export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;

export interface LoginParams {
  iss?: unknown;
  login_hint?: unknown;
  target_link_uri?: unknown;
  lti_message_hint?: unknown;
  client_id?: unknown;
  lti_deployment_id?: unknown;
}

export interface LoginDeps {
  store: Store;
  publicUrl: string;
  /** The redirect_uri registered with every platform. */
  launchUrl: string;
  now: () => number;
}

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

/** Returns the URL of the platform's authorization endpoint to redirect the browser to. */
export async function initiateLogin(params: LoginParams, deps: LoginDeps): Promise<string> {
  const iss = text(params.iss);
  const loginHint = text(params.login_hint);
  const target = text(params.target_link_uri);
  if (!iss || !loginHint || !target) {
    throw new LaunchError('LOGIN_MISSING_PARAMS', `iss=${Boolean(iss)} login_hint=${Boolean(loginHint)} target_link_uri=${Boolean(target)}`);
  }
  if (target !== deps.publicUrl && !target.startsWith(`${deps.publicUrl}/`)) throw new LaunchError('LOGIN_BAD_TARGET', target);
  const platform = await findPlatform(deps.store, iss, text(params.client_id));
  assertUsable(platform);

  const now = deps.now();
  const state = crypto.randomBytes(24).toString('base64url');
  const nonce = crypto.randomBytes(24).toString('base64url');
  await deps.store.insertLoginState({
    state,
    nonce,
    platformId: platform.id,
    targetLinkUri: target,
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
  return auth.toString();
}
