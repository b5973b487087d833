import { expect } from 'chai';
import { validateSequence } from '../../server/content/validate.js';
import {
  advance,
  compileSequence,
  grade,
  markDone,
  startLearner,
  submitChoice,
  submitAnswer,
  submitSurvey,
  submitDiagnostic,
  type Answer,
  type CompiledSequence,
  type LearnerState,
  isContent,
  isQuestion,
  type Modality,
  type SurveyAnswers,
} from '../../server/engine/index.js';
import { DEFAULT_SIGNALS, flagsFor } from '../../server/class/signals.js';
import { correctAnswer, play, wrongAnswer } from '../engine/support/simulate.js';
import { loadSample, SAMPLE_NAMES } from '../engine/support/samples.js';

const SURVEYS = {
  fractions: (modality: Modality) => ({ likes: ['music'], goal: 'catch-up', 'learn-best': modality }),
  'data-privacy': (modality: Modality) => ({ industry: ['hr'], aim: ['daily-practice'], format: modality }),
};

for (const name of SAMPLE_NAMES) {
  describe(`sample: ${name}`, () => {
    const doc = loadSample(name);

    it('validates with zero errors and lints cleanly', () => {
      const result = validateSequence(doc);
      expect(result.issues).to.deep.equal([]);
      expect(result.ok).to.equal(true);
    });

    it('uses every feature: all kinds, all actions, start, misconceptions, hints, completion and grading', () => {
      const kinds = new Set(doc.activities.map((a) => a.kind));
      expect([...kinds]).to.have.members(['survey', 'diagnostic', 'singleChoice', 'multipleChoice', 'numeric', 'shortText', 'reading', 'video', 'handsOn']);
      const actions = new Set(doc.rules.flatMap((r) => (r.then.type === 'showFeedback' && r.then.then ? [r.then.type, r.then.then.type] : [r.then.type])));
      expect([...actions]).to.include.members(['goTo', 'offerChoice', 'showFeedback', 'pickFromPool', 'review', 'complete']);
      const json = JSON.stringify(doc.rules);
      expect(json).to.contain('"recommendBy":"modality"').and.contain('"recommendBy":"interest"');
      expect(json).to.contain('"path":"modality"');
      expect(doc.start?.survey).to.be.a('string');
      expect(doc.start?.diagnostic).to.be.a('string');
      expect(doc.misconceptions?.length).to.be.at.least(3);
      expect(doc.activities.some((a) => 'hints' in a && (a.hints?.length ?? 0) > 0)).to.equal(true);
      expect(doc.completion).to.not.equal(undefined);
      expect(doc.grading?.method).to.be.a('string');
      // Media stay on the tool: relative URLs with a transcript.
      for (const a of doc.activities) if (a.kind === 'video') expect(a.url ?? a.embedUrl).to.match(/^\/static\/media\//);
    });

    for (const modality of ['text', 'video', 'visual', 'hands-on'] as const) {
      it(`a learner answering correctly completes it by mastery (prefers ${modality})`, () => {
        const compiled = compileSequence(doc);
        const run = play(compiled, startLearner(compiled, { seed: 11 }), { survey: SURVEYS[name](modality) });
        expect(run.state.completed?.reason).to.equal('mastered');
        expect(run.path.slice(0, 2)).to.deep.equal([doc.start?.survey, doc.start?.diagnostic]);
        expect(grade(compiled, run.state)).to.include({ score: 1, progress: 1, completed: true });
      });
    }
  });
}

describe('samples: screen titles read as titles', () => {
  // QA saw "Pick a problem:" and "Pick a case from your world:" as headings, ending in a colon with nothing after it.
  for (const name of SAMPLE_NAMES) {
    it(`${name}: no activity title or choice prompt ends in a colon, comma or semicolon`, () => {
      const doc = loadSample(name);
      const titles = [
        ...doc.activities.map((a) => ({ where: a.id, text: a.title })),
        ...doc.rules.flatMap((r) => {
          const offer = r.then.type === 'offerChoice' ? r.then : r.then.type === 'showFeedback' && r.then.then?.type === 'offerChoice' ? r.then.then : null;
          return offer?.prompt === undefined ? [] : [{ where: r.id, text: offer.prompt }];
        }),
      ];
      expect(titles.filter((t) => /[:;,]\s*$/.test(t.text))).to.deep.equal([]);
    });
  }
});

describe('data-privacy: its words are for adult practitioners', () => {
  // QA: the module ended with "Your teacher can see which topics to go over with you."
  it('no learner-facing text speaks of teachers, classes, lessons or school', () => {
    const doc = loadSample('data-privacy');
    const texts = [
      ...doc.rules.flatMap((r) => [r.description ?? '', JSON.stringify(r.then)]),
      ...doc.activities.map((a) => JSON.stringify(a)),
      ...(doc.misconceptions ?? []).map((m) => m.feedback),
    ];
    expect(texts.filter((t) => /\b(teachers?|class(es|room)?|lessons?|school|pupils?|students?|homework)\b/i.test(t))).to.deep.equal([]);
  });
});

/** Plays up to the first path question, answered with a misconception, and returns the next decision. */
function afterMisconception(compiled: CompiledSequence, survey: SurveyAnswers, wrong: Answer, questionId: string) {
  let state: LearnerState = startLearner(compiled, { seed: 3 });
  state = advance(compiled, state).state;
  state = submitSurvey(compiled, state, survey);
  state = advance(compiled, state).state;
  state = submitDiagnostic(compiled, state, {}).state;
  // Put the question on screen as a rule would have.
  state = { ...state, currentActivity: questionId, visit: { attempts: 0, hintsUsed: 0, finished: false } };
  while (!state.visit.finished) state = submitAnswer(compiled, state, wrong).state;
  return advance(compiled, state).decision.step;
}

describe('samples: a rule’s reason is true of whatever its action may show', () => {
  // A review shows the objective's activities not yet seen first, questions and materials alike, then
  // seen ones, the learner's format first where there is one: its reason can promise none of these.
  const CLAIMS = /\b(again|another look|revisit|met before|questions?|recaps?|readings?|videos?|format you prefer|your way)\b/i;
  for (const name of SAMPLE_NAMES) {
    it(`${name}: a review's reason says neither what kind of activity comes nor that it was seen before`, () => {
      const reviews = loadSample(name).rules.filter((r) => r.then.type === 'review' || (r.then.type === 'showFeedback' && r.then.then?.type === 'review'));
      expect(reviews, 'the sample has reviews').not.to.deep.equal([]);
      for (const rule of reviews) expect(rule.description ?? '', rule.id).not.to.match(CLAIMS);
    });
  }

  // A rule that also fires for learners who gave no format (null, or "not one of the others") cannot say they prefer one.
  const admitsNoFormat = (when: unknown): boolean =>
    JSON.stringify(when).includes('"path":"modality"') &&
    /"path":"modality","operator":"(in","value":\[[^\]]*null|notIn)/.test(JSON.stringify(when));
  for (const name of SAMPLE_NAMES) {
    it(`${name}: a reason that also fits learners who gave no format claims no preference`, () => {
      const rules = loadSample(name).rules.filter((r) => 'when' in r && admitsNoFormat(r.when));
      expect(rules, 'the sample has such rules').not.to.deep.equal([]);
      for (const rule of rules) expect(rule.description ?? '', rule.id).not.to.match(/\byou (like|prefer|chose|learn best)\b/i);
    });
  }
});

describe('sample remediation follows the modality the learner chose', () => {
  it('fractions: adding denominators routes to the learner’s format', () => {
    const compiled = compileSequence(loadSample('fractions'));
    const expected = { text: 'read-add', video: 'video-add', visual: 'bars-add', 'hands-on': 'measure-add' } as const;
    for (const modality of ['text', 'video', 'visual', 'hands-on'] as const) {
      const step = afterMisconception(compiled, SURVEYS.fractions(modality), { kind: 'singleChoice', choiceId: 'two-ninths' }, 'add-music');
      const shown = step.type === 'feedback' ? step.then : step;
      expect(shown, modality).to.include({ type: 'activity', activityId: expected[modality] });
    }
  });

  it('data-privacy: "consent always" routes to the learner’s format', () => {
    const compiled = compileSequence(loadSample('data-privacy'));
    const expected = { text: 'lb-brief', video: 'lb-video', visual: 'lb-diagram', 'hands-on': 'lb-register' } as const;
    for (const modality of ['text', 'video', 'visual', 'hands-on'] as const) {
      const step = afterMisconception(compiled, SURVEYS['data-privacy'](modality), { kind: 'numeric', value: 1 }, 'lb-count');
      expect(step, modality).to.include({ type: 'activity', activityId: expected[modality] });
    }
  });
});

/** The next activity a learner is shown after a step (past any feedback message), with the rule's reason. */
function shownAfter(compiled: CompiledSequence, state: LearnerState) {
  const { decision } = advance(compiled, state);
  const step = decision.step.type === 'feedback' ? decision.step.then : decision.step;
  if (step.type !== 'activity') throw new Error(`expected an activity, got a ${step.type}`);
  const activity = compiled.activityById.get(step.activityId);
  return { id: step.activityId, objectives: activity?.objectives ?? [], kind: activity?.kind, why: step.why, ruleId: step.ruleId };
}

describe('fractions: low confidence after a hands-on task leads to practice on the same objective', () => {
  const compiled = compileSequence(loadSample('fractions'));
  /** A hands-on learner past the warm-up: the compare and add items right, the equivalent one answered `equivalent`. */
  const afterWarmUp = (seed: number, equivalent: string): LearnerState => {
    let state = startLearner(compiled, { seed });
    state = advance(compiled, state).state;
    state = submitSurvey(compiled, state, SURVEYS.fractions('hands-on'));
    state = advance(compiled, state).state;
    return submitDiagnostic(compiled, state, {
      'diag-equivalent': { kind: 'singleChoice', choiceId: equivalent },
      'diag-compare': { kind: 'singleChoice', choiceId: 'quarter' },
      'diag-add': { kind: 'numeric', value: 0.75 },
    }).state;
  };

  it('hands-on learner, warm-up shows equivalent fractions are new, folds the strip, rates confidence 1 or 2: next is equivalent-fractions practice', () => {
    for (const confidence of [1, 2]) {
      for (let seed = 1; seed <= 25; seed++) {
        let state = afterWarmUp(seed, 'b');
        state = advance(compiled, state).state;
        expect(state.pendingChoice?.recommended, 'the hands-on option is recommended').to.equal('fold-equivalent');
        state = submitChoice(compiled, state, 'fold-equivalent');
        state = markDone(compiled, state, { confidence, checked: ['halves', 'quarters', 'eighths'] });
        const next = shownAfter(compiled, state);
        const label = `confidence ${confidence}, seed ${seed}: ${next.id}`;
        expect(next.objectives, label).to.deep.equal(['equivalent']);
        expect(next.kind, label).to.be.oneOf(['singleChoice', 'multipleChoice', 'numeric', 'shortText']);
        expect(next.ruleId, label).to.equal('low-confidence-equivalent');
        expect(next.why, label).to.match(/equivalent fractions/);
      }
    }
  });

  it('the same holds after the card game (comparing) and the measuring cups (adding)', () => {
    for (const [task, objective] of [['cards-compare', 'compare'], ['measure-add', 'add-unlike']] as const) {
      for (let seed = 1; seed <= 10; seed++) {
        let state = afterWarmUp(seed, 'a');
        // Put the task on screen as a rule would have.
        state = { ...state, currentActivity: task, visit: { attempts: 0, hintsUsed: 0, finished: false } };
        state = markDone(compiled, state, { confidence: 1 });
        const next = shownAfter(compiled, state);
        expect(next.objectives, `${task}, seed ${seed}: ${next.id}`).to.deep.equal([objective]);
      }
    }
  });
});

describe('samples: encouragement after missed questions comes with another look, never next to a question', () => {
  for (const name of SAMPLE_NAMES) {
    it(`${name}: every rule message leads to a reading, video or hands-on task`, () => {
      const compiled = compileSequence(loadSample(name));
      let messages = 0;
      for (const modality of ['text', 'video', 'visual', 'hands-on'] as const) {
        for (let seed = 1; seed <= 5; seed++) {
          const run = play(compiled, startLearner(compiled, { seed }), { survey: SURVEYS[name](modality), answer: (q) => wrongAnswer(q) });
          for (const { step } of run.decisions) {
            if (step.type !== 'feedback') continue;
            if (/Remember: \*\*awareness\*\*/.test(step.message)) continue; // a reminder of the rule, true beside any answer
            messages++;
            const next = step.then.type === 'activity' ? compiled.activityById.get(step.then.activityId) : undefined;
            expect(next !== undefined && isContent(next), `${modality}/${seed}: "${step.message}" shown with ${JSON.stringify(step.then)}`).to.equal(true);
          }
        }
      }
      expect(messages, 'some learner met the message').to.be.greaterThan(0);
    });
  }
});

describe('sample paths: an objective whose questions are used up without mastery gets a recap, then the path moves on', () => {
  const doc = loadSample('data-privacy');
  const compiled = compileSequence(doc);
  const objectiveOf = (id: string) => compiled.activityById.get(id)?.objectives?.[0];
  const isPersonal = (id: string) => objectiveOf(id) === 'personal-data';
  const isQuestionOn = (id: string, objective: string) => {
    const activity = compiled.activityById.get(id);
    return activity !== undefined && isQuestion(activity) && objectiveOf(id) === objective;
  };

  /** Every personal-data question is missed on both attempts of its first visit (the only evidence the model takes); everything else is right. */
  function missesPersonalData(modality: Modality, industry: string, seed: number) {
    const answers = new Map<string, number>();
    return play(compiled, startLearner(compiled, { seed }), {
      survey: { industry: [industry], aim: ['daily-practice'], format: modality },
      answer: (q) => {
        const n = answers.get(q.id) ?? 0;
        answers.set(q.id, n + 1);
        return isPersonal(q.id) && n < 2 ? wrongAnswer(q) : correctAnswer(q);
      },
    });
  }

  it('data-privacy: a learner who misses every personal-data question still reaches lawful bases and breach response within maxSteps', () => {
    const maxSteps = doc.completion?.maxSteps;
    expect(maxSteps, 'the sample plans its length').to.equal(30);
    for (const modality of ['text', 'video', 'visual', 'hands-on'] as const) {
      for (const industry of ['healthcare', 'hr']) {
        for (let seed = 1; seed <= 5; seed++) {
          const run = missesPersonalData(modality, industry, seed);
          const where = `${modality}/${industry}/seed ${seed}: ${run.path.join(' ')}`;
          // Personal data is practised until its questions are used up; then one recap, and on.
          const lastPersonalQuestion = run.path.findLastIndex((id) => isQuestionOn(id, 'personal-data'));
          const after = run.path.slice(lastPersonalQuestion + 1);
          expect(after.filter(isPersonal), where).to.have.length(1);
          expect(isPersonal(after[0] ?? '') && isMaterial(compiled, after[0]), `the recap comes first: ${where}`).to.equal(true);
          expect(after.some((id) => isQuestionOn(id, 'lawful-basis') || isQuestionOn(id, 'breach-response')), `then the other objectives: ${where}`).to.equal(true);
          expect(run.state.mastered, where).to.have.members(['lawful-basis', 'breach-response']);
          // It ends by the sample's own rules, within its length, and the class view says what is left.
          expect(run.state.stepCount, where).to.be.at.most(maxSteps!);
          expect(run.state.completed, where).to.include({ reason: 'rule', ruleId: 'finished-all' });
          const flags = flagsFor({ state: run.state, compiled, attempts: undefined, lastActive: null }, DEFAULT_SIGNALS, 0);
          expect(flags.map((f) => f.kind), where).to.deep.equal(['unmastered']);
          expect(flags[0]?.reason, where).to.contain('Not mastered: “Recognize personal data”.');
        }
      }
    }
  });
});

/** A reading, video or hands-on task: what a recap or another look shows. */
function isMaterial(compiled: CompiledSequence, id: string | undefined): boolean {
  const activity = id === undefined ? undefined : compiled.activityById.get(id);
  return activity !== undefined && isContent(activity);
}

/** Always-wrong learners of every modality, each choice taken three ways; in "The race" the fractions learner picks Ben (compare-parts) on both attempts, as QA did. */
function strugglingRuns(name: (typeof SAMPLE_NAMES)[number]) {
  const compiled = compileSequence(loadSample(name));
  const runs = [];
  for (const modality of ['text', 'video', 'visual', 'hands-on'] as const) {
    for (const pick of ['recommended', 'first', 'last'] as const) {
      for (let seed = 1; seed <= 5; seed++) {
        const run = play(compiled, startLearner(compiled, { seed }), {
          survey: SURVEYS[name](modality),
          answer: (q) => (q.id === 'cmp-race' ? { kind: 'singleChoice', choiceId: 'ben' } : wrongAnswer(q)),
          choose: (options, recommended) => (pick === 'recommended' ? (recommended ?? options[0]!) : pick === 'first' ? options[0]! : options.at(-1)!),
        });
        runs.push({ label: `${modality}/${pick}/seed ${seed}`, run });
      }
    }
  }
  return { compiled, runs };
}

describe('sample paths: a struggling learner gets one look at the material, then practice again', () => {
  for (const name of SAMPLE_NAMES) {
    it(`${name}: a recap announced by a message is one material, then a question`, () => {
      const { compiled, runs } = strugglingRuns(name);
      let recaps = 0;
      for (const { label, run } of runs) {
        run.decisions.forEach(({ step }, i) => {
          if (step.type !== 'feedback' || !isMaterial(compiled, run.path[i])) return;
          recaps++;
          const next = run.path[i + 1];
          const question = next === undefined ? undefined : compiled.activityById.get(next);
          const where = `${label}, "${step.message}" at step ${i + 1}: ${run.path.join(' ')}`;
          expect(next === undefined || (question !== undefined && isQuestion(question)), where).to.equal(true);
          // The last recap of a path is followed by its end: neither its message nor its reason may promise practice.
          if (next === undefined) expect(`${step.message} ${step.then.type === 'activity' ? step.then.why : ''}`, where).not.to.match(/practi[cs]e/i);
        });
      }
      expect(recaps, 'some learner met a recap').to.be.greaterThan(0);
    });

    it(`${name}: never two readings, videos or hands-on tasks in a row`, () => {
      const { compiled, runs } = strugglingRuns(name);
      for (const { label, run } of runs) {
        run.path.forEach((id, i) => {
          if (isMaterial(compiled, id)) expect(isMaterial(compiled, run.path[i - 1]), `${label}, step ${i + 1}: ${run.path.join(' ')}`).to.equal(false);
        });
      }
    });

    // A material may come back: once the equivalent-fractions questions are used up, one-part-review
    // can only show again what was seen, the learner's own format first, six or more steps after it.
    // Going round the same materials, as QA saw (each twice within eight screens), is two or three.
    it(`${name}: no reading, video or hands-on task comes back within 5 steps`, () => {
      const { compiled, runs } = strugglingRuns(name);
      for (const { label, run } of runs) {
        run.path.forEach((id, i) => {
          if (isMaterial(compiled, id)) expect(run.path.slice(Math.max(0, i - 5), i), `${label}, step ${i + 1}: ${run.path.join(' ')}`).not.to.include(id);
        });
      }
    });
  }

  it('fractions: after "Ben" twice in "The race", one comparing material, then a question', () => {
    const { compiled, runs } = strugglingRuns('fractions');
    let met = 0;
    for (const { label, run } of runs) {
      const race = run.path.indexOf('cmp-race');
      if (race < 0) continue;
      met++;
      const [material, next] = run.path.slice(race + 1, race + 3);
      const where = `${label}: ${run.path.join(' ')}`;
      expect(compiled.activityById.get(material ?? '')?.objectives, where).to.deep.equal(['compare']);
      expect(isMaterial(compiled, material), where).to.equal(true);
      expect(next === undefined || !isMaterial(compiled, next), where).to.equal(true);
    }
    expect(met, 'some learner met the race').to.be.greaterThan(0);
  });
});
