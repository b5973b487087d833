import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { useTool } from '../helpers/hooks.js';
import { launchAs } from '../helpers/tool.js';

/** A percent sign not followed by valid UTF-8 escapes: Express cannot decode the route parameter. */
const BAD = '%E0%A4%A';

describe('a badly encoded address', function () {
  this.timeout(30_000);
  const records: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) records.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const ctx = useTool({}, { logger: pino({ level: 'info' }, sink) });
  let staff = '';

  before(async () => {
    staff = (await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add')).token;
  });
  beforeEach(() => void (records.length = 0));

  function expectNoErrorLogged(): void {
    // pino: 50 is error, 60 fatal.
    expect(records.filter((r) => Number(r.level) >= 50), 'a client mistake is not logged as an error').to.deep.equal([]);
    expect(records.some((r) => r.code === 'MALFORMED_URL' && Number(r.level) <= 40)).to.equal(true);
  }

  it('POST /class/learners/:userId answers a 400 page, not a 500', async () => {
    const res = await request(ctx.tool.url)
      .post(`/class/learners/${BAD}`)
      .set('Origin', ctx.tool.url)
      .set('Accept', 'text/html')
      .type('form')
      .send({ _s: staff });
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/html/);
    expect(res.text).to.contain('MALFORMED_URL').and.to.contain('badly percent-encoded');
    expectNoErrorLogged();
  });

  it('GET /studio/preview/:id answers a 400 page', async () => {
    const res = await request(ctx.tool.url).get(`/studio/preview/${BAD}`).set('Accept', 'text/html');
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/html/);
    expect(res.text).to.contain('badly percent-encoded');
    expectNoErrorLogged();
  });

  it('GET /studio/preview/:id answers JSON to a client that asks for it', async () => {
    const res = await request(ctx.tool.url).get(`/studio/preview/${BAD}`).set('Accept', 'application/json');
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('MALFORMED_URL');
  });

  it('GET /studio/api/sequences/:id answers a 400 JSON error', async () => {
    const res = await request(ctx.tool.url).get(`/studio/api/sequences/${BAD}`).set('Authorization', `Bearer ${staff}`).set('Accept', 'application/json');
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('MALFORMED_URL');
    expect(res.body.error.message).to.contain('badly percent-encoded');
    expectNoErrorLogged();
  });
});
