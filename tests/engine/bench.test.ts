import { expect } from 'chai';
import { runDecisionBench } from '../../bench/decision.js';

describe('bench/decision.ts', () => {
  it('runs the three contenders on equivalent rules: they all pick rule 17', async () => {
    const figures = await runDecisionBench({ batches: 5, jreRuns: 5 });
    expect(figures.map((f) => f.name)).to.deep.equal(['engine (compiled)', 'json-rules-engine', 'plain closure']);
    for (const figure of figures) {
      expect(figure.decided).to.equal('r16');
      expect(figure.medianNs).to.be.greaterThan(0);
    }
  });
});
