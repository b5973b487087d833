import { expect } from 'chai';
import { bktLearn, bktPosterior, hintedGuess } from '../../server/engine/bkt.js';
import { bkt, compileSequence, settleLevel, type CompiledObjective } from '../../server/engine/index.js';
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

  describe('the level wrong answers alone settle at', () => {
    /**
     * The fixed point of p ↦ T + (1−T)·p' with p' = ps / (ps + (1−p)(1−g)), a
     * wrong answer followed by the learning step. Multiplying out
     * (p − T)(ps + (1−p)(1−g)) = (1−T)ps gives a·p² + b·p + c = 0 with
     *   a = s − (1−g),  b = (1−g) − T(s − (1−g)) − (1−T)s,  c = −T(1−g).
     * Its roots are 1 (a master stays one) and T(1−g)/(1−g−s); the estimate
     * settles at the smaller, capped at 1.
     */
    function closedForm(guess: number, slip: number, learn: number): { a: number; b: number; c: number; roots: [number, number] } {
      const a = slip - (1 - guess);
      const b = 1 - guess - learn * (slip - (1 - guess)) - (1 - learn) * slip;
      const c = -learn * (1 - guess);
      const root = Math.sqrt(b * b - 4 * a * c);
      const roots = [(-b + root) / (2 * a), (-b - root) / (2 * a)].sort((x, y) => x - y) as [number, number];
      return { a, b, c, roots };
    }
    const at = (guess: number, slip: number, learn: number, prior = 0.2): CompiledObjective => ({ ...objective, bkt: { prior, learn, guess, slip } });

    it('g 0.2, s 0.1, T 0.1: the stable root of 0.7p² − 0.78p + 0.08 = 0, 0.11429…', () => {
      const { a, b, c, roots } = closedForm(0.2, 0.1, 0.1);
      expect(a).to.be.closeTo(-0.7, close);
      expect(b).to.be.closeTo(0.78, close);
      expect(c).to.be.closeTo(-0.08, close);
      expect(roots[1]).to.be.closeTo(1, close);
      expect(roots[0]).to.be.closeTo(0.08 / 0.7, close);
      expect(settleLevel(bkt, at(0.2, 0.1, 0.1))).to.be.closeTo(0.1142857142857, 1e-10);
    });

    it('agrees with the closed form across parameters, wherever it starts', () => {
      let checked = 0;
      for (const guess of [0, 0.05, 0.2, 0.35, 0.5]) {
        for (const slip of [0, 0.05, 0.1, 0.3, 0.5]) {
          // g = s = 0.5: a wrong answer is no evidence, the quadratic is degenerate.
          if (guess + slip >= 1) continue;
          for (const learn of [0, 0.01, 0.15, 0.4]) {
            const [low, high] = closedForm(guess, slip, learn).roots;
            // A double root at 1 (g 0.5, s 0.3, T 0.4) comes out of the square root only to 1e-8.
            const other = Math.abs(high - 1) < 1e-6 ? low : high;
            expect(Math.abs(low - 1) < 1e-6 || Math.abs(high - 1) < 1e-6, 'one root is 1').to.equal(true);
            // Where the other root is near 1 the two meet and iteration crawls; nothing a designer would set.
            if (Math.abs(other - 1) < 0.05) continue;
            expect(other * (1 - guess - slip)).to.be.closeTo(learn * (1 - guess), 1e-9);
            const expected = Math.min(1, other);
            for (const prior of [0.001, 0.2, 0.6, 0.9]) {
              expect(settleLevel(bkt, at(guess, slip, learn, prior)), `g ${guess} s ${slip} T ${learn} prior ${prior}`).to.be.closeTo(expected, 1e-9);
            }
            checked += 1;
          }
        }
      }
      expect(checked).to.be.above(50);
    });

    it('is what a run of wrong first attempts actually reaches', () => {
      // The schema defaults: T(1−g)/(1−g−s) = 0.15·0.8/0.7 = 0.171428…, from a prior below it and above it.
      for (const prior of [0.02, 0.2]) {
        let p = prior;
        for (let i = 0; i < 60; i++) p = bkt.observe(p, { correct: false, hintsUsed: 0, learning: true }, at(0.2, 0.1, 0.15, prior));
        expect(p).to.be.closeTo(0.12 / 0.7, 1e-9);
        expect(settleLevel(bkt, at(0.2, 0.1, 0.15, prior))).to.be.closeTo(p, 1e-9);
      }
    });
  });

  it('degenerate parameters do not divide by zero', () => {
    expect(bktPosterior(0, true, 0, 0.1)).to.equal(0);
  });
});
