/**
 * The launch itself: the platform side of OIDC third-party-initiated login.
 *
 * 1. `/launch` or `/deeplink/start` records what is being launched under an
 *    opaque `lti_message_hint` and redirects the browser to the tool's login
 *    initiation URL, with `lti_storage_target` when the launch page offers
 *    platform storage (storage.ts).
 * 2. The tool redirects back to `/auth` (the authorization endpoint) with its
 *    nonce and state; the platform checks the request, resolves user and
 *    launch from the hints and answers with a page that form-posts the signed
 *    id_token to the tool's redirect_uri.
 */
import express, { type Response, type Router } from 'express';
import type { ToolClient } from './clients.js';
import type { PlatformContext } from './context.js';
import { fullName } from './directory.js';
import { ExpiringMap } from './expiring.js';
import { html, sendPage, sendProblemPage } from './html.js';
import { param, route } from './http.js';
import { randomToken } from './ids.js';

type LaunchTarget = { kind: 'resource-link'; linkId: string } | { kind: 'deep-linking'; courseId: string };

interface LaunchHint {
  userId: string;
  clientId: string;
  target: LaunchTarget;
  /** The platform storage frame offered to the tool; repeated in the launch, as tools read storage there too. */
  storageTarget: string | undefined;
}

/** Long enough for a slow tool login page; short enough that a leaked hint goes stale. */
const HINT_TTL_MS = 10 * 60_000;

/** An OIDC error response (OpenID Connect Core §3.1.2.6) to send back to a trusted redirect_uri. */
class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: 'invalid_request' | 'invalid_scope' | 'unsupported_response_type' | 'login_required' | 'access_denied',
    description: string,
  ) {
    super(description);
  }
}

export function oidcRoutes(ctx: PlatformContext): Router {
  const { urls, directory, clients } = ctx;
  const hints = new ExpiringMap<LaunchHint>(HINT_TTL_MS);
  const router = express.Router();
  const problem = (res: Response, status: number, title: string, detail: string) => sendProblemPage(res, urls.home, status, title, detail);

  function redirectToLogin(res: Response, client: ToolClient, userId: string, targetLinkUri: string, target: LaunchTarget, storageTarget: string | undefined): void {
    const hint = randomToken();
    hints.set(hint, { userId, clientId: client.clientId, target, storageTarget });
    const login = new URL(client.loginUrl);
    login.searchParams.set('iss', urls.issuer);
    login.searchParams.set('login_hint', userId);
    login.searchParams.set('target_link_uri', targetLinkUri);
    login.searchParams.set('lti_message_hint', hint);
    login.searchParams.set('client_id', client.clientId);
    login.searchParams.set('lti_deployment_id', client.deploymentId);
    if (storageTarget !== undefined) login.searchParams.set('lti_storage_target', storageTarget);
    res.redirect(302, login.href);
  }

  router.get('/launch', (req, res) => {
    const link = directory.link(param(req.query, 'link') ?? '');
    const user = directory.user(param(req.query, 'user') ?? '');
    const client = link && clients.get(link.clientId);
    if (link === undefined || client === undefined) return problem(res, 404, 'Unknown resource link', 'The link parameter does not name a resource link on this platform.');
    if (user === undefined) return problem(res, 404, 'Unknown user', 'The user parameter does not name a user on this platform.');
    if (directory.launchRoles(link.courseId, user.id) === undefined) {
      return problem(res, 403, 'Not in this course', `${fullName(user)} is not a member of the course that holds "${link.title}".`);
    }
    redirectToLogin(res, client, user.id, link.url ?? client.launchUrl, { kind: 'resource-link', linkId: link.id }, param(req.query, 'lti_storage_target'));
  });

  router.get('/deeplink/start', (req, res) => {
    const course = directory.course(param(req.query, 'course') ?? '');
    const user = directory.user(param(req.query, 'user') ?? '');
    const client = clients.get(param(req.query, 'client') ?? ctx.preregisteredClientId);
    if (course === undefined) return problem(res, 404, 'Unknown course', 'The course parameter does not name a course on this platform.');
    if (user === undefined) return problem(res, 404, 'Unknown user', 'The user parameter does not name a user on this platform.');
    if (client === undefined) return problem(res, 404, 'Unknown tool', 'The client parameter does not name a registered tool.');
    if (!directory.canAddContent(course.id, user.id)) {
      return problem(res, 403, 'Not allowed to add content', `Only instructors, content developers and administrators can add content to ${course.title}.`);
    }
    if (client.deepLinkUrl === null) return problem(res, 400, 'No deep linking', `${client.name} did not register for deep linking.`);
    redirectToLogin(res, client, user.id, client.deepLinkUrl, { kind: 'deep-linking', courseId: course.id }, param(req.query, 'lti_storage_target'));
  });

  const authorize = route(async (req, res) => {
    const source: unknown = req.method === 'POST' ? req.body : req.query;
    const get = (name: string) => param(source, name);

    // Until client_id and redirect_uri are trusted, errors must not be sent to
    // the redirect_uri: that would make the platform an open redirector.
    const client = clients.get(get('client_id') ?? '');
    if (client === undefined) return problem(res, 400, 'Unknown client', 'The client_id is missing or is not registered on this platform.');
    const redirectUri = get('redirect_uri');
    if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
      return problem(res, 400, 'Unregistered redirect_uri', `The redirect_uri is missing or is not one registered for ${client.clientId}: ${client.redirectUris.join(', ')}.`);
    }

    const state = get('state');
    const formPost = get('response_mode') === 'form_post';
    try {
      const { hint, nonce } = checkAuthRequest(get, client);
      const { userId, target } = hint;
      const idToken = await ctx.keys.sign(
        ctx.idTokenClaims(
          target.kind === 'resource-link'
            ? { userId, linkId: target.linkId, nonce, clientId: client.clientId }
            : { messageType: 'LtiDeepLinkingRequest', userId, courseId: target.courseId, nonce, clientId: client.clientId },
        ),
      );
      const fields: Record<string, string> = { id_token: idToken };
      if (state !== undefined) fields.state = state;
      if (hint.storageTarget !== undefined) fields.lti_storage_target = hint.storageTarget;
      sendFormPost(res, urls.home, redirectUri, fields);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const fields = { error: error.code, error_description: error.message, ...(state === undefined ? {} : { state }) };
      // The error travels the way the response was asked to (OAuth 2.0 Form Post Response Mode).
      if (formPost) return sendFormPost(res, urls.home, redirectUri, fields);
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries(fields)) target.searchParams.set(name, value);
      res.redirect(302, target.href);
    }
  });

  /** Validates an authentication request from a trusted client; consumes and returns its launch hint. */
  function checkAuthRequest(get: (name: string) => string | undefined, client: ToolClient): { hint: LaunchHint; nonce: string } {
    if (get('response_type') !== 'id_token') throw new AuthError('unsupported_response_type', 'response_type must be id_token.');
    if (!(get('scope') ?? '').split(' ').includes('openid')) throw new AuthError('invalid_scope', 'scope must include openid.');
    if (get('response_mode') !== 'form_post') throw new AuthError('invalid_request', 'response_mode must be form_post.');
    if (get('prompt') !== 'none') throw new AuthError('invalid_request', 'prompt must be none: LTI launches never show a login page.');
    const nonce = get('nonce');
    if (nonce === undefined) throw new AuthError('invalid_request', 'nonce is required.');
    const loginHint = get('login_hint');
    if (loginHint === undefined) throw new AuthError('invalid_request', 'login_hint is required.');
    const messageHint = get('lti_message_hint');
    const hint = messageHint === undefined ? undefined : hints.get(messageHint);
    if (messageHint === undefined || hint === undefined) throw new AuthError('invalid_request', 'lti_message_hint is missing, unknown or expired; start the launch again from the platform.');
    if (hint.clientId !== client.clientId) throw new AuthError('invalid_request', 'lti_message_hint was issued for another client_id.');
    if (hint.userId !== loginHint) throw new AuthError('login_required', 'login_hint does not match the user this launch was started for.');
    const deploymentId = get('lti_deployment_id');
    if (deploymentId !== undefined && deploymentId !== client.deploymentId) throw new AuthError('invalid_request', 'lti_deployment_id does not match the client’s deployment.');
    const courseId = hint.target.kind === 'deep-linking' ? hint.target.courseId : directory.link(hint.target.linkId)?.courseId;
    if (courseId === undefined || directory.launchRoles(courseId, hint.userId) === undefined) {
      throw new AuthError('access_denied', 'The user no longer has access to what is being launched.');
    }
    // One hint, one id_token: a tool that replays its login must start over.
    hints.take(messageHint);
    return { hint, nonce };
  }

  router.get('/auth', authorize);
  router.post('/auth', express.urlencoded({ extended: false }), authorize);
  return router;
}

/**
 * Reached again through the history, the form_post page holds a spent launch (one hint, one id_token):
 * posted again, the tool could only refuse it. Browsers may keep this page's entry in the frame's
 * history (whether Chrome replaces it with the next depends on timing: about one launch in five kept
 * it here, and a page that posts late always keeps it), so Back from the tool lands here. It steps over itself instead: back again when only the frame went
 * back (the LMS page around it was already there), or, when the traversal loaded the whole LMS page
 * (Forward to it), a fresh launch from the frame's own address, as the page's first load does.
 */
export const FORM_POST_SCRIPT = `(function () {
  var form = document.getElementById('lti-form');
  var nav = performance.getEntriesByType('navigation')[0];
  if (!nav || nav.type !== 'back_forward') return form.submit();
  var frame = null;
  try {
    frame = window.frameElement && parent.document.readyState !== 'complete' ? window.frameElement : null;
  } catch (e) {}
  if (frame !== null && frame.src) location.replace(frame.src);
  else history.back();
})();`;

/** The form_post response: auto-submits with JavaScript, and shows a Continue button without it. */
function sendFormPost(res: Response, homeUrl: string, action: string, fields: Record<string, string>): void {
  sendPage(res, {
    title: 'Continuing to the tool',
    homeUrl,
    main: html`<h1>Continuing to the tool…</h1>
<form method="post" action="${action}" id="lti-form">
${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}
<p>If the tool does not open by itself, select Continue.</p>
<button type="submit">Continue</button>
</form>`,
    script: FORM_POST_SCRIPT,
  });
}
