/**
 * Launches without platform storage: the state cookie, the cookie check a
 * framed login makes before spending the platform's hint, the new-window page
 * when cookies do not survive in the frame, and the rules the launch applies
 * (unit-tested for https, where the cookie is required; over HTTP on loopback).
 */
import { expect } from 'chai';
import type { Request } from 'express';
import {
  bindingOf,
  checkStateCookie,
  cookieOptions,
  cookiePolicy,
  newState,
  readCookies,
  stateCookieName,
  type CookiePolicy,
} from '../../server/lti/browser-binding.js';
import { LaunchError } from '../../server/lti/launch-errors.js';
import { useTool } from '../helpers/hooks.js';
import { formFields, get } from '../helpers/tool.js';

const LEARNER = 'learner-maya';
const LINK = 'link-fractions-add';

const errorCode = (html: string) => /data-testid="error-code">([A-Z_]+)</.exec(html)?.[1];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof LaunchError) return err.code;
    throw err;
  }
  return undefined;
}

describe('launch binding without platform storage', function () {
  this.timeout(30_000);

  describe('the cookie policy', () => {
    const https = cookiePolicy({ login: 'https://tool.example/lti/login', launch: 'https://tool.example/lti/launch' });
    const loopback = cookiePolicy({ login: 'http://127.0.0.1:3000/lti/login', launch: 'http://127.0.0.1:3000/lti/launch' });
    const lan = cookiePolicy({ login: 'http://devbox.lan:3000/lti/login', launch: 'http://devbox.lan:3000/lti/launch' });

    it('is SameSite=None; Secure; Partitioned where browsers accept Secure cookies, Lax on other plain http', () => {
      expect(cookieOptions(https, '/lti/launch', 1000)).to.include({ sameSite: 'none', secure: true, partitioned: true, httpOnly: true, path: '/lti/launch' });
      expect(cookieOptions(loopback, '/lti/launch')).to.include({ sameSite: 'none', secure: true, partitioned: true });
      const lax = cookieOptions(lan, '/lti/launch');
      expect(lax).to.include({ sameSite: 'lax', httpOnly: true });
      expect(lax).not.to.have.property('secure');
      expect(lax).not.to.have.property('partitioned');
    });

    it('requires the cookie on https only', () => {
      expect([https.required, loopback.required, lan.required]).to.deep.equal([true, false, false]);
      expect([https.secureContext, loopback.secureContext, lan.secureContext]).to.deep.equal([true, true, false]);
    });

    it('names the binding in the state, which the platform cannot change without invalidating it', () => {
      expect(bindingOf(newState('platform-storage'))).to.equal('platform-storage');
      expect(bindingOf(newState('cookie'))).to.equal('cookie');
      expect(bindingOf('a-state-issued-before-bindings')).to.equal('cookie');
      expect(newState('cookie')).not.to.equal(newState('cookie'));
    });

    const check = (policy: CookiePolicy, cookies: Record<string, string>, state: string) => () => checkStateCookie(new Map(Object.entries(cookies)), state, policy);

    it('https: the launch needs the cookie of its own state', () => {
      const state = newState('cookie');
      expect(check(https, { [stateCookieName(state)]: state }, state)()).to.equal('bound');
      expect(codeOf(check(https, {}, state))).to.equal('LAUNCH_COOKIE_MISSING');
      const other = newState('cookie');
      expect(codeOf(check(https, { [stateCookieName(other)]: other }, state))).to.equal('LAUNCH_COOKIE_MISMATCH');
      expect(codeOf(check(https, { [stateCookieName(state)]: other }, state)), 'the value must be the state too').to.equal('LAUNCH_COOKIE_MISMATCH');
    });

    it('http: checked when the browser sends state cookies, tolerated when it sends none', () => {
      const state = newState('cookie');
      const other = newState('cookie');
      expect(check(lan, {}, state)()).to.equal('unbound');
      expect(check(lan, { [stateCookieName(state)]: state, [stateCookieName(other)]: other }, state)()).to.equal('bound');
      expect(codeOf(check(lan, { [stateCookieName(other)]: other }, state))).to.equal('LAUNCH_COOKIE_MISMATCH');
    });

    it('reads quoted and escaped cookie values and keeps the first of duplicates', () => {
      const req = { get: (name: string) => (name === 'cookie' ? 'a=1; b="two"; c=%3D; a=2; broken; d=%E0' : undefined) } as unknown as Request;
      const cookies = readCookies(req);
      expect(Object.fromEntries(cookies)).to.deep.equal({ a: '1', b: 'two', c: '=', d: '%E0' });
    });
  });

  describe('over HTTP on loopback', () => {
    const ctx = useTool();

    async function loginUrl(): Promise<string> {
      const start = await get(ctx.tool.devPlatform!.launchStartUrl(LEARNER, LINK));
      return new URL(start.location!, ctx.tool.devPlatform!.issuer).toString();
    }

    function setCookies(res: Response): string[] {
      return res.headers.getSetCookie();
    }

    const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;

    it('a top-level login sets a partitioned, HttpOnly state cookie scoped to the launch and redirects at once', async () => {
      const res = await fetch(await loginUrl(), { redirect: 'manual', headers: { 'sec-fetch-dest': 'document' } });
      expect(res.status).to.equal(302);
      const state = new URL(res.headers.get('location')!).searchParams.get('state')!;
      expect(state).to.match(/^c\./);
      const [cookie] = setCookies(res);
      expect(cookie).to.match(new RegExp(`^${stateCookieName(state)}=`));
      for (const attr of ['Path=/lti/launch', 'HttpOnly', 'Secure', 'SameSite=None', 'Partitioned', 'Max-Age=600']) expect(cookie).to.contain(attr);
    });

    it('a launch with its cookie is bound and clears it; with only another state\'s cookie it is LAUNCH_COOKIE_MISMATCH', async () => {
      const login = async () => {
        const res = await fetch(await loginUrl(), { redirect: 'manual' });
        const auth = formFields((await get(res.headers.get('location')!)).body);
        return { auth, cookie: cookiePair(setCookies(res)[0]!) };
      };
      const mine = await login();
      const launched = await fetch(mine.auth.action, { method: 'POST', redirect: 'manual', body: new URLSearchParams(mine.auth.fields), headers: { cookie: mine.cookie } });
      expect(launched.status).to.equal(303);
      expect(setCookies(launched).some((c) => c.startsWith(`${mine.cookie.split('=')[0]}=;`) && /Expires=Thu, 01 Jan 1970/.test(c))).to.equal(true);

      const victim = await login();
      const attacker = await login();
      const forged = await fetch(attacker.auth.action, { method: 'POST', redirect: 'manual', body: new URLSearchParams(attacker.auth.fields), headers: { cookie: victim.cookie } });
      expect(forged.status).to.equal(401);
      expect(errorCode(await forged.text())).to.equal('LAUNCH_COOKIE_MISMATCH');
    });

    it('a framed login first checks that the cookie survives, then continues to the platform', async () => {
      const first = await fetch(await loginUrl(), { redirect: 'manual', headers: { 'sec-fetch-dest': 'iframe' } });
      expect(first.status).to.equal(302);
      const again = new URL(first.headers.get('location')!);
      expect(again.pathname).to.equal('/lti/login');
      const probe = again.searchParams.get('lti_cookie_probe');
      expect(probe).to.have.length.greaterThan(10);
      expect(again.searchParams.get('lti_message_hint'), 'the platform\'s hint is carried, unspent').to.be.a('string');
      const probeCookie = cookiePair(setCookies(first)[0]!);
      expect(probeCookie).to.equal(`lti_probe=${probe}`);
      expect(setCookies(first)[0]).to.contain('Path=/lti/login');

      const second = await fetch(again, { redirect: 'manual', headers: { 'sec-fetch-dest': 'iframe', cookie: probeCookie } });
      expect(second.status).to.equal(302);
      expect(new URL(second.headers.get('location')!).origin + new URL(second.headers.get('location')!).pathname).to.equal(ctx.tool.devPlatform!.authUrl);
      const names = setCookies(second).map((c) => c.split('=')[0]);
      expect(names).to.include('lti_probe');
      expect(names.some((n) => n!.startsWith('lti_state_'))).to.equal(true);
    });

    it('when the cookie did not survive in the frame, offers to reopen the login in a new window, hint unspent', async () => {
      const first = await fetch(await loginUrl(), { redirect: 'manual', headers: { 'sec-fetch-dest': 'iframe' } });
      const again = first.headers.get('location')!;
      const res = await fetch(again, { redirect: 'manual', headers: { 'sec-fetch-dest': 'iframe' } });
      expect(res.status).to.equal(200);
      const html = await res.text();
      const link = /<a [^>]*data-testid="open-in-new-window" href="([^"]+)" target="_blank" rel="noopener"/.exec(html)?.[1];
      expect(link, html.slice(0, 600)).to.be.a('string');
      const reopen = new URL(link!.replace(/&amp;/g, '&'));
      expect(reopen.searchParams.has('lti_cookie_probe')).to.equal(false);
      expect(reopen.searchParams.get('lti_message_hint')).to.equal(new URL(again).searchParams.get('lti_message_hint'));

      // The new window is top-level: the login redirects, and the hint still works at the platform.
      const top = await fetch(reopen, { redirect: 'manual', headers: { 'sec-fetch-dest': 'document' } });
      expect(top.status).to.equal(302);
      const auth = await get(top.headers.get('location')!);
      expect(auth.status).to.equal(200);
      const { action, fields } = formFields(auth.body);
      const launched = await fetch(action, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields), headers: { cookie: cookiePair(setCookies(top)[0]!) } });
      expect(launched.status).to.equal(303);
    });
  });
});
