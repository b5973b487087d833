import { expect } from 'chai';
import { SAMPLE } from '../../server/platform/index.js';
import { accessToken, setup, type Setup } from './harness.js';

const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';

describe('platform fault controls', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  afterEach(() => s.platform.faults.clear());
  after(() => s.close());

  const tokenCall = async () =>
    fetch(s.platform.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await s.tool.clientAssertion(s.platform.tokenUrl),
        scope: SCORE_SCOPE,
      }),
    });

  async function scoreCall(): Promise<Response> {
    const token = await accessToken(s, [SCORE_SCOPE]);
    const [lineItem] = s.platform.gradebook.lineItems(SAMPLE.courses.math);
    return fetch(`${s.platform.issuer}/api/courses/${SAMPLE.courses.math}/lineitems/${lineItem?.id}/scores`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify({ userId: SAMPLE.users.maya, scoreGiven: 1, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date().toISOString() }),
    });
  }

  it('answers 500 for the next N calls, then recovers', async () => {
    const before = s.platform.faults.calls('token');
    s.platform.faults.inject('token', { type: 'error' }, { times: 2 });
    expect(s.platform.faults.pending('token')).to.deep.equal({ fault: { type: 'error' }, remaining: 2 });
    expect((await tokenCall()).status).to.equal(500);
    expect(s.platform.faults.pending('token')?.remaining).to.equal(1);
    const second = await tokenCall();
    expect(second.status).to.equal(500);
    expect(await second.json()).to.include({ error: 'server_error' });
    expect((await tokenCall()).status).to.equal(200);
    expect(s.platform.faults.pending('token')).to.equal(undefined);
    expect(s.platform.faults.calls('token') - before).to.equal(3);
  });

  it('answers 429 with Retry-After on the score endpoint', async () => {
    s.platform.faults.inject('scores', { type: 'rate-limit', retryAfterSeconds: 7 }, { times: 1 });
    const throttled = await scoreCall();
    expect(throttled.status).to.equal(429);
    expect(throttled.headers.get('retry-after')).to.equal('7');
    expect((await scoreCall()).status).to.equal(204);
  });

  it('holds requests for the given time, then answers normally', async () => {
    s.platform.faults.inject('scores', { type: 'slow', delayMs: 300 }, { times: 1 });
    const started = Date.now();
    const res = await scoreCall();
    expect(res.status).to.equal(204);
    expect(Date.now() - started).to.be.at.least(300);
  });

  it('drops connections while down, until cleared', async () => {
    s.platform.faults.inject('token', { type: 'down' });
    for (let i = 0; i < 2; i++) {
      const error = await tokenCall().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'the request should fail at the network level').to.be.instanceOf(TypeError);
    }
    expect(s.platform.faults.pending('token')?.remaining).to.equal(null);
    s.platform.faults.clear('token');
    expect((await tokenCall()).status).to.equal(200);
  });

  it('faults one endpoint without touching the other', async () => {
    s.platform.faults.inject('scores', { type: 'error', status: 503 });
    expect((await tokenCall()).status).to.equal(200);
    expect((await scoreCall()).status).to.equal(503);
  });

  it('refuses a non-positive count', () => {
    expect(() => s.platform.faults.inject('token', { type: 'down' }, { times: 0 })).to.throw(RangeError);
  });
});
