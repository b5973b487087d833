/**
 * Authored content is Markdown, and Markdown passes HTML through: a sequence
 * whose every text is an XSS payload must reach the learner inert, on every
 * screen and in the JSON API, even before the CSP would block it.
 */
import { expect } from 'chai';
import { markdownBlock, markdownInline } from '../../server/delivery/markdown.js';
import type { JsonObject } from '../../server/store/types.js';
import { useTool } from '../helpers/hooks.js';
import { PAYLOADS, xssSequence } from './fixtures/xss-sequence.js';
import { at, Learner } from './support/learner.js';

/** Everything in an HTML page that could run script or load active content. */
function activeContent(html: string): string[] {
  const found: string[] = [];
  const ours = ['<script src="/static/page-code.js">', '<script src="/static/player.js" defer>'];
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) if (!ours.includes(m[0])) found.push(m[0]);
  for (const m of html.matchAll(/<[a-z][^>]*\son[a-z]+\s*=[^>]*>/gi)) found.push(m[0]);
  for (const m of html.matchAll(/\b(?:href|src|action|formaction|data|xlink:href)\s*=\s*["']?\s*(?:javascript|vbscript|data):[^>]*/gi)) found.push(m[0]);
  for (const m of html.matchAll(/<(?:svg|math|iframe|object|embed|style|form action="https:\/\/evil|base|meta http-equiv)\b[^>]*>/gi)) found.push(m[0]);
  for (const m of html.matchAll(/\sstyle\s*=/gi)) found.push(m[0]);
  return found;
}

/** The JSON API's HTML-valued fields (`…Html`, `html`); its other strings are plain text the client escapes. */
function htmlFields(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) htmlFields(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/(^h|H)tml$/.test(k)) out.push(...[v].flat().filter((x): x is string => typeof x === 'string'));
      else htmlFields(v, out);
    }
  }
  return out;
}

describe('delivery: authored content is rendered inert', function () {
  this.timeout(60_000);

  describe('the Markdown renderer', () => {
    it('removes scripts, handlers, javascript: and data: URLs, SVG, MathML, frames, forms and styles', () => {
      for (const html of [markdownBlock(PAYLOADS), markdownInline(PAYLOADS)]) expect(activeContent(html), html).to.deep.equal([]);
    });

    it('keeps the formatting designers use', () => {
      expect(markdownBlock('# Title\n\n**bold** *it* `code`\n\n- a\n- b\n\n![bars](/static/media/x.svg)')).to.equal(
        '<h2>Title</h2>\n<p><strong>bold</strong> <em>it</em> <code>code</code></p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p><img src="/static/media/x.svg" alt="bars" /></p>\n',
      );
      expect(markdownInline('Type `<` or **5/6**')).to.equal('Type <code>&lt;</code> or <strong>5/6</strong>');
    });

    it('opens links beside the LMS frame, never in it, and never with an opener', () => {
      expect(markdownBlock('[site](https://example.org) <a href="/x" target="_top" rel="opener">x</a>')).to.equal(
        '<p><a href="https://example.org" target="_blank" rel="noopener noreferrer">site</a> <a href="/x" target="_blank" rel="noopener noreferrer">x</a></p>\n',
      );
    });

    it('links bare addresses in readings and feedback', () => {
      expect(markdownBlock('Write to jane.doe@example.com or see www.example.org.')).to.equal(
        '<p>Write to <a href="mailto:jane.doe@example.com" target="_blank" rel="noopener noreferrer">jane.doe@example.com</a> or see <a href="http://www.example.org" target="_blank" rel="noopener noreferrer">www.example.org</a>.</p>\n',
      );
    });

    // QA: the choice "jane.doe@example.com" was a mailto link inside its checkbox's label.
    it('puts no link in a label: bare addresses, explicit and raw links become their text', () => {
      const rows: Array<[string, string]> = [
        ['jane.doe@example.com', 'jane.doe@example.com'],
        ['<jane.doe@example.com>', 'jane.doe@example.com'],
        ['www.example.org', 'www.example.org'],
        ['https://example.org/a_b_c', 'https://example.org/a_b_c'],
        ['a_b_c@example.com or https://example.org/*x*', 'a_b_c@example.com or https://example.org/*x*'], // as typed, not emphasis
        ['[the **site**](https://example.org "Title")', 'the <strong>site</strong>'],
        ['<a href="https://example.org" target="_top">us</a> and <A HREF="/x">x</A>', 'us and x'],
        ['[wrong](javascript:window.__xss=41)', 'wrong'],
        ['[![map](https://example.org/map.png)](https://example.org)', '<img src="https://example.org/map.png" alt="map" />'],
        ['**bold** `code`', '<strong>bold</strong> <code>code</code>'],
      ];
      for (const [source, html] of rows) expect(markdownInline(source), source).to.equal(html);
    });
  });

  describe('in the player', () => {
    const ctx = useTool();
    before(async () => {
      const platform = (await ctx.tool.store.selectPlatforms())[0]!;
      const doc = xssSequence();
      await ctx.tool.store.insertSequence({ id: doc.id, platformId: platform.id, title: doc.title, draft: doc as unknown as JsonObject });
      await ctx.tool.store.insertSequenceVersion(doc.id, doc as unknown as JsonObject);
      await ctx.tool.store.upsertPlacement({ platformId: platform.id, deploymentId: 'dev-deployment', contextId: 'grade7-math-fractions', resourceLinkId: 'link-fractions-compare', sequenceId: doc.id });
    });

    it('every screen, from survey to completion, and "My progress" carry no active content', async () => {
      const learner = await Learner.launch(ctx.tool, 'learner-liam', 'link-fractions-compare');
      const pages: Array<[string, string]> = [];
      const look = async (label: string) => {
        const page = await learner.page();
        expect(page.status, label).to.equal(200);
        pages.push([label, page.html]);
        const screen = await learner.screen();
        pages.push([`${label} (json)`, htmlFields(screen).join('\n')]);
        return screen;
      };

      let screen = await look('survey');
      await learner.act('/survey', [...at(screen), ['q.how', 'video']]);
      screen = await look('reading with a rule message');
      expect(screen.kind).to.equal('reading');
      expect(screen.messageHtml).to.contain('<strong>rule message</strong>');
      await learner.act('/done', at(screen));
      screen = await look('choice');
      expect(screen.kind).to.equal('choice');
      await learner.act('/choose', [['step', String(screen.at.step)], ['option', 'watch']]);
      screen = await look('video');
      expect(screen.kind === 'video' && screen.video).to.include({ src: null, captionsSrc: null, unavailable: true });
      await learner.act('/done', at(screen));
      screen = await look('question');
      if (screen.kind !== 'question') throw new Error(`expected the question, got ${screen.kind}`);
      await learner.act('/hint', [...at(screen), ['hint', '1']]);
      await learner.act('/answer', [...at(screen), ['k', 'xss-answer-1'], ['choice', 'bad']]);
      screen = await look('feedback with a misconception and a hint');
      await learner.act('/answer', [...at(screen), ['k', 'xss-answer-2'], ['choice', 'good']]);
      screen = await look('final feedback with the explanation');
      const progress = await learner.page('/app/progress');
      pages.push(['progress', progress.html]);

      for (const [label, html] of pages) expect(activeContent(html), label).to.deep.equal([]);
      const question = pages.find(([label]) => label === 'question')![1];
      const labels = question.match(/<label class="option[^"]*"[\s\S]*?<\/label>/g) ?? [];
      expect(labels, 'one label per choice').to.have.length(3);
      for (const label of labels) expect(label, 'a link inside a choice’s label').not.to.match(/<a\b/i);
      expect(labels[2]).to.contain('Mail jane.doe@example.com, see www.example.org, the site or us');
      const all = pages.map(([, html]) => html).join('\n');
      for (const rendered of ['<strong>intro</strong>', '<strong>reading</strong>', '<strong>transcript</strong>', '<strong>prompt</strong>', '<strong>hint</strong>', '<strong>misconception</strong>', '<strong>explanation</strong>']) {
        expect(all, rendered).to.contain(rendered);
      }
      // Plain-text fields (titles, labels, rule descriptions) are escaped, not sanitized: the learner sees the text.
      expect(all).to.contain('Reading &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(all).to.contain('Why &lt;script&gt;window.__xss=50&lt;/script&gt;');
    });
  });
});
