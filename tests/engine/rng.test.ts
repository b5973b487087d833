import { expect } from 'chai';
import { drawAt, pickIndex } from '../../server/engine/rng.js';
import { mulberry32, seedFrom } from '../../server/engine/index.js';

describe('rng', () => {
  it('drawAt is a pure function of seed and counter, in [0, 1)', () => {
    for (let counter = 0; counter < 1000; counter++) {
      const value = drawAt(42, counter);
      expect(value).to.equal(drawAt(42, counter));
      expect(value).to.be.at.least(0).and.lessThan(1);
    }
    expect(drawAt(42, 0)).to.not.equal(drawAt(43, 0));
    expect(drawAt(42, 0)).to.not.equal(drawAt(42, 1));
  });

  it('pickIndex spreads evenly over consecutive counters', () => {
    const counts = [0, 0, 0, 0];
    for (let counter = 0; counter < 4000; counter++) counts[pickIndex(7, counter, 4)]! += 1;
    for (const count of counts) expect(count).to.be.within(850, 1150);
  });

  it('mulberry32 is reproducible', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    for (let i = 0; i < 10; i++) expect(a()).to.equal(b());
  });

  it('seedFrom hashes text to a stable unsigned 32-bit seed', () => {
    expect(seedFrom('learner-1:fractions')).to.equal(seedFrom('learner-1:fractions'));
    expect(seedFrom('learner-1:fractions')).to.not.equal(seedFrom('learner-2:fractions'));
    expect(seedFrom('')).to.equal(0x811c9dc5);
    expect(Number.isInteger(seedFrom('x')) && seedFrom('x') >= 0 && seedFrom('x') < 2 ** 32).to.equal(true);
  });
});
