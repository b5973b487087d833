/**
 * POST /resume over HTTP: what a reload that outlived its page code gets.
 * The server's clock is moved past the code's two minutes and past the
 * session's eight hours; the browser side is tests/browser/resume.browser.test.ts.
 */
import { expect } from 'chai';
import request from 'supertest';
import { openPageCode } from '../../server/lti/page-code.js';
import { useClockedTool } from '../helpers/hooks.js';
import { launchAs } from '../helpers/tool.js';

interface Answer {
  status: number;
  location: string | null;
  cacheControl: string | null;
  body: string;
}

describe('POST /resume: a reload after the page code expired', function () {
  this.timeout(60_000);
  const ctx = useClockedTool();

  const origin = () => new URL(ctx.tool.url).origin;

  async function resume(form: Record<string, string>, headers: Record<string, string> = { origin: origin(), 'sec-fetch-site': 'same-origin' }): Promise<Answer> {
    const res = await fetch(`${ctx.tool.url}/resume`, { method: 'POST', redirect: 'manual', headers: { accept: 'text/html', ...headers }, body: new URLSearchParams(form) });
    return { status: res.status, location: res.headers.get('location'), cacheControl: res.headers.get('cache-control'), body: await res.text() };
  }

  /** The path and query a Location points at, with its fresh code checked and taken out. */
  function reopened(answer: Answer, token: string): URL {
    expect(answer.status, answer.body.slice(0, 300)).to.equal(303);
    expect(answer.location).not.to.contain(token);
    const target = new URL(answer.location!, ctx.tool.url);
    expect(target.origin).to.equal(origin());
    expect(openPageCode(ctx.tool.lti.pageCodes, target.searchParams.get('code') ?? '', ctx.now()), 'a fresh code for the session').to.equal(token);
    target.searchParams.delete('code');
    return target;
  }

  it('reopens the same page with a fresh code once the landing code is dead', async () => {
    const { landingUrl, token } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    ctx.clock.offset = 130_000;
    expect((await fetch(landingUrl, { redirect: 'manual' })).status, 'the landing address, its code dead').to.equal(401);

    const answer = await resume({ _s: token, to: '/app' });
    expect(answer.cacheControl).to.equal('no-store');
    const target = reopened(answer, token);
    expect(`${target.pathname}${target.search}`).to.equal('/app');
    const page = await fetch(new URL(answer.location!, ctx.tool.url));
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('data-kind="survey"');
  });

  it('answers the reload itself (a browser navigation that carries nothing) with the page that resumes it, 200 and nothing of the session', async () => {
    const staff = await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add');
    const learner = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    ctx.clock.offset = 130_000;
    // As a browser asks (fetch() would send its own Sec-Fetch-Mode), with no fragment: browsers never send one.
    const get = (path: string, headers: Record<string, string> = {}) =>
      request(ctx.tool.url).get(path).redirects(0).set({ accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe', ...headers });
    for (const path of ['/class', '/class?notice=note-sent&retry=queued&learner=learner-liam', '/class/learners/learner-liam', '/app', '/app/progress', '/studio']) {
      const res = await get(path);
      expect(res.status, path).to.equal(200);
      expect(res.headers['cache-control'], path).to.equal('no-store');
      const body = res.text;
      // The page page-code.js resumes from (it posts the history entry's token to /resume), with the guidance for anyone without one.
      expect(body, path).to.contain('<meta name="session-missing" content="1">');
      expect(body, path).to.contain('data-testid="error-code">SESSION_MISSING<');
      expect(body, path).to.contain('Go back to your course and open the activity again.');
      for (const token of [staff.token, learner.token]) expect(body, path).not.to.contain(token);
      expect(body, path).not.to.match(/name="_s"|data-testid="overview"|Class overview/);
    }
    // Anything that carries a credential that does not open, or is not a page load, is refused as before.
    const code = new URL(learner.landingUrl).searchParams.get('code')!;
    const refused: Array<[string, Record<string, string>]> = [
      ['/app', { 'sec-fetch-mode': 'cors' }],
      [`/app?code=${code}`, {}],
      ['/app?code=', {}],
      [`/class?s=${encodeURIComponent(staff.token)}`, {}],
      ['/class', { authorization: 'Bearer not-a-session-token' }],
      ['/class/export/overview.csv', {}],
    ];
    for (const [path, headers] of refused) expect((await get(path, headers)).status, `${path} ${JSON.stringify(headers)}`).to.equal(401);
    const plain = await fetch(`${ctx.tool.url}/class`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(plain.status, 'not a browser\'s page load').to.equal(401);
  });

  it('keeps the page\'s other parameters and fragment, drops any old code', async () => {
    const { token } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    const answer = await resume({ _s: token, to: '/app/progress?focus=feedback&code=old-dead-code#mastery-title' });
    const target = reopened(answer, token);
    expect(`${target.pathname}${target.search}${target.hash}`).to.equal('/app/progress?focus=feedback#mastery-title');
    expect(target.searchParams.getAll('code')).to.deep.equal([]);
  });

  it('reopens the class view and the studio for staff', async () => {
    const { token } = await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add');
    for (const to of ['/class', '/class/learners/learner-liam', '/studio', '/class?notice=note-sent#notes']) {
      const target = reopened(await resume({ _s: token, to }), token);
      expect(`${target.pathname}${target.search}${target.hash}`).to.equal(to);
    }
  });

  it('answers the readable "session has ended" page (401, no redirect) when the session itself has expired or is unknown', async () => {
    const { token } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    ctx.clock.offset = 8 * 3600_000 + 1_000;
    for (const s of [token, 'not-a-session-token', '']) {
      const answer = await resume({ _s: s, to: '/app' });
      expect(answer.status, s).to.equal(401);
      expect(answer.location).to.equal(null);
      expect(answer.body).to.contain('data-testid="error-code">SESSION_MISSING<');
      expect(answer.body).to.contain('you continue where you left off');
    }
    const noToken = await resume({ to: '/app' });
    expect(noToken.status).to.equal(401);
  });

  it('refuses to send anywhere but a page of the ctx.tool that opens with a code (400)', async () => {
    const { token } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    const foreign = [
      'https://evil.example/app',
      `${ctx.tool.url}/app`,
      '//evil.example/app',
      '/\\evil.example/app',
      '\\\\evil.example/app',
      'javascript:alert(1)',
      'app',
      '',
      '/platform/',
      '/lti/launch',
      '/app/answer',
      '/class/export/attempts.csv',
      '/studio/api/sequences',
      '/resume',
      `/${'a'.repeat(3000)}`,
    ];
    for (const to of foreign) {
      const answer = await resume({ _s: token, to });
      expect(answer.status, to).to.equal(400);
      expect(answer.location, to).to.equal(null);
    }
    const many = await fetch(`${ctx.tool.url}/resume`, { method: 'POST', redirect: 'manual', headers: { origin: origin() }, body: new URLSearchParams([['_s', token], ['to', '/app'], ['to', 'https://evil.example/']]) });
    expect(many.status, 'a repeated `to`').to.equal(400);
  });

  it('refuses posts that did not come from the tool\'s own pages (CSRF)', async () => {
    const { token } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    const form = { _s: token, to: '/app' };
    const refused: Array<Record<string, string>> = [
      {},
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: origin(), 'sec-fetch-site': 'cross-site' },
      { origin: origin(), 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of refused) {
      const answer = await resume(form, headers);
      expect(answer.status, JSON.stringify(headers)).to.equal(403);
      expect(answer.location).to.equal(null);
      expect(answer.body).to.contain('CROSS_ORIGIN_REQUEST');
    }
    // A page with Referrer-Policy no-referrer (the class view) posts with Origin: null; the browser's fetch metadata vouches.
    reopened(await resume(form, { origin: 'null', 'sec-fetch-site': 'same-origin' }), token);
    reopened(await resume(form, { origin: origin() }), token);
  });

  it('never logs the token', async () => {
    const { token } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    await resume({ _s: token, to: '/app' }, { origin: origin(), 'x-request-id': 'resume-log-1' });
    await resume({ _s: token, to: 'https://evil.example/' }, { origin: origin(), 'x-request-id': 'resume-log-2' });
    await resume({ _s: token, to: '/app' }, { origin: 'https://evil.example', 'x-request-id': 'resume-log-3' });
    const records = ctx.lines.map((l) => JSON.parse(l) as { requestId?: string; url?: string; status?: number; msg?: string });
    expect(records.find((r) => r.requestId === 'resume-log-1' && r.msg === 'request')).to.include({ url: '/resume', status: 303 });
    expect(records.find((r) => r.requestId === 'resume-log-2' && r.msg === 'request')).to.include({ url: '/resume', status: 400 });
    expect(records.find((r) => r.requestId === 'resume-log-3' && r.msg === 'request')).to.include({ url: '/resume', status: 403 });
    expect(ctx.lines.join('\n')).not.to.contain(token);
  });

  it('marks the pages a reload may resume, and no others', async () => {
    const { landingUrl } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    const marker = '<meta name="resumable" content="1">';
    expect(await (await fetch(landingUrl)).text()).to.contain(marker);
    expect(await (await fetch(`${ctx.tool.url}/`)).text()).not.to.contain(marker);
    expect(await (await fetch(`${ctx.tool.url}/app/answer`, { method: 'POST', headers: { accept: 'text/html' } })).text()).not.to.contain(marker);
  });
});
