/**
 * Renders the sample sequences' short explainer videos and their captions:
 * server/public/media/{fractions,privacy}/*.mp4 and *.vtt.
 *
 * Each video is a few still frames (SVG drawn here), shown one after another
 * without sound; the WebVTT captions narrate each frame, and the sample's
 * transcript is exactly the captions' text (tests/content/sample-media.test.ts
 * checks both). Frames are rendered to PNG by Chromium and joined into H.264
 * by ffmpeg (640×360, 2 frames/s).
 *
 *   npx tsx scripts/sample-media/render-videos.ts        # needs /usr/bin/chromium and ffmpeg (apt-get install -y ffmpeg)
 *
 * The outputs are committed: neither tool is needed to run or test the tool.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { VIDEOS, type Video } from './videos.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MEDIA = path.join(ROOT, 'server', 'public', 'media');

function timestamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** One cue per sentence of a frame's narration, sharing the frame's time in proportion to their length. */
export function captions(video: Video): string {
  const lines = ['WEBVTT', `NOTE ${video.title}: silent explainer; these captions narrate each frame.`, ''];
  let at = 0;
  for (const frame of video.frames) {
    const total = frame.says.reduce((n, s) => n + s.length, 0);
    let t = at;
    for (const sentence of frame.says) {
      const d = (frame.seconds * sentence.length) / total;
      lines.push(`${timestamp(t)} --> ${timestamp(t + d)}`, sentence, '');
      t += d;
    }
    at += frame.seconds;
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
    for (const video of VIDEOS) {
      if (only.length > 0 && !only.includes(video.name)) continue;
      const work = fs.mkdtempSync(path.join(os.tmpdir(), `video-${video.name}-`));
      const list: string[] = [];
      for (const [i, frame] of video.frames.entries()) {
        await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${frame.svg}</body></html>`);
        const png = path.join(work, `frame-${i}.png`);
        await page.screenshot({ path: png, clip: { x: 0, y: 0, width: 640, height: 360 } });
        list.push(`file '${png}'`, `duration ${frame.seconds}`);
      }
      // The concat demuxer ignores the last duration unless the last file is listed again.
      list.push(`file '${path.join(work, `frame-${video.frames.length - 1}.png`)}'`);
      fs.writeFileSync(path.join(work, 'frames.txt'), list.join('\n') + '\n');
      const out = path.join(MEDIA, video.dir, `${video.name}.mp4`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      execFileSync('ffmpeg', [
        '-y', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', path.join(work, 'frames.txt'),
        '-vf', 'fps=2,format=yuv420p', '-c:v', 'libx264', '-preset', 'veryslow', '-tune', 'stillimage', '-crf', '28',
        '-profile:v', 'main', '-movflags', '+faststart', '-an', out,
      ]);
      fs.writeFileSync(path.join(MEDIA, video.dir, `${video.name}.vtt`), captions(video));
      fs.rmSync(work, { recursive: true, force: true });
      const seconds = video.frames.reduce((n, f) => n + f.seconds, 0);
      console.log(`${video.dir}/${video.name}.mp4  ${seconds} s  ${fs.statSync(out).size} bytes`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
