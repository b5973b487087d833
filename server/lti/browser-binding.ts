/**
 * Binding a launch to the browser that started its login.
 *
 * The OIDC `state` proves that a launch answers a login this tool started; it
 * does not prove that the same browser started it. Without that proof an
 * attacker can start a login in their own browser and make a victim's browser
 * post the resulting id_token (login CSRF: the victim then works inside the
 * attacker's account). The classic proof is a state cookie, but LMSs show tools
 * in an iframe on another site, where browsers block or partition third-party
 * cookies. So each login chooses a binding, and the binding is written into the
 * state itself: states are opaque to the platform and accepted only when found
 * in the store, so the binding cannot be changed without invalidating the state
 * (and the store needs no new field).
 *
 * `p.` Platform storage: the login carried `lti_storage_target` (1EdTech "LTI
 *   Client Side postMessages"). No cookie is involved: the login page stores
 *   `state_<state>` and `nonce_<nonce>` in the platform's storage frame, the
 *   launch page reads them back and posts them to the tool, which compares them
 *   with what it issued. See platform-storage.ts.
 *
 * `c.` Cookie: a short-lived, HttpOnly cookie per state, scoped to the launch path.
 *   - In a secure context (https, and loopback http, which browsers treat as
 *     secure and where they accept Secure cookies) it is `SameSite=None; Secure;
 *     Partitioned`: partitioned cookies (CHIPS) keep working in an LMS iframe
 *     where unpartitioned third-party cookies are blocked.
 *   - On other plain http (a development box under a LAN name) browsers refuse
 *     Secure cookies, so it is `SameSite=Lax`, which only reaches same-site launches.
 *   A login inside an iframe (`Sec-Fetch-Dest: iframe`) in a secure context
 *   first checks that the browser keeps cookies there: it sets a probe cookie
 *   and redirects to itself. If the cookie does not come back (a browser that
 *   blocks every third-party cookie, partitioned or not, and an LMS without
 *   platform storage), the login answers with a page that reopens it in a new
 *   window, where the cookie is first-party. This happens before the tool
 *   redirects to the platform, so the platform's `lti_message_hint`, which some
 *   platforms accept only once, is still unspent when the new window uses it.
 *   The launch requires the cookie on https (production). On http it is
 *   enforced only when the browser sends state cookies of ours at all; a launch
 *   with none is accepted and logged, because scripts and benchmarks without a
 *   cookie jar launch against development servers and a Lax cookie never
 *   reaches a cross-site form_post.
 *
 * Whatever the binding, the state and nonce stay one-time and server-side
 * (login.ts issues them, launch.ts consumes the state, validate.ts checks the nonce).
 */
import crypto from 'node:crypto';
import type { CookieOptions, Request } from 'express';
import { LaunchError } from './launch-errors.js';

export type Binding = 'platform-storage' | 'cookie';

const PREFIX: Record<Binding, string> = { 'platform-storage': 'p.', cookie: 'c.' };

export function newState(binding: Binding): string {
  return `${PREFIX[binding]}${crypto.randomBytes(24).toString('base64url')}`;
}

/** States without a known prefix were issued before bindings existed (a rolling deploy): they get the cookie rules. */
export function bindingOf(state: string): Binding {
  return state.startsWith(PREFIX['platform-storage']) ? 'platform-storage' : 'cookie';
}

export interface CookiePolicy {
  /** Browsers accept Secure (and so SameSite=None and Partitioned) cookies from the tool's origin. */
  secureContext: boolean;
  /** A cookie-bound launch without its cookie is refused (https, i.e. production). */
  required: boolean;
  loginPath: string;
  launchPath: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function cookiePolicy(urls: { login: string; launch: string }): CookiePolicy {
  const launch = new URL(urls.launch);
  const https = launch.protocol === 'https:';
  const loopback = LOOPBACK.has(launch.hostname) || launch.hostname.endsWith('.localhost');
  return { secureContext: https || loopback, required: https, loginPath: new URL(urls.login).pathname, launchPath: launch.pathname };
}

export const STATE_COOKIE_PREFIX = 'lti_state_';
export const PROBE_COOKIE = 'lti_probe';
/** The login's own query parameter carrying the probe value back. */
export const PROBE_PARAM = 'lti_cookie_probe';
export const PROBE_TTL_MS = 60_000;

/** Named after a digest of the state, so concurrent launches in one browser never overwrite each other's cookie. */
export function stateCookieName(state: string): string {
  return STATE_COOKIE_PREFIX + crypto.createHash('sha256').update(state).digest('base64url').slice(0, 22);
}

export function cookieOptions(policy: CookiePolicy, path: string, maxAgeMs?: number): CookieOptions {
  const base: CookieOptions = { httpOnly: true, path, ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }) };
  return policy.secureContext ? { ...base, sameSite: 'none', secure: true, partitioned: true } : { ...base, sameSite: 'lax' };
}

/** The request's cookies; this app has no cookie middleware of its own (ltijs's parser is not relied on). */
export function readCookies(req: Request): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // A malformed escape is kept as sent; it simply will not match.
    }
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** Only logins framed by a page in a secure context are probed: top-level windows keep first-party cookies. */
export function shouldProbe(req: Request, policy: CookiePolicy): boolean {
  return policy.secureContext && req.get('sec-fetch-dest') === 'iframe';
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export type CookieCheck = 'bound' | 'unbound';

/**
 * Checks the state cookie of a cookie-bound launch. Returns 'unbound' when a
 * missing cookie is tolerated (http, no state cookie of ours at all); throws
 * when the launch must be refused.
 */
export function checkStateCookie(cookies: Map<string, string>, state: string, policy: CookiePolicy): CookieCheck {
  const value = cookies.get(stateCookieName(state));
  if (value !== undefined && same(value, state)) return 'bound';
  const othersPresent = [...cookies.keys()].some((name) => name.startsWith(STATE_COOKIE_PREFIX));
  if (othersPresent) throw new LaunchError('LAUNCH_COOKIE_MISMATCH', 'the browser sent state cookies, none for this state');
  if (policy.required) throw new LaunchError('LAUNCH_COOKIE_MISSING', 'no state cookie on an https launch');
  return 'unbound';
}
