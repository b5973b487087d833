/**
 * Server-rendered HTML with escaping by construction: `html` escapes every
 * interpolated value unless it is itself `Html`, so user names such as
 * "Liam O'Brien", tool-supplied titles and tool messages cannot inject markup.
 *
 * Pages carry their own Content-Security-Policy with a per-response nonce for
 * the one inline style and script, overriding whatever the hosting app sets:
 * the auto-submitting launch form must work even when the tool's own helmet
 * policy forbids inline scripts.
 */
import type { Response } from 'express';
import { randomToken } from './ids.js';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

// The conventional entity set (as ejs and lodash use), which every HTML parser and the tool's test helpers decode.
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

export interface PageSpec {
  title: string;
  main: Html;
  status?: number;
  /** Inline script, run after the page; it gets the CSP nonce. Must not embed untrusted text. */
  script?: string;
  /** Origins the page may frame besides its own (the tool, for launches and registration). */
  frameOrigins?: readonly string[];
  /** Where the header's "all courses" link points. */
  homeUrl: string;
}

export function sendPage(res: Response, page: PageSpec): void {
  const nonce = randomToken(16);
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    ['frame-src', "'self'", ...(page.frameOrigins ?? [])].join(' '),
    "frame-ancestors 'self'",
    "base-uri 'none'",
  ].join('; ');
  const body = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Development LMS</title>
<style nonce="${nonce}">${new Html(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header>
  <p class="brand"><a href="${page.homeUrl}">Development LMS</a> <span class="badge">stand-in</span></p>
  <p class="notice">Not a real LMS: it exists so the tool can be tried and tested without one. Anyone can launch as anyone here.</p>
</header>
<main id="main">
${page.main}
</main>
${page.script === undefined ? '' : html`<script nonce="${nonce}">${new Html(page.script)}</script>`}
</body>
</html>
`;
  // Pages can hold id_tokens and one-time links: never cache them.
  res.status(page.status ?? 200).set({ 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' }).type('html').send(body.value);
}

export function sendProblemPage(res: Response, homeUrl: string, status: number, title: string, detail: string): void {
  sendPage(res, {
    status,
    title,
    homeUrl,
    main: html`<h1>${title}</h1><p role="alert">${detail}</p><p><a href="${homeUrl}" target="_top">Back to the courses</a></p>`,
  });
}

const STYLE = `
:root { color-scheme: light; --ink:#1d2330; --muted:#5a6275; --line:#d9dde6; --accent:#2453a6; --bg:#f6f7fa; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header { background:#fff; border-bottom:1px solid var(--line); padding:.75rem 1.5rem; }
.brand { margin:0; font-weight:700; font-size:1.1rem; }
.brand a { color:var(--ink); text-decoration:none; }
.badge { font-size:.75rem; font-weight:600; background:#fff3cd; color:#6b4e00; border:1px solid #e6cf7a; border-radius:999px; padding:.1rem .5rem; vertical-align:middle; }
.notice { margin:.25rem 0 0; color:var(--muted); font-size:.9rem; }
main { max-width:72rem; margin:0 auto; padding:1.5rem; }
h1 { font-size:1.6rem; margin:.2rem 0 1rem; }
h2 { font-size:1.3rem; margin:0 0 .5rem; }
h3 { font-size:1.05rem; margin:1.25rem 0 .5rem; }
section.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1.25rem; margin:0 0 1.5rem; }
ul.links { list-style:none; padding:0; margin:0; }
ul.links > li { border-top:1px solid var(--line); padding:.75rem 0; }
ul.links > li:first-child { border-top:0; }
.muted { color:var(--muted); }
.actions { display:flex; flex-wrap:wrap; gap:.5rem; align-items:center; margin-top:.5rem; }
.actions form { display:flex; gap:.4rem; align-items:center; margin:0; }
a.button, button { display:inline-block; font:inherit; font-size:.9rem; padding:.35rem .8rem; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; text-decoration:none; cursor:pointer; }
a.button.secondary, button.secondary { background:#fff; color:var(--accent); }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible { outline:3px solid #f2b600; outline-offset:2px; }
select, input[type=url], input[type=number] { font:inherit; font-size:.9rem; padding:.3rem; border:1px solid var(--line); border-radius:6px; }
input[type=url] { min-width:24rem; max-width:100%; }
input[type=number] { width:6rem; }
table { border-collapse:collapse; width:100%; font-size:.9rem; }
caption { text-align:left; font-weight:600; padding:.25rem 0; }
th, td { border:1px solid var(--line); padding:.35rem .5rem; text-align:left; vertical-align:top; }
th { background:#eef1f6; }
code { font-size:.85em; background:#eef1f6; padding:.05rem .3rem; border-radius:4px; word-break:break-all; }
dl.endpoints { display:grid; grid-template-columns:max-content 1fr; gap:.25rem 1rem; margin:0; }
dl.endpoints dt { font-weight:600; }
dl.endpoints dd { margin:0; }
.status { border-left:4px solid var(--accent); background:#fff; padding:.5rem 1rem; margin-bottom:1rem; }
.status.error { border-color:#b42318; }
iframe.tool { width:100%; height:75vh; border:1px solid var(--line); border-radius:8px; background:#fff; }
.skip { position:absolute; left:-999px; }
.skip:focus { left:1rem; top:1rem; background:#fff; padding:.5rem; z-index:1; }
`;
