/**
 * The closed set of reasons a login or launch is refused. Each code maps to what
 * a student can do and what the LMS administrator should check; the page shows
 * both and the log records the technical reason. Codes are stable: support
 * staff and tests refer to them.
 */
import { HttpError } from '../http/errors.js';

interface Guidance {
  status: number;
  message: string;
  forLearner: string;
  forAdmin: string;
}

const RETRY = 'Go back to your course and open the activity again. If it keeps happening, tell your teacher the error code below.';
const CONTACT = 'Tell your teacher or LMS administrator the error code below; there is nothing you can fix yourself.';

export const LAUNCH_ERRORS = {
  LOGIN_MISSING_PARAMS: {
    status: 400,
    message: 'The LMS started the sign-in without the parameters LTI 1.3 requires.',
    forLearner: RETRY,
    forAdmin: 'The OIDC login initiation must carry iss, login_hint and target_link_uri. Check the tool\'s "Login URL" in the LMS.',
  },
  LOGIN_BAD_TARGET: {
    status: 400,
    message: 'The LMS asked to open an address that does not belong to this tool.',
    forLearner: CONTACT,
    forAdmin: 'target_link_uri must start with the tool\'s PUBLIC_URL. Check the "Target link URI" of the tool in the LMS.',
  },
  LOGIN_UNKNOWN_PLATFORM: {
    status: 400,
    message: 'This LMS is not registered with the tool.',
    forLearner: CONTACT,
    forAdmin: 'Register the platform (issuer and client id) with `npm run lti -- platform add`, the admin API, or Dynamic Registration.',
  },
  LOGIN_AMBIGUOUS_PLATFORM: {
    status: 400,
    message: 'Several registrations match this LMS and it did not say which one it is using.',
    forLearner: CONTACT,
    forAdmin: 'The login request has no client_id and the issuer has several registrations. Configure the LMS to send client_id, or remove the stale registration.',
  },
  LOGIN_BAD_STORAGE_TARGET: {
    status: 400,
    message: 'The LMS named a storage frame the tool cannot use.',
    forLearner: CONTACT,
    forAdmin: 'lti_storage_target must be "_parent" or a frame name of at most 256 characters. Check the LMS\'s LTI platform storage settings.',
  },
  PLATFORM_PENDING: {
    status: 403,
    message: 'This LMS registration is waiting for approval by the tool\'s administrator.',
    forLearner: CONTACT,
    forAdmin: 'Approve it with `npm run lti -- platform approve <id>` or POST /api/admin/platforms/<id>/approve.',
  },
  PLATFORM_DISABLED: {
    status: 403,
    message: 'This LMS registration has been disabled.',
    forLearner: CONTACT,
    forAdmin: 'Re-enable the registration if it was disabled by mistake.',
  },
  LAUNCH_NO_ID_TOKEN: {
    status: 400,
    message: 'The launch did not contain an id_token.',
    forLearner: RETRY,
    forAdmin: 'The platform must POST id_token and state to the tool\'s redirect URI (response_mode=form_post).',
  },
  LAUNCH_STATE_UNKNOWN: {
    status: 400,
    message: 'This launch has expired or was already used.',
    forLearner: 'Launch links work once and only for a few minutes. Go back to your course and open the activity again.',
    forAdmin: 'The state did not match a login started by this tool in the last 10 minutes (expired, replayed, or started on another server without a shared store).',
  },
  LAUNCH_STORAGE_MISSING: {
    status: 401,
    message: 'Your LMS could not confirm that this browser started the launch.',
    forLearner: 'Open the activity again from your course, in the same browser tab. If it keeps happening, tell your teacher the error code below.',
    forAdmin: 'The login stored its state and nonce in the LMS through platform storage (lti.put_data), but the launch page found none there (lti.get_data): the launch was answered in another window or browser, the LMS page was reloaded in between, or the LMS does not keep storage across the launch.',
  },
  LAUNCH_STORAGE_MISMATCH: {
    status: 401,
    message: 'The launch does not answer the sign-in this browser started.',
    forLearner: RETRY,
    forAdmin: 'The state and nonce the LMS\'s platform storage returned differ from those issued for this launch\'s state: the launch was started in another browser (possibly a forged launch).',
  },
  LAUNCH_STORAGE_UNAVAILABLE: {
    status: 502,
    message: 'Your LMS did not answer the tool\'s request to confirm this launch.',
    forLearner: 'Open the activity again from your course. If your LMS offers "Open in a new window", use it. If it keeps happening, tell your teacher the error code below.',
    forAdmin: 'The login used platform storage (lti_storage_target), but at launch the LMS\'s storage frame did not answer lti.get_data within the time allowed, or there was no frame to ask. Check that the LMS serves its storage frame from the origin of its OIDC authorization URL.',
  },
  LAUNCH_STORAGE_WRONG_ORIGIN: {
    status: 403,
    message: 'This launch was not confirmed by the tool\'s own page.',
    forLearner: RETRY,
    forAdmin: 'A platform-storage launch must be confirmed by the page the tool served for it (same-origin POST). A cross-site POST carrying storage values is refused as a forged launch.',
  },
  LAUNCH_COOKIE_MISSING: {
    status: 401,
    message: 'Your browser did not keep the cookie the tool set when the launch started.',
    forLearner: 'Open the activity again from your course. If your browser blocks cookies for this tool, allow them or open the activity in a new window.',
    forAdmin: 'The login bound this launch to the browser with a short-lived state cookie and the launch arrived without it: cookies are blocked for the tool, or the launch was started in another browser. LMSs that support LTI platform storage (lti_storage_target) avoid cookies altogether.',
  },
  LAUNCH_COOKIE_MISMATCH: {
    status: 401,
    message: 'The launch does not answer the sign-in this browser started.',
    forLearner: RETRY,
    forAdmin: 'The browser sent the tool\'s state cookies, but not the one for this launch\'s state: the launch was started in another browser (possibly a forged launch).',
  },
  LAUNCH_MALFORMED_JWT: {
    status: 400,
    message: 'The launch message is not a valid signed token.',
    forLearner: RETRY,
    forAdmin: 'The id_token could not be parsed as a JWS compact token.',
  },
  LAUNCH_NO_KID: {
    status: 400,
    message: 'The launch message does not say which key signed it.',
    forLearner: CONTACT,
    forAdmin: 'The id_token header has no "kid". LTI 1.3 platforms must name the signing key.',
  },
  LAUNCH_UNKNOWN_KID: {
    status: 401,
    message: 'The launch was signed with a key the LMS does not publish.',
    forLearner: CONTACT,
    forAdmin: 'The id_token "kid" is not in the platform\'s JWKS. Check the registered JWKS URL; if the LMS just rotated its keys, retry in a minute.',
  },
  LAUNCH_BAD_ALG: {
    status: 401,
    message: 'The launch was signed with an algorithm LTI does not allow.',
    forLearner: CONTACT,
    forAdmin: 'LTI 1.3 requires RS256 id_tokens.',
  },
  LAUNCH_BAD_SIGNATURE: {
    status: 401,
    message: 'The launch signature is not valid.',
    forLearner: CONTACT,
    forAdmin: 'The id_token signature did not verify against the platform\'s published key.',
  },
  PLATFORM_JWKS_UNAVAILABLE: {
    status: 502,
    message: 'The tool could not fetch your LMS\'s public keys to check this launch.',
    forLearner: 'Try again in a minute. If it keeps happening, tell your teacher the error code below.',
    forAdmin: 'The registered JWKS URL did not answer with a key set. Check the URL and that the tool can reach it.',
  },
  LAUNCH_ISSUER_MISMATCH: {
    status: 401,
    message: 'The launch came from a different LMS than the sign-in.',
    forLearner: RETRY,
    forAdmin: 'The id_token "iss" differs from the issuer that started the OIDC login.',
  },
  LAUNCH_AUDIENCE_MISMATCH: {
    status: 401,
    message: 'The launch was meant for a different tool.',
    forLearner: CONTACT,
    forAdmin: 'The id_token "aud" must contain the client id registered for this tool, and with several audiences "azp" must equal it.',
  },
  LAUNCH_NONCE_MISMATCH: {
    status: 401,
    message: 'The launch does not answer the sign-in this browser started.',
    forLearner: RETRY,
    forAdmin: 'The id_token "nonce" is missing or differs from the one issued at login.',
  },
  LAUNCH_TOKEN_EXPIRED: {
    status: 401,
    message: 'The launch message has expired.',
    forLearner: RETRY,
    forAdmin: 'The id_token "exp" is in the past (beyond the allowed clock skew). Check the LMS server\'s clock.',
  },
  LAUNCH_TOKEN_NOT_YET_VALID: {
    status: 401,
    message: 'The launch message is dated in the future.',
    forLearner: RETRY,
    forAdmin: 'The id_token "iat" is later than now plus the allowed clock skew. Check the LMS server\'s clock (NTP).',
  },
  LAUNCH_BAD_TIMESTAMPS: {
    status: 401,
    message: 'The launch message has missing or invalid timestamps.',
    forLearner: CONTACT,
    forAdmin: 'The id_token must carry numeric "iat" and "exp" claims.',
  },
  LAUNCH_NO_VERSION: {
    status: 400,
    message: 'The launch does not say which LTI version it uses.',
    forLearner: CONTACT,
    forAdmin: 'The LTI version claim is missing; LTI 1.3 launches carry "1.3.0".',
  },
  LAUNCH_WRONG_VERSION: {
    status: 400,
    message: 'The launch uses an LTI version this tool does not support.',
    forLearner: CONTACT,
    forAdmin: 'Only LTI 1.3.0 launches are supported.',
  },
  LAUNCH_NO_MESSAGE_TYPE: {
    status: 400,
    message: 'The launch does not say what kind of launch it is.',
    forLearner: CONTACT,
    forAdmin: 'The message_type claim is missing.',
  },
  LAUNCH_BAD_MESSAGE_TYPE: {
    status: 400,
    message: 'The launch is of a kind this tool does not handle.',
    forLearner: CONTACT,
    forAdmin: 'Supported message types: LtiResourceLinkRequest, LtiDeepLinkingRequest.',
  },
  LAUNCH_NO_ROLES: {
    status: 400,
    message: 'The launch does not say what your role in the course is.',
    forLearner: CONTACT,
    forAdmin: 'The roles claim is missing or not an array.',
  },
  LAUNCH_NO_DEPLOYMENT: {
    status: 400,
    message: 'The launch does not name the tool deployment.',
    forLearner: CONTACT,
    forAdmin: 'The deployment_id claim is missing.',
  },
  LAUNCH_UNKNOWN_DEPLOYMENT: {
    status: 403,
    message: 'This deployment of the tool is not registered.',
    forLearner: CONTACT,
    forAdmin: 'Add the deployment id to the platform registration (`npm run lti -- deployment add`), then launch again.',
  },
  LAUNCH_NO_RESOURCE_LINK: {
    status: 400,
    message: 'The launch does not say which course activity was opened.',
    forLearner: CONTACT,
    forAdmin: 'LtiResourceLinkRequest launches must carry resource_link.id.',
  },
  LAUNCH_NO_SUB: {
    status: 400,
    message: 'The launch does not identify you.',
    forLearner: 'Sign in to your LMS (anonymous launches are not supported) and open the activity again.',
    forAdmin: 'The "sub" claim is missing or empty; the tool needs a stable user id to keep progress.',
  },
  LAUNCH_NOT_LTI: {
    status: 400,
    message: 'The message is not an LTI launch.',
    forLearner: CONTACT,
    forAdmin: 'The token carries none of the LTI 1.3 claims.',
  },
  SESSION_MISSING: {
    status: 401,
    message: 'Your session has ended or this page was opened outside the LMS.',
    forLearner: 'Go back to your course and open the activity again. Your work is saved: you continue where you left off.',
    forAdmin: 'Pages of the tool need the session token issued at launch.',
  },
  ROLE_FORBIDDEN: {
    status: 403,
    message: 'Your role in this course does not allow this page.',
    forLearner: 'This part of the tool is for teachers and course designers.',
    forAdmin: 'The launch roles were mapped to the tool\'s roles; see the README for the mapping.',
  },
} as const satisfies Record<string, Guidance>;

export type LaunchErrorCode = keyof typeof LAUNCH_ERRORS;

/** A refusal with a stable code; `reason` is logged, never shown. */
export class LaunchError extends HttpError {
  constructor(
    readonly launchCode: LaunchErrorCode,
    readonly reason: string = '',
  ) {
    const g: Guidance = LAUNCH_ERRORS[launchCode];
    super(g.status, launchCode, g.message, [], { forLearner: g.forLearner, forAdmin: g.forAdmin });
    this.name = 'LaunchError';
  }
}
