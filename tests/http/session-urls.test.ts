/**
 * The session token never appears in a URL. A crawl through the real tool,
 * launched from the built-in LMS as a learner, an instructor and an "add
 * external tool" placement, follows every page link (the pages' post-link
 * forms), a few actions, the class view, the studio and its preview, and
 * checks every response: no Location, href, src, action, formaction or
 * content holds the token or an `s=` parameter; redirects to the tool's pages
 * carry a page code instead; a page that holds the token says no-store.
 */
import { expect } from 'chai';
import { loadSample } from '../engine/support/samples.js';
import type { RunningServer } from '../../server/server.js';
import { SAMPLE } from '../../server/platform/index.js';
import { Learner, toQuestion, wrongAnswer, answerFields, at, questionOf } from '../delivery/support/learner.js';
import { useClockedTool, useTool } from '../helpers/hooks.js';
import { formFields, launchAs, sessionTokenIn, tokenOfCode } from '../helpers/tool.js';
import { studioApi } from '../studio/support/studio.js';

interface Seen {
  method: string;
  url: string;
  status: number;
  location: string | null;
  headers: Headers;
  body: string;
}

/** Every tag's attributes, decoded the way a browser reads them. */
function attributes(html: string): Array<{ tag: string; name: string; value: string; element: string }> {
  const out: Array<{ tag: string; name: string; value: string; element: string }> = [];
  for (const tag of html.matchAll(/<([a-z][a-z0-9-]*)\b([^>]*)>/gi)) {
    for (const attr of tag[2]!.matchAll(/([a-z_:][-a-z0-9_:.]*)\s*=\s*"([^"]*)"/gi)) {
      out.push({ tag: tag[1]!.toLowerCase(), name: attr[1]!.toLowerCase(), value: attr[2]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&#61;/g, '='), element: tag[0] });
    }
  }
  return out;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'content']);
const PAGE_PATHS = /^\/(app|class|studio)(\/|$)/;

/** A browser without JavaScript, recording what the tool answers. */
class Visitor {
  readonly seen: Seen[] = [];
  readonly tokens = new Set<string>();
  constructor(readonly tool: RunningServer) {}

  async send(method: 'GET' | 'POST', url: string, form?: URLSearchParams, headers: Record<string, string> = {}): Promise<Seen> {
    const absolute = new URL(url, this.tool.url).toString();
    const res = await fetch(absolute, { method, redirect: 'manual', headers: { accept: 'text/html', origin: new URL(this.tool.url).origin, ...headers }, ...(form ? { body: form } : {}) });
    const seen = { method, url: absolute, status: res.status, location: res.headers.get('location'), headers: res.headers, body: await res.text() };
    this.seen.push(seen);
    return seen;
  }

  /** Follows redirects as a browser does (a 303 turns into a GET). */
  async follow(step: Seen): Promise<Seen> {
    let at = step;
    for (let hops = 0; at.location && at.status >= 300 && at.status < 400; hops++) {
      if (hops > 10) throw new Error(`redirect loop from ${step.url}`);
      at = await this.send('GET', new URL(at.location, at.url).toString());
    }
    return at;
  }

  /** A launch through the built-in LMS, from its start URL to the page it lands on. */
  async launch(startUrl: string): Promise<Seen> {
    const page = await this.follow(await this.send('GET', startUrl));
    const { action, fields } = formFields(page.body);
    const landed = await this.follow(await this.send('POST', action, new URLSearchParams(fields)));
    expect(landed.status, landed.body.slice(0, 300)).to.equal(200);
    this.tokens.add(landed.body.includes('name="_s"') ? sessionTokenIn(landed.body) : tokenOfCode(this.tool, landed.url));
    return landed;
  }

  /** Opens every page link (post-link form) reachable from `start`, breadth first, once each. */
  async crawl(start: Seen, limit = 40): Promise<Seen[]> {
    const pages = [start];
    const opened = new Set<string>();
    for (let i = 0; i < pages.length && opened.size < limit; i++) {
      for (const form of pageLinks(pages[i]!.body)) {
        if (opened.has(form.action)) continue;
        opened.add(form.action);
        const next = await this.follow(await this.send('POST', form.action, new URLSearchParams(form.fields)));
        if ((next.headers.get('content-type') ?? '').startsWith('text/html')) pages.push(next);
      }
    }
    return pages;
  }

  /** What every recorded answer of the tool itself (not the built-in LMS) must respect. */
  check(): void {
    expect(this.tokens.size).to.be.greaterThan(0);
    for (const seen of this.seen) {
      const where = `${seen.method} ${new URL(seen.url).pathname} → ${seen.status}`;
      const path = new URL(seen.url).pathname;
      if (path.startsWith('/platform')) continue;
      expect(new URL(seen.url).searchParams.has('s'), `${where}: requested with s=`).to.equal(false);
      for (const token of this.tokens) expect(seen.url, `${where}: the token in the URL`).not.to.contain(token);
      if (seen.location) {
        const target = new URL(seen.location, seen.url);
        for (const token of this.tokens) expect(seen.location, `${where}: the token in Location`).not.to.contain(token);
        expect(target.searchParams.has('s'), `${where}: s= in Location ${seen.location}`).to.equal(false);
        if (target.origin === new URL(this.tool.url).origin && PAGE_PATHS.test(target.pathname)) {
          expect(target.searchParams.get('code'), `${where}: a redirect to a page carries a page code`).to.match(/^[A-Za-z0-9_-]{40,}$/);
        }
      }
      const holdsToken = [...this.tokens].some((t) => seen.body.includes(t));
      if (holdsToken) {
        expect(seen.headers.get('cache-control'), `${where}: a page holding the token`).to.equal('no-store');
        expect(seen.headers.get('referrer-policy'), where).to.equal('same-origin');
      }
      if (!(seen.headers.get('content-type') ?? '').startsWith('text/html')) continue;
      for (const a of attributes(seen.body)) {
        if (!URL_ATTRIBUTES.has(a.name)) continue;
        expect(/[?&]s=/.test(a.value), `${where}: s= in ${a.element}`).to.equal(false);
        // The studio's script reads the token from its <meta>: the one attribute that is meant to hold it.
        const carrier = a.tag === 'meta' && a.name === 'content' && /name="studio-session"/.test(a.element);
        for (const token of this.tokens) if (!carrier) expect(a.value, `${where}: the token in ${a.element}`).not.to.contain(token);
      }
      // Anywhere else in the page, the token is only the value of a form's hidden `_s`.
      for (const token of this.tokens) {
        const rest = seen.body.replaceAll(`<input type="hidden" name="_s" value="${token}">`, '').replaceAll(`<meta name="studio-session" content="${token}">`, '');
        expect(rest, `${where}: the token outside a form field`).not.to.contain(token);
      }
    }
  }
}

/** The form of a page whose action ends with `suffix`, with its hidden fields. */
function formEndingWith(html: string, suffix: string): { action: string; fields: Record<string, string> } {
  const m = new RegExp(`<form method="post" action="([^"]*${suffix})"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  if (!m) throw new Error(`no form posting to …${suffix}`);
  return { action: m[1]!, fields: formFields(`<form action="x">${m[2]!}`).fields };
}

/** The pages' links: forms of class post-link, each posting its hidden fields. */
function pageLinks(html: string): Array<{ action: string; fields: Record<string, string> }> {
  const out: Array<{ action: string; fields: Record<string, string> }> = [];
  for (const m of html.matchAll(/<form method="post" action="([^"]+)" class="post-link">([\s\S]*?)<\/form>/g)) {
    out.push({ action: m[1]!.replace(/&#x2F;/g, '/'), fields: formFields(`<form action="x">${m[2]!}`).fields });
  }
  return out;
}

describe('session tokens stay out of URLs', function () {
  this.timeout(120_000);
  const ctx = useTool();

  it('a learner: launch, an answer without JavaScript, "My progress" and back', async () => {
    const visitor = new Visitor(ctx.tool);
    const landing = await visitor.launch(ctx.tool.devPlatform!.launchStartUrl('learner-liam', 'link-fractions-add'));
    expect(landing.body).to.contain('data-kind="survey"');
    // To a question through the API, then the answer as the page's form posts it.
    const token = [...visitor.tokens][0]!;
    const doc = loadSample('fractions');
    const screen = await toQuestion(new Learner(ctx.tool, token, 'learner-liam'), doc);
    const answered = await visitor.send('POST', '/app/answer', new URLSearchParams([['_s', token], ...at(screen), ['k', 'crawl-answer-1'], ...answerFields(wrongAnswer(questionOf(doc, screen.question.id)))]));
    expect(answered.status).to.equal(303);
    expect(answered.location).to.match(/^\/app\?code=[A-Za-z0-9_-]+&focus=feedback$/);
    const feedback = await visitor.follow(answered);
    expect(feedback.body).to.contain('data-focus autofocus>Not quite');
    const pages = await visitor.crawl(feedback);
    expect(pages.map((p) => new URL(p.url).pathname)).to.include.members(['/app', '/app/progress']);
    expect(pages.some((p) => p.body.includes('<h1 id="progress-title" tabindex="-1">My progress</h1>'))).to.equal(true);
    // A stale form: the current screen again, whose ways on are forms too.
    const stale = await visitor.send('POST', '/app/answer', new URLSearchParams([['_s', token], ['step', '0'], ['activity', screen.at.activityId!], ['k', 'crawl-answer-2'], ['choice', 'a'], ['value', '1'], ['text', 'x']]));
    expect(stale.status).to.equal(409);
    expect(stale.body).to.contain('id="form-notice"');
    expect(pageLinks(stale.body).map((f) => f.action)).to.include.members(['/app/progress']);
    visitor.check();
  });

  it('an instructor: the landing page, the class view, a learner, a note, the exports, the studio and a preview', async () => {
    const visitor = new Visitor(ctx.tool);
    const landing = await visitor.launch(ctx.tool.devPlatform!.launchStartUrl('instructor-rivera', 'link-fractions-add'));
    const token = [...visitor.tokens][0]!;
    const pages = await visitor.crawl(landing);
    const paths = pages.map((p) => new URL(p.url).pathname);
    expect(paths).to.include.members(['/class', '/class/learners/learner-liam', '/studio']);
    const exports = visitor.seen.filter((s) => s.url.endsWith('.csv'));
    expect(exports.map((s) => s.status)).to.deep.equal([200, 200]);
    expect(pages.find((p) => new URL(p.url).pathname === '/studio')!.body).to.contain(`<meta name="studio-session" content="${token}">`);

    const noted = await visitor.send('POST', '/class/learners/learner-liam/notes', new URLSearchParams({ _s: token, body: 'See you on Monday.' }));
    expect(noted.status).to.equal(303);
    expect((await visitor.follow(noted)).body).to.contain('Your note was saved.');
    const refreshed = await visitor.follow(await visitor.send('POST', '/class/roster/refresh', new URLSearchParams({ _s: token })));
    expect(refreshed.status).to.equal(200);

    // The studio's API answers the preview's URL (a page code the studio frames at once).
    const { url } = (await studioApi(ctx.tool, token).post('/preview', { draft: loadSample('fractions') }).expect(201)).body as { url: string };
    expect(url).to.match(/^\/studio\/preview\/[A-Za-z0-9_-]{22}\?code=[A-Za-z0-9_-]+$/);
    const preview = await visitor.send('GET', url);
    expect(preview.status).to.equal(200);
    const survey = formEndingWith(preview.body, '/survey');
    const surveyed = await visitor.send('POST', survey.action, new URLSearchParams({ ...survey.fields, 'q.learn-best': 'video' }));
    expect(surveyed.status).to.equal(303);
    await visitor.crawl(await visitor.follow(surveyed));
    expect(visitor.seen.some((s) => /\/studio\/preview\/[^/]+\/progress$/.test(new URL(s.url).pathname) && s.status === 200)).to.equal(true);
    visitor.check();
  });

  it('an "add external tool" placement: the landing redirect and the search', async () => {
    const visitor = new Visitor(ctx.tool);
    const placement = await visitor.launch(ctx.tool.devPlatform!.deepLinkStartUrl(SAMPLE.users.instructor, SAMPLE.courses.math));
    expect(new URL(placement.url).pathname).to.equal('/studio/place');
    const search = formFields(placement.body);
    expect(search.action).to.equal('/studio/place/search');
    const found = await visitor.send('POST', search.action, new URLSearchParams({ ...search.fields, q: 'fractions' }));
    expect(found.status).to.equal(200);
    expect(found.body).to.contain('value="fractions-grade6"');
    visitor.check();
  });
});

describe('page codes over HTTP', function () {
  this.timeout(60_000);
  const ctx = useClockedTool();

  async function expectSessionMissing(url: string, accept = 'text/html'): Promise<void> {
    const res = await fetch(new URL(url, ctx.tool.url), { headers: { accept }, redirect: 'manual' });
    expect(res.status, url).to.equal(401);
    const body = await res.text();
    if (accept === 'text/html') {
      expect(body, url).to.contain('data-testid="error-code">SESSION_MISSING<');
      expect(body).to.contain('Go back to your course and open the activity again.');
      // The page's script (page-code.js) knows not to keep this code, and may retry a reload's once.
      expect(body).to.contain('<meta name="session-missing" content="1">');
    } else {
      expect((JSON.parse(body) as { error: { code: string } }).error.code).to.equal('SESSION_MISSING');
    }
  }

  it('opens its page for 120 seconds, then gets the "session has ended" page with 401', async () => {
    const { landingUrl } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    ctx.clock.offset = 119_000;
    expect((await fetch(landingUrl)).status).to.equal(200);
    ctx.clock.offset = 120_000;
    await expectSessionMissing(landingUrl);
    await expectSessionMissing(landingUrl, 'application/json');
  });

  it('refuses a session token in the URL, even a valid one', async () => {
    const learner = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    const staff = await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add');
    await expectSessionMissing(`/app?s=${encodeURIComponent(learner.token)}`);
    await expectSessionMissing(`/app/progress?s=${encodeURIComponent(learner.token)}`);
    await expectSessionMissing(`/class?s=${encodeURIComponent(staff.token)}`);
    await expectSessionMissing(`/studio?s=${encodeURIComponent(staff.token)}`);
    // Nor a token where a code belongs.
    await expectSessionMissing(`/app?code=${encodeURIComponent(learner.token)}`);
  });

  it('answers a tampered, garbled or repeated code with the same page, never a 500', async () => {
    const { landingUrl } = await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add');
    const code = new URL(landingUrl).searchParams.get('code')!;
    const middle = Math.floor(code.length / 2);
    const flipped = `${code.slice(0, middle)}${code[middle] === 'A' ? 'B' : 'A'}${code.slice(middle + 1)}`;
    for (const query of [`code=${flipped}`, 'code=', 'code=not%20a%20code', `code=${'A'.repeat(2000)}`, `code=${code}&code=${code}`, `code[]=${code}`, `code=${code.slice(0, -4)}`]) {
      await expectSessionMissing(`/app?${query}`);
    }
  });

  it('logs a URL with a page code with the code redacted, and keeps the other parameters', async () => {
    const { landingUrl, token } = await launchAs(ctx.tool, 'learner-liam', 'link-fractions-add');
    await fetch(landingUrl, { headers: { 'x-request-id': 'code-in-url-1' } });
    const doc = loadSample('fractions');
    const screen = await toQuestion(new Learner(ctx.tool, token, 'learner-liam'), doc);
    const answered = await fetch(`${ctx.tool.url}/app/answer`, { method: 'POST', redirect: 'manual', body: new URLSearchParams([['_s', token], ...at(screen), ['k', 'log-answer-1'], ...answerFields(wrongAnswer(questionOf(doc, screen.question.id)))]) });
    const location = answered.headers.get('location')!;
    await fetch(new URL(location, ctx.tool.url), { headers: { 'x-request-id': 'code-in-url-2' } });

    const records = ctx.lines.map((l) => JSON.parse(l) as { requestId?: string; url?: string; status?: number });
    expect(records.find((r) => r.requestId === 'code-in-url-1')).to.include({ url: '/app?code=redacted', status: 200 });
    expect(records.find((r) => r.requestId === 'code-in-url-2')).to.include({ url: '/app?code=redacted&focus=feedback', status: 200 });
    const all = ctx.lines.join('\n');
    for (const secret of [token, new URL(landingUrl).searchParams.get('code')!, new URL(location, ctx.tool.url).searchParams.get('code')!]) expect(all).not.to.contain(secret);
  });
});
