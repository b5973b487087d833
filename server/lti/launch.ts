/**
 * The launch itself: the guard that validates the id_token, and the handler
 * after it, which opens the tool's session and sends the browser on with
 * POST-redirect-GET (so reloading the page never replays a spent id_token).
 *
 * Besides the token, the guard checks that the launch comes from the browser
 * that started the login, by the binding the login chose (browser-binding.ts).
 * A platform-storage launch takes two posts: the platform's, answered with a
 * page that reads the stored state and nonce back from the LMS, then that
 * page's (platform-storage.ts). Only the second one consumes the state.
 * That page posts with fetch and is answered with the landing address, which
 * it opens with location.replace: a form submitted after the page has loaded
 * would add a history entry, leaving the first leg's POST behind it for Back
 * to resubmit.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../log.js';
import type { JsonObject, LoginState, Platform, Store } from '../store/types.js';
import { bindingOf, checkStateCookie, cookieOptions, readCookies, stateCookieName, type CookiePolicy } from './browser-binding.js';
import { CLAIM } from './claims.js';
import type { JwksCache } from './jwks-cache.js';
import { LaunchError } from './launch-errors.js';
import { assertUsable } from './login.js';
import { sealPageCode, type PageCodeKey } from './page-code.js';
import { isStorageProof, PROOF, REPLY_WITH_LOCATION, storageLaunchPage, verifyStorageProof } from './platform-storage.js';
import { mapRoles } from './roles.js';
import { newSessionToken } from './session.js';
import { validateIdToken, type VerifiedLaunch } from './validate.js';

export interface LaunchDeps {
  store: Store;
  keys: JwksCache;
  now: () => number;
  clockSkewSeconds: number;
  sessionTtlSeconds: number;
  /** Where a launched browser lands (GET, carrying a page code of the new session). */
  landingPath: string;
  /** Seals the new session's token into the landing URL's page code. */
  pageCodes: PageCodeKey;
  /** The redirect_uri: the platform-storage page posts back to it. */
  launchUrl: string;
  /** The tool's origin, which the second leg of a platform-storage launch must come from. */
  toolOrigin: string;
  cookies: CookiePolicy;
  logger: Logger;
}

declare module 'express-serve-static-core' {
  interface Locals {
    verifiedLaunch?: { launch: VerifiedLaunch; platform: Platform };
  }
}

/** Answers the platform's post of a storage-bound launch with the page that fetches the proof; false when it does not apply. */
async function askForStorageProof(req: Request, res: Response, deps: LaunchDeps): Promise<boolean> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (typeof body.state !== 'string' || bindingOf(body.state) !== 'platform-storage' || isStorageProof(body)) return false;
  const page = await storageLaunchPage(body, deps.store, deps.launchUrl);
  if (!page) return false;
  // The page's own post must carry the tool's origin in its Origin header (see platform-storage.ts).
  res.set({ 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' });
  res.render('lti/storage-launch', { title: 'Opening the activity', ...page });
  return true;
}

/** Throws unless the launch comes from the browser that started the login; logs how it was bound, for operators. */
function checkBinding(req: Request, res: Response, deps: LaunchDeps, loginState: LoginState): void {
  const log = { requestId: res.locals.requestId, platformId: loginState.platformId };
  if (bindingOf(loginState.state) === 'platform-storage') {
    verifyStorageProof(req, loginState, deps.toolOrigin);
    deps.logger.info({ ...log, binding: 'platform-storage' }, 'launch bound to the browser');
  } else if (checkStateCookie(readCookies(req), loginState.state, deps.cookies) === 'bound') {
    deps.logger.info({ ...log, binding: 'cookie' }, 'launch bound to the browser');
  } else {
    deps.logger.warn({ ...log, binding: 'none' }, 'launch accepted without its state cookie (plain http)');
  }
}

export function launchGuard(deps: LaunchDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const idToken = body.id_token;
      if (typeof idToken !== 'string' || idToken === '') throw new LaunchError('LAUNCH_NO_ID_TOKEN');
      if (await askForStorageProof(req, res, deps)) return false;
      const state = typeof body.state === 'string' ? body.state : '';
      const loginState = state ? await deps.store.consumeLoginState(state, deps.now()) : null;
      if (!loginState) throw new LaunchError('LAUNCH_STATE_UNKNOWN', state ? 'unknown or expired state' : 'no state');
      // The state is spent whatever happens next, so its cookie goes too (also on refusals).
      if (bindingOf(state) === 'cookie') res.clearCookie(stateCookieName(state), cookieOptions(deps.cookies, deps.cookies.launchPath));
      const platform = await deps.store.selectPlatform(loginState.platformId);
      if (!platform) throw new LaunchError('LAUNCH_STATE_UNKNOWN', 'platform removed since login');
      assertUsable(platform);
      const launch = await validateIdToken(idToken, {
        platform,
        loginState,
        keys: deps.keys,
        nowMs: deps.now(),
        clockSkewSeconds: deps.clockSkewSeconds,
        isDeploymentRegistered: async (id) => (await deps.store.selectDeployment(platform.id, id)) !== null,
      });
      checkBinding(req, res, deps, loginState);
      res.locals.verifiedLaunch = { launch, platform };
      return true;
    })().then((handled) => handled && next(), next);
  };
}

function pick(claims: Record<string, unknown>, names: string[]): JsonObject {
  const out: JsonObject = {};
  for (const n of names) if (claims[n] !== undefined) out[n] = claims[n] as JsonObject;
  return out;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Runs after launchGuard has verified the launch; opens the tool's session. */
export function completeLaunch(deps: LaunchDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => openSession(deps, req, res).catch(next);
}

async function openSession(deps: LaunchDeps, req: Request, res: Response): Promise<void> {
  const verified = res.locals.verifiedLaunch;
  if (!verified) throw new LaunchError('LAUNCH_NO_ID_TOKEN', 'no launch verified for this request');
  const { launch, platform } = verified;
  const c = launch.claims;
  const context = obj(c[CLAIM.context]);
  const link = obj(c[CLAIM.resourceLink]);
  const { token, id } = newSessionToken();
  const now = deps.now();
  await deps.store.insertSession({
    id,
    platformId: platform.id,
    deploymentId: launch.deploymentId,
    contextId: strOrNull(context.id) ?? '',
    contextTitle: strOrNull(context.title) ?? strOrNull(context.label),
    resourceLinkId: launch.resourceLinkId ?? '',
    resourceLinkTitle: strOrNull(link.title),
    userId: launch.userId,
    userName: strOrNull(c.name) ?? ([c.given_name, c.family_name].filter((x) => typeof x === 'string').join(' ') || null),
    userEmail: strOrNull(c.email),
    roles: mapRoles(launch.roles),
    messageType: launch.messageType,
    claims: {
      ...pick(c, [CLAIM.ags, CLAIM.nrps, CLAIM.custom, CLAIM.deepLinkingSettings, CLAIM.launchPresentation, CLAIM.toolPlatform, CLAIM.lis]),
      ltiRoles: launch.roles,
    },
    createdAt: now,
    expiresAt: now + deps.sessionTtlSeconds * 1000,
  });
  // The landing URL reaches proxy logs and the frame's history: it carries a two-minute code, not the token.
  const landing = `${deps.landingPath}?code=${sealPageCode(deps.pageCodes, token, now)}`;
  if (isStorageProof(obj(req.body)) && obj(req.body)[PROOF.reply] === REPLY_WITH_LOCATION) {
    // The platform-storage page posted this leg with fetch and goes on with location.replace: the
    // first leg's POST entry is replaced, so Back never lands on it (Chrome: "Confirm Form Resubmission").
    res.set('Cache-Control', 'no-store');
    res.json({ location: landing });
    return;
  }
  res.redirect(303, landing);
}
