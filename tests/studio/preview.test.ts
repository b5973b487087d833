import { expect } from 'chai';
import { newPlayerState } from '../../server/delivery/player-state.js';
import { sessionIdFor } from '../../server/lti/session.js';
import { PreviewStore } from '../../server/studio/preview/store.js';
import { traceStep } from '../../server/studio/preview/trace.js';
import { compileSequence, decide, startLearner } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { deadEndDoc, errorDoc } from './support/fixtures.js';
import { LEARNER, launchedToken, otherPlatformToken, studioApi, useStudio } from './support/studio.js';

/** The fields every player form carries: the token and the screen it was rendered for. */
function screenRef(html: string): Record<string, string> {
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  const out: Record<string, string> = { _s: field('_s') ?? '', step: field('step') ?? '' };
  const activity = field('activity');
  if (activity !== undefined) out.activity = activity;
  return out;
}

describe('studio preview: a draft in the real player, with the rule panel', function () {
  this.timeout(60_000);
  const ctx = useStudio();

  const page = async (url: string) => {
    const res = await fetch(`${ctx.tool.url}${url}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  };
  const post = async (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await fetch(`${ctx.tool.url}${url}`, { method: 'POST', body, redirect: 'manual', headers: { origin: new URL(ctx.tool.url).origin, accept: 'text/html' } });
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };
  /** A preview page opened by the player's navigation form: POST, the token in the body. */
  const pageAs = async (url: string, as: string) => {
    const res = await fetch(`${ctx.tool.url}${new URL(url, ctx.tool.url).pathname}`, { method: 'POST', body: new URLSearchParams({ _s: as }), headers: { accept: 'text/html' }, redirect: 'manual' });
    return { status: res.status, html: await res.text() };
  };
  const pathOf = (url: string) => new URL(url, ctx.tool.url).pathname;
  const firedRule = (html: string) => /data-testid="fired-rule">([^<]+)</.exec(html)?.[1];
  const formAction = (html: string, action: string) => new RegExp(`action="(/studio/preview/[^"]+/${action})"`).exec(html)?.[1];

  it('opens a preview of the draft in the player templates, with the start rule in the panel', async () => {
    const res = await ctx.api.post('/preview', { draft: loadSample('fractions') }).expect(201);
    // A page code the studio frames at once, never the token itself.
    expect(res.body.url).to.match(/^\/studio\/preview\/[A-Za-z0-9_-]{22}\?code=[A-Za-z0-9_-]+$/);
    expect(res.body.url).not.to.contain(ctx.token);
    const { status, html } = await page(res.body.url);
    expect(status).to.equal(200);
    expect(html).to.contain('<div id="screen"');
    expect(html).to.contain('data-kind="survey"');
    expect(html).to.contain('<script src="/static/player.js" defer></script>');
    expect(html).to.contain('data-testid="preview-banner"');
    expect(firedRule(html)).to.equal('@start.survey');
    expect(formAction(html, 'survey')).to.be.a('string');
  });

  it('plays: the survey, the warm-up and a question; each new step shows the rule that chose it and what the others did', async () => {
    const { url } = (await ctx.api.post('/preview', { draft: loadSample('fractions') }).expect(201)).body as { url: string };
    let { html } = await page(url);

    const surveyed = await post(formAction(html, 'survey')!, { ...screenRef(html), 'q.likes': 'music', 'q.goal': 'catch-up', 'q.learn-best': 'video' });
    expect(surveyed.status).to.equal(303);
    expect(pathOf(surveyed.location!)).to.equal(pathOf(url));
    expect(surveyed.location).to.match(/\?code=[A-Za-z0-9_-]+$/);
    ({ html } = await page(surveyed.location!));
    expect(html).to.contain('data-kind="diagnostic"');
    expect(firedRule(html)).to.equal('@start.diagnostic');
    expect(html).to.contain('Earlier steps (1)');
    expect(html).to.match(/Profile: modality <strong>video<\/strong>/);

    const key = /name="k" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const warmed = await post(formAction(html, 'diagnostic')!, { ...screenRef(html), k: key });
    expect(warmed.location).to.match(/focus=feedback$/);
    ({ html } = await page(warmed.location!));
    const next = await post(formAction(html, 'next')!, screenRef(html));
    ({ html } = await page(next.location!));
    const fired = firedRule(html);
    expect(fired).to.be.a('string').and.not.match(/^@start/);
    // Every rule tried before the one that fired is in the table, with what it did.
    const outcomes = [...html.matchAll(/<tr data-outcome="(\w+)"><td><code>([^<]+)<\/code>/g)].map((m) => [m[2], m[1]]);
    expect(outcomes.at(-1)).to.deep.equal([fired, 'fired']);
    expect(outcomes.slice(0, -1).every(([, o]) => o !== 'fired')).to.equal(true);
    expect(html).to.contain('Earlier steps (2)');
  });

  it('a refused warm-up answer comes back as the player shows it: a summary whose link goes to the field', async () => {
    const { url } = (await ctx.api.post('/preview', { draft: loadSample('fractions'), start: { profile: { modality: 'video' } } }).expect(201)).body as { url: string };
    const { html } = await page(url);
    expect(html).to.contain('data-kind="diagnostic"');
    const key = /name="k" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const refused = await post(formAction(html, 'diagnostic')!, { ...screenRef(html), k: key, 'a.diag-add': 'three quarters' });
    expect(refused.status).to.equal(400);
    expect(refused.html).to.contain('<div class="error-summary" id="form-error-summary" tabindex="-1" data-focus autofocus>');
    expect(refused.html).to.match(/<a href="#diag-add-input" id="form-error-text">Question 3 \(/);
    expect(refused.html).to.contain('name="a.diag-add" type="text" autocomplete="off" aria-invalid="true" aria-describedby="form-error-text" value="three quarters">');
  });

  it('starts from a given profile (skipping the survey) and mastery', async () => {
    const withProfile = (await ctx.api.post('/preview', { draft: loadSample('fractions'), start: { profile: { modality: 'hands-on', interests: ['music'] } } }).expect(201)).body;
    const first = await page(withProfile.url);
    expect(first.html).to.contain('data-kind="diagnostic"');
    expect(first.html).to.match(/Profile: modality <strong>hands-on<\/strong> · interests music/);

    const mastered = (await ctx.api.post('/preview', { draft: deadEndDoc(), start: { mastery: { o1: 0.99 } } }).expect(201)).body;
    const done = await page(mastered.url);
    expect(done.html).to.contain('data-kind="complete"');
    expect(firedRule(done.html)).to.equal('@completion.mastered');
  });

  it('shows the loop guard refusing a rule when a draft has a dead end', async () => {
    const { url } = (await ctx.api.post('/preview', { draft: deadEndDoc() }).expect(201)).body as { url: string };
    let { html } = await page(url);
    expect(firedRule(html)).to.equal('first-question');
    // Answer wrong until the question is over, then keep reading until the guard steps in.
    for (let turn = 0; turn < 20 && !html.includes('data-kind="complete"'); turn++) {
      const [next, answer, done] = [formAction(html, 'next'), formAction(html, 'answer'), formAction(html, 'done')];
      const k = /name="k" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const moved = next ? await post(next, screenRef(html)) : answer ? await post(answer, { ...screenRef(html), k, choice: 'b' }) : await post(done!, screenRef(html));
      ({ html } = await page(moved.location!));
    }
    expect(html).to.contain('data-kind="complete"');
    expect(firedRule(html)).to.equal('@guard.stalled');
    expect(html).to.match(/<tr data-outcome="guarded"><td><code>keep-reading<\/code>/);
  });

  it('records nothing: no learner record, no attempt, no score in the outbox', async () => {
    const jobsBefore = (await ctx.tool.store.selectGradeJobs({})).length;
    const { url } = (await ctx.api.post('/preview', { draft: deadEndDoc() }).expect(201)).body as { url: string };
    const { html } = await page(url);
    const k = /name="k" value="([^"]+)"/.exec(html)?.[1] ?? '';
    await post(formAction(html, 'answer')!, { ...screenRef(html), k, choice: 'a' });
    expect((await ctx.tool.store.selectGradeJobs({})).length).to.equal(jobsBefore);
    // Had it been played as a learner, the record would be keyed by the designer's own launch.
    const session = await ctx.tool.store.selectSession(sessionIdFor(ctx.token), Date.now());
    const key = { platformId: session!.platformId, contextId: session!.contextId, resourceLinkId: session!.resourceLinkId, userId: session!.userId };
    expect(await ctx.tool.store.selectLearner(key)).to.equal(null);
    expect(await ctx.tool.store.selectAttempts(key)).to.deep.equal([]);
  });

  it('is private to the session that opened it, and staff only', async () => {
    const { url } = (await ctx.api.post('/preview', { draft: deadEndDoc() }).expect(201)).body as { url: string };
    const other = await launchedToken(ctx.tool, 'developer-okafor');
    expect((await pageAs(url, ctx.token)).status, 'its own session').to.equal(200);
    const res = await pageAs(url, other);
    expect(res.status).to.equal(404);
    expect(res.html).to.contain('PREVIEW_NOT_FOUND');
    const learner = await launchedToken(ctx.tool, LEARNER);
    expect((await pageAs(url, learner)).status).to.equal(403);
    const foreign = (await otherPlatformToken(ctx.tool)).token;
    expect((await pageAs(url, foreign)).status).to.equal(404);
    await studioApi(ctx.tool, learner).post('/preview', { draft: deadEndDoc() }).expect(403);
  });

  it('refuses a form posted from another origin', async () => {
    const { url } = (await ctx.api.post('/preview', { draft: deadEndDoc() }).expect(201)).body as { url: string };
    const { html } = await page(url);
    const body = new URLSearchParams({ ...screenRef(html), k: 'abcdefgh12', choice: 'a' });
    const res = await fetch(`${ctx.tool.url}${formAction(html, 'answer')}`, { method: 'POST', body, redirect: 'manual', headers: { origin: 'https://evil.example' } });
    expect(res.status).to.equal(403);
  });

  it('refuses drafts with errors (422 with issues) and bad starts (400 with paths)', async () => {
    const blocked = await ctx.api.post('/preview', { draft: errorDoc() }).expect(422);
    expect(blocked.body.error.code).to.equal('PREVIEW_BLOCKED');
    expect(blocked.body.issues).to.not.be.empty;
    const unknown = await ctx.api.post('/preview', { draft: deadEndDoc(), start: { mastery: { nope: 0.5 } } }).expect(400);
    expect(unknown.body.error.details[0].path).to.equal('/start/mastery/nope');
    const bad = await ctx.api.post('/preview', { draft: deadEndDoc(), start: { mastery: { o1: 2 }, profile: { modality: 'smell' } } }).expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['/start/mastery/o1', '/start/profile/modality']);
  });
});

describe('preview store', () => {
  const compiled = compileSequence(deadEndDoc());
  const state = newPlayerState(compiled, 1);
  const first = traceStep(compiled, state, decide(compiled, startLearner(compiled, { seed: 1 })));

  it('expires a preview an hour after its last use', () => {
    let now = 0;
    const store = new PreviewStore(() => now, { ttlMs: 1000 });
    const p = store.create('session-a', compiled, state, first);
    now = 900;
    expect(store.get(p.id, 'session-a')).to.equal(p); // use extends its life
    now = 1800;
    expect(store.get(p.id, 'session-a')).to.equal(p);
    now = 2801;
    expect(store.get(p.id, 'session-a')).to.equal(null);
    expect(store.size).to.equal(0);
  });

  it('keeps at most a few previews per session and a bounded number overall, oldest dropped first', () => {
    const store = new PreviewStore(() => 0, { maxPerSession: 2, maxTotal: 3 });
    const a1 = store.create('a', compiled, state, first);
    const a2 = store.create('a', compiled, state, first);
    const a3 = store.create('a', compiled, state, first);
    expect(store.get(a1.id, 'a')).to.equal(null);
    expect(store.get(a2.id, 'a')).to.equal(a2);
    expect(store.get(a3.id, 'b')).to.equal(null); // another session's
    store.create('b', compiled, state, first);
    store.create('c', compiled, state, first);
    expect(store.size).to.equal(3);
    // a2 was used after a3 was created, so a3 was the least recently used.
    expect(store.get(a3.id, 'a')).to.equal(null);
    expect(store.get(a2.id, 'a')).to.equal(a2);
  });
});
