/** A learner's path stays on the version they started, whatever is published later; compiled versions are cached. */
import { expect } from 'chai';
import { CompiledCache } from '../../server/delivery/compiled-cache.js';
import type { SequenceDoc } from '../../server/engine/index.js';
import { HttpError } from '../../server/http/errors.js';
import type { JsonObject, SequenceVersion } from '../../server/store/types.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { Learner, step, toQuestion } from './support/learner.js';

/** Version 2 renames every activity, so any screen tells which version rendered it. */
function version2(doc: SequenceDoc): SequenceDoc {
  const next = structuredClone(doc);
  for (const a of next.activities) a.title = `${a.title} (v2)`;
  return next;
}

describe('delivery: version pinning', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('a newly published version does not change a path in progress; new learners start on it', async () => {
    const doc = loadSample('fractions');
    const started = await Learner.launch(ctx.tool, 'learner-maya');
    const question = await toQuestion(started, doc);
    expect(question.title).not.to.contain('(v2)');
    expect((await started.record()).version).to.equal(1);

    const published = await ctx.tool.store.insertSequenceVersion(doc.id, version2(doc) as unknown as JsonObject);
    expect(published.version).to.equal(2);

    await started.relaunch();
    const resumed = await started.screen();
    expect(resumed.id).to.equal(question.id);
    expect(resumed.title).to.equal(question.title);
    let screen = await step(started, doc, resumed);
    for (let i = 0; i < 4 && screen.kind !== 'complete'; i++) {
      expect(screen.title, 'still version 1').not.to.contain('(v2)');
      screen = await step(started, doc, screen);
    }
    expect((await started.record()).version).to.equal(1);

    const newcomer = await Learner.launch(ctx.tool, 'learner-liam');
    expect((await newcomer.screen()).title).to.equal('About you (v2)');
    expect((await newcomer.record()).version).to.equal(2);
  });
});

describe('delivery: compiled-sequence cache', () => {
  const doc = loadSample('data-privacy');
  function store(versions: Record<number, JsonObject>) {
    const reads: number[] = [];
    return {
      reads,
      async selectSequenceVersion(sequenceId: string, version: number): Promise<SequenceVersion | null> {
        reads.push(version);
        await new Promise((r) => setTimeout(r, 5));
        const content = versions[version];
        return content ? { sequenceId, version, content, publishedAt: 0 } : null;
      },
    };
  }

  it('compiles each version once, even for concurrent first requests', async () => {
    const s = store({ 1: doc as unknown as JsonObject });
    const cache = new CompiledCache(s);
    const [a, b, c] = await Promise.all([cache.get(doc.id, 1), cache.get(doc.id, 1), cache.get(doc.id, 1)]);
    expect(a).to.equal(b).and.to.equal(c);
    expect(await cache.get(doc.id, 1)).to.equal(a);
    expect(s.reads).to.deep.equal([1]);
  });

  it('is a bounded LRU: the least recently used version is evicted', async () => {
    const s = store({ 1: doc as unknown as JsonObject, 2: doc as unknown as JsonObject, 3: doc as unknown as JsonObject });
    const cache = new CompiledCache(s, 2);
    await cache.get(doc.id, 1);
    await cache.get(doc.id, 2);
    await cache.get(doc.id, 1); // 1 is now the most recent
    await cache.get(doc.id, 3); // evicts 2
    expect(cache.size).to.equal(2);
    await cache.get(doc.id, 1);
    await cache.get(doc.id, 2);
    expect(s.reads).to.deep.equal([1, 2, 3, 2]);
  });

  it('refuses a missing version (410) and invalid content (500) without caching the failure', async () => {
    const broken = { ...(doc as unknown as JsonObject), rules: [] };
    const s = store({ 2: broken });
    const cache = new CompiledCache(s);
    const missing = await cache.get(doc.id, 1).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(HttpError).and.include({ status: 410, code: 'SEQUENCE_GONE' });
    const invalid = await cache.get(doc.id, 2).catch((e: unknown) => e);
    expect(invalid).to.be.instanceOf(HttpError).and.include({ status: 500, code: 'SEQUENCE_INVALID' });
    await cache.get(doc.id, 1).catch(() => undefined);
    expect(s.reads).to.deep.equal([1, 2, 1]);
  });
});
