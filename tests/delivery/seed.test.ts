/** Development seeding: the samples are published once per tenant, restarts change nothing, invalid content never goes out. */
import { expect } from 'chai';
import net from 'node:net';
import path from 'node:path';
import { seedSamples } from '../../server/delivery/seed-samples.js';
import { startServer } from '../../server/server.js';
import { openStore } from '../../server/store/index.js';
import type { JsonObject, Store } from '../../server/store/types.js';
import { loadSample } from '../engine/support/samples.js';
import { tempDir, testConfig } from '../helpers/tool.js';

describe('delivery: seeding the samples in development', function () {
  this.timeout(30_000);
  let store: Store;
  beforeEach(async () => (store = await openStore({ mongodbUri: undefined, sqliteFile: path.join(tempDir('seed-'), 'tool.sqlite') })));
  afterEach(async () => store?.close());

  it('publishes version 1 of each sample for the platform, once', async () => {
    const first = await seedSamples(store, 'dev-platform');
    expect(first).to.deep.equal([
      { id: 'fractions-grade6', created: true, published: 1 },
      { id: 'data-privacy-essentials', created: true, published: 1 },
    ]);
    const again = await seedSamples(store, 'dev-platform');
    expect(again.every((r) => !r.created && r.published === null)).to.equal(true);
    expect(await store.selectSequenceVersions('fractions-grade6')).to.have.length(1);
    expect((await store.selectSequences('dev-platform')).map((s) => s.title)).to.deep.equal([loadSample('fractions').title, loadSample('data-privacy').title]);
  });

  it('never publishes an invalid document, and leaves a designer’s later versions alone', async () => {
    const invalid = { ...loadSample('fractions'), id: 'broken-sample', rules: [] };
    const [result] = await seedSamples(store, 'dev-platform', undefined, [invalid]);
    expect(result!.skipped).to.match(/^invalid: /);
    expect(await store.selectSequence('dev-platform', 'broken-sample')).to.equal(null);

    await seedSamples(store, 'dev-platform');
    await store.insertSequenceVersion('fractions-grade6', { ...(loadSample('fractions') as unknown as JsonObject), title: 'Edited' });
    await seedSamples(store, 'dev-platform');
    expect((await store.selectLatestSequenceVersion('fractions-grade6'))!.version).to.equal(2);
  });

  it('skips an id another tenant already holds', async () => {
    await seedSamples(store, 'first-platform');
    const results = await seedSamples(store, 'second-platform');
    expect(results.map((r) => r.skipped)).to.deep.equal(['id taken by another platform', 'id taken by another platform']);
    expect(await store.selectSequences('second-platform')).to.deep.equal([]);
  });

  it('a restart of the tool finds the samples published and publishes nothing more', async () => {
    const dataDir = tempDir('seed-restart-');
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    for (let run = 0; run < 2; run++) {
      const tool = await startServer(testConfig({ DATA_DIR: dataDir, PORT: String(port) }));
      try {
        const [platform] = await tool.store.selectPlatforms();
        expect((await tool.store.selectSequences(platform!.id)).map((s) => s.id)).to.deep.equal(['fractions-grade6', 'data-privacy-essentials']);
        expect(await tool.store.selectSequenceVersions('fractions-grade6')).to.have.length(1);
        expect(await tool.store.selectSequenceVersions('data-privacy-essentials')).to.have.length(1);
      } finally {
        await tool.close();
      }
    }
  });
});
