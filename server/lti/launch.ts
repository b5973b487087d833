/**
 * The launch itself: the guard that validates the id_token before ltijs sees
 * it, and the handler ltijs calls afterwards, which opens the tool's session
 * and sends the browser on with POST-redirect-GET (so reloading the page never
 * replays a spent id_token).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { JsonObject, Platform, Store } from '../store/types.js';
import { CLAIM } from './claims.js';
import type { JwksCache } from './jwks-cache.js';
import { LaunchError } from './launch-errors.js';
import { assertUsable } from './login.js';
import type { LtiProvider } from './provider.js';
import { mapRoles } from './roles.js';
import { newSessionToken } from './session.js';
import { validateIdToken, type VerifiedLaunch } from './validate.js';

export interface LaunchDeps {
  store: Store;
  keys: JwksCache;
  now: () => number;
  clockSkewSeconds: number;
  sessionTtlSeconds: number;
  /** Where a launched browser lands (GET, carrying the session token). */
  landingPath: string;
}

declare module 'express-serve-static-core' {
  interface Locals {
    verifiedLaunch?: { launch: VerifiedLaunch; platform: Platform };
  }
}

export function launchGuard(deps: LaunchDeps, provider: () => LtiProvider): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const idToken = body.id_token;
      if (typeof idToken !== 'string' || idToken === '') throw new LaunchError('LAUNCH_NO_ID_TOKEN');
      const state = typeof body.state === 'string' ? body.state : '';
      const loginState = state ? await deps.store.consumeLoginState(state, deps.now()) : null;
      if (!loginState) throw new LaunchError('LAUNCH_STATE_UNKNOWN', state ? 'unknown or expired state' : 'no state');
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
      await provider().admitVerified(idToken, launch.claims, platform, res);
      res.locals.verifiedLaunch = { launch, platform };
    })().then(() => next(), next);
  };
}

function pick(claims: Record<string, unknown>, names: string[]): JsonObject {
  const out: JsonObject = {};
  for (const n of names) if (claims[n] !== undefined) out[n] = claims[n] as JsonObject;
  return out;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Called by ltijs once it has stored the launch; opens the tool's session. */
export function completeLaunch(deps: LaunchDeps) {
  return async (_req: Request, res: Response): Promise<void> => {
    const verified = res.locals.verifiedLaunch;
    if (!verified) throw new LaunchError('LAUNCH_NO_ID_TOKEN', 'ltijs dispatched a launch the guard did not verify');
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
    res.redirect(303, `${deps.landingPath}?s=${encodeURIComponent(token)}`);
  };
}
