/**
 * The AGS endpoint claim a launch carried, read defensively: it comes from
 * the LMS, through the session, and a malformed claim must mean "no grade
 * passback" rather than a crash when a learner finishes.
 */
import { CLAIM } from '../lti/claims.js';
import type { JsonObject } from '../store/types.js';
import { AGS_SCOPE } from './ags-vocabulary.js';

export interface AgsEndpoint {
  scopes: string[];
  /** The launch's own line item, when the platform has exactly one for the link. */
  lineItemUrl: string | null;
  /** The course's line-items container. */
  lineItemsUrl: string | null;
}

/** Null when the launch carried no usable AGS claim. */
export function readAgsEndpoint(claims: JsonObject): AgsEndpoint | null {
  const claim = claims[CLAIM.ags];
  if (claim === null || typeof claim !== 'object' || Array.isArray(claim)) return null;
  const scopes = Array.isArray(claim.scope) ? claim.scope.filter((s): s is string => typeof s === 'string') : [];
  const endpoint = { scopes, lineItemUrl: httpUrl(claim.lineitem), lineItemsUrl: httpUrl(claim.lineitems) };
  return endpoint.lineItemUrl === null && endpoint.lineItemsUrl === null ? null : endpoint;
}

/** Where a score for this launch can go, or null when the platform did not grant what that needs. */
export function scoreTarget(endpoint: AgsEndpoint): { lineItemUrl: string } | { lineItemsUrl: string } | null {
  if (!endpoint.scopes.includes(AGS_SCOPE.score)) return null;
  if (endpoint.lineItemUrl !== null) return { lineItemUrl: endpoint.lineItemUrl };
  // Without a line item for the link, the tool must find or create one, which needs the (write) lineitem scope.
  if (endpoint.lineItemsUrl !== null && endpoint.scopes.includes(AGS_SCOPE.lineItem)) return { lineItemsUrl: endpoint.lineItemsUrl };
  return null;
}

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}
