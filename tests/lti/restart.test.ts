import { expect } from 'chai';
import net from 'node:net';
import { startServer } from '../../server/server.js';
import { launchAs, tempDir, testConfig } from '../helpers/tool.js';

describe('restarts', function () {
  this.timeout(30_000);
  it('keep the data directory, the encryption key, the registrations and the keys: launches still work', async () => {
    const dataDir = tempDir('restart-');
    // A fixed port: the built-in platform's issuer URL (and so its registration) includes it.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    const kids: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const tool = await startServer(testConfig({ DATA_DIR: dataDir, PORT: String(port) }));
      try {
        const r = await launchAs(tool, 'learner-maya', 'link-fractions-add');
        expect(r.html).to.contain('Maya Chen');
        expect(await tool.store.selectPlatforms()).to.have.length(1);
        const jwks = (await (await fetch(`${tool.url}/lti/keys`)).json()) as { keys: Array<{ kid: string }> };
        kids.push(jwks.keys.map((k) => k.kid));
      } finally {
        await tool.close();
      }
    }
    expect(kids[1], 'the tool key survives the restart').to.deep.equal(kids[0]);
  });
});
