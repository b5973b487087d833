import { expect } from 'chai';
import { SAMPLE } from '../../server/platform/index.js';
import { accessToken, decode, setup, type Setup } from './harness.js';

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

  describe('from the course page', () => {
    /** The course page's fault form, posted as a browser on this LMS's page does. */
    const switchFault = (fields: Record<string, string>, origin = s.origin) =>
      fetch(`${s.platform.issuer}/faults`, { method: 'POST', redirect: 'manual', headers: { origin }, body: new URLSearchParams({ target: 'scores', ...fields }) });
    const coursePage = async () => decode(await (await fetch(`${s.platform.issuer}/`)).text());

    it('refuses the next N scores with a 4xx, then accepts them again', async () => {
      const res = await switchFault({ fault: 'refuse-403', times: '2' });
      expect(res.status).to.equal(303);
      expect(res.headers.get('location'), 'back to the card’s result').to.equal(`${s.platform.homeUrl}#score-fault-status`);
      expect(s.platform.faults.pending('scores')).to.deep.equal({ fault: { type: 'refuse', status: 403 }, remaining: 2 });
      expect(await coursePage()).to.contain('The score endpoint refuses scores with 403 for the next 2 scores.');
      const refused = await scoreCall();
      expect(refused.status).to.equal(403);
      expect(await refused.json()).to.deep.equal({ error: 'forbidden', error_description: 'Injected fault: the platform refused the request.' });
      expect((await scoreCall()).status).to.equal(403);
      expect((await scoreCall()).status).to.equal(204);
      expect(await coursePage()).to.contain('The score endpoint accepts scores normally.');
    });

    it('refuses every score until switched off', async () => {
      await switchFault({ fault: 'refuse-400', times: '' });
      expect(s.platform.faults.pending('scores')).to.deep.equal({ fault: { type: 'refuse', status: 400 }, remaining: null });
      const page = await coursePage();
      expect(page).to.contain('The score endpoint refuses scores with 400 until switched off.');
      expect(page).to.contain('>Switch off</button>');
      for (let i = 0; i < 3; i++) expect((await scoreCall()).status).to.equal(400);
      expect((await switchFault({ fault: 'off' })).status).to.equal(303);
      expect(s.platform.faults.pending('scores')).to.equal(undefined);
      expect((await scoreCall()).status).to.equal(204);
      expect(await coursePage()).not.to.contain('>Switch off</button>');
    });

    it('opens the dropdown on the fault in force, not on the first one', async () => {
      const selected = (page: string) => [...page.matchAll(/<option value="([^"]+)"( selected)?>/g)].filter((m) => m[2] !== undefined).map((m) => m[1]);
      expect(selected(await coursePage()), 'nothing in force: the browser shows the first').to.deep.equal([]);
      await switchFault({ fault: 'refuse-403', times: '' });
      const page = await coursePage();
      expect(page).to.contain('The score endpoint refuses scores with 403 until switched off.');
      expect(selected(page)).to.deep.equal(['refuse-403']);
      // Set by a test rather than the form: still recognised as the form's choice.
      s.platform.faults.inject('scores', { status: 500, type: 'error' });
      expect(selected(await coursePage())).to.deep.equal(['error-500']);
      s.platform.faults.inject('scores', { type: 'slow', delayMs: 10 });
      expect(selected(await coursePage()), 'a fault the form does not offer').to.deep.equal([]);
    });

    it('offers temporary failures too, and labels every control', async () => {
      await switchFault({ fault: 'rate-limit', times: '1' });
      expect(s.platform.faults.pending('scores')?.fault).to.deep.equal({ type: 'rate-limit', retryAfterSeconds: 30 });
      const page = await coursePage();
      for (const id of ['score-fault', 'score-fault-times']) expect(page).to.contain(`<label for="${id}">`);
    });

    it('refuses unknown faults, bad counts, other targets and posts from other sites', async () => {
      const refusals = [
        await switchFault({ fault: 'explode' }),
        await switchFault({ fault: 'refuse-403', times: '0' }),
        await switchFault({ fault: 'refuse-403', times: '2.5' }),
        await switchFault({ fault: 'refuse-403', times: '100000' }),
        await switchFault({ fault: 'refuse-403', target: 'token' }),
      ];
      expect(refusals.map((r) => r.status)).to.deep.equal([400, 400, 400, 400, 400]);
      const crossSite = await switchFault({ fault: 'refuse-403' }, 'https://attacker.example');
      expect(crossSite.status).to.equal(403);
      expect(s.platform.faults.pending('scores')).to.equal(undefined);
      expect(s.platform.faults.pending('token')).to.equal(undefined);
    });
  });
});
