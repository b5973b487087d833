/**
 * Deep Linking 2.0, tool side: the content items for chosen sequences and the
 * signed LtiDeepLinkingResponse that carries them back to the platform.
 *
 * The response is a JWT the tool signs with its key for that platform (the
 * `kid` the platform finds in the tool's JWKS): iss is the tool's client id,
 * aud the platform's issuer, with a fresh nonce, a short lifetime, the launch's
 * deployment id, and the request's `data` echoed so the platform can match it
 * to the request it sent. Content items respect what the request accepts: an
 * LTI resource link only if accepted, presentation targets only from its list,
 * a line item unless the platform said it ignores them.
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { JsonObject, Platform } from '../store/types.js';
import { CLAIM } from './claims.js';
import { DEEP_LINKING_RESPONSE, DL_CLAIM, LTI_VERSION, RESOURCE_LINK_TYPE } from './deep-linking-claims.js';
import type { DeepLinkingSettings } from './deep-linking-settings.js';
import type { ToolSigningKey } from './provider.js';

/** Long enough for a slow LMS round trip, short enough to be useless if intercepted. */
export const RESPONSE_LIFETIME_SECONDS = 300;
/** Every sequence reports a percentage; platforms scale the gradebook column themselves. */
export const SCORE_MAXIMUM = 100;
export const LINE_ITEM_TAG = 'adaptive-sequence';
/** A comfortable height for the player in an LMS frame. */
const IFRAME_HEIGHT = 800;

export interface ChosenSequence {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
}

export const acceptsResourceLinks = (settings: DeepLinkingSettings): boolean => settings.acceptTypes.includes(RESOURCE_LINK_TYPE);

/** An ltiResourceLink that launches the tool on the sequence (the player reads custom.sequence_id). */
export function resourceLinkItem(sequence: ChosenSequence, launchUrl: string, settings: DeepLinkingSettings): JsonObject {
  const item: JsonObject = {
    type: RESOURCE_LINK_TYPE,
    title: sequence.title,
    url: launchUrl,
    custom: { sequence_id: sequence.id },
  };
  if (sequence.description) item.text = sequence.description;
  if (settings.acceptLineItem !== false) {
    item.lineItem = { scoreMaximum: SCORE_MAXIMUM, label: sequence.title, resourceId: sequence.id, tag: LINE_ITEM_TAG };
  }
  // The player is made to be framed; a new window is the fallback the platform may prefer.
  if (settings.acceptPresentationTargets.includes('iframe')) item.iframe = { height: IFRAME_HEIGHT };
  else if (settings.acceptPresentationTargets.includes('window')) item.window = { targetName: '_blank' };
  return item;
}

export interface ResponseInput {
  readonly platform: Pick<Platform, 'clientId' | 'issuer'>;
  readonly deploymentId: string;
  readonly key: ToolSigningKey;
  readonly settings: DeepLinkingSettings;
  readonly items: readonly JsonObject[];
  /** Shown by the platform to the instructor. */
  readonly message?: string;
  /** Shown by the platform as an error (the tool could not deliver what was asked). */
  readonly errorMessage?: string;
  readonly nowMs: number;
}

export async function signDeepLinkingResponse(input: ResponseInput): Promise<string> {
  const { platform, settings } = input;
  const iat = Math.floor(input.nowMs / 1000);
  const claims: Record<string, unknown> = {
    nonce: randomUUID(),
    [CLAIM.messageType]: DEEP_LINKING_RESPONSE,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: input.deploymentId,
    [DL_CLAIM.contentItems]: input.items,
  };
  if (settings.data !== undefined) claims[DL_CLAIM.data] = settings.data;
  if (input.message) claims[DL_CLAIM.msg] = input.message;
  if (input.errorMessage) claims[DL_CLAIM.errorMsg] = input.errorMessage;
  // jose imports PKCS#8 only; ltijs stores PKCS#1, which node:crypto reads as is.
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: input.key.kid })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + RESPONSE_LIFETIME_SECONDS)
    .sign(createPrivateKey(input.key.privateKeyPem));
}
