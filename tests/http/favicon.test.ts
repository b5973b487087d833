/** The tool's icon: linked from every kind of page, and /favicon.ico answers instead of a 404 in the console. */
import { expect } from 'chai';
import request from 'supertest';
import { useTool } from '../helpers/hooks.js';
import { launchAs } from '../helpers/tool.js';

const ICON_LINK = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">';

describe('the favicon', function () {
  this.timeout(30_000);
  const ctx = useTool();

  it('/favicon.ico answers without an error, cacheably', async () => {
    const res = await request(ctx.tool.url).get('/favicon.ico');
    expect(res.status).to.equal(204);
    expect(res.headers['cache-control']).to.match(/max-age=\d+/);
  });

  it('the SVG icon is served as an image', async () => {
    const res = await request(ctx.tool.url).get('/static/favicon.svg').buffer(true);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect(res.body.toString()).to.match(/^<svg /);
  });

  it('is linked from the home page, the learner’s player, staff pages and error pages', async () => {
    const pages = [
      (await request(ctx.tool.url).get('/')).text,
      (await launchAs(ctx.tool, 'learner-maya', 'link-fractions-add')).html,
      (await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-add')).html,
      (await request(ctx.tool.url).get('/no-such-page').set('accept', 'text/html')).text,
    ];
    for (const html of pages) expect(html).to.contain(ICON_LINK);
  });
});
