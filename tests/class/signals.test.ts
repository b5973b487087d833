/**
 * "Who needs help": each signal on its own, with the sentence it gives, from
 * states and attempts shaped like the player's.
 */
import { expect } from 'chai';
import { scanAttempts, type LearnerAttempts } from '../../server/class/attempt-scan.js';
import { DEFAULT_SIGNALS, flagsFor, type SignalInput } from '../../server/class/signals.js';
import { compileSequence, startLearner, type CompiledSequence, type LearnerState } from '../../server/engine/index.js';
import type { Attempt, JsonObject } from '../../server/store/types.js';
import { sample } from './support.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2030, 5, 15, 12);
const compiled: CompiledSequence = compileSequence(sample('fractions'));

function state(patch: Partial<LearnerState> = {}): LearnerState {
  return { ...startLearner(compiled, { seed: 1 }), stepCount: 5, ...patch };
}

function answer(n: number, activityId: string, correct: boolean, mastery: Array<[string, number, number]> = []): Attempt {
  return {
    platformId: 'p',
    contextId: 'c',
    resourceLinkId: 'l',
    userId: 'u',
    id: `a${n}`,
    idempotencyKey: `k${n}`,
    activityId,
    response: { kind: 'singleChoice', choiceId: correct ? 'half' : 'quarter' },
    correct,
    outcome: {
      step: n,
      ruleId: 'practice-equivalent',
      result: { activityId, correct, attemptNumber: 1, feedback: [], misconception: null, mastery: mastery.map(([objectiveId, before, after]) => ({ objectiveId, before, after, mastered: false })) },
    } as JsonObject,
    createdAt: NOW - 1000 + n,
  };
}

async function scan(attempts: Attempt[], window = DEFAULT_SIGNALS.noGainAnswers): Promise<LearnerAttempts | undefined> {
  async function* each() {
    yield* attempts;
  }
  return (await scanAttempts(each(), () => compiled, window)).byLearner.get('u');
}

function input(patch: Partial<SignalInput>): SignalInput {
  return { state: state(), compiled, attempts: undefined, lastActive: NOW, ...patch };
}

describe('class: who needs help', () => {
  describe('practice not paying off', () => {
    it('flags an objective whose mastery barely moved over the last answers, with the numbers', async () => {
      const attempts = await scan([
        answer(1, 'eq-pizza', false, [['equivalent', 0.04, 0.15]]),
        answer(2, 'eq-pizza', false),
        answer(3, 'eq-select', false, [['equivalent', 0.15, 0.17]]),
        answer(4, 'eq-select', false),
        answer(5, 'eq-missing', false, [['equivalent', 0.17, 0.171]]),
      ]);
      const flags = flagsFor(input({ attempts, state: state({ mastery: { equivalent: 0.171, compare: 0.2, 'add-unlike': 0.15 } }) }), DEFAULT_SIGNALS, NOW);
      expect(flags).to.deep.equal([
        { kind: 'no-gain', reason: 'Their last 4 answers on “Equivalent fractions” questions raised their mastery only from 15% to 17%; mastery needs 95%.' },
      ]);
    });

    it('does not flag while mastery is still rising, with too few answers, or once mastered', async () => {
      const rising = await scan([
        answer(1, 'eq-pizza', false, [['equivalent', 0.2, 0.25]]),
        answer(2, 'eq-pizza', true),
        answer(3, 'eq-select', true, [['equivalent', 0.25, 0.6]]),
        answer(4, 'eq-missing', true, [['equivalent', 0.6, 0.8]]),
      ]);
      expect(flagsFor(input({ attempts: rising }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
      const few = await scan([answer(1, 'eq-pizza', false, [['equivalent', 0.2, 0.2]]), answer(2, 'eq-pizza', false), answer(3, 'eq-pizza', false)]);
      expect(flagsFor(input({ attempts: few }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
      const flat = await scan([1, 2, 3, 4].map((n) => answer(n, 'eq-pizza', false, n === 1 ? [['equivalent', 0.3, 0.3]] : [])));
      expect(flagsFor(input({ attempts: flat }), DEFAULT_SIGNALS, NOW)).to.have.length(1);
      expect(flagsFor(input({ attempts: flat, state: state({ mastered: ['equivalent'] }) }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
    });

    it('starts from the warm-up’s estimate, which is assessment rather than practice', async () => {
      const warmUp: Attempt = {
        ...answer(0, 'warm-up', false),
        outcome: { step: 2, result: { activityId: 'warm-up', items: [{ questionId: 'diag-equivalent', correct: false }], mastery: [{ objectiveId: 'equivalent', before: 0.25, after: 0.04, mastered: false }] } } as JsonObject,
      };
      const attempts = await scan([warmUp, answer(1, 'eq-pizza', false), answer(2, 'eq-pizza', false), answer(3, 'eq-pizza', false), answer(4, 'eq-pizza', false)]);
      expect(attempts?.recent.get('equivalent')).to.deep.equal([1, 2, 3, 4].map(() => ({ before: 0.04, after: 0.04 })));
      expect(flagsFor(input({ attempts }), DEFAULT_SIGNALS, NOW)[0]?.reason).to.include('barely moved their mastery, which stays at 4%;');
    });

    it('words the movement so the rounded numbers make sense: the same, down, or up too little', async () => {
      const reason = async (before: number, after: number) => {
        const attempts = await scan([answer(1, 'eq-pizza', false, [['equivalent', before, after]]), ...[2, 3, 4].map((n) => answer(n, 'eq-pizza', false))]);
        return flagsFor(input({ attempts }), DEFAULT_SIGNALS, NOW)[0]?.reason;
      };
      // 17.2% to 16.8%: "from 17% to 17%" was the sentence an instructor got.
      expect(await reason(0.172, 0.168)).to.equal('Their last 4 answers on “Equivalent fractions” questions barely moved their mastery, which stays at 17%; mastery needs 95%.');
      expect(await reason(0.6, 0.3)).to.equal('Their last 4 answers on “Equivalent fractions” questions brought their mastery down from 60% to 30%; mastery needs 95%.');
      expect(await reason(0.3, 0.33)).to.equal('Their last 4 answers on “Equivalent fractions” questions raised their mastery only from 30% to 33%; mastery needs 95%.');
    });
  });

  describe('stuck on one activity', () => {
    it('flags the activity on screen shown again and again', () => {
      const flags = flagsFor(input({ state: state({ currentActivity: 'eq-pizza', visits: { 'eq-pizza': 3 } }) }), DEFAULT_SIGNALS, NOW);
      expect(flags).to.deep.equal([{ kind: 'stuck', reason: 'Has been shown “Pizza slices” 3 times and is on it again.' }]);
    });

    it('flags a long time on the activity on screen', () => {
      const s = state({ currentActivity: 'read-add', visits: { 'read-add': 1 }, timeOnTask: { total: 2000, byActivity: { 'read-add': 1500 } } });
      expect(flagsFor(input({ state: s }), DEFAULT_SIGNALS, NOW)).to.deep.equal([{ kind: 'stuck', reason: 'Has spent 25 min on “Adding fractions step by step” without moving on.' }]);
    });

    it('does not flag time or visits on activities the learner has left', () => {
      const s = state({ currentActivity: 'eq-select', visits: { 'eq-pizza': 5, 'eq-select': 1 }, timeOnTask: { total: 5000, byActivity: { 'eq-pizza': 5000 } } });
      expect(flagsFor(input({ state: s }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
    });
  });

  describe('inactive', () => {
    it('flags a learner who started and has done nothing for a week', () => {
      expect(flagsFor(input({ lastActive: NOW - 9 * DAY - 3_600_000 }), DEFAULT_SIGNALS, NOW)).to.deep.equal([
        { kind: 'inactive', reason: 'No activity for 9 days since starting, and the sequence is not finished.' },
      ]);
      expect(flagsFor(input({ lastActive: NOW - 6 * DAY }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
    });

    it('never flags a learner who finished, however long ago', () => {
      const done = state({ mastered: ['equivalent', 'compare', 'add-unlike'], completed: { ruleId: '@completion.mastered', reason: 'mastered', why: '', message: null } });
      expect(flagsFor(input({ state: done, lastActive: NOW - 90 * DAY }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
    });
  });

  describe('stopped by the guard', () => {
    it('explains a stalled path and names the objectives left unmastered', () => {
      const stalled = state({ mastered: ['equivalent'], completed: { ruleId: '@guard.stalled', reason: 'stalled', why: '', message: null } });
      expect(flagsFor(input({ state: stalled }), DEFAULT_SIGNALS, NOW)).to.deep.equal([
        {
          kind: 'guard',
          reason:
            'The path ended because no rule could choose a next step (the loop guard refused to show the same activities again). Not mastered: “Comparing fractions”, “Adding unlike fractions”.',
        },
      ]);
    });

    it('explains the step limit with the sequence’s own number', () => {
      const capped = state({ completed: { ruleId: '@guard.maxSteps', reason: 'guardMaxSteps', why: '', message: null } });
      expect(flagsFor(input({ state: capped }), DEFAULT_SIGNALS, NOW)[0]?.reason).to.match(/^The path reached the safety limit of 60 steps and was stopped\./);
    });
  });

  describe('finished without mastery', () => {
    it('flags a learner a rule sent home with required objectives unmastered, and names them', () => {
      const why = "You've worked hard for a long time; let's stop here for today.";
      const wrapped = state({ stepCount: 36, mastered: ['compare'], completed: { ruleId: 'wrap-up', reason: 'rule', why, message: 'Your teacher can see what to practice next.' } });
      expect(flagsFor(input({ state: wrapped }), DEFAULT_SIGNALS, NOW)).to.deep.equal([
        {
          kind: 'unmastered',
          reason:
            "Finished with 1 of 3 required objectives mastered: a rule ended the path, telling them “You've worked hard for a long time; let's stop here for today”. Not mastered: “Equivalent fractions”, “Adding unlike fractions”.",
        },
      ]);
    });

    it('says how a rule ended the path in the designer’s words, never with the rule’s id', () => {
      const ended = (completed: { ruleId: string; why: string; message: string | null }, seq: CompiledSequence = compiled) => {
        const s = state({ stepCount: 36, mastered: ['compare'], completed: { ...completed, reason: 'rule' } });
        const reason = flagsFor(input({ state: s, compiled: seq }), DEFAULT_SIGNALS, NOW)[0]?.reason ?? '';
        expect(reason, reason).not.to.include(completed.ruleId);
        return /^Finished with 1 of 3 required objectives mastered: (.*)\. Not mastered: /.exec(reason)?.[1];
      };
      // The rule's description as this version has it, when the completion kept none (written before `why` was).
      expect(ended({ ruleId: 'finished-all', why: '', message: null })).to.equal(
        "a rule ended the path, telling them “You've answered every question this lesson has on what you have not mastered yet”",
      );
      // A rule this version no longer has: what it told the learner (Markdown as text), else a plain sentence.
      expect(ended({ ruleId: 'gone-rule', why: '', message: 'Well done, **that is all** for now.' })).to.equal('a rule ended the path with the message “Well done, that is all for now”');
      expect(ended({ ruleId: 'gone-rule', why: ' ', message: null })).to.equal('a rule of the sequence ended the path');
      // A rule without a description.
      const doc = sample('fractions');
      const bare = compileSequence({ ...doc, rules: doc.rules.map((r) => (r.id === 'finished-all' ? { ...r, description: undefined } : r)) });
      expect(ended({ ruleId: 'finished-all', why: '', message: null }, bare)).to.equal('a rule of the sequence ended the path');
    });

    it('flags the end of the authored length too, only for the objectives completion requires, once', () => {
      const doc = sample('fractions');
      const some = compileSequence({ ...doc, completion: { ...doc.completion, objectives: ['equivalent', 'compare'] } });
      const ended = { ...startLearner(some, { seed: 1 }), stepCount: 40, mastered: ['compare'], completed: { ruleId: '@completion.maxSteps', reason: 'maxSteps', why: '', message: null } } as LearnerState;
      expect(flagsFor(input({ state: ended, compiled: some }), DEFAULT_SIGNALS, NOW)).to.deep.equal([
        { kind: 'unmastered', reason: 'Finished with 1 of 2 required objectives mastered: the path reached its length of 40 steps. Not mastered: “Equivalent fractions”.' },
      ]);
      const requiredDone = { ...ended, mastered: ['compare', 'equivalent'] };
      expect(flagsFor(input({ state: requiredDone, compiled: some }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
      // Nor a learner who finished by mastery, and the guard's flag already names what is left.
      const mastered = state({ mastered: ['equivalent', 'compare', 'add-unlike'], completed: { ruleId: '@completion.mastered', reason: 'mastered', why: '', message: null } });
      expect(flagsFor(input({ state: mastered }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
      const stalled = state({ completed: { ruleId: '@guard.stalled', reason: 'stalled', why: '', message: null } });
      expect(flagsFor(input({ state: stalled }), DEFAULT_SIGNALS, NOW).map((f) => f.kind)).to.deep.equal(['guard']);
    });
  });

  it('gives no flags to a learner without a readable state', () => {
    expect(flagsFor(input({ state: null, lastActive: NOW - 30 * DAY }), DEFAULT_SIGNALS, NOW)).to.deep.equal([]);
  });
});
