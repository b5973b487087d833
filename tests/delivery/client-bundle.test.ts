/** The player's page script: built from server/player-client, small, served as a file (CSP: script-src 'self'). */
import { expect } from 'chai';
import fs from 'node:fs';
import { BUNDLE_BUDGET_BYTES, CLIENT_BUNDLE, ensurePlayerClient, isBundleStale } from '../../server/delivery/build-client.js';
import { useTool } from '../helpers/hooks.js';

describe('delivery: the player page script', function () {
  this.timeout(30_000);
  const ctx = useTool();

  it('is up to date with its source after a start, and well under its size budget', async () => {
    await ensurePlayerClient();
    expect(isBundleStale()).to.equal(false);
    const size = fs.statSync(CLIENT_BUNDLE).size;
    expect(size).to.be.above(500).and.below(BUNDLE_BUDGET_BYTES);
  });

  it('is served as JavaScript from /static, with the rest of the player’s assets', async () => {
    const js = await fetch(`${ctx.tool.url}/static/player.js`);
    expect(js.status).to.equal(200);
    expect(js.headers.get('content-type')).to.match(/javascript/);
    expect(await js.text()).to.contain('data-enhance');
    const css = await fetch(`${ctx.tool.url}/static/player.css`);
    expect(css.status).to.equal(200);
  });
});
