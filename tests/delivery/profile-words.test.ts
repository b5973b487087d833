/**
 * A survey answer is described as what was asked. QA: Priya told the privacy module she
 * works in Healthcare and HR, and read "Recommended because you like Healthcare" on the
 * choice screen and "You enjoy: Healthcare, Human resources" on My progress. A survey
 * question's `answersLabel` heads its answers ("Your sector") and `reasonPhrase` words an
 * interest's recommendation ("you work in"); without them the player's words by target
 * stay, which fit the fractions sample's 14-year-olds ("you like Sports", "You enjoy").
 */
import { expect } from 'chai';
import { validateSequence } from '../../server/content/validate.js';
import { DEFAULT_REASON_PHRASE, profileRows, recommendationReason } from '../../server/delivery/profile-words.js';
import { compileSequence, type ChoiceStep, type Profile, type SequenceDoc } from '../../server/engine/index.js';
import { baseDoc } from '../engine/support/fixtures.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { Learner, step, type Strategy } from './support/learner.js';
import type { Screen } from '../../server/delivery/present.js';

const profile = (p: Partial<Profile>): Profile => ({ interests: [], goals: [], modality: null, ...p });

/** The choice a rule offers, with `recommended` as the engine would have picked it. */
function offered(doc: SequenceDoc, ruleId: string, recommended: string): ChoiceStep {
  const rule = doc.rules.find((r) => r.id === ruleId);
  if (rule?.then.type !== 'offerChoice') throw new Error(`${ruleId} offers no choice`);
  return { type: 'choice', options: rule.then.options, recommended, prompt: rule.then.prompt ?? null, ruleId, why: rule.description ?? '' };
}

describe('delivery: profile words follow the survey question', () => {
  const privacy = compileSequence(loadSample('data-privacy'));
  const fractions = compileSequence(loadSample('fractions'));

  it('privacy: a sector is something the learner works in, on the choice and on My progress', () => {
    const priya = profile({ interests: ['healthcare', 'hr'], goals: ['daily-practice'], modality: 'text' });
    expect(recommendationReason(privacy, offered(privacy.doc, 'industry-case', 'pd-health'), priya)).to.equal('Recommended because you work in Healthcare');
    expect(recommendationReason(privacy, offered(privacy.doc, 'industry-case', 'lb-hr'), priya)).to.equal('Recommended because you work in Human resources');
    expect(profileRows(privacy, priya)).to.deep.equal([
      { label: 'Your sector', values: ['Healthcare', 'Human resources'] },
      { label: 'Your aims', values: ['Handle data correctly day to day'] },
      { label: 'Format you prefer', values: ['A concise written brief'] },
    ]);
  });

  it('fractions: an interest is something the learner likes, as before', () => {
    const kid = profile({ interests: ['sports', 'music'], goals: ['test-prep'], modality: 'video' });
    expect(recommendationReason(fractions, offered(fractions.doc, 'themed-practice', 'cmp-race'), kid)).to.equal('Recommended because you like Sports');
    expect(profileRows(fractions, kid)).to.deep.equal([
      { label: 'You enjoy', values: ['Sports', 'Music'] },
      { label: 'Your goals', values: ['Get ready for a test'] },
      { label: 'You learn best by', values: ['Watching a video'] },
    ]);
  });

  it('a question left unanswered keeps its row, empty; a value no question offers keeps its own words', () => {
    expect(profileRows(fractions, profile({}))).to.deep.equal([
      { label: 'You enjoy', values: [] },
      { label: 'Your goals', values: [] },
      { label: 'You learn best by', values: [] },
    ]);
    // A value no question offers (the survey changed since) joins its target's row as it was stored.
    expect(profileRows(fractions, profile({ interests: ['sports', 'chess'] }))[0]).to.deep.equal({ label: 'You enjoy', values: ['Sports', 'chess'] });
    // A sequence without a survey has no rows unless the profile has values: then under the default words.
    const doc = baseDoc();
    doc.activities = doc.activities.filter((a) => a.kind !== 'survey');
    if (doc.start) delete doc.start.survey;
    const bare = compileSequence(doc);
    expect(profileRows(bare, profile({}))).to.deep.equal([]);
    expect(profileRows(bare, profile({ interests: ['chess'], modality: 'visual' }))).to.deep.equal([
      { label: 'You enjoy', values: ['chess'] },
      { label: 'You learn best by', values: ['visual'] },
    ]);
  });

  it('two questions feeding interests each head their own answers, and each words its own reasons', () => {
    const doc = loadSample('data-privacy');
    const survey = doc.activities.find((a) => a.kind === 'survey');
    if (survey?.kind !== 'survey') throw new Error('no survey');
    survey.questions.push({ id: 'hobbies', prompt: 'What do you do for fun?', target: 'interests', multiple: true, options: [{ value: 'running', label: 'Running' }, { value: 'music', label: 'Music' }] });
    const pdHealth = doc.activities.find((a) => a.id === 'pd-health');
    if (pdHealth !== undefined) pdHealth.tags = ['running'];
    const compiled = compileSequence(doc);
    const learner = profile({ interests: ['running', 'hr'] });
    expect(profileRows(compiled, learner).filter((r) => r.values.length > 0)).to.deep.equal([
      { label: 'Your sector', values: ['Human resources'] },
      { label: 'You enjoy', values: ['Running'] },
    ]);
    expect(recommendationReason(compiled, offered(doc, 'industry-case', 'pd-health'), learner)).to.equal(`Recommended because ${DEFAULT_REASON_PHRASE} Running`);
  });

  it('the schema takes answersLabel on any question and reasonPhrase only where it is used, on interests', () => {
    expect(DEFAULT_REASON_PHRASE).to.equal('you like');
    const withQuestion = (extra: Record<string, unknown>, target: string) => {
      const doc = loadSample('data-privacy') as unknown as { activities: Array<{ kind: string; questions?: Array<Record<string, unknown>> }> };
      const question = doc.activities.find((a) => a.kind === 'survey')?.questions?.find((q) => q.target === target);
      if (question === undefined) throw new Error(`no ${target} question`);
      delete question.answersLabel;
      delete question.reasonPhrase;
      Object.assign(question, extra);
      return validateSequence(doc);
    };
    expect(withQuestion({ answersLabel: 'Your sector', reasonPhrase: 'you work in' }, 'interests').ok).to.equal(true);
    expect(withQuestion({ answersLabel: 'Your aims' }, 'goals').ok).to.equal(true);
    for (const target of ['goals', 'modality']) {
      const result = withQuestion({ reasonPhrase: 'you want' }, target);
      expect(result.ok, target).to.equal(false);
      expect(result.issues.map((i) => i.message), target).to.include("property 'reasonPhrase' is not allowed here");
    }
    expect(withQuestion({ answersLabel: '' }, 'interests').ok).to.equal(false);
  });
});

describe('delivery: Priya sees her sector worded as her sector', function () {
  this.timeout(60_000);
  const ctx = useTool();

  /** Plays (always correctly) until `stop` accepts a screen; returns the screens seen. */
  async function playUntil(learner: Learner, doc: SequenceDoc, strategy: Strategy, stop: (s: Screen) => boolean): Promise<Screen> {
    let screen = await learner.screen();
    for (let i = 0; i < 100; i++) {
      if (stop(screen)) return screen;
      if (screen.kind === 'complete') break;
      screen = await step(learner, doc, screen, strategy);
    }
    throw new Error(`never reached; last screen ${screen.kind}`);
  }

  it('privacy: "Recommended because you work in Healthcare" on the choice, "Your sector" on My progress', async () => {
    const doc = loadSample('data-privacy');
    const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    const survey = { industry: ['healthcare', 'hr'], aim: ['daily-practice'], format: 'text' };
    const choice = await playUntil(learner, doc, { survey }, (s) => s.kind === 'choice' && s.options.some((o) => o.id === 'pd-health'));
    if (choice.kind !== 'choice') throw new Error('expected the case choice');
    expect(choice.options.find((o) => o.recommended)).to.include({ id: 'pd-health', reason: 'Recommended because you work in Healthcare' });
    const page = await learner.page();
    expect(page.html).to.contain('Recommended because you work in Healthcare');
    expect(page.html).not.to.match(/you like/i);
    const progress = await learner.page('/app/progress');
    expect(progress.html).to.contain('<dt>Your sector</dt><dd>Healthcare, Human resources</dd>');
    expect(progress.html).to.contain('<dt>Format you prefer</dt><dd>A concise written brief</dd>');
    expect(progress.html).not.to.match(/You enjoy|you like/);
  });

  it('fractions: "Recommended because you like Sports", and "You enjoy" on My progress', async () => {
    const doc = loadSample('fractions');
    const learner = await Learner.launch(ctx.tool, 'learner-maya', 'link-fractions-add');
    const survey = { likes: ['sports', 'music'], goal: 'test-prep', 'learn-best': 'video' };
    const choice = await playUntil(learner, doc, { survey }, (s) => s.kind === 'choice' && s.options.some((o) => o.id === 'cmp-race'));
    if (choice.kind !== 'choice') throw new Error('expected the problem choice');
    expect(choice.prompt).to.equal('Pick a problem to solve');
    expect(choice.options.find((o) => o.recommended)).to.include({ id: 'cmp-race', reason: 'Recommended because you like Sports' });
    const progress = await learner.page('/app/progress');
    expect(progress.html).to.contain('<dt>You enjoy</dt><dd>Sports, Music</dd>');
    expect(progress.html).to.contain('<dt>Your goals</dt><dd>Get ready for a test</dd>');
    expect(progress.html).to.contain('<dt>You learn best by</dt><dd>Watching a video</dd>');
  });
});
