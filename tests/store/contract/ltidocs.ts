import { expect } from 'chai';
import { rejection, RICH_JSON, type CurrentStore } from './fixtures.js';

const HOUR = 3_600_000;

export function ltiDocContract(store: CurrentStore): void {
  describe('ltijs documents', () => {
    it('finds documents by JSON-equal top-level fields, per collection', async () => {
      const a = { platformUrl: 'https://lms.example', clientId: 'c1', n: 1, on: true, nested: RICH_JSON };
      const b = { platformUrl: 'https://lms.example', clientId: 'c2', n: 2.5, on: false, none: null };
      await store().insertLtiDoc('platform', a, null);
      await store().insertLtiDoc('platform', b, null);
      await store().insertLtiDoc('other', a, null);

      expect(await store().findLtiDocs('platform', { clientId: 'c1' })).to.deep.equal([a]);
      expect(await store().findLtiDocs('platform', { platformUrl: 'https://lms.example' })).to.have.deep.members([a, b]);
      expect(await store().findLtiDocs('platform', { platformUrl: 'https://lms.example', clientId: 'c2' })).to.deep.equal([b]);
      expect(await store().findLtiDocs('platform', {})).to.have.deep.members([a, b]);
      expect(await store().findLtiDocs('platform', { n: 2.5 })).to.deep.equal([b]);
      expect(await store().findLtiDocs('platform', { on: false })).to.deep.equal([b]);
      expect(await store().findLtiDocs('platform', { none: null })).to.deep.equal([b]);
      expect(await store().findLtiDocs('missing', {})).to.deep.equal([]);
    });

    it('does not let values of another JSON type match', async () => {
      await store().insertLtiDoc('t', { v: 1 }, null);
      await store().insertLtiDoc('t', { v: '1' }, null);
      await store().insertLtiDoc('t', { v: true }, null);
      expect(await store().findLtiDocs('t', { v: 1 })).to.deep.equal([{ v: 1 }]);
      expect(await store().findLtiDocs('t', { v: '1' })).to.deep.equal([{ v: '1' }]);
      expect(await store().findLtiDocs('t', { v: true })).to.deep.equal([{ v: true }]);
      expect(await store().findLtiDocs('t', { v: null })).to.deep.equal([]);
    });

    it('refuses query values and field names it cannot compare safely', async () => {
      expect((await rejection(store().findLtiDocs('t', { v: { $gt: '' } }))).message).to.match(/string, number, boolean or null/);
      expect((await rejection(store().findLtiDocs('t', { 'a.b': 1 }))).message).to.match(/identifier/);
      await store().insertLtiDoc('t', { v: 1 }, null);
      expect((await rejection(store().modifyLtiDoc('t', { v: 1 }, { $where: 'x' }))).message).to.match(/identifier/);
      expect(await store().findLtiDocs('t', {})).to.deep.equal([{ v: 1 }]);
    });

    it('hides expired documents; a null expiry never expires', async () => {
      await store().insertLtiDoc('state', { s: 'past' }, Date.now() - 1000);
      await store().insertLtiDoc('state', { s: 'future' }, Date.now() + HOUR);
      await store().insertLtiDoc('state', { s: 'never' }, null);
      expect(await store().findLtiDocs('state', {})).to.have.deep.members([{ s: 'future' }, { s: 'never' }]);
      expect(await store().modifyLtiDoc('state', { s: 'past' }, { s: 'revived' })).to.equal(false);
    });

    it('replaces every match, or inserts when nothing matches', async () => {
      await store().insertLtiDoc('key', { kid: 'k1', v: 1 }, null);
      await store().insertLtiDoc('key', { kid: 'k1', v: 2 }, null);
      await store().insertLtiDoc('key', { kid: 'k2', v: 3 }, null);
      await store().replaceLtiDoc('key', { kid: 'k1' }, { kid: 'k1', v: 9 }, null);
      expect(await store().findLtiDocs('key', { kid: 'k1' })).to.deep.equal([{ kid: 'k1', v: 9 }, { kid: 'k1', v: 9 }]);
      expect(await store().findLtiDocs('key', { kid: 'k2' })).to.deep.equal([{ kid: 'k2', v: 3 }]);

      await store().replaceLtiDoc('key', { kid: 'k3' }, { kid: 'k3', v: 4 }, Date.now() + HOUR);
      expect(await store().findLtiDocs('key', { kid: 'k3' })).to.deep.equal([{ kid: 'k3', v: 4 }]);
    });

    it('applies the expiry given to a replacement', async () => {
      const expiresAt = Date.now() + HOUR;
      await store().insertLtiDoc('key', { kid: 'k1' }, null);
      await store().replaceLtiDoc('key', { kid: 'k1' }, { kid: 'k1', v: 2 }, expiresAt);
      expect(await store().deleteExpiredLtiDocs(expiresAt - 1)).to.equal(0);
      expect(await store().deleteExpiredLtiDocs(expiresAt)).to.equal(1);
      expect(await store().findLtiDocs('key', {})).to.deep.equal([]);
    });

    it('shallow-merges a patch into the first match only', async () => {
      await store().insertLtiDoc('ctx', { id: 'x', n: 1, nested: { a: 1, b: 2 }, keep: 'yes' }, null);
      await store().insertLtiDoc('ctx', { id: 'x', n: 2 }, null);
      expect(await store().modifyLtiDoc('ctx', { id: 'x' }, { nested: { c: 3 }, added: 'ü', keep: null })).to.equal(true);
      expect(await store().findLtiDocs('ctx', { id: 'x' })).to.have.deep.members([
        { id: 'x', n: 1, nested: { c: 3 }, keep: null, added: 'ü' },
        { id: 'x', n: 2 },
      ]);
      expect(await store().modifyLtiDoc('ctx', { id: 'nope' }, { n: 0 })).to.equal(false);
    });

    it('deletes matches and reports how many', async () => {
      await store().insertLtiDoc('nonce', { id: 'a' }, null);
      await store().insertLtiDoc('nonce', { id: 'a' }, null);
      await store().insertLtiDoc('nonce', { id: 'b' }, null);
      expect(await store().deleteLtiDocs('nonce', { id: 'a' })).to.equal(2);
      expect(await store().deleteLtiDocs('nonce', { id: 'a' })).to.equal(0);
      expect(await store().findLtiDocs('nonce', {})).to.deep.equal([{ id: 'b' }]);
    });

    it('deletes exactly the expired documents', async () => {
      // Expiries ahead of the real clock, swept with a `now` that is ahead as well.
      const base = Date.now() + HOUR;
      await store().insertLtiDoc('nonce', { id: 'old' }, base);
      await store().insertLtiDoc('nonce', { id: 'edge' }, base + 1000);
      await store().insertLtiDoc('nonce', { id: 'later' }, base + 1001);
      await store().insertLtiDoc('nonce', { id: 'never' }, null);
      expect(await store().deleteExpiredLtiDocs(base + 1000)).to.equal(2);
      expect(await store().findLtiDocs('nonce', {})).to.have.deep.members([{ id: 'later' }, { id: 'never' }]);
    });
  });
}
