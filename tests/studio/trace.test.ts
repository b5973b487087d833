import { expect } from 'chai';
import fractions from '../../server/content/samples/fractions.json' with { type: 'json' };
import type { PlayerState } from '../../server/delivery/player-state.js';
import { compileSequence, type Decision, type SequenceDoc } from '../../server/engine/index.js';
import { traceStep } from '../../server/studio/preview/trace.js';

describe('preview: why this step', () => {
  it('credits the step to the rule that chose it; a rule that only added its message "added a message"', () => {
    const compiled = compileSequence(fractions as unknown as SequenceDoc);
    // After two wrong answers: `encourage` queues its message, `one-part-review` chooses the step.
    const decision = {
      step: {
        type: 'feedback',
        message: 'Mistakes are how your brain grows.',
        ruleId: 'encourage',
        then: { type: 'activity', activityId: 'read-equivalent', ruleId: 'one-part-review' },
      },
      trace: [
        { ruleId: 'encourage', outcome: 'fired' },
        { ruleId: 'wrap-up', outcome: 'noMatch' },
        { ruleId: 'one-part-review', outcome: 'fired' },
      ],
      drewRandom: false,
    } as unknown as Decision;
    const traced = traceStep(compiled, { engine: { stepCount: 7 } } as unknown as PlayerState, decision);
    expect(traced.ruleId).to.equal('one-part-review');
    expect(traced.message).to.equal('Mistakes are how your brain grows.');
    expect(traced.rules.map((r) => [r.ruleId, r.outcome, r.meaning])).to.deep.equal([
      ['encourage', 'message', 'added a message'],
      ['wrap-up', 'noMatch', 'condition not met'],
      ['one-part-review', 'fired', 'decided this step'],
    ]);
  });
});
