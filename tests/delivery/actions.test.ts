/**
 * The player's state machine without HTTP or storage: what the studio's
 * preview will run. Replays change nothing, stale screens are refused, the
 * memo keeps what the screen shows, and the view model never leaks an answer key.
 */
import { expect } from 'chai';
import { applyAction, PlayerError, type Applied, type PlayerAction } from '../../server/delivery/actions.js';
import { parseNumber } from '../../server/delivery/numbers.js';
import { currentScreen, newPlayerState, type PlayerState } from '../../server/delivery/player-state.js';
import { presentScreen } from '../../server/delivery/present.js';
import { compileSequence, isQuestion, seedFrom } from '../../server/engine/index.js';
import { baseDoc, withRules } from '../engine/support/fixtures.js';
import { correctAnswer, wrongAnswer } from '../engine/support/simulate.js';
import { loadSample } from '../engine/support/samples.js';

const compiled = compileSequence(loadSample('fractions'));
const present = (state: PlayerState) => presentScreen(compiled, state, { newKey: () => 'key-for-tests', media: () => false });

function changed(applied: Applied): PlayerState {
  if (applied.replayed) throw new Error('expected a change, got a replay');
  return applied.state;
}

function act(state: PlayerState, action: PlayerAction): PlayerState {
  return changed(applyAction(compiled, state, action));
}

function fresh(): PlayerState {
  return newPlayerState(compiled, seedFrom('tests'));
}

/** Survey (video), then a warm-up that misses the equivalent-fractions item: a choice is offered. */
function atChoice(): PlayerState {
  let s = fresh();
  s = act(s, { type: 'survey', at: currentScreen(s.engine), answers: { 'learn-best': 'video' } });
  const answers: Record<string, ReturnType<typeof correctAnswer>> = {};
  for (const id of ['diag-equivalent', 'diag-compare', 'diag-add']) {
    const q = compiled.activityById.get(id)!;
    if (isQuestion(q)) answers[id] = id === 'diag-equivalent' ? wrongAnswer(q) : correctAnswer(q);
  }
  s = act(s, { type: 'diagnostic', at: currentScreen(s.engine), key: 'warm-up-key', answers });
  return act(s, { type: 'next', at: currentScreen(s.engine) });
}

describe('delivery: player actions (pure)', () => {
  it('a new learner starts on the survey, with the reason it is shown', () => {
    const s = fresh();
    expect(present(s)).to.include({ kind: 'survey', title: 'About you', id: '1-about-you' });
    expect(s.memo.why).to.match(/A few questions about you/);
  });

  it('survey, warm-up and choice: the recommended option carries its reason, and so does the activity it leads to', () => {
    const s = atChoice();
    const screen = present(s);
    if (screen.kind !== 'choice') throw new Error(`expected a choice, got ${screen.kind}`);
    const recommended = screen.options.find((o) => o.recommended)!;
    expect(recommended).to.include({ id: 'video-equivalent', kindLabel: 'Video', reason: 'Recommended because you chose video' });
    const chosen = act(s, { type: 'choose', at: currentScreen(s.engine), option: 'video-equivalent' });
    expect(chosen.memo).to.include({ recommendedBecause: 'Recommended because you chose video' });
    expect(present(chosen)).to.include({ kind: 'video', title: 'Equivalent fractions: fold a strip' });
  });

  it('replays change nothing: a second survey, choice, done, hint or continue for the same screen', () => {
    const start = fresh();
    const surveyed = act(start, { type: 'survey', at: currentScreen(start.engine), answers: {} });
    expect(applyAction(compiled, surveyed, { type: 'survey', at: currentScreen(start.engine), answers: {} })).to.deep.equal({ replayed: true });

    const choice = atChoice();
    const chooseVideo: PlayerAction = { type: 'choose', at: currentScreen(choice.engine), option: 'video-equivalent' };
    const video = act(choice, chooseVideo);
    expect(applyAction(compiled, video, chooseVideo)).to.deep.equal({ replayed: true });
    const otherOption = () => applyAction(compiled, video, { ...chooseVideo, option: 'read-equivalent' });
    expect(otherOption).to.throw(PlayerError).with.property('code', 'stale');

    const done: PlayerAction = { type: 'done', at: currentScreen(video.engine), report: {} };
    const after = act(video, done);
    expect(applyAction(compiled, after, done)).to.deep.equal({ replayed: true });

    const q = after.engine.currentActivity!;
    const hint: PlayerAction = { type: 'hint', at: currentScreen(after.engine), index: 1 };
    const hinted = act(after, hint);
    expect(applyAction(compiled, hinted, hint)).to.deep.equal({ replayed: true });
    const question = compiled.activityById.get(q)!;
    if (!isQuestion(question)) throw new Error('expected a question');
    const answered = act(hinted, { type: 'answer', at: currentScreen(hinted.engine), key: 'k-1', answer: correctAnswer(question) });
    const next: PlayerAction = { type: 'next', at: currentScreen(answered.engine) };
    const moved = act(answered, next);
    expect(applyAction(compiled, moved, next)).to.deep.equal({ replayed: true });
  });

  it('refuses stale screens, unknown activities, unfinished steps and skipped hints with stable codes', () => {
    const s = atChoice();
    const code = (action: PlayerAction) => {
      try {
        applyAction(compiled, s, action);
        return 'applied';
      } catch (err) {
        return err instanceof PlayerError ? err.code : String(err);
      }
    };
    expect(code({ type: 'answer', at: { step: s.engine.stepCount, activityId: 'eq-pizza' }, key: 'k', answer: { kind: 'singleChoice', choiceId: 'half' } })).to.equal('stale');
    expect(code({ type: 'answer', at: { step: s.engine.stepCount, activityId: 'no-such' }, key: 'k', answer: { kind: 'singleChoice', choiceId: 'half' } })).to.equal('unknown-activity');
    expect(code({ type: 'next', at: currentScreen(s.engine) })).to.equal('not-finished');
    expect(code({ type: 'choose', at: currentScreen(s.engine), option: 'eq-pizza' })).to.equal('not-offered');
    expect(code({ type: 'next', at: { step: s.engine.stepCount + 5, activityId: null } })).to.equal('stale');
    const video = act(s, { type: 'choose', at: currentScreen(s.engine), option: 'video-equivalent' });
    const done = act(video, { type: 'done', at: currentScreen(video.engine), report: {} });
    expect(() => applyAction(compiled, done, { type: 'hint', at: currentScreen(done.engine), index: 2 })).to.throw(PlayerError).with.property('code', 'bad-hint');
  });

  it('an answer becomes an attempt with its normalised response, and the memo keeps its feedback for the screen', () => {
    let s = atChoice();
    s = act(s, { type: 'choose', at: currentScreen(s.engine), option: 'video-equivalent' });
    s = act(s, { type: 'done', at: currentScreen(s.engine), report: {} });
    const id = s.engine.currentActivity!;
    const question = compiled.activityById.get(id)!;
    if (!isQuestion(question)) throw new Error('expected a question');
    const applied = applyAction(compiled, s, { type: 'answer', at: currentScreen(s.engine), key: 'answer-key', answer: wrongAnswer(question) });
    if (applied.replayed) throw new Error('unexpected replay');
    expect(applied.attempt).to.include({ idempotencyKey: 'answer-key', activityId: id, correct: false });
    const screen = present(applied.state);
    if (screen.kind !== 'question') throw new Error('expected the question');
    expect(screen.feedback).to.include({ correct: false });
    expect(screen.question.response).to.deep.equal(wrongAnswer(question));
  });

  it('the warm-up result explains each missed question with its authored feedback and explanation', () => {
    let s = fresh();
    s = act(s, { type: 'survey', at: currentScreen(s.engine), answers: { 'learn-best': 'video' } });
    s = act(s, {
      type: 'diagnostic',
      at: currentScreen(s.engine),
      key: 'warm-up-key',
      answers: { 'diag-equivalent': { kind: 'singleChoice', choiceId: 'b' }, 'diag-compare': { kind: 'singleChoice', choiceId: 'quarter' } },
    });
    const screen = present(s);
    if (screen.kind !== 'diagnostic' || screen.result === null) throw new Error('expected the warm-up result');
    const [equivalent, compare, add] = screen.result.items;
    expect(equivalent).to.include({ id: 'diag-equivalent', correct: false, answered: true });
    expect(equivalent?.feedbackHtml.join(' '), 'the misconception the answer revealed').to.contain('multiply (or divide) the numerator');
    expect(equivalent?.explanationHtml).to.contain('4/6');
    expect(compare).to.include({ id: 'diag-compare', correct: true, explanationHtml: null });
    expect(compare?.feedbackHtml).to.deep.equal([]);
    expect(add).to.include({ id: 'diag-add', correct: false, answered: false });
    expect(add?.explanationHtml).to.contain('0.75');
  });

  it('the view model never says which choice is correct while the question can be answered', () => {
    let s = atChoice();
    s = act(s, { type: 'choose', at: currentScreen(s.engine), option: 'video-equivalent' });
    s = act(s, { type: 'done', at: currentScreen(s.engine), report: {} });
    const json = JSON.stringify(present(s));
    expect(json).not.to.match(/"correct"\s*:\s*true|acceptedAnswers|"answer"\s*:\s*\d|distractors|misconception"/);
    const warmUp = JSON.stringify(present(act(fresh(), { type: 'survey', at: { step: 1, activityId: 'about-you' }, answers: {} })));
    expect(warmUp).not.to.match(/"correct"\s*:|"answer"\s*:/);
  });

  it('a number missed to the last attempt is shown as the sequence’s language writes it, with its units', () => {
    const base = baseDoc();
    const doc = withRules([{ id: 'ask', default: true, then: { type: 'goTo', activity: 'q3' } }], {
      locale: 'de',
      activities: base.activities.map((a) => (a.id === 'q3' ? { ...a, answer: 1234.5, units: 'Stunden' } : a)),
    });
    const german = compileSequence(doc);
    let s = newPlayerState(german, seedFrom('tests'));
    const show = (state: PlayerState) => presentScreen(german, state, { newKey: () => 'key-for-tests', media: () => false });
    for (const k of ['wrong-once-key', 'wrong-twice-key']) {
      s = changed(applyAction(german, s, { type: 'answer', at: currentScreen(s.engine), key: k, answer: { kind: 'numeric', value: 1 } }));
      const screen = show(s);
      if (screen.kind !== 'question' || screen.feedback === null) throw new Error(`expected feedback, got ${screen.kind}`);
      expect(screen.feedback.correctAnswer).to.deep.equal(screen.feedback.final ? { kind: 'text', text: '1.234,5 Stunden' } : null);
    }
    expect(show(s)).to.have.nested.property('feedback.final', true);
    expect(parseNumber('1.234,5 Stunden', { locale: 'de', units: 'Stunden' }), 'the learner can type it back').to.equal(1234.5);
  });

  it('reads numbers the way learners type them', () => {
    expect(parseNumber('0.75')).to.equal(0.75);
    expect(parseNumber(' 0,75 ')).to.equal(0.75);
    expect(parseNumber('3/4')).to.equal(0.75);
    expect(parseNumber('-2')).to.equal(-2);
    expect(parseNumber('.5')).to.equal(0.5);
    for (const bad of ['', 'abc', '1e5', '3/0', '1/2/3', '0x10', 'Infinity', '--1']) expect(parseNumber(bad), bad).to.equal(null);
  });
});
