/**
 * The player speaks the learner's language. "Objective" is the designer's word (the studio
 * and the class view keep it); a 14-year-old read "0 of 3 objectives mastered" on every
 * screen. Learners read "topics": the progress line, the completion card, My progress.
 */
import { expect } from 'chai';
import type { SequenceDoc } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { Learner, step, wrongAnswer, type Strategy } from './support/learner.js';

/** What a reader sees of a page: its text, without tags, attributes or comments. */
function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** Every page the learner sees on the way to the end, My progress after each step included. */
async function pagesToEnd(learner: Learner, doc: SequenceDoc, strategy: Strategy): Promise<string[]> {
  const pages: string[] = [];
  let screen = await learner.screen();
  for (let i = 0; i < 200; i++) {
    pages.push(visibleText((await learner.page()).html));
    pages.push(visibleText((await learner.page('/app/progress')).html));
    if (screen.kind === 'complete') return pages;
    screen = await step(learner, doc, screen, strategy);
  }
  throw new Error('not complete after 200 steps');
}

describe('delivery: learners read "topics", never "objectives"', function () {
  this.timeout(60_000);
  const ctx = useTool();

  for (const [name, link, user, strategy] of [
    ['fractions', 'link-fractions-add', 'learner-tomas', {}],
    ['data-privacy', 'link-privacy-basics', 'learner-jonas', { answer: wrongAnswer }],
  ] as const) {
    it(`${name}: no page of the player or My progress says "objective"; the progress line and My progress say "topics"`, async () => {
      const learner = await Learner.launch(ctx.tool, user, link);
      const pages = await pagesToEnd(learner, loadSample(name), strategy);
      for (const page of pages) expect(page).not.to.match(/objective/i);
      expect(pages.some((p) => /\bstep \d+ · \d of 3 topics mastered\b/.test(p)), 'the progress line').to.equal(true);
      expect(pages.some((p) => p.includes('Mastery by topic')), 'My progress').to.equal(true);
      const end = pages.at(-2) ?? '';
      expect(end).to.match(name === 'fractions' ? /You have mastered every topic of this sequence\./ : /You mastered 0 of 3 topics\./);
    });
  }
});
