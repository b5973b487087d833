/**
 * Boots the real tool (store, ltijs, built-in platform, app) on an ephemeral
 * port with a throw-away data directory, and drives launches through the
 * built-in platform over real HTTP, the way a browser would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config.js';
import { openPageCode } from '../../server/lti/page-code.js';
import { startServer, type RunningServer, type StartOptions } from '../../server/server.js';

export function tempDir(prefix = 'tool-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: tempDir(), DEV_PLATFORM: 'true', LOG_LEVEL: 'silent', ...env });
}

export async function startTestTool(env: Record<string, string> = {}, opts: StartOptions = {}): Promise<RunningServer> {
  return startServer(testConfig(env), opts);
}

export interface Step {
  status: number;
  location: string | null;
  body: string;
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Step> {
  const res = await fetch(url, { redirect: 'manual', headers });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

export async function postForm(url: string, form: Record<string, string>): Promise<Step> {
  const res = await fetch(url, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form) });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

/** Pulls the hidden inputs out of the platform's auto-submitting form_post page. */
export function formFields(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/i.exec(html)?.[1];
  if (!action) throw new Error(`no form in page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1];
    if (name && value !== undefined) fields[name] = decodeEntities(value);
  }
  return { action: decodeEntities(action), fields };
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x2F;/g, '/');
}

function absolute(base: string, location: string): string {
  return new URL(location, base).toString();
}

export interface LoginLeg {
  /** The tool's redirect to the platform's authorization endpoint. */
  authUrl: string;
  state: string;
  nonce: string;
}

/** Platform launch start → tool login → the platform's authorization request (not yet answered). */
export async function startLogin(tool: RunningServer, userId: string, linkId: string): Promise<LoginLeg> {
  const platform = tool.devPlatform!;
  const start = await get(platform.launchStartUrl(userId, linkId));
  if (start.status !== 302 || !start.location) throw new Error(`platform launch start answered ${start.status}: ${start.body}`);
  const login = await get(absolute(platform.issuer, start.location));
  if (login.status !== 302 || !login.location) throw new Error(`tool login answered ${login.status}: ${login.body}`);
  const auth = new URL(login.location);
  return { authUrl: auth.toString(), state: auth.searchParams.get('state')!, nonce: auth.searchParams.get('nonce')! };
}

export interface Launched {
  /** Where the launch redirected: the landing page with a two-minute page code. */
  landingUrl: string;
  /** The session token, as the landing page carries it (in its forms). */
  token: string;
  html: string;
}

/**
 * The session token a page of the tool carries: the `_s` of its forms or the
 * studio's <meta>. URLs never carry it, so this is the only way to read it,
 * as for a browser.
 */
export function sessionTokenIn(html: string): string {
  const token = /<input type="hidden" name="_s" value="([^"]+)"/.exec(html)?.[1] ?? /<meta name="studio-session" content="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no session token in the page:\n${html.slice(0, 500)}`);
  return decodeEntities(token);
}

/** The token a URL's page code opens (for pages with no form to read it from, such as "Nothing here yet"). */
export function tokenOfCode(tool: RunningServer, url: string): string {
  const code = new URL(url, tool.url).searchParams.get('code');
  const token = code === null ? null : openPageCode(tool.lti.pageCodes, code, Date.now());
  if (token === null) throw new Error(`${url} carries no live page code`);
  return token;
}

/** A complete launch as a browser does it; throws with the page when any leg fails. */
export async function launchAs(tool: RunningServer, userId: string, linkId: string): Promise<Launched> {
  const leg = await startLogin(tool, userId, linkId);
  const authPage = await get(leg.authUrl);
  if (authPage.status !== 200) throw new Error(`platform auth answered ${authPage.status}: ${authPage.body}`);
  const { action, fields } = formFields(authPage.body);
  const launch = await postForm(action, fields);
  if (launch.status !== 303 || !launch.location) throw new Error(`tool launch answered ${launch.status}: ${launch.body}`);
  const landingUrl = absolute(tool.url, launch.location);
  const landing = await get(landingUrl);
  if (landing.status !== 200) throw new Error(`landing answered ${landing.status}: ${landing.body}`);
  const token = landing.body.includes('name="_s"') ? sessionTokenIn(landing.body) : tokenOfCode(tool, landingUrl);
  return { landingUrl, token, html: landing.body };
}
