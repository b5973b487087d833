/**
 * Whether an authored media URL can actually play in the learner's page.
 *
 * Sequences may name files under /static/media/ that a deployment has not
 * installed yet; a <video> pointing at a missing file shows a dead player, so
 * the page shows the transcript with a note instead. Remote media must be
 * https: the CSP (media-src 'self' https:) blocks anything else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type MediaCheck = (url: string) => boolean;

export const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');
const STATIC_PREFIX = '/static/';

/** The file a /static/ URL serves, or null when the URL is not local or escapes the public directory. */
export function localFile(url: string, publicDir = PUBLIC_DIR): string | null {
  if (!url.startsWith(STATIC_PREFIX)) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.slice(STATIC_PREFIX.length).split(/[?#]/)[0] ?? '');
  } catch {
    return null;
  }
  const file = path.resolve(publicDir, relative);
  return file.startsWith(publicDir + path.sep) ? file : null;
}

/**
 * A MediaCheck that stats local files at most once per `ttlMs` per URL, so a
 * busy page does not touch the disk per request, yet a file installed while
 * the tool runs is picked up within a minute.
 */
export function mediaChecker(publicDir = PUBLIC_DIR, ttlMs = 60_000, now: () => number = Date.now): MediaCheck {
  const seen = new Map<string, { at: number; ok: boolean }>();
  return (url) => {
    if (/^https:\/\//i.test(url)) return true;
    const file = localFile(url, publicDir);
    if (file === null) return false;
    const cached = seen.get(url);
    if (cached && now() - cached.at < ttlMs) return cached.ok;
    const ok = fs.existsSync(file) && fs.statSync(file).isFile();
    if (seen.size > 1000) seen.clear();
    seen.set(url, { at: now(), ok });
    return ok;
  };
}

const LOCAL_IMAGE = /<img src="(\/static\/[^"]*)"([^>]*?)\s*\/?>/g;

/**
 * Sanitized HTML with each local image that is not installed replaced by a
 * visible note carrying its alt text, instead of a broken-image icon.
 */
export function withMissingImages(html: string, media: MediaCheck): string {
  if (!html.includes('<img src="/static/')) return html;
  return html.replace(LOCAL_IMAGE, (tag: string, src: string, rest: string) => {
    if (media(src.replace(/&amp;/g, '&'))) return tag;
    const alt = /\balt="([^"]*)"/.exec(rest)?.[1] ?? '';
    return `<span class="missing-media">Picture not available${alt ? `: ${alt}` : ''}</span>`;
  });
}
