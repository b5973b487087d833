/**
 * The tool's side of platform storage (1EdTech "LTI Client Side postMessages"
 * and "LTI OIDC Login with LTI Client Side postMessages"): how a launch is
 * bound to the browser when the LMS offers `lti_storage_target` instead of
 * cookies. See browser-binding.ts for how this binding relates to the others.
 *
 * Login: instead of redirecting, the tool answers with a page whose script
 * (`/static/lti/storage-login.js`) asks the platform's frame to `lti.put_data`
 * `state_<state>` → state and `nonce_<nonce>` → nonce, then navigates to the
 * authorization endpoint. Messages go to the origin of the platform's
 * registered authorization URL, as the specification requires, and only
 * answers from that origin count.
 *
 * Launch, first leg: the platform's form_post arrives without proof. The tool
 * consumes nothing yet and answers with a page (`storage-launch.js`) that
 * `lti.get_data`s both keys and posts the id_token back with the values found.
 *
 * Launch, second leg: the state is consumed (one-time, as for every launch) and
 * the values must equal what was issued for it. That post must come from the
 * tool's own page (Sec-Fetch-Site, else Origin): a cross-site form could carry
 * values an attacker knows from their own login, but it cannot run the tool's
 * page inside the victim's LMS, whose storage holds only the victim's keys.
 */
import crypto from 'node:crypto';
import type { Request } from 'express';
import { decodeJwt } from 'jose';
import type { LoginState, Platform, Store } from '../store/types.js';
import { LaunchError } from './launch-errors.js';

/** How long the pages wait for the platform before giving up. */
export const STORAGE_TIMEOUT_MS = 5_000;

/** Form fields the tool's launch page adds on the second leg (storage-launch.js fills them by these names). */
export const PROOF = {
  checked: 'lti_storage_checked',
  state: 'lti_storage_state',
  nonce: 'lti_storage_nonce',
  error: 'lti_storage_error',
  /**
   * Set by the page's script, which posts the second leg with fetch: the launch then answers
   * `{ location }` instead of its 303, and the script goes there with location.replace, so the
   * first leg's POST entry is replaced rather than left behind for Back to resubmit.
   */
  reply: 'lti_storage_reply',
} as const;

/** The value of PROOF.reply that asks for the landing address as JSON. */
export const REPLY_WITH_LOCATION = 'location';

/** What the launch page reports when it could not ask the platform at all. */
export const UNAVAILABLE_ERRORS = new Set(['timeout', 'no_frame', 'unsupported']);

export const stateKey = (state: string) => `state_${state}`;
export const nonceKey = (nonce: string) => `nonce_${nonce}`;

/** A frame name (`_parent` or any window name); absent or empty means the platform offers no storage. */
export function readStorageTarget(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (value.length > 256) throw new LaunchError('LOGIN_BAD_STORAGE_TARGET', `${value.length} characters`);
  return value;
}

/** The spec's target origin: that of the platform's OIDC authorization endpoint. */
export function platformOrigin(platform: Pick<Platform, 'authLoginUrl'>): string {
  return new URL(platform.authLoginUrl).origin;
}

export interface StorageLoginPage {
  platformOrigin: string;
  target: string;
  state: string;
  nonce: string;
  /** Where to go once both values are stored. */
  authUrl: string;
  /** The same login without platform storage (cookie binding), when the platform does not answer. */
  fallbackUrl: string;
  timeoutMs: number;
}

export interface StorageLaunchPage {
  platformOrigin: string;
  /** `_parent` when the platform did not repeat lti_storage_target in its launch. */
  target: string;
  stateKey: string;
  nonceKey: string;
  action: string;
  fields: Record<string, string>;
  proof: typeof PROOF;
  timeoutMs: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The platform an unverified id_token names: only used to decide where to ask, the second leg verifies everything. */
async function namedPlatform(idToken: string, store: Store): Promise<Platform | null> {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(idToken);
  } catch {
    return null;
  }
  const iss = str(claims.iss);
  if (!iss) return null;
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const clientId = str(claims.azp) ?? aud.map(str).find((a) => a !== undefined);
  if (clientId) {
    const p = await store.selectPlatformByIssuer(iss, clientId);
    if (p) return p;
  }
  const all = await store.selectPlatformsByIssuer(iss);
  return all.length === 1 ? (all[0] as Platform) : null;
}

/**
 * The first-leg page for a storage-bound launch, or null when the token does
 * not name a registered platform (the guard then refuses it with a precise code).
 */
export async function storageLaunchPage(body: Record<string, unknown>, store: Store, launchUrl: string): Promise<StorageLaunchPage | null> {
  const idToken = str(body.id_token);
  const state = str(body.state);
  if (!idToken || !state) return null;
  const platform = await namedPlatform(idToken, store);
  if (!platform) return null;
  let nonce: string | undefined;
  try {
    nonce = str(decodeJwt(idToken).nonce);
  } catch {
    return null;
  }
  if (!nonce) return null;
  let target: string | undefined;
  try {
    target = readStorageTarget(body.lti_storage_target);
  } catch {
    target = undefined;
  }
  return {
    platformOrigin: platformOrigin(platform),
    target: target ?? '_parent',
    stateKey: stateKey(state),
    nonceKey: nonceKey(nonce),
    action: launchUrl,
    fields: { id_token: idToken, state, ...(target ? { lti_storage_target: target } : {}) },
    proof: PROOF,
    timeoutMs: STORAGE_TIMEOUT_MS,
  };
}

export function isStorageProof(body: Record<string, unknown>): boolean {
  return body[PROOF.checked] === '1';
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The second leg must be the tool's own page posting to itself, not a cross-site form. */
function assertFromToolPage(req: Request, toolOrigin: string): void {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) {
    if (site !== 'same-origin') throw new LaunchError('LAUNCH_STORAGE_WRONG_ORIGIN', `Sec-Fetch-Site ${site}`);
    return;
  }
  // Browsers without Fetch Metadata send Origin on every POST; the launch page sets
  // Referrer-Policy: same-origin so that it is the tool's origin rather than "null".
  const origin = req.get('origin');
  if (origin !== undefined && origin !== toolOrigin) throw new LaunchError('LAUNCH_STORAGE_WRONG_ORIGIN', `Origin ${origin}`);
}

/** Throws unless the second leg carries, from the tool's own page, the state and nonce issued for this login. */
export function verifyStorageProof(req: Request, loginState: LoginState, toolOrigin: string): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (!isStorageProof(body)) throw new LaunchError('LAUNCH_STORAGE_MISSING', 'the launch did not go through the platform storage check');
  assertFromToolPage(req, toolOrigin);
  const error = str(body[PROOF.error]);
  if (error && UNAVAILABLE_ERRORS.has(error)) throw new LaunchError('LAUNCH_STORAGE_UNAVAILABLE', error);
  const state = str(body[PROOF.state]);
  const nonce = str(body[PROOF.nonce]);
  if (!state || !nonce) throw new LaunchError('LAUNCH_STORAGE_MISSING', error ? `platform answered ${error}` : 'no value stored');
  if (!same(state, loginState.state) || !same(nonce, loginState.nonce)) throw new LaunchError('LAUNCH_STORAGE_MISMATCH');
}
