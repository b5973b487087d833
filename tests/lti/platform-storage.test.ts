/**
 * Platform storage over real HTTP, the tool's side: the login answers with the
 * page that stores state and nonce in the LMS, the launch asks for them back
 * and refuses, with stable codes, a second leg whose values are missing, wrong,
 * unavailable or posted cross-site. The state stays one-time throughout.
 * The browser half (postMessage in Chromium) is tests/browser/platform-storage.browser.test.ts.
 */
import { expect } from 'chai';
import { pino } from 'pino';
import { PLATFORM_STORAGE_FRAME } from '../../server/platform/index.js';
import { useTool } from '../helpers/hooks.js';
import { formFields, get, launchAs, startTestTool, tokenOfCode, type Step } from '../helpers/tool.js';

const LEARNER = 'learner-maya';
const LINK = 'link-fractions-add';

const errorCode = (html: string) => /data-testid="error-code">([A-Z_]+)</.exec(html)?.[1];

function dataAttributes(html: string, id: string): Record<string, string> {
  const tag = new RegExp(`<[a-z]+ id="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no #${id} in page:\n${html.slice(0, 800)}`);
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/data-([a-z-]+)="([^"]*)"/g)) out[m[1]!] = m[2]!.replace(/&amp;/g, '&').replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'");
  return out;
}

async function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Step & { headers: Headers }> {
  const res = await fetch(url, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form), headers });
  return { status: res.status, location: res.headers.get('location'), body: await res.text(), headers: res.headers };
}

describe('platform storage: the tool side over HTTP', function () {
  this.timeout(30_000);
  const ctx = useTool();

  interface StorageLogin {
    page: Record<string, string>;
    loginHeaders: Headers;
    loginBody: string;
  }

  /** Platform launch start offering storage → the tool's login page (not yet answered). */
  async function storageLogin(): Promise<StorageLogin> {
    const start = await get(ctx.tool.devPlatform!.launchStartUrl(LEARNER, LINK, PLATFORM_STORAGE_FRAME));
    expect(start.status).to.equal(302);
    const res = await fetch(new URL(start.location!, ctx.tool.devPlatform!.issuer), { redirect: 'manual' });
    const body = await res.text();
    expect(res.status, body.slice(0, 300)).to.equal(200);
    return { page: dataAttributes(body, 'lti-storage-login'), loginHeaders: res.headers, loginBody: body };
  }

  /** What the login page's script does once the platform stored the values: follow the auth URL to the platform's form_post. */
  async function platformLaunch(login: StorageLogin) {
    const auth = await get(login.page['auth-url']!);
    expect(auth.status).to.equal(200);
    return formFields(auth.body);
  }

  /** First leg: the platform posts to the tool, which answers with the page that reads platform storage. */
  async function firstLeg(login: StorageLogin) {
    const { action, fields } = await platformLaunch(login);
    const res = await post(action, fields);
    expect(res.status, res.body.slice(0, 300)).to.equal(200);
    return { res, form: formFields(res.body), page: dataAttributes(res.body, 'lti-storage-launch') };
  }

  const proof = (fields: Record<string, string>, values: { state?: string; nonce?: string; error?: string }) => ({
    ...fields,
    lti_storage_state: values.state ?? '',
    lti_storage_nonce: values.nonce ?? '',
    lti_storage_error: values.error ?? '',
  });

  describe('login', () => {
    it('answers lti_storage_target with a page that stores state and nonce in the LMS, and sets no cookie', async () => {
      const login = await storageLogin();
      const { page } = login;
      expect(page['platform-origin']).to.equal(new URL(ctx.tool.devPlatform!.authUrl).origin);
      expect(page.target).to.equal(PLATFORM_STORAGE_FRAME);
      expect(page.state).to.match(/^p\./);
      const auth = new URL(page['auth-url']!);
      expect(auth.origin + auth.pathname).to.equal(ctx.tool.devPlatform!.authUrl);
      expect(auth.searchParams.get('state')).to.equal(page.state);
      expect(auth.searchParams.get('nonce')).to.equal(page.nonce);
      const fallback = new URL(page['fallback-url']!);
      expect(fallback.origin + fallback.pathname).to.equal(`${ctx.tool.url}/lti/login`);
      expect(fallback.searchParams.has('lti_storage_target'), 'the fallback is the same login without platform storage').to.equal(false);
      expect(fallback.searchParams.get('lti_message_hint')).to.equal(new URL(page['auth-url']!).searchParams.get('lti_message_hint'));
      expect(login.loginHeaders.get('set-cookie')).to.equal(null);
      expect(login.loginHeaders.get('cache-control')).to.equal('no-store');
    });

    it('runs no inline script: the page loads its script from /static under a script-src self policy', async () => {
      const { loginBody, loginHeaders } = await storageLogin();
      const scripts = [...loginBody.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).to.be.greaterThan(0);
      for (const [, attrs, inline] of scripts) {
        expect(attrs).to.match(/src="\/static\//);
        expect(inline!.trim()).to.equal('');
      }
      expect(loginHeaders.get('content-security-policy')).to.match(/script-src 'self'(;|$)/);
      const js = await fetch(`${ctx.tool.url}/static/lti/storage-login.js`);
      expect(js.status).to.equal(200);
      expect(js.headers.get('content-type')).to.match(/javascript/);
    });

    it('refuses a storage target that is not a frame name with LOGIN_BAD_STORAGE_TARGET', async () => {
      const q = new URLSearchParams({ iss: ctx.tool.devPlatform!.issuer, login_hint: LEARNER, target_link_uri: `${ctx.tool.url}/lti/launch`, client_id: 'dev-tool', lti_storage_target: 'x'.repeat(300) });
      const res = await get(`${ctx.tool.url}/lti/login?${q}`, { accept: 'text/html' });
      expect(res.status).to.equal(400);
      expect(errorCode(res.body)).to.equal('LOGIN_BAD_STORAGE_TARGET');
    });
  });

  describe('launch', () => {
    it('asks the LMS for the stored values first, without spending the state, then completes with them', async () => {
      const login = await storageLogin();
      const { res, form, page } = await firstLeg(login);
      expect(res.headers.get('referrer-policy'), 'so the second leg carries an Origin header').to.equal('same-origin');
      expect(res.headers.get('cache-control')).to.equal('no-store');
      expect(page['platform-origin']).to.equal(login.page['platform-origin']);
      expect(page.target, 'the LMS repeated lti_storage_target in its launch').to.equal(PLATFORM_STORAGE_FRAME);
      expect(page['state-key']).to.equal(`state_${login.page.state}`);
      expect(page['nonce-key']).to.equal(`nonce_${login.page.nonce}`);
      expect(form.action).to.equal(`${ctx.tool.url}/lti/launch`);
      expect(form.fields).to.include({ state: login.page.state, lti_storage_checked: '1' });

      const done = await post(form.action, proof(form.fields, { state: login.page.state, nonce: login.page.nonce }), { 'sec-fetch-site': 'same-origin', origin: ctx.tool.url });
      expect(done.status, done.body.slice(0, 300)).to.equal(303);
      const landing = await get(new URL(done.location!, ctx.tool.url).toString());
      expect(landing.body).to.contain('Maya Chen');
    });

    it('answers the page script\'s fetch with the landing address, which the page opens with location.replace (no POST left in history)', async () => {
      const login = await storageLogin();
      const { form } = await firstLeg(login);
      expect(form.fields, 'the form has the field the script sets').to.have.property('lti_storage_reply', '');
      const second = { ...proof(form.fields, { state: login.page.state, nonce: login.page.nonce }), lti_storage_reply: 'location' };
      const done = await post(form.action, second, { 'sec-fetch-site': 'same-origin', origin: ctx.tool.url });
      expect(done.status, done.body.slice(0, 300)).to.equal(200);
      expect(done.headers.get('cache-control')).to.equal('no-store');
      const { location } = JSON.parse(done.body) as { location: string };
      expect(location).to.match(/^\/app\?code=[\w-]+$/);
      const landing = await get(new URL(location, ctx.tool.url).toString());
      expect(landing.body).to.contain('Maya Chen');
      // Still one-time, and a refusal is still the readable page.
      const replay = await post(form.action, second, { 'sec-fetch-site': 'same-origin', origin: ctx.tool.url, accept: 'text/html' });
      expect(replay.status).to.equal(400);
      expect(errorCode(replay.body)).to.equal('LAUNCH_STATE_UNKNOWN');
    });

    it('the state stays one-time: the completed second leg cannot be replayed', async () => {
      const login = await storageLogin();
      const { form } = await firstLeg(login);
      const second = proof(form.fields, { state: login.page.state, nonce: login.page.nonce });
      expect((await post(form.action, second)).status).to.equal(303);
      const replay = await post(form.action, second);
      expect(replay.status).to.equal(400);
      expect(errorCode(replay.body)).to.equal('LAUNCH_STATE_UNKNOWN');
    });

    it('refuses missing storage data with LAUNCH_STORAGE_MISSING, and the state is spent', async () => {
      const login = await storageLogin();
      const { form } = await firstLeg(login);
      const missing = await post(form.action, proof(form.fields, { error: 'bad_request' }));
      expect(missing.status).to.equal(401);
      expect(errorCode(missing.body)).to.equal('LAUNCH_STORAGE_MISSING');
      expect(missing.body).to.match(/What you can do/);
      const retry = await post(form.action, proof(form.fields, { state: login.page.state, nonce: login.page.nonce }));
      expect(errorCode(retry.body)).to.equal('LAUNCH_STATE_UNKNOWN');
    });

    it('refuses values from another login with LAUNCH_STORAGE_MISMATCH', async () => {
      const victim = await storageLogin();
      const other = await storageLogin();
      const { form } = await firstLeg(victim);
      const res = await post(form.action, proof(form.fields, { state: victim.page.state, nonce: other.page.nonce }));
      expect(res.status).to.equal(401);
      expect(errorCode(res.body)).to.equal('LAUNCH_STORAGE_MISMATCH');

      const again = await storageLogin();
      const second = await firstLeg(again);
      const wrongState = await post(second.form.action, proof(second.form.fields, { state: other.page.state, nonce: again.page.nonce }));
      expect(errorCode(wrongState.body)).to.equal('LAUNCH_STORAGE_MISMATCH');
    });

    it('a platform that never answered is LAUNCH_STORAGE_UNAVAILABLE', async () => {
      const login = await storageLogin();
      const { form } = await firstLeg(login);
      const res = await post(form.action, proof(form.fields, { error: 'timeout' }));
      expect(res.status).to.equal(502);
      expect(errorCode(res.body)).to.equal('LAUNCH_STORAGE_UNAVAILABLE');
    });

    it('refuses a second leg posted from another site with LAUNCH_STORAGE_WRONG_ORIGIN, even with the right values', async () => {
      const forged = async (headers: Record<string, string>) => {
        const login = await storageLogin();
        const { form } = await firstLeg(login);
        return post(form.action, proof(form.fields, { state: login.page.state, nonce: login.page.nonce }), headers);
      };
      const crossSite = await forged({ 'sec-fetch-site': 'cross-site', origin: 'https://attacker.example' });
      expect(crossSite.status).to.equal(403);
      expect(errorCode(crossSite.body)).to.equal('LAUNCH_STORAGE_WRONG_ORIGIN');
      expect(errorCode((await forged({ origin: 'https://attacker.example' })).body), 'no Fetch Metadata: Origin decides').to.equal('LAUNCH_STORAGE_WRONG_ORIGIN');
      expect(errorCode((await forged({ origin: 'null' })).body)).to.equal('LAUNCH_STORAGE_WRONG_ORIGIN');
    });

    it('the platform post cannot skip the storage check by claiming it was done', async () => {
      const login = await storageLogin();
      const { action, fields } = await platformLaunch(login);
      const res = await post(action, { ...fields, lti_storage_checked: '1' }, { 'sec-fetch-site': 'cross-site', origin: ctx.tool.devPlatform!.issuer });
      expect(errorCode(res.body)).to.equal('LAUNCH_STORAGE_WRONG_ORIGIN');
    });

    it('a storage-bound state with a token that names no platform is refused for the token itself', async () => {
      const login = await storageLogin();
      const res = await post(`${ctx.tool.url}/lti/launch`, { id_token: 'not-a-jwt', state: login.page.state! });
      expect(res.status).to.equal(400);
      expect(errorCode(res.body)).to.equal('LAUNCH_MALFORMED_JWT');
    });
  });

  describe('the built-in platform', () => {
    it('/view frames a storage frame and offers it to the tool; storage=off does neither', async () => {
      const view = `${ctx.tool.devPlatform!.issuer}/view?user=${LEARNER}&link=${LINK}`;
      const withStorage = (await get(view)).body;
      expect(withStorage).to.contain(`name="${PLATFORM_STORAGE_FRAME}"`);
      expect(withStorage).to.contain('lti_storage_target=lti-storage');
      expect(withStorage).to.match(/<script nonce="[^"]+">/);
      const without = (await get(`${view}&storage=off`)).body;
      expect(without).not.to.contain(`name="${PLATFORM_STORAGE_FRAME}"`);
      expect(without).not.to.contain('lti_storage_target');
    });

    it('serves the storage frame for registered tools only', async () => {
      const frame = await get(`${ctx.tool.devPlatform!.issuer}/storage?client=dev-tool`);
      expect(frame.status).to.equal(200);
      expect(frame.body).to.contain('put_data');
      expect(frame.body).to.contain(JSON.stringify([new URL(ctx.tool.url).origin]).slice(1, -1));
      expect((await get(`${ctx.tool.devPlatform!.issuer}/storage?client=nobody`)).status).to.equal(404);
    });
  });

  describe('what reaches the logs', () => {
    it('neither the session token nor the id_token, whatever the binding; each launch says how it was bound', async () => {
      const lines: string[] = [];
      const logged = await startTestTool({}, { logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }) });
      try {
        const viaCookie = await launchAs(logged, LEARNER, LINK);
        const start = await get(logged.devPlatform!.launchStartUrl(LEARNER, LINK, PLATFORM_STORAGE_FRAME));
        const page = dataAttributes((await get(new URL(start.location!, logged.devPlatform!.issuer).toString())).body, 'lti-storage-login');
        const auth = formFields((await get(page['auth-url']!)).body);
        const first = formFields((await post(auth.action, auth.fields)).body);
        const done = await post(first.action, { ...first.fields, lti_storage_state: page.state!, lti_storage_nonce: page.nonce! });
        const code = new URL(done.location!, logged.url).searchParams.get('code')!;
        const token = tokenOfCode(logged, done.location!);
        await get(new URL(done.location!, logged.url).toString());

        const all = lines.join('\n');
        for (const secret of [viaCookie.token, token, code, new URL(viaCookie.landingUrl).searchParams.get('code')!, auth.fields.id_token!]) expect(all).not.to.contain(secret);
        expect(all).to.contain('/app?code=redacted');
        const bound = lines.map((l) => JSON.parse(l) as { msg: string; binding?: string }).filter((l) => l.msg.startsWith('launch '));
        expect(bound.map((l) => l.binding)).to.deep.equal(['none', 'platform-storage']);
      } finally {
        await logged.close();
      }
    });
  });
});
