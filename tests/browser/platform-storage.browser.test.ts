/**
 * Launches inside an LMS page on another site, in Chromium with third-party
 * cookies blocked: the tool at http://127.0.0.1:P, the LMS (the built-in
 * platform on a second HTTP server) at http://localhost:Q. The launch binds to
 * the browser through platform storage (postMessage to the LMS's storage
 * frame) and sets no cookie; when the LMS cannot store, the tool falls back to
 * a partitioned cookie, and when cookies are lost too, to a new window.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { createDevPlatform, type DevPlatform } from '../../server/platform/index.js';
import type { RunningServer } from '../../server/server.js';
import { launchBrowser, screenshot } from '../helpers/browser.js';
import { startTestTool } from '../helpers/tool.js';

interface LogLine {
  msg?: string;
  binding?: string;
  [field: string]: unknown;
}

const CLIENT_ID = 'other-site-tool';
const DEPLOYMENT_ID = 'other-site-deployment';

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** Third-party cookie blocking, asked of Chromium explicitly (it is also the default for new contexts). */
async function blockThirdPartyCookies(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCookieControls', { enableThirdPartyCookieRestriction: true });
}

describe('browser: launching inside an LMS on another site, third-party cookies blocked', function () {
  this.timeout(90_000);
  let tool: RunningServer;
  let lms: http.Server;
  let platform: DevPlatform;
  let cookieSite: http.Server;
  let cookieSiteUrl: string;
  let browser: Browser;
  /** The tool's log: how each launch was bound is visible only server-side (the browser hides partitioned cookies from request headers). */
  const logs: LogLine[] = [];
  const bindings = () => logs.filter((l) => l.msg?.startsWith('launch ')).map((l) => l.binding);

  before(async () => {
    tool = await startTestTool({}, { logger: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) }) });
    // The LMS: the built-in platform again, served from another site.
    const lmsApp = express();
    const listening = await listen(lmsApp);
    lms = listening.server;
    platform = await createDevPlatform({
      issuer: `http://localhost:${listening.port}/lms`,
      keyFile: null,
      tool: { clientId: CLIENT_ID, deploymentId: DEPLOYMENT_ID, loginUrl: tool.lti.urls.login, launchUrl: tool.lti.urls.launch, deepLinkUrl: tool.lti.urls.launch, jwksUrl: tool.lti.urls.keys },
    });
    lmsApp.use('/lms', platform.router);
    // A page of the LMS framing the tool's site, to prove that the browser really blocks a third-party cookie.
    lmsApp.get('/frame', (req, res) => void res.type('html').send(`<iframe name="probe" style="width:900px;height:600px" src="${String(req.query.src)}"></iframe>`));
    await tool.lti.registry.add(
      { issuer: platform.issuer, clientId: CLIENT_ID, name: 'LMS on another site', authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, jwksUrl: platform.jwksUrl, deploymentIds: [DEPLOYMENT_ID] },
      'cli',
    );
    // Same site as the tool (cookies ignore ports): sets an ordinary SameSite=None cookie and echoes what comes back.
    const site = await listen((req, res) => {
      if (req.url === '/set') {
        res.writeHead(302, { 'set-cookie': 'third_party=1; SameSite=None; Secure; Path=/', location: '/echo' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`cookies:[${req.headers.cookie ?? ''}]`);
    });
    cookieSite = site.server;
    cookieSiteUrl = `http://127.0.0.1:${site.port}`;
    // One renderer process for the page and its frames. The tool's frame goes 127.0.0.1 → localhost
    // (the LMS's authorization) → 127.0.0.1 in a few milliseconds; with site isolation each hop swaps
    // the frame into another process, and Playwright sometimes kept the stale one (the frame stuck on
    // the authorization URL while the tool had served /app), failing about one run in three.
    // Cookie blocking and postMessage do not depend on the process model.
    browser = await launchBrowser(['--disable-site-isolation-trials', '--disable-features=IsolateOrigins,site-per-process']);
  });

  after(async () => {
    await browser?.close();
    await closeServer(lms);
    await closeServer(cookieSite);
    await tool?.close();
  });

  /** The learner's name in a frame; on failure, says what every frame shows and what the tool last logged. */
  async function learnerName(page: Page, frameSelector: string | null): Promise<string | null> {
    const scope = frameSelector === null ? page : page.frameLocator(frameSelector);
    try {
      return await scope.getByTestId('user-name').textContent({ timeout: 30_000 });
    } catch (err) {
      const frames = await Promise.all(page.frames().map(async (f) => `${f.url()}: ${((await f.textContent('body').catch(() => '')) ?? '').trim().slice(0, 300)}`));
      throw new Error(`${(err as Error).message}\nframes:\n${frames.join('\n')}\ntool log:\n${logs.slice(-12).map((l) => JSON.stringify(l)).join('\n')}`);
    }
  }

  async function newPage(): Promise<{ context: BrowserContext; page: Page; toolRequests: Request[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await blockThirdPartyCookies(page);
    const toolRequests: Request[] = [];
    context.on('request', (r) => {
      if (r.url().startsWith(tool.url)) toolRequests.push(r);
    });
    return { context, page, toolRequests };
  }

  const viewUrl = (query = '') => `${platform.issuer}/view?user=learner-maya&link=link-fractions-add${query}`;

  it('the browser blocks a third-party cookie that it keeps first-party', async () => {
    const { context, page } = await newPage();
    await page.goto(`http://localhost:${new URL(platform.issuer).port}/frame?src=${encodeURIComponent(`${cookieSiteUrl}/set`)}`);
    const framed = page.frame({ name: 'probe' })!;
    await framed.waitForURL(/\/echo$/);
    expect(await framed.textContent('body')).to.equal('cookies:[]');
    await page.goto(`${cookieSiteUrl}/set`);
    expect(await page.textContent('body'), 'the same cookie, first-party').to.equal('cookies:[third_party=1]');
    await context.close();
  });

  it('completes through platform storage and shows the learner\'s name, with no cookie at all', async () => {
    logs.length = 0;
    const { context, page, toolRequests } = await newPage();
    await page.goto(viewUrl());
    expect(await learnerName(page, 'iframe.tool')).to.equal('Maya Chen');
    await screenshot(page, 'platform-storage-launch');

    const launches = toolRequests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/lti/launch');
    expect(launches, 'the platform\'s post, then the tool page\'s post with the stored values').to.have.length(2);
    const second = new URLSearchParams(launches[1]!.postData() ?? '');
    expect(second.get('lti_storage_checked')).to.equal('1');
    expect(second.get('lti_storage_state')).to.match(/^p\./);
    expect(second.get('lti_storage_state')).to.equal(second.get('state'));
    expect(bindings()).to.deep.equal(['platform-storage']);
    for (const r of toolRequests) {
      // ltijs clears a state cookie of its own that never existed; nothing is ever set.
      const setCookies = (await (await r.response())?.headerValue('set-cookie'))?.split('\n') ?? [];
      for (const c of setCookies) expect(c, r.url()).to.match(/Expires=Thu, 01 Jan 1970/);
    }
    expect(await context.cookies(tool.url)).to.deep.equal([]);
    await context.close();
  });

  it('the LMS answers the framed tool only, keeps values per origin, and speaks both subject dialects', async () => {
    const { context, page } = await newPage();
    await page.goto(viewUrl());
    expect(await learnerName(page, 'iframe.tool')).to.equal('Maya Chen');
    const toolFrame = page.frames().find((f) => f.url().startsWith(tool.url))!;
    const lmsOrigin = new URL(platform.issuer).origin;
    /** Posts from `frame` to the LMS page (`_parent`) or its storage frame and returns the answer, or null after 1 s. */
    const ask = (frame: typeof toolFrame, target: string, message: Record<string, unknown>) =>
      frame.evaluate(
        ([target, message, origin]) =>
          new Promise<unknown>((resolve) => {
            const host = window.parent === window ? window : window.parent;
            const to = target === '_parent' ? host : (host.frames as unknown as Record<string, Window>)[target as string]!;
            const id = String(Math.random());
            window.addEventListener('message', (e) => {
              if ((e.data as { message_id?: string }).message_id === id) resolve(e.data);
            });
            to.postMessage({ ...(message as object), message_id: id }, origin as string);
            setTimeout(() => resolve(null), 1000);
          }),
        [target, message, lmsOrigin] as const,
      );

    const capabilities = (await ask(toolFrame, '_parent', { subject: 'lti.capabilities' })) as { supported_messages: Array<{ subject: string; frame?: string }> };
    expect(capabilities.supported_messages).to.deep.include({ subject: 'lti.put_data', frame: 'lti-storage' });
    expect(await ask(toolFrame, 'lti-storage', { subject: 'org.imsglobal.lti.put_data', key: 'k', value: 'v' })).to.deep.include({ subject: 'org.imsglobal.lti.put_data.response', key: 'k', value: 'v' });
    expect(await ask(toolFrame, 'lti-storage', { subject: 'lti.get_data', key: 'k' })).to.deep.include({ subject: 'lti.get_data.response', value: 'v' });
    const missing = (await ask(toolFrame, 'lti-storage', { subject: 'lti.get_data', key: 'nothing' })) as { error?: { code: string } };
    expect(missing.error?.code).to.equal('bad_request');
    expect(await ask(toolFrame, 'lti-storage', { subject: 'lti.put_data', key: 'k', value: 42 })).to.have.nested.property('error.code', 'bad_request');
    // The LMS page itself is not the framed tool: the storage frame does not answer it, so it cannot read the tool's values.
    expect(await ask(page.mainFrame(), 'lti-storage', { subject: 'lti.get_data', key: 'k' })).to.equal(null);
    await context.close();
  });

  it('when the LMS does not answer storage requests, the login falls back to a partitioned cookie after the timeout', async () => {
    logs.length = 0;
    const { context, page, toolRequests } = await newPage();
    await context.route(`${platform.issuer}/storage**`, (route) => route.abort());
    await page.goto(viewUrl());
    expect(await learnerName(page, 'iframe.tool')).to.equal('Maya Chen');
    const logins = toolRequests.filter((r) => new URL(r.url()).pathname === '/lti/login');
    expect(logins.map((r) => new URL(r.url()).searchParams.has('lti_storage_target'))).to.deep.equal([true, false, false]);
    expect(bindings(), 'CHIPS: partitioned cookies survive third-party cookie blocking').to.deep.equal(['cookie']);
    await context.close();
  });

  it('without platform storage and with every cookie lost in the frame, the launch reopens in a new window', async () => {
    logs.length = 0;
    const { context, page } = await newPage();
    // An LMS without platform storage frames the tool's login: take the login URL its launch start redirects to.
    const start = await fetch(platform.launchStartUrl('learner-maya', 'link-fractions-add'), { redirect: 'manual' });
    const login = start.headers.get('location')!;
    // Chromium keeps partitioned cookies; browsers that block every third-party cookie do not. The framed
    // login is answered from here, without keeping the tool's cookie; the redirect that follows comes back
    // to the tool from the browser, which therefore has no cookie to send.
    await context.route(`${tool.url}/lti/login**`, async (route) => {
      const request = route.request();
      let framed = false;
      try {
        framed = request.frame().parentFrame() !== null;
      } catch {
        // A popup's first navigation has no frame yet: it is top-level.
      }
      if (!framed) return route.continue();
      // Interception happens before Chromium adds its Fetch Metadata headers: restore the one the tool reads.
      const res = await fetch(request.url(), { redirect: 'manual', headers: { ...(await request.allHeaders()), 'sec-fetch-dest': 'iframe' } });
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        if (name !== 'set-cookie') headers[name] = value;
      });
      await route.fulfill({ status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) });
    });
    await page.goto(`http://localhost:${new URL(platform.issuer).port}/frame?src=${encodeURIComponent(login)}`);
    const open = page.frameLocator('iframe[name="probe"]').getByTestId('open-in-new-window');
    await open.waitFor({ timeout: 20_000 });
    await screenshot(page, 'platform-storage-new-window');
    const [popup] = await Promise.all([context.waitForEvent('page'), open.click()]);
    await blockThirdPartyCookies(popup);
    expect(await learnerName(popup, null)).to.equal('Maya Chen');
    expect(bindings(), 'top-level, the cookie is first-party').to.deep.equal(['cookie']);
    await context.close();
  });
});
