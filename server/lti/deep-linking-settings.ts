/**
 * The deep_linking_settings claim of an LtiDeepLinkingRequest, read from the
 * session the launch opened (launch.ts keeps the claim) and checked once, so
 * the placement page and the response builder work with a typed value.
 *
 * Missing optional fields get the spec's reading: accept_multiple absent means
 * one item; accept_lineitem absent means "unknown" (null), so a line item is
 * sent and the platform may ignore it.
 */
import { HttpError } from '../http/errors.js';
import type { Json, Session } from '../store/types.js';
import { CLAIM } from './claims.js';

export interface DeepLinkingSettings {
  readonly returnUrl: string;
  readonly acceptTypes: readonly string[];
  readonly acceptPresentationTargets: readonly string[];
  readonly acceptMultiple: boolean;
  readonly acceptLineItem: boolean | null;
  /** The platform's opaque value, echoed verbatim in the response (absent: not sent). */
  readonly data: Json | undefined;
  /** The platform's suggested title for what is being added. */
  readonly title: string | null;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const notDeepLinking = () =>
  new HttpError(400, 'DEEP_LINK_NOT_REQUESTED', 'This page is for adding content to a course, and this launch did not ask for that. Use "add external tool" (or your LMS\'s equivalent) to add a sequence.', [], {
    forAdmin: 'The placement page needs an LtiDeepLinkingRequest launch with a deep_linking_settings claim.',
  });

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function deepLinkingSettings(session: Session): DeepLinkingSettings {
  const raw = session.claims[CLAIM.deepLinkingSettings];
  if (session.messageType !== 'LtiDeepLinkingRequest' || raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw notDeepLinking();
  const returnUrl = httpUrl(raw.deep_link_return_url);
  if (returnUrl === null) {
    throw new HttpError(400, 'DEEP_LINK_SETTINGS_INVALID', 'Your LMS did not say where to send the chosen content, so nothing can be added.', [], {
      forAdmin: 'deep_linking_settings.deep_link_return_url must be an http(s) URL.',
    });
  }
  return {
    returnUrl,
    acceptTypes: strings(raw.accept_types),
    acceptPresentationTargets: strings(raw.accept_presentation_document_targets),
    acceptMultiple: raw.accept_multiple === true,
    acceptLineItem: typeof raw.accept_lineitem === 'boolean' ? raw.accept_lineitem : null,
    data: raw.data,
    title: typeof raw.title === 'string' ? raw.title : null,
  };
}
