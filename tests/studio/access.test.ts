import { expect } from 'chai';
import request from 'supertest';
import { createSequence, LEARNER, launchedToken, otherPlatformToken, studioApi, useStudio, type Api } from './support/studio.js';

describe('studio access', function () {
  this.timeout(60_000);
  const ctx = useStudio();

  describe('page shell', () => {
    it('renders for staff with the token and API base in meta elements, no inline script or style', async () => {
      // As the landing page's "Open the studio" form opens it: the token in the body, never in the URL.
      const res = await request(ctx.tool.url).post('/studio').type('form').send({ _s: ctx.token }).set('Accept', 'text/html').expect(200);
      expect(res.text).to.contain(`<meta name="studio-session" content="${ctx.token}">`);
      expect(res.text).to.contain('<meta name="studio-api" content="/studio/api">');
      expect(res.text).to.contain('<script type="module" src="/static/studio/studio.js"></script>');
      expect(res.text).to.contain('<link rel="stylesheet" href="/static/studio/studio.css">');
      expect(res.text).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(res.text).to.not.match(/<style|\sstyle="/);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers['content-security-policy']).to.contain("script-src 'self'");
      // The code editor's <style> elements are admitted by this response's nonce only.
      const nonce = /<meta name="csp-nonce" content="([^"]+)">/.exec(res.text)?.[1];
      expect(nonce).to.be.a('string');
      expect(res.headers['content-security-policy']).to.contain(`style-src-elem 'self' 'nonce-${nonce}'`);
    });

    it('shows learners a clear 403 page', async () => {
      const learner = await launchedToken(ctx.tool, LEARNER);
      const res = await request(ctx.tool.url).post('/studio').type('form').send({ _s: learner }).set('Accept', 'text/html').expect(403);
      expect(res.text).to.contain('data-testid="error-code">ROLE_FORBIDDEN<');
      expect(res.text).to.contain('for teachers and course designers');
      expect(res.text).to.not.contain('studio-session');
    });

    it('asks for a launch when there is no session', async () => {
      await request(ctx.tool.url).get('/studio').set('Accept', 'text/html').expect(401);
      await request(ctx.tool.url).get('/studio?s=forged').set('Accept', 'text/html').expect(401);
      // A token in the URL is not read at all, even a valid one.
      const inUrl = await request(ctx.tool.url).get(`/studio?s=${encodeURIComponent(ctx.token)}`).set('Accept', 'text/html').expect(401);
      expect(inUrl.text).to.contain('data-testid="error-code">SESSION_MISSING<');
    });
  });

  describe('API authorization', () => {
    it('refuses learners with a 403 JSON error on every endpoint', async () => {
      const learner = studioApi(ctx.tool, await launchedToken(ctx.tool, LEARNER));
      for (const res of await Promise.all([
        learner.get('/sequences'),
        learner.post('/sequences', { title: 'x' }),
        learner.get('/sequences/fractions-grade6'),
        learner.post('/lint', { draft: {} }),
        learner.post('/simulate', { draft: {} }),
        learner.get('/sequences/fractions-grade6/publish-check'),
      ])) {
        expect(res.status).to.equal(403);
        expect(res.type).to.equal('application/json');
        expect(res.body.error.code).to.equal('ROLE_FORBIDDEN');
      }
    });

    it('needs the token in the Authorization header (401 JSON otherwise)', async () => {
      const noHeader = await request(ctx.tool.url).get(`/studio/api/sequences?s=${encodeURIComponent(ctx.token)}`);
      expect(noHeader.status).to.equal(401);
      expect(noHeader.body.error.code).to.equal('SESSION_MISSING');
      const forged = await studioApi(ctx.tool, 'forged-token').get('/sequences');
      expect(forged.status).to.equal(401);
    });

    it('refuses state-changing requests from another origin, accepts its own origin and none', async () => {
      const foreign = await ctx.api.post('/sequences', { title: 'CSRF' }).set('Origin', 'https://evil.example');
      expect(foreign.status).to.equal(403);
      expect(foreign.body.error.code).to.equal('CROSS_ORIGIN_REQUEST');
      const nullOrigin = await ctx.api.post('/sequences', { title: 'CSRF' }).set('Origin', 'null');
      expect(nullOrigin.status).to.equal(403);
      await ctx.api.post('/sequences', { title: 'Same origin' }).set('Origin', new URL(ctx.tool.url).origin).expect(201);
      await ctx.api.post('/sequences', { title: 'No origin (a script)' }).expect(201);
      // Reads are not state-changing; a foreign Origin on a GET changes nothing.
      await ctx.api.get('/sequences').set('Origin', 'https://evil.example').expect(200);
      const names = (await ctx.api.get('/sequences?q=CSRF').expect(200)).body.sequences;
      expect(names).to.deep.equal([]);
    });
  });

  describe('isolation between platforms', () => {
    let mine: { id: string; updatedAt: number; draft: Record<string, unknown> };
    let other: Api;
    before(async () => {
      mine = await createSequence(ctx.api, { title: 'Rivera secret plan', template: 'fractions' });
      await ctx.api.post(`/sequences/${mine.id}/publish`, {}).expect(201);
      other = studioApi(ctx.tool, (await otherPlatformToken(ctx.tool, ['instructor', 'admin'])).token);
    });

    it('another school lists none of this school’s sequences', async () => {
      const res = await other.get('/sequences').expect(200);
      expect(res.body.sequences).to.deep.equal([]);
      expect((await other.get('/sequences?q=secret').expect(200)).body.sequences).to.deep.equal([]);
    });

    it('another school guessing ids gets 404 for read, update, delete, publish, its check, versions and diff', async () => {
      const attempts = await Promise.all([
        other.get(`/sequences/${mine.id}`),
        other.put(`/sequences/${mine.id}`, { title: 'Mine now', draft: mine.draft, baseUpdatedAt: mine.updatedAt }),
        other.delete(`/sequences/${mine.id}`),
        other.post(`/sequences/${mine.id}/publish`, { confirmWarnings: true }),
        other.get(`/sequences/${mine.id}/publish-check`),
        other.get(`/sequences/${mine.id}/versions/1`),
        other.get(`/sequences/${mine.id}/diff?from=1&to=draft`),
        other.post('/sequences', { title: 'Copy', duplicateOf: mine.id }),
      ]);
      for (const [i, res] of attempts.entries()) {
        expect(res.status, `attempt ${i}`).to.equal(404);
        expect(res.body.error.code).to.equal('SEQUENCE_NOT_FOUND');
      }
      const untouched = await ctx.api.get(`/sequences/${mine.id}`).expect(200);
      expect(untouched.body.sequence.title).to.equal('Rivera secret plan');
      expect(untouched.body.versions).to.have.length(1);
    });

    it('another school’s own sequences stay its own', async () => {
      const theirs = await createSequence(other, { title: 'Their plan' });
      await ctx.api.get(`/sequences/${theirs.id}`).expect(404);
      expect((await ctx.api.get('/sequences?q=their').expect(200)).body.sequences).to.deep.equal([]);
    });
  });
});
