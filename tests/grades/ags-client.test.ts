/**
 * The AGS client and token cache against a scripted stub LMS, for behaviour
 * the built-in platform cannot be made to show: a revoked token (401), token
 * expiry, HTTP-date Retry-After, paging, redirects, odd error bodies.
 */
import { expect } from 'chai';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { AgsClient, scoresUrl } from '../../server/grades/ags-client.js';
import { AgsError } from '../../server/grades/errors.js';
import { TokenCache } from '../../server/grades/token-cache.js';
import type { Platform, ScorePayload } from '../../server/store/types.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Handler = (req: Received, res: http.ServerResponse) => void;

const SCORE: ScorePayload = { scoreGiven: 7, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: '2025-03-01T12:00:00.000Z' };
const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LINEITEM_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';

/** A stub LMS: a token endpoint that issues tok-1, tok-2... and AGS routes scripted per test. */
class StubLms {
  readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      if (received.url === '/token') {
        this.tokenRequests.push(received);
        this.token(received, res);
        return;
      }
      this.requests.push(received);
      this.ags(received, res);
    });
  });
  tokenRequests: Received[] = [];
  requests: Received[] = [];
  issued = 0;
  token: Handler = (_req, res) => this.issue(res);
  ags: Handler = (_req, res) => res.writeHead(204).end();
  base = '';

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  issue(res: http.ServerResponse, expiresIn = 3600): void {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: `tok-${++this.issued}`, token_type: 'Bearer', expires_in: expiresIn }));
  }

  reset(): void {
    this.tokenRequests = [];
    this.requests = [];
    this.token = (_req, res) => this.issue(res);
    this.ags = (_req, res) => res.writeHead(204).end();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));

async function failureOf(promise: Promise<unknown>): Promise<AgsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AgsError) return error;
    throw error;
  }
  throw new Error('expected an AgsError');
}

describe('grades: AGS client and token cache (stub LMS)', () => {
  const lms = new StubLms();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const keys = { toolSigningKey: async () => ({ kid: 'tool-kid-1', privateKeyPem }) };
  let platform: Platform;
  let clock: number;
  let tokens: TokenCache;
  let client: AgsClient;

  before(() => lms.listen());
  after(() => lms.close());
  beforeEach(() => {
    lms.reset();
    clock = Date.now();
    platform = {
      id: 'p-1',
      issuer: 'https://lms.example.edu',
      clientId: 'client-42',
      name: 'Stub LMS',
      authLoginUrl: `${lms.base}/auth`,
      authTokenUrl: `${lms.base}/token`,
      authServer: null,
      jwksUrl: `${lms.base}/jwks`,
      status: 'active',
      source: 'cli',
      createdAt: 0,
      updatedAt: 0,
    };
    tokens = new TokenCache({ keys, now: () => clock, timeoutMs: 2000 });
    client = new AgsClient({ platform, tokens, timeoutMs: 300 });
  });

  describe('access tokens', () => {
    it('authenticates with a signed private_key_jwt assertion for the requested scopes', async () => {
      await client.postScore(`${lms.base}/li/1`, 'user-1', SCORE);
      const [request] = lms.tokenRequests;
      const form = new URLSearchParams(request!.body);
      expect(request!.headers['content-type']).to.equal('application/x-www-form-urlencoded');
      expect(form.get('grant_type')).to.equal('client_credentials');
      expect(form.get('client_assertion_type')).to.equal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      expect(form.get('scope')).to.equal(SCORE_SCOPE);
      const assertion = form.get('client_assertion')!;
      expect(decodeProtectedHeader(assertion)).to.deep.equal({ alg: 'RS256', typ: 'JWT', kid: 'tool-kid-1' });
      const { payload } = await jwtVerify(assertion, publicKey as KeyObject, { issuer: 'client-42', subject: 'client-42', audience: `${lms.base}/token` });
      expect(payload.exp! - payload.iat!).to.equal(300);
      expect(payload.jti).to.be.a('string').with.length.above(15);
      expect(lms.requests[0]!.headers.authorization).to.equal('Bearer tok-1');
    });

    it('addresses the assertion to authServer when the platform names one, with a fresh jti each time', async () => {
      platform.authServer = 'https://lms.example.edu/oauth2/aud';
      await tokens.get(platform, [SCORE_SCOPE]);
      await tokens.get(platform, [LINEITEM_SCOPE]);
      const claims = lms.tokenRequests.map((r) => decodeJwt(new URLSearchParams(r.body).get('client_assertion')!));
      expect(claims.map((c) => c.aud)).to.deep.equal(['https://lms.example.edu/oauth2/aud', 'https://lms.example.edu/oauth2/aud']);
      expect(claims[0]!.jti).to.not.equal(claims[1]!.jti);
    });

    it('reuses a token per platform and scope set until shortly before it expires', async () => {
      lms.token = (_req, res) => lms.issue(res, 300);
      const first = await tokens.get(platform, [SCORE_SCOPE, LINEITEM_SCOPE]);
      expect(await tokens.get(platform, [LINEITEM_SCOPE, SCORE_SCOPE, SCORE_SCOPE]), 'same set, any order').to.equal(first);
      expect(await tokens.get(platform, [SCORE_SCOPE]), 'another scope set').to.not.equal(first);
      expect(await tokens.get({ ...platform, id: 'p-2' }, [SCORE_SCOPE, LINEITEM_SCOPE]), 'another platform').to.not.equal(first);
      expect(lms.tokenRequests).to.have.length(3);

      clock += 239_000; // 300 s lifetime, 60 s margin
      expect(await tokens.get(platform, [SCORE_SCOPE, LINEITEM_SCOPE])).to.equal(first);
      clock += 1_000;
      expect(await tokens.get(platform, [SCORE_SCOPE, LINEITEM_SCOPE])).to.not.equal(first);
      expect(lms.tokenRequests).to.have.length(4);
    });

    it('shares one token request among concurrent callers', async () => {
      lms.token = (_req, res) => setTimeout(() => lms.issue(res), 50);
      const got = await Promise.all(Array.from({ length: 8 }, () => tokens.get(platform, [SCORE_SCOPE])));
      expect(new Set(got)).to.deep.equal(new Set(['tok-' + lms.issued]));
      expect(lms.tokenRequests).to.have.length(1);
    });

    it('on a 401 from AGS, evicts the token and repeats the call once with a fresh one', async () => {
      let refused = 0;
      lms.ags = (req, res) => (req.headers.authorization === `Bearer tok-${lms.issued - 1}` || refused++ === 0 ? json(res, 401, { error: 'invalid_token' }) : res.writeHead(204).end());
      const stale = await tokens.get(platform, [SCORE_SCOPE]);
      await client.postScore(`${lms.base}/li/1`, 'user-1', SCORE);
      expect(lms.requests.map((r) => r.headers.authorization)).to.deep.equal([`Bearer ${stale}`, `Bearer tok-${lms.issued}`]);
      expect(lms.tokenRequests).to.have.length(2);
      // The fresh token is the cached one now.
      expect(await tokens.get(platform, [SCORE_SCOPE])).to.equal(`tok-${lms.issued}`);
    });

    it('a second 401 with a fresh token is permanent', async () => {
      lms.ags = (_req, res) => json(res, 401, { error: 'invalid_token', error_description: 'Token rejected.' });
      const error = await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE));
      expect(error).to.include({ disposition: 'permanent', status: 401 });
      expect(error.message).to.equal('score POST: HTTP 401: invalid_token: Token rejected.');
      expect(lms.requests).to.have.length(2);
    });

    it('evicts only the token that was refused, not a newer one', async () => {
      const old = await tokens.get(platform, [SCORE_SCOPE]);
      expect(tokens.evict(platform, [SCORE_SCOPE], old)).to.equal(true);
      const fresh = await tokens.get(platform, [SCORE_SCOPE]);
      expect(tokens.evict(platform, [SCORE_SCOPE], old)).to.equal(false);
      expect(await tokens.get(platform, [SCORE_SCOPE])).to.equal(fresh);
    });

    it('classifies token endpoint failures: refused credentials are permanent, outages retryable', async () => {
      lms.token = (_req, res) => json(res, 401, { error: 'invalid_client', error_description: 'Unknown key.' });
      expect(await failureOf(tokens.get(platform, [SCORE_SCOPE]))).to.include({ disposition: 'permanent', message: 'access token request: HTTP 401: invalid_client: Unknown key.' });
      lms.token = (_req, res) => json(res, 503, { error: 'unavailable' }, { 'Retry-After': '30' });
      expect(await failureOf(tokens.get(platform, [SCORE_SCOPE]))).to.include({ disposition: 'retryable', retryAfterMs: 30_000 });
      lms.token = (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>proxy</html>');
      expect(await failureOf(tokens.get(platform, [SCORE_SCOPE]))).to.include({ disposition: 'retryable' });
    });
  });

  describe('scores', () => {
    it('posts the score as AGS score+json to <line item>/scores, before any query string', async () => {
      await client.postScore(`${lms.base}/li/1?type_id=9`, 'user-1', SCORE);
      const [post] = lms.requests;
      expect(post).to.include({ method: 'POST', url: '/li/1/scores?type_id=9' });
      expect(post!.headers['content-type']).to.equal('application/vnd.ims.lis.v1.score+json');
      expect(JSON.parse(post!.body)).to.deep.equal({ userId: 'user-1', ...SCORE });
    });

    it('sends a score not yet given without scoreGiven and scoreMaximum, as AGS asks', async () => {
      const notYet: ScorePayload = { ...SCORE, scoreGiven: null, scoreMaximum: 100, activityProgress: 'Started', gradingProgress: 'NotReady' };
      await client.postScore(`${lms.base}/li/1`, 'user-1', notYet);
      expect(JSON.parse(lms.requests[0]!.body)).to.deep.equal({ userId: 'user-1', activityProgress: 'Started', gradingProgress: 'NotReady', timestamp: SCORE.timestamp });
    });

    it('builds score URLs per the AGS rule', () => {
      expect(scoresUrl('https://lms.example.edu/li/7')).to.equal('https://lms.example.edu/li/7/scores');
      expect(scoresUrl('https://lms.example.edu/li/7/')).to.equal('https://lms.example.edu/li/7/scores');
      expect(scoresUrl('https://lms.example.edu/li/7?type_id=1&x=y')).to.equal('https://lms.example.edu/li/7/scores?type_id=1&x=y');
    });

    it('keeps the platform reason of a permanent 4xx, trimmed to one line', async () => {
      lms.ags = (_req, res) => json(res, 400, { error: 'invalid_request', error_description: 'scoreGiven\n  exceeds scoreMaximum' });
      const error = await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE));
      expect(error).to.include({ disposition: 'permanent', status: 400, message: 'score POST: HTTP 400: invalid_request: scoreGiven exceeds scoreMaximum' });
      lms.ags = (_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html>Not found</html>');
      expect(await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE))).to.include({ message: 'score POST: HTTP 404' });
      lms.ags = (_req, res) => res.writeHead(422, { 'Content-Type': 'text/plain' }).end('x'.repeat(1000));
      expect((await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE))).message).to.have.length.below(340);
    });

    it('retries 429 with an HTTP-date Retry-After, 408 and 5xx', async () => {
      const inOneMinute = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000).toUTCString();
      lms.ags = (_req, res) => json(res, 429, { error: 'slow_down' }, { 'Retry-After': inOneMinute });
      const throttled = await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE));
      expect(throttled).to.include({ disposition: 'retryable', status: 429 });
      expect(throttled.retryAfterMs).to.be.within(58_000, 61_000);
      for (const status of [408, 500, 502, 503, 504]) {
        lms.ags = (_req, res) => res.writeHead(status).end();
        expect(await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE))).to.include({ disposition: 'retryable', status, retryAfterMs: null });
      }
    });

    it('gives up on a request after its timeout, as retryable', async () => {
      lms.ags = (_req, res) => setTimeout(() => res.writeHead(204).end(), 1000);
      const started = Date.now();
      const error = await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE));
      expect(Date.now() - started).to.be.below(900);
      expect(error).to.include({ disposition: 'retryable', message: 'score POST: no answer within 300 ms' });
    });

    it('treats an unreachable platform as retryable', async () => {
      const gone = http.createServer();
      await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
      const { port } = gone.address() as AddressInfo;
      await new Promise((resolve) => gone.close(resolve));
      const error = await failureOf(client.postScore(`http://127.0.0.1:${port}/li/1`, 'user-1', SCORE));
      expect(error).to.include({ disposition: 'retryable', message: `score POST: could not reach 127.0.0.1:${port} (ECONNREFUSED)` });
    });

    it('does not follow redirects (they would carry the token elsewhere)', async () => {
      lms.ags = (_req, res) => res.writeHead(302, { Location: 'https://elsewhere.example/li/1/scores' }).end();
      const error = await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE));
      expect(error).to.include({ disposition: 'permanent', status: 302 });
      expect(error.message).to.contain('https://elsewhere.example/li/1/scores');
      expect(lms.requests).to.have.length(1);
    });

    it('sends a run of scores over one kept-alive connection', async () => {
      await client.postScore(`${lms.base}/li/1`, 'user-0', SCORE);
      let connections = 0;
      const count = () => connections++;
      lms.server.on('connection', count);
      try {
        for (let i = 1; i <= 5; i++) await client.postScore(`${lms.base}/li/1`, `user-${i}`, SCORE);
      } finally {
        lms.server.off('connection', count);
      }
      expect(lms.requests).to.have.length(6);
      expect(connections, 'the five scores after the first open no connection').to.equal(0);
    });

    it('sends again on another connection when the platform closed the kept-alive one as it was reused', async () => {
      await client.postScore(`${lms.base}/li/1`, 'user-1', SCORE);
      // Closed by the platform, and reused before this process has read the close: nothing runs in between.
      lms.server.closeIdleConnections();
      await client.postScore(`${lms.base}/li/1`, 'user-2', SCORE);
      expect(lms.requests.map((r) => JSON.parse(r.body).userId)).to.deep.equal(['user-1', 'user-2']);
    });

    it('refuses an answer over 1 MB as permanent', async () => {
      lms.ags = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const more = () => {
          while (sent < 4 * 1024 * 1024 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        more();
      };
      const error = await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE));
      expect(error).to.include({ disposition: 'permanent', status: 200, message: 'score POST: the answer exceeded 1048576 bytes' });
    });

    it('treats an answer cut off mid-way as retryable', async () => {
      lms.ags = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"partial": ');
        setTimeout(() => res.socket?.destroy(), 20);
      };
      const error = await failureOf(client.postScore(`${lms.base}/li/1`, 'user-1', SCORE));
      expect(error).to.include({ disposition: 'retryable', message: `score POST: the answer from ${new URL(lms.base).host} was cut off` });
    });

    it('does not send at all when the caller has already given up', async () => {
      const stop = new AbortController();
      stop.abort(new Error('the grade worker is stopping'));
      await tokens.get(platform, [SCORE_SCOPE]);
      const aborted = new AgsClient({ platform, tokens, timeoutMs: 5000, signal: stop.signal });
      expect(await failureOf(aborted.postScore(`${lms.base}/li/1`, 'user-1', SCORE))).to.include({
        disposition: 'retryable',
        message: 'score POST: interrupted (the grade worker is stopping)',
      });
      expect(lms.requests).to.have.length(0);
    });

    it('aborts with the caller signal, as retryable', async () => {
      lms.ags = (_req, res) => setTimeout(() => res.writeHead(204).end(), 1000);
      const stop = new AbortController();
      const aborting = new AgsClient({ platform, tokens, timeoutMs: 5000, signal: stop.signal });
      setTimeout(() => stop.abort(new Error('the grade worker is stopping')), 50);
      expect(await failureOf(aborting.postScore(`${lms.base}/li/1`, 'user-1', SCORE))).to.include({
        disposition: 'retryable',
        message: 'score POST: interrupted (the grade worker is stopping)',
      });
    });
  });

  describe('line items', () => {
    const spec = { resourceLinkId: 'rl-1', label: 'Comparing fractions', scoreMaximum: 10, tag: 'adaptive-paths-score' };

    it('finds the tool’s line item for the link, following next pages and ignoring others', async () => {
      lms.ags = (req, res) => {
        const url = new URL(req.url, lms.base);
        if (url.searchParams.get('page') === null) {
          json(res, 200, [{ id: `${lms.base}/li/1`, resourceLinkId: 'rl-1', tag: 'instructor', label: 'x', scoreMaximum: 5 }], {
            Link: `<${lms.base}/lineitems?resource_link_id=rl-1&page=2>; rel="next", <${lms.base}/lineitems?page=9>; rel="last"`,
          });
        } else {
          json(res, 200, [{ id: `${lms.base}/li/2`, resourceLinkId: 'rl-1', tag: 'adaptive-paths-score', label: 'y', scoreMaximum: 10 }]);
        }
      };
      expect(await client.findOrCreateLineItem(`${lms.base}/lineitems?course=5`, spec)).to.equal(`${lms.base}/li/2`);
      expect(lms.requests.map((r) => r.url)).to.deep.equal(['/lineitems?course=5&resource_link_id=rl-1', '/lineitems?resource_link_id=rl-1&page=2']);
      expect(lms.requests[0]!.headers.accept).to.equal('application/vnd.ims.lis.v2.lineitemcontainer+json');
      expect(new URLSearchParams(lms.tokenRequests[0]!.body).get('scope')).to.equal(LINEITEM_SCOPE);
    });

    it('creates the line item when the link has none, taking its URL from the body or Location', async () => {
      lms.ags = (req, res) => (req.method === 'GET' ? json(res, 200, []) : json(res, 201, { id: `${lms.base}/li/9`, ...JSON.parse(req.body) }));
      expect(await client.findOrCreateLineItem(`${lms.base}/lineitems`, spec)).to.equal(`${lms.base}/li/9`);
      const post = lms.requests[1]!;
      expect(post).to.include({ method: 'POST', url: '/lineitems' });
      expect(post.headers['content-type']).to.equal('application/vnd.ims.lis.v2.lineitem+json');
      expect(JSON.parse(post.body)).to.deep.equal({ label: 'Comparing fractions', scoreMaximum: 10, resourceLinkId: 'rl-1', tag: 'adaptive-paths-score' });

      lms.ags = (req, res) => (req.method === 'GET' ? json(res, 200, []) : res.writeHead(201, { Location: `${lms.base}/li/10` }).end());
      expect(await client.findOrCreateLineItem(`${lms.base}/lineitems`, spec)).to.equal(`${lms.base}/li/10`);
    });

    it('refuses to send the token to a next page on another origin', async () => {
      lms.ags = (_req, res) => json(res, 200, [], { Link: '<https://evil.example/lineitems?page=2>; rel="next"' });
      expect(await failureOf(client.findOrCreateLineItem(`${lms.base}/lineitems`, spec))).to.include({ disposition: 'permanent' });
      expect(lms.requests).to.have.length(1);
    });

    it('refuses an answer that is not a container', async () => {
      lms.ags = (_req, res) => json(res, 200, { items: [] });
      expect(await failureOf(client.findOrCreateLineItem(`${lms.base}/lineitems`, spec))).to.include({ disposition: 'permanent' });
    });
  });
});
