/**
 * Validation of a launch id_token: every rule LTI 1.3 and OIDC require,
 * including those ltijs skips (nonce bound to the login, registered deployment,
 * aud/azp, cached keys, a clock-skew allowance). Each failure is a LaunchError
 * with a stable code; the order of checks decides which code a token with
 * several faults gets, so header problems come first, then the signature,
 * then the claims.
 */
import { compactVerify, decodeProtectedHeader, errors as joseErrors } from 'jose';
import type { LoginState, Platform } from '../store/types.js';
import { CLAIM, MESSAGE_TYPES, type MessageType } from './claims.js';
import type { JwksCache } from './jwks-cache.js';
import { LaunchError } from './launch-errors.js';

export interface ValidationContext {
  platform: Platform;
  loginState: LoginState;
  keys: JwksCache;
  nowMs: number;
  clockSkewSeconds: number;
  isDeploymentRegistered(deploymentId: string): Promise<boolean>;
}

export interface VerifiedLaunch {
  claims: Record<string, unknown>;
  messageType: MessageType;
  deploymentId: string;
  userId: string;
  roles: string[];
  resourceLinkId: string | null;
}

async function verifySignature(idToken: string, ctx: ValidationContext): Promise<Record<string, unknown>> {
  let header;
  try {
    header = decodeProtectedHeader(idToken);
  } catch {
    throw new LaunchError('LAUNCH_MALFORMED_JWT', 'header is not decodable');
  }
  if (idToken.split('.').length !== 3) throw new LaunchError('LAUNCH_MALFORMED_JWT', 'not a JWS compact token');
  if (header.alg !== 'RS256') throw new LaunchError('LAUNCH_BAD_ALG', `alg ${String(header.alg)}`);
  if (!header.kid) throw new LaunchError('LAUNCH_NO_KID');
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(idToken, ctx.keys.keysFor(ctx.platform.jwksUrl), { algorithms: ['RS256'] }));
  } catch (err) {
    if (err instanceof joseErrors.JWKSNoMatchingKey) throw new LaunchError('LAUNCH_UNKNOWN_KID', `kid ${header.kid}`);
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw new LaunchError('LAUNCH_BAD_SIGNATURE');
    if (err instanceof joseErrors.JWSInvalid) throw new LaunchError('LAUNCH_MALFORMED_JWT', (err as Error).message);
    throw new LaunchError('PLATFORM_JWKS_UNAVAILABLE', `${ctx.platform.jwksUrl}: ${(err as Error).message}`);
  }
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (claims && typeof claims === 'object' && !Array.isArray(claims)) return claims as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new LaunchError('LAUNCH_MALFORMED_JWT', 'payload is not a JSON object');
}

function checkOidcClaims(c: Record<string, unknown>, ctx: ValidationContext): void {
  const { platform } = ctx;
  if (c.iss !== platform.issuer) throw new LaunchError('LAUNCH_ISSUER_MISMATCH', `iss ${String(c.iss)}`);
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (!aud.includes(platform.clientId)) throw new LaunchError('LAUNCH_AUDIENCE_MISMATCH', `aud ${JSON.stringify(c.aud)}`);
  if ((aud.length > 1 || c.azp !== undefined) && c.azp !== platform.clientId) {
    throw new LaunchError('LAUNCH_AUDIENCE_MISMATCH', `azp ${String(c.azp)}`);
  }
  if (typeof c.nonce !== 'string' || c.nonce !== ctx.loginState.nonce) throw new LaunchError('LAUNCH_NONCE_MISMATCH');
  const now = ctx.nowMs / 1000;
  if (typeof c.iat !== 'number' || typeof c.exp !== 'number') throw new LaunchError('LAUNCH_BAD_TIMESTAMPS');
  if (c.exp < now - ctx.clockSkewSeconds) throw new LaunchError('LAUNCH_TOKEN_EXPIRED', `exp ${c.exp}, now ${Math.floor(now)}`);
  if (c.iat > now + ctx.clockSkewSeconds) throw new LaunchError('LAUNCH_TOKEN_NOT_YET_VALID', `iat ${c.iat}, now ${Math.floor(now)}`);
}

async function checkLtiClaims(c: Record<string, unknown>, ctx: ValidationContext): Promise<VerifiedLaunch> {
  const version = c[CLAIM.version];
  const messageType = c[CLAIM.messageType];
  const deploymentId = c[CLAIM.deploymentId];
  if (version === undefined && messageType === undefined && deploymentId === undefined) throw new LaunchError('LAUNCH_NOT_LTI');
  if (version === undefined) throw new LaunchError('LAUNCH_NO_VERSION');
  if (version !== '1.3.0') throw new LaunchError('LAUNCH_WRONG_VERSION', `version ${String(version)}`);
  if (messageType === undefined) throw new LaunchError('LAUNCH_NO_MESSAGE_TYPE');
  if (!MESSAGE_TYPES.includes(messageType as MessageType)) throw new LaunchError('LAUNCH_BAD_MESSAGE_TYPE', String(messageType));
  if (typeof deploymentId !== 'string' || deploymentId === '') throw new LaunchError('LAUNCH_NO_DEPLOYMENT');
  if (!(await ctx.isDeploymentRegistered(deploymentId))) throw new LaunchError('LAUNCH_UNKNOWN_DEPLOYMENT', deploymentId);
  const roles = c[CLAIM.roles];
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) throw new LaunchError('LAUNCH_NO_ROLES');
  if (typeof c.sub !== 'string' || c.sub.trim() === '') throw new LaunchError('LAUNCH_NO_SUB');
  const link = c[CLAIM.resourceLink] as { id?: unknown } | undefined;
  const resourceLinkId = link && typeof link.id === 'string' && link.id !== '' ? link.id : null;
  if (messageType === 'LtiResourceLinkRequest' && !resourceLinkId) throw new LaunchError('LAUNCH_NO_RESOURCE_LINK');
  return { claims: c, messageType: messageType as MessageType, deploymentId, userId: c.sub, roles: roles as string[], resourceLinkId };
}

export async function validateIdToken(idToken: string, ctx: ValidationContext): Promise<VerifiedLaunch> {
  const claims = await verifySignature(idToken, ctx);
  checkOidcClaims(claims, ctx);
  return checkLtiClaims(claims, ctx);
}
