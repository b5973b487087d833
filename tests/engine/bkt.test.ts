import { expect } from 'chai';
import { bktLearn, bktPosterior, hintedGuess } from '../../server/engine/bkt.js';
import { bkt, compileSequence, type CompiledObjective } from '../../server/engine/index.js';
import { baseDoc } from './support/fixtures.js';

const objective: CompiledObjective = {
  id: 'o',
  title: 'O',
  threshold: 0.95,
  bkt: { prior: 0.2, learn: 0.15, guess: 0.2, slip: 0.1 },
};
const close = 1e-12;

describe('BKT', () => {
  it('starts at the prior, and the schema defaults are 0.2/0.15/0.2/0.1 with threshold 0.95', () => {
    const compiled = compileSequence(baseDoc());
    const o1 = compiled.objectiveById.get('o1');
    expect(o1?.bkt).to.deep.equal({ prior: 0.2, learn: 0.15, guess: 0.2, slip: 0.1 });
    expect(o1?.threshold).to.equal(0.95);
    expect(bkt.initial(objective)).to.equal(0.2);
  });

  it('correct first attempt: 0.2 → 0.6', () => {
    // posterior = p(1−s) / (p(1−s) + (1−p)g) = 0.2·0.9 / (0.18 + 0.8·0.2) = 0.18 / 0.34 = 0.5294117647…
    expect(bktPosterior(0.2, true, 0.2, 0.1)).to.be.closeTo(0.18 / 0.34, close);
    // learn: 0.5294117647 + (1 − 0.5294117647)·0.15 = (0.18 + 0.16·0.15) / 0.34 = 0.204 / 0.34 = 0.6
    expect(bkt.observe(0.2, { correct: true, hintsUsed: 0, learning: true }, objective)).to.be.closeTo(0.6, close);
  });

  it('incorrect first attempt: 0.2 → 0.1757…', () => {
    // posterior = p·s / (p·s + (1−p)(1−g)) = 0.02 / (0.02 + 0.8·0.8) = 0.02 / 0.66 = 0.0303030…
    expect(bktPosterior(0.2, false, 0.2, 0.1)).to.be.closeTo(0.02 / 0.66, close);
    // learn: 0.0303030 + 0.9696970·0.15 = (0.02 + 0.64·0.15) / 0.66 = 0.116 / 0.66 = 0.1757575…
    expect(bkt.observe(0.2, { correct: false, hintsUsed: 0, learning: true }, objective)).to.be.closeTo(0.116 / 0.66, close);
  });

  it('three correct first attempts from 0.2 reach mastery (0.6 → 0.8903 → 0.9773)', () => {
    // 0.6: posterior 0.54 / (0.54 + 0.4·0.2) = 0.54 / 0.62 = 0.870968; learn → 0.870968 + 0.129032·0.15 = 0.890323
    const second = bkt.observe(0.6, { correct: true, hintsUsed: 0, learning: true }, objective);
    expect(second).to.be.closeTo(0.54 / 0.62 + (1 - 0.54 / 0.62) * 0.15, close);
    expect(second).to.be.closeTo(0.890323, 1e-6);
    // 0.890323: posterior 0.801290 / (0.801290 + 0.109677·0.2) = 0.973353; learn → 0.977350
    const third = bkt.observe(second, { correct: true, hintsUsed: 0, learning: true }, objective);
    expect(third).to.be.closeTo(0.97735, 1e-5);
    expect(third).to.be.at.least(objective.threshold);
  });

  it('the diagnostic gives evidence without the learning step', () => {
    // 0.18 / 0.34 = 0.5294…, no + (1−p)·T
    expect(bkt.observe(0.2, { correct: true, hintsUsed: 0, learning: false }, objective)).to.be.closeTo(0.18 / 0.34, close);
    expect(bktLearn(0.5, 0.2)).to.be.closeTo(0.6, close);
  });

  describe('hints weaken a correct answer', () => {
    it('g_k = g + (1 − s − g)(1 − 2^−k)', () => {
      expect(hintedGuess(0.2, 0.1, 0)).to.equal(0.2);
      // k = 1: 0.2 + 0.7·0.5 = 0.55
      expect(hintedGuess(0.2, 0.1, 1)).to.be.closeTo(0.55, close);
      // k = 2: 0.2 + 0.7·0.75 = 0.725
      expect(hintedGuess(0.2, 0.1, 2)).to.be.closeTo(0.725, close);
    });

    it('one hint: 0.2 → 0.3968, less than the unhinted 0.6', () => {
      // posterior = 0.18 / (0.18 + 0.8·0.55) = 0.18 / 0.62 = 0.290323; learn → 0.290323 + 0.709677·0.15 = 0.396774
      const hinted = bkt.observe(0.2, { correct: true, hintsUsed: 1, learning: true }, objective);
      expect(hinted).to.be.closeTo(0.18 / 0.62 + (1 - 0.18 / 0.62) * 0.15, close);
      expect(hinted).to.be.lessThan(0.6);
    });

    it('never counts against the learner: the posterior tends to the prior as hints grow', () => {
      let previous = Infinity;
      for (let k = 0; k <= 30; k++) {
        const posterior = bkt.observe(0.3, { correct: true, hintsUsed: k, learning: false }, objective);
        expect(posterior).to.be.at.least(0.3 - close);
        expect(posterior).to.be.at.most(previous + close);
        previous = posterior;
      }
      expect(previous).to.be.closeTo(0.3, 1e-6);
    });

    it('do not change an incorrect answer', () => {
      const plain = bkt.observe(0.2, { correct: false, hintsUsed: 0, learning: true }, objective);
      expect(bkt.observe(0.2, { correct: false, hintsUsed: 3, learning: true }, objective)).to.equal(plain);
    });
  });

  it('degenerate parameters do not divide by zero', () => {
    expect(bktPosterior(0, true, 0, 0.1)).to.equal(0);
  });
});
