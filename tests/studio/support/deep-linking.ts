/**
 * Deep Linking from the test's side: an "add external tool" launch through the
 * built-in LMS, the tool's placement page, and sessions with deep-linking
 * settings the built-in LMS never sends (for the refusals).
 */
import { decodeJwt } from 'jose';
import { CLAIM } from '../../../server/lti/claims.js';
import { newSessionToken } from '../../../server/lti/session.js';
import { DEV_CLIENT_ID, type RunningServer } from '../../../server/server.js';
import type { JsonObject, ToolRole } from '../../../server/store/types.js';
import { formFields, get, postForm, tokenOfCode, type Step } from '../../helpers/tool.js';

const absolute = (base: string, location: string) => new URL(location, base).toString();

/** Follows a platform start URL through login and launch; returns where the tool lands the browser, and the session its page code opens. */
export async function launchFrom(tool: RunningServer, startUrl: string): Promise<{ landingUrl: string; token: string }> {
  const platform = tool.devPlatform!;
  const start = await get(startUrl);
  if (start.status !== 302 || !start.location) throw new Error(`platform start answered ${start.status}: ${start.body}`);
  const login = await get(absolute(platform.issuer, start.location));
  if (login.status !== 302 || !login.location) throw new Error(`tool login answered ${login.status}: ${login.body}`);
  const auth = await get(login.location);
  if (auth.status !== 200) throw new Error(`platform auth answered ${auth.status}: ${auth.body}`);
  const { action, fields } = formFields(auth.body);
  const launch = await postForm(action, fields);
  if (launch.status !== 303 || !launch.location) throw new Error(`tool launch answered ${launch.status}: ${launch.body}`);
  const landingUrl = absolute(tool.url, launch.location);
  return { landingUrl, token: tokenOfCode(tool, landingUrl) };
}

/** The placement page as its search form opens it (POST, the token in the body), searched for `q`. */
export async function placementPage(tool: RunningServer, token: string, q = ''): Promise<Step> {
  const res = await fetch(`${tool.url}/studio/place/search`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ _s: token, q }), headers: { accept: 'text/html' } });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

/** Posts the placement form as the browser does (the tool's own Origin). */
export async function postPlacement(tool: RunningServer, token: string, form: Record<string, string | string[]>, origin = new URL(tool.url).origin): Promise<Step> {
  const body = new URLSearchParams({ _s: token });
  for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  const res = await fetch(`${tool.url}/studio/place`, { method: 'POST', redirect: 'manual', body, headers: { origin, accept: 'text/html' } });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

/** The auto-posting page: where it posts, the signed response, and its decoded claims. */
export function returnForm(html: string): { action: string; jwt: string; claims: Record<string, unknown> } {
  const { action, fields } = formFields(html);
  const jwt = fields.JWT;
  if (!jwt) throw new Error(`no JWT field in:\n${html.slice(0, 500)}`);
  return { action, jwt, claims: decodeJwt(jwt) };
}

/** A deep-linking session of the built-in LMS's tenant with the given settings, as a launch would open it. */
export async function deepLinkingSession(tool: RunningServer, settings: JsonObject, roles: ToolRole[] = ['instructor']): Promise<string> {
  const platform = await tool.store.selectPlatformByIssuer(tool.devPlatform!.issuer, DEV_CLIENT_ID);
  if (!platform) throw new Error('the built-in LMS is not registered');
  const { token, id } = newSessionToken();
  const now = Date.now();
  await tool.store.insertSession({
    id,
    platformId: platform.id,
    deploymentId: 'dev-deployment',
    contextId: 'grade7-math-fractions',
    contextTitle: 'Grade 7 Math — Fractions',
    resourceLinkId: '',
    resourceLinkTitle: null,
    userId: 'instructor-rivera',
    userName: 'Elena Rivera',
    userEmail: null,
    roles,
    messageType: 'LtiDeepLinkingRequest',
    claims: {
      [CLAIM.deepLinkingSettings]: {
        deep_link_return_url: `${tool.devPlatform!.issuer}/deeplink/return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: false,
        data: 'opaque-data',
        ...settings,
      },
    },
    createdAt: now,
    expiresAt: now + 3_600_000,
  });
  return token;
}
