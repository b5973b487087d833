/**
 * Authored Markdown → HTML that is safe to put in a learner's page.
 *
 * Designers write prompts, feedback and readings in Markdown, and Markdown
 * passes raw HTML through, so every result goes through sanitize-html with an
 * allowlist: no scripts, event handlers, styles, forms, frames or SVG, and
 * links and images only to http(s), mailto or same-site URLs. The strict CSP
 * (no inline script) is the second line of defence, not the first.
 *
 * Inline text goes inside form labels (choice texts), where it renders with
 * no links at all: see markdownInline.
 *
 * Results are cached by source text: the same prompt is rendered for every
 * learner, and sanitizing is the expensive part of a page.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * For text inside a <label>: a link there takes the click meant for the box
 * (QA: clicking the choice "jane.doe@example.com" opened a mail client instead
 * of ticking it), and interactive content in a label is not allowed and reads
 * badly. GFM makes bare addresses ("jane.doe@example.com", "www.example.org")
 * links of their own, so every link token, bare, <…>, explicit or by
 * reference, renders as its text. The tokens are kept rather than turned off
 * so that an address stays as typed: "a_b_c@example.com" or a URL with "*" in
 * it is not read as emphasis. Raw <a> tags are the sanitizer's (INLINE below).
 */
const labelMarked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    link({ tokens }) {
      return this.parser.parseInline(tokens);
    },
  },
});

/** Headings inside content sit below the page's own h1 (the activity title). */
const DEMOTE = { h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h5', h5: 'h6' } as const;

const BLOCK_TAGS = ['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
const INLINE_TAGS = ['a', 'img', 'em', 'strong', 'del', 's', 'code', 'sub', 'sup', 'kbd', 'br'];

function options(allowedTags: string[]): sanitizeHtml.IOptions {
  return {
    allowedTags,
    // target and rel are set by transformTags below, whatever the author wrote.
    allowedAttributes: { a: ['href', 'title', 'target', 'rel'], img: ['src', 'alt', 'title'], ol: ['start'], th: ['align', 'scope'], td: ['align'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    // Dropped with their content: text inside these is never meant for the reader.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'svg', 'math', 'iframe', 'object', 'template', 'title'],
    transformTags: {
      ...DEMOTE,
      // The player runs inside an LMS frame: links open beside it, never replace it.
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer' } }),
    },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
  };
}

const BLOCK = options([...BLOCK_TAGS, ...INLINE_TAGS]);
// Without `a`: sanitize-html drops the tag and keeps its text.
const INLINE = options(INLINE_TAGS.filter((t) => t !== 'a'));

/** Rendered HTML by source text, bounded by total characters (sources and results), oldest evicted first. */
class TextCache {
  private readonly entries = new Map<string, string>();
  private size = 0;
  constructor(private readonly maxChars: number) {}

  get(text: string, render: (t: string) => string): string {
    const hit = this.entries.get(text);
    if (hit !== undefined) return hit;
    const html = render(text);
    const cost = text.length + html.length;
    if (cost > this.maxChars / 4) return html; // a huge reading is rendered each time rather than evicting everything else
    this.entries.set(text, html);
    this.size += cost;
    for (const [oldText, oldHtml] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldText);
      this.size -= oldText.length + oldHtml.length;
    }
    return html;
  }
}

const blockCache = new TextCache(8_000_000);
const inlineCache = new TextCache(2_000_000);

/** Paragraphs, lists, headings, images: readings, feedback, explanations. */
export function markdownBlock(text: string): string {
  return blockCache.get(text, (t) => sanitizeHtml(marked.parse(t) as string, BLOCK));
}

/** One line of inline formatting for inside a form's label or legend (choice texts): never a link, a link's text instead. */
export function markdownInline(text: string): string {
  return inlineCache.get(text, (t) => sanitizeHtml(labelMarked.parseInline(t) as string, INLINE));
}

/** The text a screen reader or a <title> gets: formatting removed, entities kept as characters. */
export function markdownText(text: string): string {
  const html = markdownInline(text);
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
