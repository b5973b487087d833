import { expect } from 'chai';
import request from 'supertest';
import { useTool } from '../helpers/hooks.js';
import { launchAs } from '../helpers/tool.js';

function directive(csp: string, name: string): string[] {
  const d = csp.split(';').map((s) => s.trim()).find((s) => s.startsWith(`${name} `));
  return d ? d.split(/\s+/).slice(1) : [];
}

describe('security headers', function () {
  this.timeout(30_000);
  const ctx = useTool({ LAUNCH_RATE_LIMIT: '5', ADMIN_RATE_LIMIT: '3', ADMIN_TOKEN: 'x'.repeat(32) });

  it('sends a strict CSP whose frame-ancestors are the registered platforms and nothing else', async () => {
    const res = await request(ctx.tool.url).get('/');
    const csp = res.headers['content-security-policy'] as string;
    expect(directive(csp, 'script-src')).to.deep.equal(["'self'"]);
    expect(csp).to.not.contain('unsafe-inline');
    expect(directive(csp, 'frame-ancestors')).to.deep.equal(["'self'", new URL(ctx.tool.devPlatform!.issuer).origin]);
    expect(directive(csp, 'object-src')).to.deep.equal(["'none'"]);
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['referrer-policy'], 'tokens in URLs never reach another site').to.equal('same-origin');
    expect(res.headers['x-powered-by']).to.equal(undefined);
    expect(res.headers['x-frame-options'], 'framing is governed by CSP, which LMSs need').to.equal(undefined);
  });

  it('a platform registered later is framed too, and error pages carry the policy', async () => {
    const res = await request(ctx.tool.url).get('/no-such-page').set('accept', 'text/html');
    expect(res.status).to.equal(404);
    expect(res.headers['content-security-policy']).to.contain('frame-ancestors');
  });

  it('a session page allows the launch\'s LMS origin', async () => {
    const { landingUrl } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    const res = await fetch(landingUrl);
    const ancestors = directive(res.headers.get('content-security-policy')!, 'frame-ancestors');
    expect(ancestors).to.include(new URL(ctx.tool.devPlatform!.issuer).origin);
    expect(ancestors).to.not.include('*');
  });

  it('rate-limits sign-in per IP with a readable 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await request(ctx.tool.url).get('/lti/login').set('accept', 'text/html');
      statuses.push(last.status);
    }
    // The earlier launch used part of the budget of 5; once refused, every later request is refused.
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).to.be.within(1, 5);
    expect(statuses.slice(0, firstRefused).every((s) => s === 400)).to.equal(true);
    expect(statuses.slice(firstRefused).every((s) => s === 429)).to.equal(true);
    expect(last!.headers['retry-after']).to.equal('60');
    expect(last!.text).to.match(/wait a minute/);
  });

  it('rate-limits the admin API', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(ctx.tool.url).get('/api/admin/platforms')).status);
    expect(statuses.at(-1)).to.equal(429);
  });
});
