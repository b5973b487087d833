/** A video that can play is a <video> with its captions track, or the authored embed; its transcript is always there. */
import { expect } from 'chai';
import type { SequenceDoc } from '../../server/engine/index.js';
import type { JsonObject } from '../../server/store/types.js';
import { useTool } from '../helpers/hooks.js';
import { at, Learner } from './support/learner.js';

const doc = {
  id: 'video-probe',
  title: 'Videos',
  locale: 'en-GB',
  objectives: [{ id: 'obj', title: 'Objective' }],
  activities: [
    { id: 'clip', kind: 'video', title: 'A clip', objectives: ['obj'], url: 'https://media.example.edu/clip.mp4', captionsUrl: 'https://media.example.edu/clip.vtt', transcript: 'Everything the **clip** says.', durationSeconds: 95 },
    { id: 'hosted', kind: 'video', title: 'A hosted clip', objectives: ['obj'], embedUrl: 'https://player.example.edu/embed/42', transcript: 'What the hosted clip says.', durationSeconds: 34 },
    { id: 'q1', kind: 'numeric', title: 'A question', objectives: ['obj'], prompt: 'One plus one?', answer: 2 },
  ],
  rules: [
    { id: 'watch', priority: 20, when: { fact: 'visited', operator: 'doesNotContain', value: 'clip' }, then: { type: 'goTo', activity: 'clip' } },
    { id: 'hosted-next', priority: 10, when: { fact: 'visited', operator: 'doesNotContain', value: 'hosted' }, then: { type: 'goTo', activity: 'hosted' } },
    { id: 'ask', default: true, then: { type: 'goTo', activity: 'q1' } },
  ],
  completion: { maxSteps: 4 },
} as SequenceDoc;

describe('delivery: videos', function () {
  this.timeout(30_000);
  const ctx = useTool();
  before(async () => {
    const platform = (await ctx.tool.store.selectPlatforms())[0]!;
    await ctx.tool.store.insertSequence({ id: doc.id, platformId: platform.id, title: doc.title, draft: doc as unknown as JsonObject });
    await ctx.tool.store.insertSequenceVersion(doc.id, doc as unknown as JsonObject);
    await ctx.tool.store.upsertPlacement({ platformId: platform.id, deploymentId: 'dev-deployment', contextId: 'grade7-math-fractions', resourceLinkId: 'link-fractions-compare', sequenceId: doc.id });
  });

  it('plays a file with captions in the sequence’s language, then an embed, each with its transcript', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas', 'link-fractions-compare');
    const clip = await learner.page();
    expect(clip.html).to.match(/<video class="video" controls preload="metadata" src="https:\/\/media\.example\.edu\/clip\.mp4" aria-describedby="transcript-title">/);
    expect(clip.html).to.contain('<track kind="captions" src="https://media.example.edu/clip.vtt" srclang="en-GB" label="Captions" default>');
    expect(clip.html).to.contain('<p>Everything the <strong>clip</strong> says.</p>');
    expect(clip.html).to.contain('(video: about 2 min)');
    expect(clip.html).not.to.contain('video-unavailable');

    await learner.act('/done', at(await learner.screen()));
    const hosted = await learner.page();
    expect(hosted.html).to.contain('<iframe class="video" src="https://player.example.edu/embed/42" title="A hosted clip" allowfullscreen></iframe>');
    expect(hosted.html).to.contain('What the hosted clip says.');
    // A short clip is not "about 1 min".
    expect(hosted.html).to.contain('(video: 34 s)');
  });
});
